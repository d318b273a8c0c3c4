//! The superadmin console: tenants, feature flags, the development outbox and the background jobs.

pub mod api;
pub mod flags;
pub mod pages;
pub mod tenants;
pub mod types;
