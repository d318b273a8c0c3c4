//! Recruiting: requisitions and their status workflow, the jobs dashboard, bulk
//! operations, the per-job audit trail, postings to job boards, and the hiring pipeline.

pub mod analytics;
pub mod api;
pub mod bulk;
pub mod candidates;
pub mod pages;
pub mod pipeline;
pub mod postings;
pub mod types;
pub mod workflow;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod scheduled;
#[cfg(feature = "ssr")]
pub mod repo;
