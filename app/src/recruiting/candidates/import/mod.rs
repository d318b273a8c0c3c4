//! Importing candidates from a CSV file: the file is checked row by row into a preview
//! (`/candidates/imports/{id}`) showing each row's problem and who is already a candidate; the
//! recruiter starts it and a background job imports the rows in batches, the page following its
//! progress; the importer is notified when it is done.

pub mod api;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod job;
#[cfg(feature = "ssr")]
pub mod parse;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod upload;
