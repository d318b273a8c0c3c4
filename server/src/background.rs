//! The server's share of the background queue: what each job kind does, the periodic
//! schedules, and the worker and ticker every server instance runs.

use app::platform::context::Platform;
use app::platform::queue::{self, ClaimedJob, Periodic};
use app::careers::scheduled as careers_scheduled;
use app::notifications::service as notifications;
use app::recruiting::analytics::scheduled as analytics;
use app::recruiting::candidates::documents;
use app::recruiting::candidates::import::job as import;
use app::recruiting::pipeline::{jobs as pipeline_jobs, repo as pipeline};
use app::recruiting::{bulk, postings, scheduled};
use app::interviews::service as interviews;
use app::console::metrics::service as metrics;
use app::console::tenants::deletion as tenant_deletion;
use std::time::Duration;

/// Submits the tests whose time and grace are over, whether or not a browser is still there.
pub const SWEEP_EXPIRED_TESTS: &str = "assessments.sweep_expired";
/// Deletes sign-in failures, password resets and sessions long past any use.
pub const PURGE_SIGN_IN_DATA: &str = "identity.purge_expired_sign_in_data";
/// Does nothing: for checking that workers are alive and measuring the queue itself.
pub const NOOP: &str = "platform.noop";

pub const PERIODIC: &[Periodic] = &[
    Periodic { name: SWEEP_EXPIRED_TESTS, schedule: "*/5 * * * * *" },
    Periodic { name: PURGE_SIGN_IN_DATA, schedule: "0 0 * * * *" },
    // A minute past each hour: deadlines are dates, so an hour's delay at worst.
    Periodic { name: scheduled::AUTO_CLOSE_KIND, schedule: "0 1 * * * *" },
    Periodic { name: scheduled::PURGE_KIND, schedule: "0 30 3 * * *" },
    Periodic { name: postings::EXPIRE_KIND, schedule: "0 5 * * * *" },
    Periodic { name: careers_scheduled::CLEAR_VIEW_HASHES_KIND, schedule: "0 15 0 * * *" },
    Periodic { name: careers_scheduled::REMOVE_EXPIRED_HELD_KIND, schedule: "0 20 * * * *" },
    // Each morning (UTC), before most working days begin.
    Periodic { name: notifications::DIGEST_JOB, schedule: "0 0 7 * * *" },
    // Just after midnight UTC: yesterday's funnel becomes final.
    Periodic { name: analytics::ROLLUP_KIND, schedule: "0 10 0 * * *" },
    // Each minute: reports find the calibration rolled up (or roll up the little left).
    Periodic { name: interviews::CALIBRATION_ROLLUP_JOB, schedule: "30 * * * * *" },
    // Each minute, once the instances have stored the minute before.
    Periodic { name: metrics::CHECK_JOB, schedule: "15 * * * * *" },
    Periodic { name: metrics::ROLLUP_JOB, schedule: "0 25 * * * *" },
    Periodic { name: tenant_deletion::REMOVE_DUE_JOB, schedule: "0 40 * * * *" },
];

const TICK_INTERVAL: Duration = Duration::from_secs(1);
const WORKERS: usize = 2;

/// Runs one job. An error (or an unknown kind) is recorded on the job, which is retried
/// after a backoff and is dead, visibly, once out of attempts.
pub async fn dispatch(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
    match job.kind.as_str() {
        SWEEP_EXPIRED_TESTS => {
            let count = app::assessments::sessions::sweep_expired(&platform.db, platform.live_settings.save_grace()).await.map_err(|e| e.to_string())?;
            if count > 0 {
                tracing::info!(count, "submitted tests whose time was up");
            }
            Ok(())
        }
        PURGE_SIGN_IN_DATA => {
            let mut tx = app::platform::db::Db::begin(platform.db.write(), &app::platform::db::Scope::Platform).await.map_err(|e| e.to_string())?;
            app::identity::repo::purge_expired_sign_in_data(&mut tx).await.map_err(|e| e.to_string())?;
            tx.commit().await.map_err(|e| e.to_string())
        }
        NOOP => Ok(()),
        app::platform::mail::SEND_JOB => platform.mailer.send_queued(platform.db.write(), &job.payload).await,
        app::identity::api::PASSWORD_RESET_JOB => app::identity::api::send_password_reset(platform, &job.payload).await,
        bulk::JOB_KIND => bulk::run(platform, &job.payload).await,
        scheduled::AUTO_CLOSE_KIND => {
            let count = scheduled::auto_close(platform).await.map_err(|e| e.to_string())?;
            if count > 0 {
                tracing::info!(count, "closed requisitions past their application deadline");
            }
            Ok(())
        }
        scheduled::PURGE_KIND => scheduled::purge_deleted(platform).await.map(|_| ()).map_err(|e| e.to_string()),
        postings::EXPIRE_KIND => postings::expire_postings(&platform.db).await.map(|_| ()).map_err(|e| e.to_string()),
        careers_scheduled::CLEAR_VIEW_HASHES_KIND => careers_scheduled::clear_view_hashes(&platform.db).await.map(|_| ()).map_err(|e| e.to_string()),
        careers_scheduled::REMOVE_EXPIRED_HELD_KIND => app::careers::apply::remove_expired_held(platform).await.map(|_| ()).map_err(|e| e.to_string()),
        notifications::DELIVER_JOB => app::notifications::delivery::deliver(platform, job).await,
        notifications::DIGEST_JOB => app::notifications::delivery::send_digests(platform).await.map(|_| ()),
        documents::EXTRACT_JOB => documents::run_extraction(platform, &job.payload).await,
        import::IMPORT_JOB => import::run_import(platform, &job.payload).await,
        analytics::ROLLUP_KIND => analytics::rollup(platform).await.map(|_| ()).map_err(|e| e.to_string()),
        pipeline::ASSESSMENT_SUBMITTED_JOB => pipeline_jobs::assessment_submitted(platform, &job.payload).await,
        pipeline::CANDIDATE_EMAIL_JOB => pipeline_jobs::candidate_email(platform, &job.payload).await,
        app::incidents::service::ANNOUNCE_JOB => app::incidents::service::run_announce(platform, &job.payload).await,
        interviews::REMIND_JOB => interviews::remind(platform, &job.payload).await,
        interviews::CALIBRATION_ROLLUP_JOB => interviews::roll_up_calibration(platform).await.map(|_| ()).map_err(|e| e.to_string()),
        interviews::SCORECARDS_DUE_JOB => interviews::chase_scorecards(platform, &job.payload, chrono::Utc::now()).await,
        metrics::CHECK_JOB => {
            let raised = metrics::check_thresholds(platform, chrono::Utc::now()).await.map_err(|e| e.to_string())?;
            for (metric, level) in raised {
                tracing::warn!(metric, level = level.as_str(), "a platform metric passed its threshold");
            }
            Ok(())
        }
        metrics::ROLLUP_JOB => metrics::roll_up(platform, chrono::Utc::now()).await.map(|_| ()).map_err(|e| e.to_string()),
        tenant_deletion::EXPORT_JOB => tenant_deletion::run_export(platform, &job.payload).await,
        tenant_deletion::REMOVE_DUE_JOB => {
            let removed = tenant_deletion::remove_due(platform, chrono::Utc::now()).await.map_err(|e| e.to_string())?;
            if removed > 0 {
                tracing::info!(removed, "deleted the tenants whose waiting period was over");
            }
            Ok(())
        }
        // Each feature's job kinds: one arm each, calling into the feature's service.
        other => Err(format!("unknown job kind {other:?}")),
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
                match queue::ensure_periodic(&pool, PERIODIC).await {
                    Ok(()) => ensured = true,
                    Err(error) => {
                        tracing::warn!(?error, "could not record the periodic jobs");
                        continue;
                    }
                }
            }
            if let Err(error) = queue::tick_periodic(&pool, PERIODIC).await {
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
