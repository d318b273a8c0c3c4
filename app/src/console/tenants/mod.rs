//! Tenants on the platform: creating them, their plans and quotas, usage, suspension, and each
//! tenant's page. Plans (with the quotas they carry) are managed here too.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
