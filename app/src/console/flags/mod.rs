//! Managing feature flags: their rules, kill switches, archiving, and per-tenant overrides.
//! How a flag is evaluated lives in `platform::flags`.

pub mod api;
pub mod pages;
pub mod routes;
pub mod types;
