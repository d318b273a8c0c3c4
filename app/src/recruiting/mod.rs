//! Jobs: the descriptions assessments are tied to, with the skills they require.

pub mod api;
pub mod pages;
pub mod types;
