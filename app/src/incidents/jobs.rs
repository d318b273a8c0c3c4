//! The incidents' background jobs.

use super::service;
use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Tells an incident's subscribers of an update.
pub struct Announce;

impl Job for Announce {
    const KIND: &'static str = service::ANNOUNCE_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        service::run_announce(platform, &job.payload).await
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<Announce>()];
