//! The careers site's background jobs.

use super::scheduled;
use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Clears the visitors' view hashes of days past, and old rate-limit hits.
pub struct ClearViewHashes;

impl Job for ClearViewHashes {
    const KIND: &'static str = scheduled::CLEAR_VIEW_HASHES_KIND;
    const SCHEDULE: Option<&'static str> = Some("0 15 0 * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        scheduled::clear_view_hashes(&platform.db).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// Removes the held applications whose link expired, with their files.
pub struct RemoveExpiredHeld;

impl Job for RemoveExpiredHeld {
    const KIND: &'static str = scheduled::REMOVE_EXPIRED_HELD_KIND;
    const SCHEDULE: Option<&'static str> = Some("0 20 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        super::apply::remove_expired_held(platform).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<ClearViewHashes>(), registered::<RemoveExpiredHeld>()];
