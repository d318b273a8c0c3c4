//! Candidates: people in a tenant with skills, tags and documents, the people page with its
//! search (names, emails, résumé text, skills) and filters, adding them to requisitions,
//! importing them from a CSV file, and merging two records of one person.

pub mod api;
pub mod import;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod documents;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod input;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
