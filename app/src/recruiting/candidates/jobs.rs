//! The candidates' background jobs.

use super::documents;
use super::import::job as import;
use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Extracts an uploaded document's text, for the people search.
pub struct ExtractText;

impl Job for ExtractText {
    const KIND: &'static str = documents::EXTRACT_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        documents::run_extraction(platform, &job.payload).await
    }
}

/// Imports the candidates of an uploaded CSV file.
pub struct Import;

impl Job for Import {
    const KIND: &'static str = import::IMPORT_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        import::run_import(platform, &job.payload).await
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<ExtractText>(), registered::<Import>()];
