//! The durable background queue: jobs are rows in PostgreSQL, enqueued in the transaction
//! of the change that causes them, claimed with `FOR UPDATE SKIP LOCKED` under a lease that a
//! crashed worker's job outlives, retried with exponential backoff, dead after their attempts.
//! Periodic jobs are enqueued by whichever server first advances their schedule's next tick.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use sqlx::postgres::PgArguments;
use sqlx::query::QueryScalar;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use std::future::Future;
use std::str::FromStr;
use std::time::{Duration, Instant};
use uuid::Uuid;

use super::audit;
use super::db::{Db, Scope};
use super::AppError;

/// How long a claimed job is its worker's before another may take it; the worker renews it
/// while the job runs, so this bounds how long a crashed worker's job waits, not a job's length.
pub const LEASE: Duration = Duration::from_secs(30);

/// How long an idle worker waits before looking again: short, so a bulk operation starts promptly.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);

const MAX_BACKOFF: Duration = Duration::from_secs(3600);
const MAX_ERROR_CHARS: usize = 2000;
/// Jobs whose worker vanished on their last attempt are marked dead at most this often.
const BURY_INTERVAL: Duration = Duration::from_secs(5);

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub kind: &'static str,
    pub payload: Value,
    /// When to run it; now when absent.
    pub run_at: Option<DateTime<Utc>>,
    /// At most one queued (waiting or running) job per key; enqueuing another does nothing.
    pub unique_key: Option<String>,
    pub max_attempts: i32,
}

impl NewJob {
    pub fn new(kind: &'static str, payload: Value) -> Self {
        Self { kind, payload, run_at: None, unique_key: None, max_attempts: 5 }
    }

    pub fn unique(mut self, key: impl Into<String>) -> Self {
        self.unique_key = Some(key.into());
        self
    }

    pub fn at(mut self, time: DateTime<Utc>) -> Self {
        self.run_at = Some(time);
        self
    }

    pub fn attempts(mut self, attempts: i32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }
}

/// Enqueues `job` in the caller's transaction, whatever its scope, so that it exists exactly
/// when the change that causes it commits. Returns its id, or `None` when a job with its unique
/// key is already queued.
pub async fn enqueue(conn: &mut PgConnection, job: NewJob) -> Result<Option<i64>, AppError> {
    Ok(bind_job(sqlx::query_scalar("select enqueue_job($1, $2, $3, $4, $5)"), &job).fetch_one(conn).await?)
}

/// Binds `job` as `enqueue_job`'s five arguments, after those `query` has already bound.
fn bind_job<'q, O>(query: QueryScalar<'q, Postgres, O, PgArguments>, job: &'q NewJob) -> QueryScalar<'q, Postgres, O, PgArguments> {
    query.bind(job.kind).bind(&job.payload).bind(job.run_at).bind(&job.unique_key).bind(job.max_attempts.max(1))
}

/// The queue's rows are the platform's (row-level security). Any transaction enqueues through
/// `enqueue_job`; the worker claims, renews, records and ticks through one database function
/// each, a single statement that enters the platform scope for itself (and refuses a
/// transaction scoped to a tenant or a user); everything else, the console's reads and
/// changes, runs in a transaction of the platform scope.
pub async fn platform_tx(pool: &PgPool) -> Result<Transaction<'static, Postgres>, AppError> {
    Db::begin(pool, &Scope::Platform).await
}

/// A job a worker holds under a lease. `attempts` counts this one and, with `locked_by`,
/// fences the worker's later updates against a claim that has since passed to another.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: Value,
    pub attempts: i32,
    pub max_attempts: i32,
    pub locked_by: String,
}

impl ClaimedJob {
    /// The tenant the job works for, when its payload names one.
    pub fn tenant_id(&self) -> Option<Uuid> {
        tenant_of(&self.payload)
    }
}

fn tenant_of(payload: &Value) -> Option<Uuid> {
    payload.get("tenant_id").and_then(Value::as_str).and_then(|text| text.parse().ok())
}

/// Takes the next ready job: queued, due, and not leased (or leased by a worker that stopped
/// renewing). Concurrent claimers skip each other's rows, so no job is handed out twice.
pub async fn claim(pool: &PgPool, worker_id: &str, lease: Duration) -> Result<Option<ClaimedJob>, AppError> {
    let row: Option<(i64, String, Value, i32, i32)> = sqlx::query_as("select id, kind, payload, attempts, max_attempts from claim_job($1, $2)")
        .bind(worker_id)
        .bind(lease.as_secs_f64())
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(id, kind, payload, attempts, max_attempts)| ClaimedJob { id, kind, payload, attempts, max_attempts, locked_by: worker_id.to_owned() }))
}

/// Renews a running job's lease; false when the job is no longer this worker's.
pub async fn extend_lease(pool: &PgPool, job: &ClaimedJob, lease: Duration) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select extend_job_lease($1, $2, $3, $4)")
        .bind(job.id)
        .bind(&job.locked_by)
        .bind(job.attempts)
        .bind(lease.as_secs_f64())
        .fetch_one(pool)
        .await?)
}

/// A job that succeeded is deleted.
pub async fn complete(pool: &PgPool, job: &ClaimedJob) -> Result<(), AppError> {
    sqlx::query("select complete_job($1, $2, $3)").bind(job.id).bind(&job.locked_by).bind(job.attempts).execute(pool).await?;
    Ok(())
}

/// A job that failed runs again after a backoff, or is dead once out of attempts; either way
/// its error is kept for the console.
pub async fn fail(pool: &PgPool, job: &ClaimedJob, error: &str) -> Result<(), AppError> {
    super::metrics::metrics().job_failed(&job.kind);
    let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
    let delay = backoff(job.attempts, jitter());
    sqlx::query("select fail_job($1, $2, $3, $4, $5)")
        .bind(job.id)
        .bind(&job.locked_by)
        .bind(job.attempts)
        .bind(delay.as_secs_f64())
        .bind(&error)
        .execute(pool)
        .await?;
    Ok(())
}

/// How long to wait before attempt `attempts + 1`: 2^attempts seconds, at most an hour,
/// spread by ±25 % (`jitter` in [0, 1)) so that jobs failing together do not retry together.
pub fn backoff(attempts: i32, jitter: f64) -> Duration {
    let base = 2f64.powi(attempts.clamp(0, 30)).min(MAX_BACKOFF.as_secs_f64());
    let jitter = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.5 };
    let spread = 0.75 + 0.5 * jitter;
    Duration::from_secs_f64(base * spread)
}

fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    match getrandom::fill(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0),
        Err(_) => 0.5,
    }
}

/// Marks dead the jobs whose worker stopped during their last attempt: their lease ran out and
/// no attempt is left, so no claim will take them again. Returns how many.
pub async fn bury_abandoned(pool: &PgPool) -> Result<u64, AppError> {
    let buried: i64 = sqlx::query_scalar("select bury_abandoned_jobs()").fetch_one(pool).await?;
    Ok(buried.max(0) as u64)
}

/// Runs one claimed job to its end: renews its lease meanwhile, counts a panic as a failure,
/// and records the outcome.
async fn run_one<H, F>(pool: &PgPool, job: ClaimedJob, lease: Duration, handler: &H)
where
    H: Fn(ClaimedJob) -> F,
    F: Future<Output = Result<(), String>> + Send + 'static,
{
    let started = Instant::now();
    let mut task = tokio::spawn(handler(job.clone()));
    let renew_every = (lease / 3).max(Duration::from_millis(100));
    let mut renew = tokio::time::interval_at(tokio::time::Instant::now() + renew_every, renew_every);
    let joined = loop {
        tokio::select! {
            joined = &mut task => break joined,
            _ = renew.tick() => {
                if let Err(error) = extend_lease(pool, &job, lease).await {
                    tracing::warn!(job = job.id, kind = %job.kind, ?error, "could not renew a job's lease");
                }
            }
        }
    };
    let outcome = match joined {
        Ok(outcome) => outcome,
        Err(error) if error.is_panic() => Err(format!("the job panicked: {}", panic_message(error.into_panic()))),
        Err(_) => Err("the job was cancelled".to_owned()),
    };
    let recorded = match &outcome {
        Ok(()) => {
            tracing::debug!(job = job.id, kind = %job.kind, elapsed_ms = started.elapsed().as_millis() as u64, "job done");
            complete(pool, &job).await
        }
        Err(error) => {
            tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, max_attempts = job.max_attempts, %error, "job failed");
            fail(pool, &job, error).await
        }
    };
    if let Err(error) = recorded {
        // The lease runs out and the job is claimed again: at least once, never lost.
        tracing::warn!(job = job.id, kind = %job.kind, ?error, "could not record a job's outcome");
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned())
}

/// Claims and runs jobs one after another until `shutdown` completes (after the job in hand).
pub async fn run_worker<H, F>(pool: PgPool, worker_id: String, handler: H, shutdown: impl Future<Output = ()>)
where
    H: Fn(ClaimedJob) -> F,
    F: Future<Output = Result<(), String>> + Send + 'static,
{
    let mut shutdown = std::pin::pin!(shutdown);
    let mut last_burial: Option<Instant> = None;
    loop {
        let claimed = claim(&pool, &worker_id, LEASE).await;
        let idle = match claimed {
            Ok(Some(job)) => {
                run_one(&pool, job, LEASE, &handler).await;
                false
            }
            Ok(None) => {
                if last_burial.is_none_or(|at| at.elapsed() >= BURY_INTERVAL) {
                    last_burial = Some(Instant::now());
                    match bury_abandoned(&pool).await {
                        Ok(0) => {}
                        Ok(count) => tracing::warn!(count, "jobs abandoned by a stopped worker on their last attempt are dead"),
                        Err(error) => tracing::warn!(?error, "could not check for abandoned jobs"),
                    }
                }
                true
            }
            Err(error) => {
                tracing::warn!(?error, "could not claim a job");
                true
            }
        };
        let pause = if idle { POLL_INTERVAL } else { Duration::ZERO };
        tokio::select! {
            _ = &mut shutdown => return,
            _ = tokio::time::sleep(pause) => {}
        }
    }
}

/// Runs every job that is ready now, one after another, and returns how many ran. A job that
/// fails is rescheduled after its backoff, so it does not run twice here.
pub async fn drain<H, F>(pool: &PgPool, handler: H) -> usize
where
    H: Fn(ClaimedJob) -> F,
    F: Future<Output = Result<(), String>> + Send + 'static,
{
    let worker_id = format!("drain:{}", std::process::id());
    if let Err(error) = bury_abandoned(pool).await {
        tracing::warn!(?error, "could not check for abandoned jobs");
    }
    let mut ran = 0;
    loop {
        match claim(pool, &worker_id, LEASE).await {
            Ok(Some(job)) => {
                run_one(pool, job, LEASE, &handler).await;
                ran += 1;
            }
            Ok(None) => return ran,
            Err(error) => {
                tracing::warn!(?error, "could not claim a job");
                return ran;
            }
        }
    }
}

/// A job enqueued on a schedule (cron, seconds first: `"*/5 * * * * *"`), under its name as kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periodic {
    pub name: &'static str,
    pub schedule: &'static str,
}

impl Periodic {
    fn next_after(&self, time: &DateTime<Utc>) -> Result<DateTime<Utc>, AppError> {
        let schedule = cron::Schedule::from_str(self.schedule).map_err(|error| {
            tracing::error!(name = self.name, schedule = self.schedule, %error, "invalid schedule");
            AppError::Internal
        })?;
        schedule.after(time).next().ok_or_else(|| {
            tracing::error!(name = self.name, schedule = self.schedule, "the schedule has no next time");
            AppError::Internal
        })
    }
}

/// Records each periodic job's schedule, keeping its next tick when it has one (a changed
/// schedule moves it earlier if the new one comes sooner). A schedule that does not parse is
/// logged and skipped.
pub async fn ensure_periodic(pool: &PgPool, periodic: &[Periodic]) -> Result<(), AppError> {
    let now = Utc::now();
    let mut tx = platform_tx(pool).await?;
    for job in periodic {
        // A bad schedule is logged and left out; the others still run.
        let Ok(next) = job.next_after(&now) else { continue };
        sqlx::query(
            "insert into periodic_jobs (name, schedule, next_run_at) values ($1, $2, $3)
             on conflict (name) do update set
                 schedule = excluded.schedule,
                 next_run_at = case when periodic_jobs.schedule = excluded.schedule then periodic_jobs.next_run_at
                                    else least(periodic_jobs.next_run_at, excluded.next_run_at) end",
        )
        .bind(job.name)
        .bind(job.schedule)
        .bind(next)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Enqueues the periodic jobs whose tick has come. Each tick is taken by compare-and-set on its
/// `next_run_at`, with the job enqueued in the same statement, so that of several servers
/// exactly one enqueues it; the job's unique key keeps a slow job from piling up behind itself.
/// Returns the names whose tick this call took.
pub async fn tick_periodic(pool: &PgPool, periodic: &[Periodic]) -> Result<Vec<&'static str>, AppError> {
    let due: Vec<(String, DateTime<Utc>, DateTime<Utc>)> =
        sqlx::query_as("select name, next_run_at, checked_at from due_periodic_jobs()").fetch_all(pool).await?;
    let mut taken = Vec::new();
    for (name, seen, now) in due {
        let Some(job) = periodic.iter().find(|job| job.name == name) else { continue };
        let Ok(next) = job.next_after(&now) else { continue };
        let tick = NewJob::new(job.name, json!({})).unique(job.name);
        let took: bool = bind_job(sqlx::query_scalar("select take_periodic_tick($1, $2, $3, $4, $5, $6, $7, $8)").bind(job.name).bind(seen).bind(next), &tick)
            .fetch_one(pool)
            .await?;
        if took {
            taken.push(job.name);
        }
    }
    Ok(taken)
}

/// Where a job stands, as the console groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Waiting and due.
    Ready,
    /// Waiting for a later time, not after a failure.
    Scheduled,
    /// Under a live lease.
    Running,
    /// Waiting for another attempt after an error.
    Failed,
    /// Out of attempts.
    Dead,
}

/// Queued and not under a live lease.
macro_rules! waiting {
    () => {
        "j.status = 'queued' and (j.locked_until is null or j.locked_until <= now())"
    };
}

impl JobState {
    /// As SQL over `background_jobs j`.
    fn condition(self) -> &'static str {
        match self {
            Self::Ready => concat!(waiting!(), " and (j.attempts = 0 or j.last_error is null) and j.run_at <= now()"),
            Self::Scheduled => concat!(waiting!(), " and (j.attempts = 0 or j.last_error is null) and j.run_at > now()"),
            Self::Running => "j.status = 'queued' and j.locked_until > now()",
            Self::Failed => concat!(waiting!(), " and j.attempts > 0 and j.last_error is not null"),
            Self::Dead => "j.status = 'dead'",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    pub ready: i64,
    pub scheduled: i64,
    pub running: i64,
    pub failed: i64,
    pub dead: i64,
}

/// In a transaction of the platform scope (`platform_tx`), like `list`.
pub async fn counts(conn: &mut PgConnection) -> Result<JobCounts, AppError> {
    let sql = format!(
        "select count(*) filter (where {}), count(*) filter (where {}), count(*) filter (where {}),
                count(*) filter (where {}), count(*) filter (where {})
         from background_jobs j",
        JobState::Ready.condition(),
        JobState::Scheduled.condition(),
        JobState::Running.condition(),
        JobState::Failed.condition(),
        JobState::Dead.condition(),
    );
    let (ready, scheduled, running, failed, dead) = sqlx::query_as(&sql).fetch_one(conn).await?;
    Ok(JobCounts { ready, scheduled, running, failed, dead })
}

/// A job as the console shows it; `tenant` is the name of the tenant its payload names.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: Value,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub tenant: Option<String>,
}

impl JobRow {
    pub fn tenant_id(&self) -> Option<Uuid> {
        tenant_of(&self.payload)
    }
}

/// The jobs in `states`, soonest first, at most `limit`.
pub async fn list(conn: &mut PgConnection, states: &[JobState], limit: i64) -> Result<Vec<JobRow>, AppError> {
    if states.is_empty() {
        return Ok(Vec::new());
    }
    let condition = states.iter().map(|state| format!("({})", state.condition())).collect::<Vec<_>>().join(" or ");
    // The payload is free-form: only a well-formed id is cast, so a stray value cannot fail the list.
    let sql = format!(
        "select j.id, j.kind, j.payload, j.attempts, j.max_attempts, j.run_at, j.locked_until, j.locked_by,
                j.last_error, j.created_at, t.name as tenant
         from background_jobs j
         left join tenants t on t.id = case
             when j.payload->>'tenant_id' ~* '^[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$'
             then (j.payload->>'tenant_id')::uuid end
         where {condition}
         order by j.run_at, j.id
         limit $1"
    );
    Ok(sqlx::query_as(&sql).bind(limit.clamp(0, 1000)).fetch_all(conn).await?)
}

/// Puts a dead or failed job back in the queue to run now (a dead one with its attempts
/// afresh), audited in the caller's transaction.
pub async fn retry(conn: &mut PgConnection, id: i64, actor_id: Uuid) -> Result<(), AppError> {
    let row: Option<(String, Value, i32, Option<String>, String)> = sqlx::query_as(
        "update background_jobs j
         set attempts = case when j.status = 'dead' then 0 else j.attempts end,
             status = 'queued', run_at = now(), locked_until = null, locked_by = null
         from (select id, status as previous from background_jobs where id = $1 for update) old
         where j.id = old.id
           and (j.status = 'dead' or (j.status = 'queued' and j.last_error is not null and (j.locked_until is null or j.locked_until <= now())))
         returning j.kind, j.payload, j.attempts, j.last_error, old.previous",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(super::error::on_constraint("background_jobs_unique_key", || {
        AppError::conflict("id", "A job with the same key is already queued; discard this one or wait for that one.")
    }))?;
    let Some((kind, payload, attempts, last_error, previous)) = row else {
        return Err(AppError::NotFound);
    };
    audit::record(conn, audit::Entry {
        tenant_id: tenant_of(&payload),
        actor_id: Some(actor_id),
        action: "job.retry",
        target: format!("job:{id}"),
        details: json!({ "kind": kind, "was": previous, "attempts": attempts, "last_error": last_error }),
    })
    .await
}

/// Deletes a job that is not running, audited in the caller's transaction.
pub async fn discard(conn: &mut PgConnection, id: i64, actor_id: Uuid) -> Result<(), AppError> {
    let running: Option<bool> = sqlx::query_scalar("select status = 'queued' and coalesce(locked_until > now(), false) from background_jobs where id = $1 for update")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match running {
        None => return Err(AppError::NotFound),
        Some(true) => return Err(AppError::conflict("id", "This job is running; it can be discarded once it stops.")),
        Some(false) => {}
    }
    let (kind, payload, status, attempts, last_error): (String, Value, String, i32, Option<String>) =
        sqlx::query_as("delete from background_jobs where id = $1 returning kind, payload, status, attempts, last_error")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    audit::record(conn, audit::Entry {
        tenant_id: tenant_of(&payload),
        actor_id: Some(actor_id),
        action: "job.discard",
        target: format!("job:{id}"),
        details: json!({ "kind": kind, "status": status, "attempts": attempts, "last_error": last_error, "payload": payload }),
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_per_attempt_within_a_quarter_either_way() {
        assert_eq!(backoff(1, 0.5), Duration::from_secs(2));
        assert_eq!(backoff(2, 0.5), Duration::from_secs(4));
        assert_eq!(backoff(5, 0.5), Duration::from_secs(32));
        assert_eq!(backoff(3, 0.0), Duration::from_secs(6));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(10));
        for attempts in 1..12 {
            for jitter in [0.0, 0.25, 0.5, 0.99] {
                let base = 2f64.powi(attempts).min(3600.0);
                let delay = backoff(attempts, jitter).as_secs_f64();
                assert!(delay >= base * 0.75 && delay <= base * 1.25, "{attempts} {jitter}: {delay}");
            }
        }
    }

    #[test]
    fn backoff_is_capped_at_an_hour_and_safe_for_any_input() {
        assert_eq!(backoff(12, 0.5), Duration::from_secs(3600));
        assert_eq!(backoff(i32::MAX, 0.5), Duration::from_secs(3600));
        assert!(backoff(i32::MAX, 1.0) <= Duration::from_secs(4500));
        assert_eq!(backoff(-4, 0.5), Duration::from_secs(1));
        assert_eq!(backoff(2, f64::NAN), Duration::from_secs(4));
        assert_eq!(backoff(2, f64::INFINITY), Duration::from_secs(4));
        assert!(backoff(2, 7.0) <= Duration::from_secs(5));
    }

    #[test]
    fn jitter_stays_in_range() {
        for _ in 0..100 {
            let value = jitter();
            assert!((0.0..1.0).contains(&value));
        }
    }

    #[test]
    fn builder_sets_what_it_names() {
        let time = Utc::now();
        let job = NewJob::new("kind", json!({ "a": 1 })).unique("key").at(time).attempts(0);
        assert_eq!((job.unique_key.as_deref(), job.run_at, job.max_attempts), (Some("key"), Some(time), 1));
        assert_eq!(NewJob::new("kind", json!({})).max_attempts, 5);
    }

    #[test]
    fn schedules_advance_past_the_given_time() {
        let periodic = Periodic { name: "p", schedule: "*/5 * * * * *" };
        let time = DateTime::parse_from_rfc3339("2026-01-01T00:00:03Z").map(|t| t.with_timezone(&Utc)).ok();
        let next = time.map(|time| periodic.next_after(&time));
        assert_eq!(next.and_then(Result::ok).map(|t| t.to_rfc3339()), Some("2026-01-01T00:00:05+00:00".to_owned()));
        assert!(Periodic { name: "bad", schedule: "not a schedule" }.next_after(&Utc::now()).is_err());
    }
}
