//! The platform metrics' background jobs.

use super::service;
use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Raises the alerts of the metrics past their thresholds.
pub struct CheckThresholds;

impl Job for CheckThresholds {
    const KIND: &'static str = service::CHECK_JOB;
    // Each minute, once the instances have stored the minute before.
    const SCHEDULE: Option<&'static str> = Some("15 * * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        let raised = service::check_thresholds(platform, chrono::Utc::now()).await.map_err(|e| e.to_string())?;
        for (metric, level) in raised {
            tracing::warn!(metric, level = level.as_str(), "a platform metric passed its threshold");
        }
        Ok(())
    }
}

/// Folds old minutes into hours and deletes what is past keeping.
pub struct RollUp;

impl Job for RollUp {
    const KIND: &'static str = service::ROLLUP_JOB;
    const SCHEDULE: Option<&'static str> = Some("0 25 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        service::roll_up(platform, chrono::Utc::now()).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<CheckThresholds>(), registered::<RollUp>()];
