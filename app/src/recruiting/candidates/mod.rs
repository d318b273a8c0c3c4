//! Candidates: people in a tenant with skills, tags and documents, the people page with its
//! search (names, emails, résumé text, skills) and filters, and adding them to requisitions.

pub mod api;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod documents;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
