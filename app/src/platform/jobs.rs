//! What a background job is to the queue: its kind (stored with each queued row), what running
//! it does and, for a periodic job, its schedule. Each feature lists its jobs in its `jobs.rs`;
//! the server gathers the lists into the registry its workers dispatch through.

use std::future::Future;
use std::pin::Pin;

use super::context::Platform;
use super::queue::ClaimedJob;

/// One kind of background job.
pub trait Job: 'static {
    /// The kind stored with each queued job: never renamed while jobs of it may be queued.
    const KIND: &'static str;
    /// A periodic job's schedule (cron, seconds first: `"*/5 * * * * *"`); the queue enqueues it
    /// on each tick under its kind.
    const SCHEDULE: Option<&'static str> = None;

    /// Runs one job. An error is recorded on the job, which is retried after a backoff and is
    /// dead, visibly, once out of attempts.
    fn run(platform: &Platform, job: &ClaimedJob) -> impl Future<Output = Result<(), String>> + Send;
}

type Run = for<'a> fn(&'a Platform, &'a ClaimedJob) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// A job kind as a feature's list holds it (see `registered`).
#[derive(Clone, Copy)]
pub struct RegisteredJob {
    pub kind: &'static str,
    pub schedule: Option<&'static str>,
    run: Run,
}

impl RegisteredJob {
    pub fn run<'a>(&self, platform: &'a Platform, job: &'a ClaimedJob) -> impl Future<Output = Result<(), String>> + Send + 'a {
        (self.run)(platform, job)
    }
}

impl std::fmt::Debug for RegisteredJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisteredJob").field("kind", &self.kind).field("schedule", &self.schedule).finish_non_exhaustive()
    }
}

/// `J` as an entry of a feature's list of jobs.
pub const fn registered<J: Job>() -> RegisteredJob {
    RegisteredJob { kind: J::KIND, schedule: J::SCHEDULE, run: run_boxed::<J> }
}

fn run_boxed<'a, J: Job>(platform: &'a Platform, job: &'a ClaimedJob) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
    Box::pin(J::run(platform, job))
}

/// Does nothing: for checking that workers are alive and measuring the queue itself.
pub struct Noop;

impl Job for Noop {
    const KIND: &'static str = "platform.noop";

    async fn run(_: &Platform, _: &ClaimedJob) -> Result<(), String> {
        Ok(())
    }
}

/// Sends one mail of the outbox over SMTP.
pub struct SendMail;

impl Job for SendMail {
    const KIND: &'static str = super::mail::SEND_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        platform.mailer.send_queued(platform.db.write(), &job.payload).await
    }
}

/// The platform's own jobs.
pub const JOBS: &[RegisteredJob] = &[registered::<Noop>(), registered::<SendMail>()];
