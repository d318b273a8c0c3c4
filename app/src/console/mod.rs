//! The superadmin console: tenants, plans and quotas, feature flags, the audit log, the
//! development outbox and the background jobs.

pub mod api;
pub mod audit;
pub mod flags;
pub mod pages;
pub mod settings;
pub mod tenants;
pub mod types;
