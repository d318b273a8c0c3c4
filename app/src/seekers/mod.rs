//! Job seekers: people looking for work on the job board, who belong to no tenant. Signing up
//! (confirmed from their mailbox), and their home: saved jobs, saved searches with email alerts,
//! recent searches and the jobs they hid; their profile (`profile/`). Their rows live in the
//! seekers' own tables.

pub mod api;
pub mod pages;
pub mod profile;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
