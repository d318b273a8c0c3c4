//! The funnel in the database: the daily rollups computed from the stage events, and the
//! reports read from them.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;
use crate::recruiting::pipeline::types::StageKind;

/// Recomputes the tenant's rollups from the day after its last final day (every day, the first
/// time) through today, from the stage events; the days before today become final. True when
/// it ran; skipped
/// when no event came since the last refresh, or when another refresh of the tenant is running
/// (the report then reads the rollups as they are instead of waiting).
pub async fn refresh(conn: &mut PgConnection, tenant_id: Uuid, force: bool) -> Result<bool, AppError> {
    // Most reports find the rollups fresh: a plain read, without a lock or a write.
    const FRESH: &str = "refreshed_at >= coalesce((select max(created_at) from stage_events where tenant_id = $1), '-infinity')
        and (refreshed_at at time zone 'utc')::date = (now() at time zone 'utc')::date";
    let fresh: Option<bool> = sqlx::query_scalar(&format!("select {FRESH} from funnel_rollups where tenant_id = $1")).bind(tenant_id).fetch_optional(&mut *conn).await?;
    if fresh == Some(true) && !force {
        return Ok(false);
    }
    // Before any event: the first refresh counts everything.
    sqlx::query("insert into funnel_rollups (tenant_id, through) values ($1, '2000-01-01') on conflict (tenant_id) do nothing")
        .bind(tenant_id)
        .execute(&mut *conn)
        .await?;
    let row: Option<(NaiveDate, bool)> = sqlx::query_as(&format!("select through, {FRESH} from funnel_rollups where tenant_id = $1 for update skip locked"))
        .bind(tenant_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((through, fresh)) = row else { return Ok(false) };
    if fresh && !force {
        return Ok(false);
    }
    let from = through.succ_opt().unwrap_or(through);
    sqlx::query("delete from funnel_daily where tenant_id = $1 and day >= $2").bind(tenant_id).bind(from).execute(&mut *conn).await?;
    sqlx::query(
        "with moved as (
             select distinct application_id from stage_events where tenant_id = $1 and created_at >= $2::date
         ),
         events as (
             select e.requisition_id, e.created_at, e.to_kind, e.to_status, e.from_stage_id, e.to_stage_id, e.from_status, a.source,
                    lag(e.created_at) over w as previous_at, lag(e.to_kind) over w as previous_kind
             from stage_events e join applications a on a.id = e.application_id
             where e.tenant_id = $1 and e.application_id in (select application_id from moved)
             window w as (partition by e.application_id order by e.created_at, e.id)
         ),
         facts as (
             -- Entering a step: a move into another stage, or the opening of the application.
             select requisition_id, (created_at at time zone 'utc')::date as day, to_kind as kind, source,
                    1 as entered, 0 as rejected, null::integer as seconds
             from events where to_status = 'active' and from_status is distinct from 'rejected' and from_status is distinct from 'withdrawn'
                and (from_stage_id is null or from_stage_id <> to_stage_id)
             union all
             select requisition_id, (created_at at time zone 'utc')::date, to_kind, source, 0, 1, null
             from events where to_status = 'rejected'
             union all
             -- Leaving a step: the time since the event that brought it there.
             select requisition_id, (created_at at time zone 'utc')::date, previous_kind, source, 0, 0,
                    extract(epoch from created_at - previous_at)::integer
             from events where previous_kind is not null and from_status = 'active'
                and (from_stage_id <> to_stage_id or to_status <> 'active')
         )
         insert into funnel_daily (tenant_id, requisition_id, day, kind, source, entered, rejected, seconds_in_step)
         select $1, requisition_id, day, kind, source, sum(entered), sum(rejected),
                coalesce(array_agg(seconds order by seconds) filter (where seconds is not null), '{}')
         from facts where day >= $2::date and kind is not null
         group by requisition_id, day, kind, source",
    )
    .bind(tenant_id)
    .bind(from)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update funnel_rollups set through = (now() at time zone 'utc')::date - 1, refreshed_at = now() where tenant_id = $1",
    )
    .bind(tenant_id)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Which requisitions a report covers: one, or all of the tenant's that are not deleted.
#[derive(Clone, Copy)]
pub enum Scope {
    Requisition(Uuid),
    Tenant,
}

impl Scope {
    fn requisition(self) -> Option<Uuid> {
        match self {
            Scope::Requisition(id) => Some(id),
            Scope::Tenant => None,
        }
    }
}

const IN_SCOPE: &str = "d.tenant_id = $1 and ($2::uuid is null or d.requisition_id = $2) and d.day between $3 and $4
    and d.requisition_id in (select id from requisitions where tenant_id = $1 and deleted_at is null)";

fn days_between(start: Option<DateTime<Utc>>, end: Option<DateTime<Utc>>) -> Option<f64> {
    let (start, end) = (start?, end?);
    Some(((end - start).num_seconds().max(0) as f64 / 86_400.0 * 10.0).round() / 10.0)
}

pub async fn funnel(conn: &mut PgConnection, tenant_id: Uuid, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Funnel, AppError> {
    let requisition = scope.requisition();
    let rows: Vec<(String, i64, i64, Option<f64>)> = sqlx::query_as(&format!(
        "select d.kind, sum(d.entered)::int8, sum(d.rejected)::int8,
                (select percentile_cont(0.5) within group (order by s) from funnel_daily d2, unnest(d2.seconds_in_step) s
                 where d2.kind = d.kind and d2.tenant_id = $1 and ($2::uuid is null or d2.requisition_id = $2) and d2.day between $3 and $4
                   and d2.requisition_id in (select id from requisitions where tenant_id = $1 and deleted_at is null))
         from funnel_daily d where {IN_SCOPE} group by d.kind"
    ))
    .bind(tenant_id)
    .bind(requisition)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let views: i64 = sqlx::query_scalar(
        "select coalesce(sum(d.views), 0)::int8 from job_analytics d where d.tenant_id = $1 and ($2::uuid is null or d.requisition_id = $2) and d.day between $3 and $4
           and d.requisition_id in (select id from requisitions where tenant_id = $1 and deleted_at is null)",
    )
    .bind(tenant_id)
    .bind(requisition)
    .bind(from)
    .bind(to)
    .fetch_one(&mut *conn)
    .await?;
    let mut steps = Vec::new();
    let mut before = Some(views);
    for kind in StageKind::ALL {
        let (count, rejected, median) = rows.iter().find(|r| r.0 == kind.as_str()).map(|r| (r.1, r.2, r.3)).unwrap_or((0, 0, None));
        let conversion = before.filter(|n| *n > 0).map(|n| (count as f64 / n as f64 * 1000.0).round() / 10.0);
        steps.push(Step { kind, count, conversion, median_days_in_step: median.map(|s| (s / 86_400.0 * 10.0).round() / 10.0), rejected });
        before = Some(count);
    }
    let days: Vec<(NaiveDate, i64, i64, i64)> = sqlx::query_as(&format!(
        "select g::date, coalesce(sum(d.entered) filter (where d.kind = 'applied'), 0)::int8,
                coalesce(sum(d.entered) filter (where d.kind <> 'applied'), 0)::int8,
                coalesce(sum(d.entered) filter (where d.kind = 'hired'), 0)::int8
         from generate_series($3::date, $4::date, interval '1 day') g
         left join funnel_daily d on d.day = g::date and {IN_SCOPE}
         group by g order by g"
    ))
    .bind(tenant_id)
    .bind(requisition)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let (first_application, first_hire, opened): (Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<DateTime<Utc>>) = match requisition {
        Some(id) => sqlx::query_as(
            "select (select min(created_at) from applications where requisition_id = $1 and tenant_id = $2),
                    (select min(created_at) from stage_events where requisition_id = $1 and tenant_id = $2 and to_kind = 'hired' and to_status = 'active'),
                    (select coalesce(opened_at, created_at) from requisitions where id = $1 and tenant_id = $2)",
        )
        .bind(id)
        .bind(tenant_id)
        .fetch_one(&mut *conn)
        .await?,
        None => (None, None, None),
    };
    let (average_match, median_match): (Option<f64>, Option<f64>) = sqlx::query_as(
        "select round(avg(match_score), 1)::float8, percentile_cont(0.5) within group (order by match_score::float8)
         from applications a where a.tenant_id = $1 and ($2::uuid is null or a.requisition_id = $2)
           and (a.created_at at time zone 'utc')::date between $3 and $4 and a.match_score is not null",
    )
    .bind(tenant_id)
    .bind(requisition)
    .bind(from)
    .bind(to)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Funnel {
        from,
        to,
        views,
        steps,
        days: days.into_iter().map(|(day, applications, moves, hires)| Day { day, applications, moves, hires }).collect(),
        days_to_first_application: days_between(opened, first_application),
        days_to_fill: days_between(opened, first_hire),
        average_match,
        median_match: median_match.map(|m| (m * 10.0).round() / 10.0),
    })
}

/// The tenant's figures by a requisition's department, an application's source, or a requisition's recruiter.
pub async fn breakdown(conn: &mut PgConnection, tenant_id: Uuid, by: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<Breakdown>, AppError> {
    let group = match by {
        "department" => "coalesce(nullif(r.department, ''), 'No department')",
        "source" => "replace(d.source, '_', ' ')",
        _ => "coalesce(u.display_name, 'No recruiter')",
    };
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(&format!(
        "select {group}, coalesce(sum(d.entered) filter (where d.kind = 'applied'), 0)::int8,
                coalesce(sum(d.entered) filter (where d.kind = 'interview'), 0)::int8,
                coalesce(sum(d.entered) filter (where d.kind = 'hired'), 0)::int8
         from funnel_daily d join requisitions r on r.id = d.requisition_id left join users u on u.id = r.recruiter_id
         where d.tenant_id = $1 and r.deleted_at is null and d.day between $2 and $3
         group by 1 order by 2 desc, 1"
    ))
    .bind(tenant_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(name, applications, interviews, hires)| Breakdown { name, applications, interviews, hires }).collect())
}

/// Every tenant, for the nightly refresh.
pub async fn tenants(conn: &mut PgConnection) -> Result<Vec<Uuid>, AppError> {
    Ok(sqlx::query_scalar("select id from tenants order by id").fetch_all(conn).await?)
}
