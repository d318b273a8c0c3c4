//! The superadmin console: tenants, the development outbox and the background jobs.

pub mod api;
pub mod pages;
pub mod types;
