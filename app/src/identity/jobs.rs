//! Identity's background jobs.

use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;

/// Deletes sign-in failures, password resets and sessions long past any use.
pub struct PurgeSignInData;

impl Job for PurgeSignInData {
    const KIND: &'static str = "identity.purge_expired_sign_in_data";
    const SCHEDULE: Option<&'static str> = Some("0 0 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await.map_err(|e| e.to_string())?;
        super::repo::purge_expired_sign_in_data(&mut tx).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())
    }
}

/// Mails a password reset link (see `api::send_password_reset`).
pub struct SendPasswordReset;

impl Job for SendPasswordReset {
    const KIND: &'static str = super::types::PASSWORD_RESET_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        super::api::send_password_reset(platform, &job.payload).await
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<PurgeSignInData>(), registered::<SendPasswordReset>()];
