//! Assessments: the question bank, tests candidates take, and their grading.

pub mod api;
pub mod authoring;
pub mod grading;
pub mod pages;
pub mod queue;
pub mod results;
pub mod routes;
pub mod taking;
pub mod types;

#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod sessions;
