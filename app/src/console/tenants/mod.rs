//! Tenants on the platform: creating them, their plans and quotas, usage, suspension, and each
//! tenant's page, and deleting one (an export first, removal after a waiting period). Plans
//! (with the quotas they carry) are managed here too.

pub mod api;
pub mod archive;
#[cfg(feature = "ssr")]
pub mod deletion;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
