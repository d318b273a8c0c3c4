//! Each role's home: what the organization looks like from where they stand.

pub mod api;
pub mod pages;
pub mod routes;
