//! Usage analytics: raw events of what people do (page views, job board searches and the jobs
//! opened from them, applications, sign-ins), rolled up into daily figures that the platform's
//! and each tenant's usage dashboards read: active users, retention by sign-up week, searches.

pub mod api;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
