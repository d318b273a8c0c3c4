//! Viewing the product as a tenant member, to help them: the superadmin's password again, a
//! separate session of one hour, read-only unless changes are allowed with a reason, a banner
//! with a stop button on every page, and every step in the audit log under both names.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
mod repo;
