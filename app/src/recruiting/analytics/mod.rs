//! Funnel analytics: per requisition and per tenant, from daily rollups of the stage events.

pub mod api;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod scheduled;
