//! The rollup of the usage figures, every hour.

use chrono::{Duration, NaiveDate, Utc};

use super::repo;
use super::types::RAW_EVENT_DAYS;
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;
use crate::platform::AppError;

/// Raw events deleted per transaction, so that no deletion holds locks for long.
const DELETED_AT_ONCE: i64 = 50_000;

/// Rolls up every day since the last rollup, today's so far included, then deletes the raw
/// events past their 90 days (only those whose day is rolled up). Returns the days rolled up.
pub async fn roll_up(platform: &Platform, today: NaiveDate) -> Result<usize, AppError> {
    let pool = platform.db.write();
    let mut tx = Db::begin(pool, &Scope::Platform).await?;
    let days = repo::days_to_roll_up(&mut tx, today).await?;
    tx.commit().await?;
    for day in &days {
        let mut tx = Db::begin(pool, &Scope::Platform).await?;
        repo::roll_up(&mut tx, *day).await?;
        tx.commit().await?;
    }
    let cutoff = today - Duration::days(RAW_EVENT_DAYS);
    loop {
        let mut tx = Db::begin(pool, &Scope::Platform).await?;
        let deleted = repo::delete_old_events(&mut tx, cutoff, DELETED_AT_ONCE).await?;
        tx.commit().await?;
        if deleted < DELETED_AT_ONCE as u64 {
            break;
        }
    }
    Ok(days.len())
}

pub struct Rollup;

impl Job for Rollup {
    const KIND: &'static str = "usage.rollup";
    const SCHEDULE: Option<&'static str> = Some("0 5 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        roll_up(platform, Utc::now().date_naive()).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<Rollup>()];
