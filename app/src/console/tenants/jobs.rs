//! The tenants' background jobs: deleting a tenant.

use super::deletion;
use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Makes and stores the export of a tenant to be deleted.
pub struct Export;

impl Job for Export {
    const KIND: &'static str = deletion::EXPORT_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        deletion::run_export(platform, &job.payload).await
    }
}

/// Removes the tenants whose waiting period is over.
pub struct RemoveDue;

impl Job for RemoveDue {
    const KIND: &'static str = deletion::REMOVE_DUE_JOB;
    const SCHEDULE: Option<&'static str> = Some("0 40 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        let removed = deletion::remove_due(platform, chrono::Utc::now()).await.map_err(|e| e.to_string())?;
        if removed > 0 {
            tracing::info!(removed, "deleted the tenants whose waiting period was over");
        }
        Ok(())
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<Export>(), registered::<RemoveDue>()];
