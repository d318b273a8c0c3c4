//! Ingestion's background jobs: one run of one source, and the periodic job that enqueues the
//! sources whose schedule is due.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sqlx::PgConnection;
use std::str::FromStr;
use uuid::Uuid;

use super::{repo, run};
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::queue::{enqueue, ClaimedJob, NewJob};
use crate::platform::AppError;

/// Fetches one source and runs it (payload: `{"source_id": …}`).
pub struct IngestSource;

impl Job for IngestSource {
    const KIND: &'static str = "job_board.ingest_source";

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        let id = job.payload.get("source_id").and_then(|id| id.as_str()).and_then(|id| id.parse::<Uuid>().ok()).ok_or("the payload names no source")?;
        ingest_source(platform, id).await.map_err(|e| e.to_string())
    }
}

/// Runs the source `id` now, if it is there and enabled. A failed fetch is a failed run, not a
/// failed job: the schedule tries again, so the queue does not.
pub async fn ingest_source(platform: &Platform, id: Uuid) -> Result<(), AppError> {
    let pool = platform.db.write();
    let mut tx = Db::begin(pool, &Scope::Platform).await?;
    let source = repo::source(&mut tx, id).await?;
    tx.commit().await?;
    let Some(source) = source.filter(|s| s.enabled) else { return Ok(()) };
    let outcome = run::fetch_and_ingest(pool, &source).await?;
    tracing::info!(source = %source.id, status = ?outcome.status, found = outcome.found, new = outcome.new, updated = outcome.updated, closed = outcome.closed, "job source ran");
    Ok(())
}

/// Enqueues every enabled source with an address whose schedule is due.
pub struct ScheduleSources;

impl Job for ScheduleSources {
    const KIND: &'static str = "job_board.schedule_sources";
    const SCHEDULE: Option<&'static str> = Some("20 */5 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        schedule_sources(platform, Utc::now()).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// Returns how many sources were enqueued.
pub async fn schedule_sources(platform: &Platform, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let mut enqueued = 0;
    for (id, schedule, last_run_at) in repo::fetched_sources(&mut tx).await? {
        let due = last_run_at.is_none_or(|last| next_run(&schedule, last).is_some_and(|next| next <= now));
        if due && enqueue_run(&mut tx, id).await? {
            enqueued += 1;
        }
    }
    tx.commit().await?;
    Ok(enqueued)
}

/// Enqueues a run of the source `id`, unless one is already waiting or running. Whether it was enqueued.
pub async fn enqueue_run(conn: &mut PgConnection, id: Uuid) -> Result<bool, AppError> {
    let job = NewJob::new(IngestSource::KIND, json!({ "source_id": id })).unique(format!("{}:{id}", IngestSource::KIND)).attempts(3);
    Ok(enqueue(conn, job).await?.is_some())
}

/// When a source that last ran at `last` runs next: `hourly`, `daily`, or a cron expression
/// (seconds first); None when the schedule cannot be read.
pub fn next_run(schedule: &str, last: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match schedule.trim() {
        "hourly" => Some(last + Duration::hours(1)),
        "daily" => Some(last + Duration::days(1)),
        expression => cron::Schedule::from_str(expression).ok()?.after(&last).next(),
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<IngestSource>(), registered::<ScheduleSources>()];

#[cfg(test)]
mod tests {
    use super::next_run;
    use chrono::{TimeZone, Utc};

    #[test]
    fn schedules_are_read() {
        let last = Utc.with_ymd_and_hms(2026, 12, 6, 10, 17, 0).unwrap();
        assert_eq!(next_run("hourly", last), Some(Utc.with_ymd_and_hms(2026, 12, 6, 11, 17, 0).unwrap()));
        assert_eq!(next_run("daily", last), Some(Utc.with_ymd_and_hms(2026, 12, 7, 10, 17, 0).unwrap()));
        assert_eq!(next_run("0 30 6 * * *", last), Some(Utc.with_ymd_and_hms(2026, 12, 7, 6, 30, 0).unwrap()));
        assert_eq!(next_run("every so often", last), None);
    }
}
