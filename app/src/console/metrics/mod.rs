//! Platform metrics in the console: a row per instance and minute of the figures that matter
//! (downsampled to hours after a week, gone after 90 days), charts of the last hour, day and
//! month, and alerts when one passes its threshold, mailed to superadmins; a critical one
//! opens a draft incident.

pub mod api;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
