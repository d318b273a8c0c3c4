//! The interviews' background jobs.

use super::service;
use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Reminds the panel and the candidate of an interview coming up.
pub struct Remind;

impl Job for Remind {
    const KIND: &'static str = service::REMIND_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        service::remind(platform, &job.payload).await
    }
}

/// Brings each tenant's calibration rollups in step with its changes.
pub struct CalibrationRollup;

impl Job for CalibrationRollup {
    const KIND: &'static str = service::CALIBRATION_ROLLUP_JOB;
    // Each minute: reports find the calibration rolled up (or roll up the little left).
    const SCHEDULE: Option<&'static str> = Some("30 * * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        service::roll_up_calibration(platform).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// Reminds the interviewers whose scorecards are still missing.
pub struct ScorecardsDue;

impl Job for ScorecardsDue {
    const KIND: &'static str = service::SCORECARDS_DUE_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        service::chase_scorecards(platform, &job.payload, chrono::Utc::now()).await
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<Remind>(), registered::<CalibrationRollup>(), registered::<ScorecardsDue>()];
