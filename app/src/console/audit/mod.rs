//! The audit log's page: filters, each entry's details, a CSV export, and verifying the hash
//! chain. Superadmins see every entry; a tenant admin sees their organization's.

pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;
