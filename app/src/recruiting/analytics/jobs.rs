//! The analytics' background jobs.

use super::scheduled;
use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Refreshes each tenant's funnel rollups.
pub struct Rollup;

impl Job for Rollup {
    const KIND: &'static str = scheduled::ROLLUP_KIND;
    // Just after midnight UTC: yesterday's funnel becomes final.
    const SCHEDULE: Option<&'static str> = Some("0 10 0 * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        scheduled::rollup(platform).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<Rollup>()];
