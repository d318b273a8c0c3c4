//! Platform incidents: superadmins open and update them in the console; the staff of affected
//! organizations see a banner in the app and candidates one on the test page; `/status` shows
//! current incidents and the last 90 days to everyone; subscribers are told of each update.

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
