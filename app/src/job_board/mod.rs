//! The public job board at `/jobs-board`: the listed jobs of every organization whose careers
//! site is on, searched together (full text, misspellings corrected), filtered and paged, a
//! page per job with structured data. Visitors are not signed in; every read is on the replica.

pub mod api;
pub mod ingest;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
