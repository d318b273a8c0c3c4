//! The requisitions' background jobs.

use super::{bulk, postings, scheduled};
use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Applies a bulk operation to its requisitions.
pub struct BulkOperation;

impl Job for BulkOperation {
    const KIND: &'static str = bulk::JOB_KIND;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        bulk::run(platform, &job.payload).await
    }
}

/// Closes the requisitions past their application deadline.
pub struct AutoClose;

impl Job for AutoClose {
    const KIND: &'static str = scheduled::AUTO_CLOSE_KIND;
    // A minute past each hour: deadlines are dates, so an hour's delay at worst.
    const SCHEDULE: Option<&'static str> = Some("0 1 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        let count = scheduled::auto_close(platform).await.map_err(|e| e.to_string())?;
        if count > 0 {
            tracing::info!(count, "closed requisitions past their application deadline");
        }
        Ok(())
    }
}

/// Deletes for good the requisitions deleted longer ago than the restore window.
pub struct PurgeDeleted;

impl Job for PurgeDeleted {
    const KIND: &'static str = scheduled::PURGE_KIND;
    const SCHEDULE: Option<&'static str> = Some("0 30 3 * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        scheduled::purge_deleted(platform).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// Expires postings past their days, and those of requisitions no longer open to applicants.
pub struct ExpirePostings;

impl Job for ExpirePostings {
    const KIND: &'static str = postings::EXPIRE_KIND;
    const SCHEDULE: Option<&'static str> = Some("0 5 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        postings::expire_postings(&platform.db).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<BulkOperation>(), registered::<AutoClose>(), registered::<PurgeDeleted>(), registered::<ExpirePostings>()];
