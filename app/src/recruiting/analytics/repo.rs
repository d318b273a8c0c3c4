//! The funnel in the database: the daily rollups computed from the stage events, and the
//! reports read from them.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::*;
use crate::platform::rollups::{duration_bounds, Histogram};
use crate::platform::AppError;
use crate::recruiting::pipeline::types::StageKind;

/// Recomputes the tenant's rollups from the day after its last final day (every day, the first
/// time) through today, from the stage events; the days before today become final. True when
/// it ran; skipped
/// when no event came since the last refresh, or when another refresh of the tenant is running
/// (the report then reads the rollups as they are instead of waiting).
pub async fn refresh(conn: &mut PgConnection, tenant_id: Uuid, force: bool) -> Result<bool, AppError> {
    // Most reports find the rollups fresh: a plain read, without a lock or a write.
    const FRESH: &str = "tenant_current and refreshed_at >= coalesce((select max(created_at) from stage_events where tenant_id = $1), '-infinity')
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
    let row: Option<(NaiveDate, bool, bool)> =
        sqlx::query_as(&format!("select through, tenant_current, {FRESH} from funnel_rollups where tenant_id = $1 for update skip locked"))
            .bind(tenant_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((through, tenant_current, fresh)) = row else { return Ok(false) };
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
    // The tenant's rows: from the same day, or all of them again after a requisition changed.
    let everything = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(from);
    derive_tenant_rows(conn, tenant_id, if tenant_current { from } else { everything }).await?;
    sqlx::query(
        "update funnel_rollups set through = (now() at time zone 'utc')::date - 1, refreshed_at = now(), tenant_current = true where tenant_id = $1",
    )
    .bind(tenant_id)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Sums the funnel_daily rows of the tenant's requisitions that are not deleted into the tenant's
/// rows per day and step (times as histograms) and per department, source and recruiter, from `from` on.
async fn derive_tenant_rows(conn: &mut PgConnection, tenant_id: Uuid, from: NaiveDate) -> Result<(), AppError> {
    for table in ["funnel_tenant_days", "funnel_tenant_groups"] {
        sqlx::query(&format!("delete from {table} where tenant_id = $1 and day >= $2")).bind(tenant_id).bind(from).execute(&mut *conn).await?;
    }
    sqlx::query(
        "with live as (
             select d.* from funnel_daily d join requisitions r on r.id = d.requisition_id
             where d.tenant_id = $1 and r.tenant_id = $1 and r.deleted_at is null and d.day >= $2
         ),
         totals as (select day, kind, sum(entered)::int as entered, sum(rejected)::int as rejected from live group by 1, 2),
         times as (
             select day, kind, width_bucket(s, $3::int[])::smallint as bucket, count(*)::int as n
             from live, unnest(live.seconds_in_step) s group by 1, 2, 3
         ),
         histograms as (select day, kind, array_agg(bucket order by bucket) as buckets, array_agg(n order by bucket) as counts from times group by 1, 2)
         insert into funnel_tenant_days (tenant_id, day, kind, entered, rejected, time_buckets, time_counts)
         select $1, t.day, t.kind, t.entered, t.rejected, coalesce(h.buckets, '{}'), coalesce(h.counts, '{}')
         from totals t left join histograms h using (day, kind)",
    )
    .bind(tenant_id)
    .bind(from)
    .bind(duration_bounds())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into funnel_tenant_groups (tenant_id, day, dimension, key, applications, interviews, hires)
         select $1, d.day, g.dimension, g.key, coalesce(sum(d.entered) filter (where d.kind = 'applied'), 0),
                coalesce(sum(d.entered) filter (where d.kind = 'interview'), 0), coalesce(sum(d.entered) filter (where d.kind = 'hired'), 0)
         from funnel_daily d join requisitions r on r.id = d.requisition_id
         cross join lateral (values ('department', coalesce(nullif(r.department, ''), 'No department')), ('source', replace(d.source, '_', ' ')),
                                    ('recruiter', coalesce(r.recruiter_id::text, ''))) g (dimension, key)
         where d.tenant_id = $1 and r.tenant_id = $1 and r.deleted_at is null and d.day >= $2
         group by d.day, g.dimension, g.key",
    )
    .bind(tenant_id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(())
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

/// Per step: entered, rejected and the median seconds in it; per day: applications, moves, hires.
type Steps = (Vec<(StageKind, i64, i64, Option<f64>)>, Vec<(NaiveDate, i64, i64, i64)>);

/// A requisition's steps from its own rows: exact medians over every duration.
async fn requisition_steps(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Steps, AppError> {
    let requisition = Some(requisition_id);
    let rows: Vec<(StageKind, i64, i64, Option<f64>)> = sqlx::query_as(&format!(
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
    Ok((rows, days))
}

/// The tenant's steps from its rows per day and step, read once: medians from the histograms
/// (within the width of a bucket, as the page says).
async fn tenant_steps(conn: &mut PgConnection, tenant_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Steps, AppError> {
    let rows: Vec<(NaiveDate, StageKind, i32, i32, Vec<i16>, Vec<i32>)> = sqlx::query_as(
        "select day, kind, entered, rejected, time_buckets, time_counts from funnel_tenant_days where tenant_id = $1 and day between $2 and $3",
    )
    .bind(tenant_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    let mut steps: Vec<(StageKind, i64, i64, Histogram)> = Vec::new();
    let mut days: std::collections::BTreeMap<NaiveDate, (i64, i64, i64)> = std::collections::BTreeMap::new();
    for (day, kind, entered, rejected, buckets, counts) in rows {
        let (entered, rejected) = (i64::from(entered), i64::from(rejected));
        let index = match steps.iter().position(|s| s.0 == kind) {
            Some(index) => index,
            None => {
                steps.push((kind, 0, 0, Histogram::default()));
                steps.len() - 1
            }
        };
        let step = &mut steps[index];
        step.1 += entered;
        step.2 += rejected;
        step.3.add(&buckets, &counts);
        let totals = days.entry(day).or_default();
        match kind {
            StageKind::Applied => totals.0 += entered,
            StageKind::Hired => {
                totals.1 += entered;
                totals.2 += entered
            }
            _ => totals.1 += entered,
        }
    }
    let series = from.iter_days().take_while(|d| *d <= to).map(|d| {
        let (applications, moves, hires) = days.get(&d).copied().unwrap_or_default();
        (d, applications, moves, hires)
    });
    Ok((steps.into_iter().map(|(kind, entered, rejected, times)| (kind, entered, rejected, times.median())).collect(), series.collect()))
}

pub async fn funnel(conn: &mut PgConnection, tenant_id: Uuid, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Funnel, AppError> {
    let requisition = scope.requisition();
    let (rows, days) = match requisition {
        Some(id) => requisition_steps(&mut *conn, tenant_id, id, from, to).await?,
        None => tenant_steps(&mut *conn, tenant_id, from, to).await?,
    };
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
        let (count, rejected, median) = rows.iter().find(|r| r.0 == kind).map(|r| (r.1, r.2, r.3)).unwrap_or((0, 0, None));
        let conversion = before.filter(|n| *n > 0).map(|n| (count as f64 / n as f64 * 1000.0).round() / 10.0);
        steps.push(Step { kind, count, conversion, median_days_in_step: median.map(|s| (s / 86_400.0 * 10.0).round() / 10.0), rejected });
        before = Some(count);
    }
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
    let (average_match, median_match) = match requisition {
        Some(_) => sqlx::query_as(
            "select round(avg(match_score), 1)::float8, percentile_cont(0.5) within group (order by match_score::float8)
             from applications a where a.tenant_id = $1 and a.requisition_id = $2
               and (a.created_at at time zone 'utc')::date between $3 and $4 and a.match_score is not null",
        )
        .bind(tenant_id)
        .bind(requisition)
        .bind(from)
        .bind(to)
        .fetch_one(&mut *conn)
        .await?,
        None => tenant_match(&mut *conn, tenant_id, from, to).await?,
    };
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

/// The mean (rounded to a tenth) and median match score of the tenant's applications made in the
/// period, from the counts per day and score: exactly what the same over the applications gives.
async fn tenant_match(conn: &mut PgConnection, tenant_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<(Option<f64>, Option<f64>), AppError> {
    let scores: Vec<(f64, i64)> = sqlx::query_as(
        "select score::float8, sum(applications)::int8 from application_match_days where tenant_id = $1 and day between $2 and $3
         group by score having sum(applications) > 0 order by score",
    )
    .bind(tenant_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let average: Option<f64> = sqlx::query_scalar(
        "select round(sum(score * applications) / nullif(sum(applications), 0), 1)::float8 from application_match_days
         where tenant_id = $1 and day between $2 and $3",
    )
    .bind(tenant_id)
    .bind(from)
    .bind(to)
    .fetch_one(&mut *conn)
    .await?;
    let n: i64 = scores.iter().map(|s| s.1).sum();
    // The values at 0-based ranks, interpolated as percentile_cont(0.5) does.
    let at = |rank: i64| {
        let mut before = 0;
        scores.iter().find(|(_, count)| {
            before += count;
            rank < before
        })
        .map(|s| s.0)
    };
    let median = match n {
        0 => None,
        _ => {
            let (low, high) = (at((n - 1) / 2), at(n / 2));
            low.zip(high).map(|(low, high)| low + (high - low) * if n % 2 == 0 { 0.5 } else { 0.0 })
        }
    };
    Ok((average, median))
}

/// The tenant's figures by a requisition's department, an application's source, or a
/// requisition's recruiter (by name, as now), from the tenant's rows per day and group.
pub async fn breakdown(conn: &mut PgConnection, tenant_id: Uuid, by: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<Breakdown>, AppError> {
    let dimension = match by {
        "department" | "source" => by,
        _ => "recruiter",
    };
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "with totals as (
             select key, sum(applications) as applications, sum(interviews) as interviews, sum(hires) as hires
             from funnel_tenant_groups where tenant_id = $1 and dimension = $2 and day between $3 and $4 group by key
         )
         select case when $2 <> 'recruiter' then key
                     else coalesce((select display_name from users where id = nullif(key, '')::uuid), 'No recruiter') end,
                sum(applications)::int8, sum(interviews)::int8, sum(hires)::int8
         from totals group by 1 order by 2 desc, 1",
    )
    .bind(tenant_id)
    .bind(dimension)
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
