//! A job seeker's profile: headline, place, links and summary; skills with their level; jobs
//! held; education. Downloaded as a JSON Resume and filled from one; and deleting the account.

pub mod api;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod json_resume;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod rules;
