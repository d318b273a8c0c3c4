//! The job board's background jobs.

use super::repo;
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::flags::{keys, Subject};
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;
use crate::platform::AppError;

/// Lists or withdraws each company's jobs as its careers site's flag is switched on or off:
/// the flag is evaluated here, where its rules live; everything else the board follows by itself.
pub struct FollowCareersSites;

impl Job for FollowCareersSites {
    const KIND: &'static str = "job_board.follow_careers_sites";
    const SCHEDULE: Option<&'static str> = Some("45 * * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        follow_careers_sites(platform).await.map_err(|e| e.to_string())?;
        Ok(())
    }
}

/// Returns how many companies changed.
pub async fn follow_careers_sites(platform: &Platform) -> Result<i32, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let companies: Vec<_> = repo::tenants(&mut tx)
        .await?
        .into_iter()
        .map(|(id, plan)| (id, platform.flags.is_on(keys::CAREERS_SITE, &Subject { tenant: Some(id), plan: Some(&plan), user: None })))
        .collect();
    let changed = repo::set_companies(&mut tx, &companies).await?;
    tx.commit().await?;
    if changed > 0 {
        tracing::info!(changed, "companies joined or left the job board");
    }
    Ok(changed)
}

pub const JOBS: &[RegisteredJob] = &[registered::<FollowCareersSites>()];
