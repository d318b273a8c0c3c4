//! Platform settings: each one typed and bounded, its default from the configuration,
//! changed and reset by superadmins, audited, in effect on every instance within seconds.

pub mod api;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod repo;
