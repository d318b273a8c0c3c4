//! The superadmin console: tenants, and the development outbox.

pub mod api;
pub mod pages;
pub mod types;
