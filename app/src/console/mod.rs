//! The superadmin console: tenants, plans and quotas, viewing as a member, feature flags,
//! platform metrics, the audit log, platform settings, the development outbox and the background jobs.

pub mod api;
pub mod audit;
pub mod flags;
pub mod impersonation;
pub mod metrics;
pub mod pages;
pub mod routes;
pub mod settings;
pub mod tenants;
pub mod types;
