use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

/// Stores one instance's figures for the minute starting at `at`. A second sample in the same
/// minute (a restart, a late tick) adds to the counts and keeps the higher levels.
pub async fn insert_samples(pool: &PgPool, at: DateTime<Utc>, instance: &str, figures: &[(&str, f64)]) -> Result<(), AppError> {
    let names: Vec<&str> = figures.iter().map(|(name, _)| *name).collect();
    let values: Vec<f64> = figures.iter().map(|(_, value)| *value).collect();
    let summed: Vec<bool> = names.iter().map(|name| is_summed(name)).collect();
    sqlx::query(
        "insert into metric_samples (at, resolution, name, instance, value)
         select date_trunc('minute', $1), 'minute', f.name, $2, f.value
         from unnest($3::text[], $4::float8[], $5::bool[]) as f (name, value, summed)
         on conflict (resolution, name, at, instance) do update
         set value = case when excluded.name = any($6) then metric_samples.value + excluded.value
                          else greatest(metric_samples.value, excluded.value) end",
    )
    .bind(at)
    .bind(instance)
    .bind(&names)
    .bind(&values)
    .bind(&summed)
    .bind(summed_names())
    .execute(pool)
    .await?;
    Ok(())
}

fn summed_names() -> Vec<&'static str> {
    SERIES.iter().filter(|s| s.summed).map(|s| s.name).collect()
}

/// Per figure and step from `from`: the counts added up, the levels' highest (instances combined).
pub async fn chart_rows(conn: &mut PgConnection, from: DateTime<Utc>, to: DateTime<Utc>, step_minutes: i64) -> Result<Vec<(String, i64, f64)>, AppError> {
    Ok(sqlx::query_as(
        "with combined as (
             select name, at, case when name = any($4) then sum(value) else max(value) end as value
             from metric_samples where at >= $1 and at < $2
             group by name, at, resolution
         )
         select name, floor(extract(epoch from (at - $1)) / 60 / $3)::bigint as slot,
                case when name = any($4) then sum(value) else max(value) end
         from combined group by 1, 2 order by 1, 2",
    )
    .bind(from)
    .bind(to)
    .bind(step_minutes as f64)
    .bind(summed_names())
    .fetch_all(conn)
    .await?)
}

pub async fn instances(conn: &mut PgConnection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("select count(distinct instance) from metric_samples where at >= $1 and at < $2").bind(from).bind(to).fetch_one(conn).await?)
}

/// Minutes older than a week become hours; everything older than 90 days goes. Returns the
/// minute rows folded into hours and the rows deleted for age.
pub async fn roll_up(conn: &mut PgConnection, now: DateTime<Utc>) -> Result<(u64, u64), AppError> {
    sqlx::query(
        "insert into metric_samples (at, resolution, name, instance, value)
         select date_trunc('hour', at), 'hour', name, instance,
                case when name = any($2) then sum(value) else max(value) end
         from metric_samples
         where resolution = 'minute' and at < date_trunc('hour', $1 - interval '7 days')
         group by 1, 3, 4
         on conflict (resolution, name, at, instance) do update
         set value = case when excluded.name = any($2) then metric_samples.value + excluded.value
                          else greatest(metric_samples.value, excluded.value) end",
    )
    .bind(now)
    .bind(summed_names())
    .execute(&mut *conn)
    .await?;
    let folded = sqlx::query("delete from metric_samples where resolution = 'minute' and at < date_trunc('hour', $1 - interval '7 days')")
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let expired = sqlx::query("delete from metric_samples where at < $1 - interval '90 days'").bind(now).execute(&mut *conn).await?.rows_affected();
    Ok((folded, expired))
}

/// The last five minutes before `now`, instances combined: the response time's and the pool's
/// average of per-minute highs, and the requests and server errors in all.
pub async fn recent_readings(conn: &mut PgConnection, now: DateTime<Utc>) -> Result<(Option<f64>, f64, f64, Option<f64>), AppError> {
    Ok(sqlx::query_as(
        "with combined as (
             select name, at, case when name = any($2) then sum(value) else max(value) end as value
             from metric_samples
             where resolution = 'minute' and at >= date_trunc('minute', $1) - interval '5 minutes' and at < date_trunc('minute', $1)
             group by name, at
         )
         select (select avg(value) from combined where name = $3 and value > 0),
                coalesce((select sum(value) from combined where name = $4), 0),
                coalesce((select sum(value) from combined where name = $5), 0),
                (select avg(value) from combined where name = $6)",
    )
    .bind(now)
    .bind(summed_names())
    .bind(LATENCY_P95)
    .bind(REQUESTS)
    .bind(SERVER_ERRORS)
    .bind(POOL_USE)
    .fetch_one(conn)
    .await?)
}

const ALERT_COLUMNS: &str = "id, metric, level, value, threshold, opened_at, resolved_at, incident_id";

#[derive(sqlx::FromRow)]
struct AlertRow {
    id: Uuid,
    metric: String,
    level: Level,
    value: f64,
    threshold: f64,
    opened_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    incident_id: Option<Uuid>,
}

impl From<AlertRow> for Alert {
    fn from(r: AlertRow) -> Self {
        Alert { id: r.id, metric: r.metric, level: r.level, value: r.value, threshold: r.threshold, opened_at: r.opened_at, resolved_at: r.resolved_at, incident_id: r.incident_id }
    }
}

/// The open alert of a figure, locked until the caller's transaction ends.
pub async fn open_alert(conn: &mut PgConnection, metric: &str) -> Result<Option<Alert>, AppError> {
    let row: Option<AlertRow> = sqlx::query_as(&format!("select {ALERT_COLUMNS} from metric_alerts where metric = $1 and resolved_at is null for update"))
        .bind(metric)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Alert::from))
}

pub async fn open(conn: &mut PgConnection, metric: &str, level: Level, value: f64, threshold: f64, now: DateTime<Utc>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query("insert into metric_alerts (id, metric, level, value, threshold, opened_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)")
        .bind(id)
        .bind(metric)
        .bind(level.as_str())
        .bind(value)
        .bind(threshold)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(id)
}

pub async fn update(conn: &mut PgConnection, id: Uuid, level: Level, value: f64, threshold: f64, now: DateTime<Utc>) -> Result<(), AppError> {
    sqlx::query("update metric_alerts set level = $2, value = $3, threshold = $4, updated_at = $5 where id = $1")
        .bind(id)
        .bind(level.as_str())
        .bind(value)
        .bind(threshold)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn resolve(conn: &mut PgConnection, id: Uuid, value: f64, now: DateTime<Utc>) -> Result<(), AppError> {
    sqlx::query("update metric_alerts set resolved_at = $3, value = $2, updated_at = $3 where id = $1").bind(id).bind(value).bind(now).execute(conn).await?;
    Ok(())
}

pub async fn link_incident(conn: &mut PgConnection, id: Uuid, incident_id: Uuid) -> Result<(), AppError> {
    sqlx::query("update metric_alerts set incident_id = $2 where id = $1").bind(id).bind(incident_id).execute(conn).await?;
    Ok(())
}

/// Open alerts, then the 20 latest resolved ones.
pub async fn alerts(conn: &mut PgConnection) -> Result<Vec<Alert>, AppError> {
    let rows: Vec<AlertRow> = sqlx::query_as(&format!(
        "(select {ALERT_COLUMNS} from metric_alerts where resolved_at is null order by opened_at desc)
         union all
         (select {ALERT_COLUMNS} from metric_alerts where resolved_at is not null order by resolved_at desc limit 20)"
    ))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Alert::from).collect())
}

/// Every superadmin: (id, email), oldest account first.
pub async fn superadmins(conn: &mut PgConnection) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(sqlx::query_as("select id, email from users where is_superadmin order by created_at").fetch_all(conn).await?)
}
