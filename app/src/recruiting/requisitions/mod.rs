//! Requisitions: the jobs a tenant hires for, their status workflow, the jobs dashboard, bulk
//! operations, the per-job audit trail and postings to job boards.

pub mod api;
pub mod bulk;
pub mod pages;
pub mod postings;
pub mod routes;
pub mod types;
pub mod workflow;

#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod scheduled;
#[cfg(feature = "ssr")]
pub mod repo;
