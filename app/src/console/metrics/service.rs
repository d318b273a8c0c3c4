use chrono::{DateTime, Utc};

use super::repo;
use super::types::*;
use crate::incidents::repo::{self as incidents, NewIncident};
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::mail::Mail;
use crate::platform::metrics::metrics;
use crate::platform::{queue, AppError};

/// Compares the last minutes with the thresholds, platform-wide (one instance at a time).
pub const CHECK_JOB: &str = "metrics.check_thresholds";
/// Folds week-old minutes into hours and deletes what is past 90 days.
pub const ROLLUP_JOB: &str = "metrics.roll_up";
/// Below this many requests in the window, an error rate says nothing.
const MIN_REQUESTS_FOR_ERROR_RATE: f64 = 20.0;
/// Below this many delegations due in the last 7 days, a completion rate says nothing.
const MIN_DUE_FOR_COMPLETION_RATE: i64 = 20;

/// This instance's name in the samples: the host and the process.
pub fn instance_name() -> String {
    let host = std::env::var("HOSTNAME").ok().or_else(|| std::fs::read_to_string("/etc/hostname").ok()).unwrap_or_default();
    let host = host.trim();
    format!("{}-{}", if host.is_empty() { "local" } else { host }, std::process::id())
}

/// Brings the gauges up to date (the pools, the replica and the queue); returns the jobs waiting.
pub async fn observe(platform: &Platform) -> Result<i64, AppError> {
    let mut tx = queue::platform_tx(platform.db.write()).await?;
    let depth = queue::counts(&mut tx).await?.ready;
    tx.commit().await?;
    metrics().set_state(&platform.db.pool_states(), platform.db.replica_lag_ms(), depth);
    Ok(depth)
}

/// `/metrics`: everything this instance measures, in the Prometheus text format.
pub async fn scrape(platform: &Platform) -> String {
    if let Err(error) = observe(platform).await {
        tracing::warn!(%error, "the gauges could not be brought up to date");
    }
    metrics().encode()
}

/// Stores this instance's figures of the minute that began before `at`.
pub async fn sample(platform: &Platform, instance: &str, at: DateTime<Utc>) -> Result<(), AppError> {
    let depth = observe(platform).await?;
    let minute = metrics().take_minute();
    let pool_use = platform.db.pool_states().iter().map(|(_, state)| state.use_pct()).fold(0.0, f64::max);
    let figures = [
        (REQUESTS, minute.requests as f64),
        (SERVER_ERRORS, minute.server_errors as f64),
        (LATENCY_P95, minute.latency_p95_ms),
        (POOL_USE, pool_use),
        (REPLICA_LAG, platform.db.replica_lag_ms().unwrap_or(0) as f64),
        (QUEUE_DEPTH, depth as f64),
        (JOB_FAILURES, minute.job_failures as f64),
        (SIGN_IN_FAILURES, minute.sign_in_failures as f64),
        (ANSWER_SAVES, minute.answer_saves as f64),
    ];
    repo::insert_samples(platform.db.write(), at - chrono::Duration::minutes(1), instance, &figures).await
}

pub async fn roll_up(platform: &Platform, now: DateTime<Utc>) -> Result<(u64, u64), AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let done = repo::roll_up(&mut tx, now).await?;
    tx.commit().await?;
    Ok(done)
}

/// What the last five minutes before `now` read, per threshold; `None` without enough data.
async fn readings(platform: &Platform, now: DateTime<Utc>) -> Result<Vec<(&'static Threshold, Option<f64>)>, AppError> {
    let mut conn = platform.db.write().acquire().await?;
    let (latency, requests, errors, pool) = repo::recent_readings(&mut conn, now).await?;
    let error_rate = (requests >= MIN_REQUESTS_FOR_ERROR_RATE).then(|| 100.0 * errors / requests);
    let completion = crate::delegation::repo::service_completion_rate(platform.db.write(), now, MIN_DUE_FOR_COMPLETION_RATE).await?;
    Ok(THRESHOLDS.iter().map(|t| (t, match t.metric {
        LATENCY_P95 => latency,
        ERROR_RATE => error_rate,
        POOL_USE => pool,
        JOB_COMPLETION_RATE => completion,
        _ => None,
    })).collect())
}

/// Raises, escalates and resolves alerts from the last minutes' readings. A new or worse
/// alert is mailed to every superadmin; a critical one opens a draft incident (published
/// only when a superadmin decides). Returns the alerts raised or escalated.
pub async fn check_thresholds(platform: &Platform, now: DateTime<Utc>) -> Result<Vec<(String, Level)>, AppError> {
    let mut raised = Vec::new();
    for (threshold, reading) in readings(platform, now).await? {
        let Some(value) = reading else { continue };
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        let open = repo::open_alert(&mut tx, threshold.metric).await?;
        let level = threshold.level(value);
        let bound = |level: Level| if level == Level::Critical { threshold.critical } else { threshold.warning };
        match (open, level) {
            (None, None) => {}
            (Some(alert), None) => repo::resolve(&mut tx, alert.id, value, now).await?,
            (None, Some(level)) => {
                let id = repo::open(&mut tx, threshold.metric, level, value, bound(level), now).await?;
                announce(&mut tx, platform, threshold, level, value, id, None).await?;
                raised.push((threshold.metric.to_owned(), level));
            }
            (Some(alert), Some(level)) => {
                let before = alert.level;
                repo::update(&mut tx, alert.id, level.max(before), value, bound(level.max(before)), now).await?;
                if level > before {
                    announce(&mut tx, platform, threshold, level, value, alert.id, alert.incident_id).await?;
                    raised.push((threshold.metric.to_owned(), level));
                }
            }
        }
        tx.commit().await?;
    }
    Ok(raised)
}

async fn announce(
    tx: &mut sqlx::PgConnection,
    platform: &Platform,
    threshold: &Threshold,
    level: Level,
    value: f64,
    alert_id: uuid::Uuid,
    incident: Option<uuid::Uuid>,
) -> Result<(), AppError> {
    let superadmins = repo::superadmins(tx).await?;
    let bound = if level == Level::Critical { threshold.critical } else { threshold.warning };
    let reading = format!("{value:.1} {unit} (the {level} threshold is {bound} {unit})", unit = threshold.unit, level = level.as_str());
    let mut drafted = None;
    if level == Level::Critical && incident.is_none() {
        let side = if threshold.falling { "below" } else { "above" };
        let title = format!("{} {side} {} {}", threshold.title, threshold.critical, threshold.unit);
        let id = incidents::insert(tx, &NewIncident {
            title: &title,
            severity: "major",
            status: "investigating",
            components: &[],
            all_tenants: true,
            tenant_ids: &[],
            published: false,
            created_by: None,
        })
        .await?;
        incidents::add_update(tx, id, "investigating", &format!("Opened by the platform's own monitoring: {} at {reading}. A draft until a superadmin publishes it.", threshold.title), None).await?;
        repo::link_incident(tx, alert_id, id).await?;
        drafted = Some(id);
    }
    let link = format!("{}/console/metrics", platform.settings.public_url);
    let draft = drafted.map(|_| format!("\nA draft incident has been opened; publish it from {}/console/incidents if people are affected.\n", platform.settings.public_url)).unwrap_or_default();
    for (_, email) in superadmins {
        platform
            .mailer
            .send(tx, Mail {
                to: email,
                subject: format!("[Hirevoo {}] {}: {value:.1} {}", level.as_str(), threshold.title, threshold.unit),
                body: format!("{}: {reading}, over the last five minutes.\n{draft}\nSee the charts: {link}\n", threshold.title),
                ..Mail::default()
            })
            .await?;
    }
    Ok(())
}
