//! The service's background work: sharing out what waits or stalls, and the daily figures.

use chrono::{DateTime, Duration, Utc};

use super::repo;
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::ClaimedJob;
use crate::platform::AppError;

pub const REDISTRIBUTE: &str = "delegation.redistribute";
/// Delegations looked at per run; the next run takes the rest.
const PER_RUN: i64 = 500;

/// Gives to someone else every open delegation that waits for an employee, is held by one who
/// stopped (unavailable, retired, unassigned), or nears its deadline untouched. Each in its own
/// transaction. Returns how many changed hands.
pub async fn redistribute(platform: &Platform, now: DateTime<Utc>) -> Result<usize, AppError> {
    let pool = platform.db.write();
    let mut tx = Db::begin(pool, &Scope::Platform).await?;
    let (hours, _) = repo::settings(&mut tx).await?;
    let due = repo::to_redistribute(&mut tx, hours, now, PER_RUN).await?;
    tx.commit().await?;
    let mut moved = 0;
    for id in due {
        let mut tx = Db::begin(pool, &Scope::Platform).await?;
        let before = repo::item(&mut tx, id).await?.employee_id;
        match repo::reassign(&mut tx, id, None, now).await {
            Ok(given) => {
                tx.commit().await?;
                moved += usize::from(given != before);
            }
            // Changed meanwhile (started, cancelled): nothing to do.
            Err(AppError::Conflict { .. }) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(moved)
}

/// Writes yesterday's and today's figures per client and employee.
pub async fn roll_up(platform: &Platform, now: DateTime<Utc>) -> Result<(), AppError> {
    for day in [now.date_naive() - Duration::days(1), now.date_naive()] {
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        repo::roll_up_day(&mut tx, day, now).await?;
        tx.commit().await?;
    }
    Ok(())
}

pub struct Redistribute;

impl Job for Redistribute {
    const KIND: &'static str = REDISTRIBUTE;
    const SCHEDULE: Option<&'static str> = Some("30 */5 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        redistribute(platform, Utc::now()).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

pub struct RollUp;

impl Job for RollUp {
    const KIND: &'static str = "delegation.roll_up";
    const SCHEDULE: Option<&'static str> = Some("0 10 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        roll_up(platform, Utc::now()).await.map_err(|e| e.to_string())
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<Redistribute>(), registered::<RollUp>()];
