//! The assessments' background jobs.

use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Submits the tests whose time and grace are over, whether or not a browser is still there.
pub struct SweepExpiredTests;

impl Job for SweepExpiredTests {
    const KIND: &'static str = "assessments.sweep_expired";
    const SCHEDULE: Option<&'static str> = Some("*/5 * * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        let count = super::sessions::sweep_expired(&platform.db, platform.live_settings.save_grace()).await.map_err(|e| e.to_string())?;
        if count > 0 {
            tracing::info!(count, "submitted tests whose time was up");
        }
        Ok(())
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<SweepExpiredTests>()];
