//! The notifications' background jobs.

use super::{delivery, service};
use crate::platform::context::Platform;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Sends one notification's email.
pub struct Deliver;

impl Job for Deliver {
    const KIND: &'static str = service::DELIVER_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        delivery::deliver(platform, job).await
    }
}

/// Sends each person's digest of pending notifications.
pub struct Digest;

impl Job for Digest {
    const KIND: &'static str = service::DIGEST_JOB;
    // Each morning (UTC), before most working days begin.
    const SCHEDULE: Option<&'static str> = Some("0 0 7 * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        delivery::send_digests(platform).await.map(|_| ())
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<Deliver>(), registered::<Digest>()];
