//! The hiring pipeline: applications moving through each requisition's stages, with their
//! history, notes, assessments and match score, on a board per requisition.

pub mod api;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
