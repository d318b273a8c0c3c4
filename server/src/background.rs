//! The server's share of the background queue: the registry of every feature's jobs (what each
//! kind does, the periodic schedules), and the worker and ticker every server instance runs.

use app::platform::context::Platform;
use app::platform::jobs::RegisteredJob;
use app::platform::queue::{self, ClaimedJob, Periodic};
use std::sync::LazyLock;
use std::time::Duration;

/// Each feature's list of its jobs.
const FEATURE_JOBS: &[&[RegisteredJob]] = &[
    app::platform::jobs::JOBS,
    app::assessments::jobs::JOBS,
    app::identity::jobs::JOBS,
    app::recruiting::requisitions::jobs::JOBS,
    app::careers::jobs::JOBS,
    app::job_board::jobs::JOBS,
    app::seekers::jobs::JOBS,
    app::job_board::ingest::jobs::JOBS,
    app::notifications::jobs::JOBS,
    app::recruiting::candidates::jobs::JOBS,
    app::recruiting::analytics::jobs::JOBS,
    app::recruiting::pipeline::jobs::JOBS,
    app::incidents::jobs::JOBS,
    app::interviews::jobs::JOBS,
    app::console::metrics::jobs::JOBS,
    app::console::tenants::jobs::JOBS,
    app::usage::jobs::JOBS,
    app::delegation::jobs::JOBS,
];

fn registered_jobs() -> impl Iterator<Item = &'static RegisteredJob> {
    FEATURE_JOBS.iter().flat_map(|jobs| jobs.iter())
}

/// The schedules of the periodic jobs.
pub static PERIODIC: LazyLock<Vec<Periodic>> =
    LazyLock::new(|| registered_jobs().filter_map(|job| job.schedule.map(|schedule| Periodic { name: job.kind, schedule })).collect());

const TICK_INTERVAL: Duration = Duration::from_secs(1);
const WORKERS: usize = 2;

/// Runs one job. An error (or an unknown kind) is recorded on the job, which is retried
/// after a backoff and is dead, visibly, once out of attempts.
pub async fn dispatch(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
    match registered_jobs().find(|registered| registered.kind == job.kind) {
        Some(registered) => registered.run(platform, job).await,
        None => Err(format!("unknown job kind {:?}", job.kind)),
    }
}

/// Records the periodic schedules, then runs the ticker (once a second) and the workers until the process ends.
pub fn spawn(platform: &Platform) {
    let pool = platform.db.write().clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(TICK_INTERVAL);
        let mut ensured = false;
        loop {
            tick.tick().await;
            // Until the database answers, the schedules wait.
            if !ensured {
                match queue::ensure_periodic(&pool, &PERIODIC).await {
                    Ok(()) => ensured = true,
                    Err(error) => {
                        tracing::warn!(?error, "could not record the periodic jobs");
                        continue;
                    }
                }
            }
            if let Err(error) = queue::tick_periodic(&pool, &PERIODIC).await {
                tracing::warn!(?error, "could not enqueue the periodic jobs");
            }
        }
    });
    // Two workers, so that a long job (a bulk operation) never holds up the test sweep.
    for worker in 0..WORKERS {
        let platform = platform.clone();
        let worker_id = format!("{}:{}:{worker}", hostname(), std::process::id());
        tokio::spawn(queue::run_worker(
            platform.db.write().clone(),
            worker_id,
            move |job| {
                let platform = platform.clone();
                async move { dispatch(&platform, &job).await }
            },
            std::future::pending(),
        ));
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "server".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn each_kind_is_registered_once() {
        let mut kinds = HashSet::new();
        for job in registered_jobs() {
            assert!(kinds.insert(job.kind), "{} is registered twice", job.kind);
        }
    }

    #[test]
    fn each_subscribed_job_is_registered() {
        for subscription in app::platform::events::subscriptions() {
            assert!(registered_jobs().any(|job| job.kind == subscription.job), "{} follows {} but is not registered", subscription.job, subscription.event);
        }
    }
}
