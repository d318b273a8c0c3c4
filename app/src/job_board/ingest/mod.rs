//! Jobs from outside the platform on the board: sources (schema.org JSON-LD pages, Greenhouse,
//! Lever and Ashby boards) fetched on a schedule or uploaded by a superadmin, each run
//! bringing the board in line with what the source lists (`/console/sources`).

pub mod api;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod fetch;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod parse;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod run;
