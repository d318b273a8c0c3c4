//! Recruiting: requisitions (the jobs a tenant hires for), their candidates, the hiring
//! pipeline, and the funnel analytics.

pub mod analytics;
pub mod candidates;
pub mod pipeline;
pub mod requisitions;
