//! The events' table, the daily rollup and the dashboards' reads.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::events::Event;
use super::types::*;
use crate::platform::db::{Db, Scope};
use crate::platform::AppError;

/// Writes a batch of events in one statement, in the platform scope.
pub async fn insert_events(pool: &sqlx::PgPool, events: Vec<Event>) -> Result<(), AppError> {
    let mut columns = (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for e in events {
        columns.0.push(e.kind.as_str());
        columns.1.push(e.at);
        columns.2.push(e.tenant_id);
        columns.3.push(e.user_id);
        columns.4.push(e.success);
        columns.5.push(e.path);
        columns.6.push(e.query);
        columns.7.push(e.results);
    }
    let mut tx = Db::begin(pool, &Scope::Platform).await?;
    sqlx::query(
        "insert into analytics_events (kind, at, tenant_id, user_id, success, path, query, results)
         select * from unnest($1::text[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::bool[], $6::text[], $7::text[], $8::int4[])",
    )
    .bind(columns.0)
    .bind(columns.1)
    .bind(columns.2)
    .bind(columns.3)
    .bind(columns.4)
    .bind(columns.5)
    .bind(columns.6)
    .bind(columns.7)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The days to roll up: from the last day rolled up (its figures may have grown since) to
/// `today`; the first time, from the oldest event's day.
pub async fn days_to_roll_up(conn: &mut PgConnection, today: NaiveDate) -> Result<Vec<NaiveDate>, AppError> {
    let first: Option<NaiveDate> = sqlx::query_scalar(
        "select coalesce((select max(day) from usage_rollup_days), (select min(at)::date from analytics_events))",
    )
    .fetch_one(&mut *conn)
    .await?;
    let first = first.unwrap_or(today).min(today);
    Ok(first.iter_days().take_while(|day| *day <= today).collect())
}

/// Derives `day`'s figures again from its raw events, for every tenant and the platform; also
/// who was active in its week and the retention cohorts of that week. Idempotent.
pub async fn roll_up(conn: &mut PgConnection, day: NaiveDate) -> Result<i64, AppError> {
    // A day's figures are replaced, never added to: the same day may be rolled up again.
    sqlx::query("delete from daily_metrics where day = $1 and metric <> 'cohort_active'").bind(day).execute(&mut *conn).await?;
    // Each statement's `grouping sets` count per tenant and for the platform (the empty set).
    sqlx::query(
        "with e as (select * from analytics_events where at >= $1::date and at < $1::date + 1),
         counted as (
             select case when grouping(tenant_id) = 1 then null else tenant_id end as scope,
                    count(*) filter (where kind = 'page_view') as page_views,
                    count(*) filter (where kind = 'search') as searches,
                    count(*) filter (where kind = 'search' and results = 0) as searches_without_results,
                    count(*) filter (where kind = 'search_click') as search_clicks,
                    count(*) filter (where kind = 'application') as applications,
                    count(*) filter (where kind = 'sign_in' and success) as sign_ins,
                    count(*) filter (where kind = 'sign_in' and not success) as sign_in_failures,
                    count(distinct user_id) as active_users
               from e
              group by grouping sets ((tenant_id), ())
             having grouping(tenant_id) = 1 or tenant_id is not null)
         insert into daily_metrics (tenant_id, metric, day, dimension, value)
         select c.scope, v.metric, $1, '', v.value
           from counted c
          cross join lateral (values ('page_views', c.page_views), ('searches', c.searches), ('searches_without_results', c.searches_without_results),
                                     ('search_clicks', c.search_clicks), ('applications', c.applications), ('sign_ins', c.sign_ins),
                                     ('sign_in_failures', c.sign_in_failures), ('active_users', c.active_users)) v (metric, value)
          where v.value > 0",
    )
    .bind(day)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into daily_metrics (tenant_id, metric, day, dimension, value)
         select case when grouping(tenant_id) = 1 then null else tenant_id end, 'weekly_active_users', $1, '', count(distinct user_id)
           from analytics_events
          where at >= $1::date - 6 and at < $1::date + 1 and user_id is not null
          group by grouping sets ((tenant_id), ())
         having (grouping(tenant_id) = 1 or tenant_id is not null) and count(distinct user_id) > 0",
    )
    .bind(day)
    .execute(&mut *conn)
    .await?;
    // The most frequent pages and searches of the day, in each scope; a search's clicks are
    // kept whenever the search is, for its click-through.
    sqlx::query(
        "with e as (select * from analytics_events where at >= $1::date and at < $1::date + 1),
         d as (
             select tenant_id, 'page' as metric, path as dimension from e where kind = 'page_view' and path is not null
             union all select tenant_id, 'search', query from e where kind = 'search' and query <> ''
             union all select tenant_id, 'search_without_results', query from e where kind = 'search' and results = 0 and query <> ''
             union all select tenant_id, 'search_click', query from e where kind = 'search_click' and query <> ''),
         counted as (
             select case when grouping(tenant_id) = 1 then null else tenant_id end as scope, metric, dimension, count(*) as value
               from d
              group by grouping sets ((tenant_id, metric, dimension), (metric, dimension))
             having grouping(tenant_id) = 1 or tenant_id is not null),
         ranked as (select *, row_number() over (partition by scope, metric order by value desc, dimension) as rank from counted),
         kept_searches as (select coalesce(scope, '00000000-0000-0000-0000-000000000000') as scope, dimension from ranked where metric = 'search' and rank <= $2)
         insert into daily_metrics (tenant_id, metric, day, dimension, value)
         select r.scope, r.metric, $1, r.dimension, r.value
           from ranked r
           left join kept_searches k
             on r.metric = 'search_click' and k.dimension = r.dimension and k.scope = coalesce(r.scope, '00000000-0000-0000-0000-000000000000')
          where r.rank <= $2 or k.dimension is not null",
    )
    .bind(day)
    .bind(KEPT_PER_DAY)
    .execute(&mut *conn)
    .await?;
    let week = week_of(day);
    sqlx::query(
        "insert into active_weeks (week, tenant_id, user_id)
         select distinct $2::date, v.tenant_id, e.user_id
           from analytics_events e cross join lateral (values (e.tenant_id), (null::uuid)) v (tenant_id)
          where e.at >= $1::date and e.at < $1::date + 1 and e.user_id is not null
         on conflict do nothing",
    )
    .bind(day)
    .bind(week)
    .execute(&mut *conn)
    .await?;
    sqlx::query("delete from daily_metrics where metric = 'cohort_active' and day = $1").bind(week).execute(&mut *conn).await?;
    sqlx::query(
        "insert into daily_metrics (tenant_id, metric, day, dimension, value)
         select null, 'cohort_active', $1, to_char(date_trunc('week', u.created_at), 'YYYY-MM-DD'), count(*)
           from active_weeks a join users u on u.id = a.user_id
          where a.week = $1 and a.tenant_id is null
          group by 4
         union all
         select a.tenant_id, 'cohort_active', $1, to_char(date_trunc('week', m.created_at), 'YYYY-MM-DD'), count(*)
           from active_weeks a join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
          where a.week = $1 and a.tenant_id is not null
          group by 1, 4",
    )
    .bind(week)
    .execute(&mut *conn)
    .await?;
    // The sizes of the cohorts shown beside this week's: accounts made (the platform), members
    // who joined (a tenant), per sign-up week.
    let first_cohort = week - Duration::weeks(COHORT_WEEKS as i64 - 1);
    sqlx::query("delete from daily_metrics where metric = 'cohort_size' and day between $1 and $2").bind(first_cohort).bind(week).execute(&mut *conn).await?;
    sqlx::query(
        "insert into daily_metrics (tenant_id, metric, day, dimension, value)
         select null, 'cohort_size', date_trunc('week', created_at)::date, '', count(*) from users
          where created_at >= $1::date and created_at < $2::date + 7 group by 3
         union all
         select tenant_id, 'cohort_size', date_trunc('week', created_at)::date, '', count(*) from memberships
          where created_at >= $1::date and created_at < $2::date + 7 group by 1, 3",
    )
    .bind(first_cohort)
    .bind(week)
    .execute(&mut *conn)
    .await?;
    let events: i64 = sqlx::query_scalar(
        "insert into usage_rollup_days (day, events, rolled_at)
         values ($1, (select count(*) from analytics_events where at >= $1::date and at < $1::date + 1), now())
         on conflict (day) do update set events = excluded.events, rolled_at = excluded.rolled_at
         returning events",
    )
    .bind(day)
    .fetch_one(&mut *conn)
    .await?;
    Ok(events)
}

/// Deletes up to `limit` raw events from before `cutoff` whose day is rolled up; returns how many.
pub async fn delete_old_events(conn: &mut PgConnection, cutoff: NaiveDate, limit: i64) -> Result<u64, AppError> {
    Ok(sqlx::query(
        "delete from analytics_events where id in (
             select id from analytics_events e
              where e.at < $1::date and exists (select 1 from usage_rollup_days r where r.day = e.at::date)
              limit $2)",
    )
    .bind(cutoff)
    .bind(limit)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Monday of `day`'s week.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The scope's condition on `daily_metrics`: a tenant's rows ($1), or the platform's ($1 null).
fn scope(tenant_id: Option<Uuid>) -> &'static str {
    match tenant_id {
        Some(_) => "tenant_id = $1",
        None => "tenant_id is null and $1::uuid is null",
    }
}

/// The dashboard of `tenant_id` (none: the platform) over `from..=to`, from the rollups only.
pub async fn report(conn: &mut PgConnection, tenant_id: Option<Uuid>, from: NaiveDate, to: NaiveDate) -> Result<UsageReport, AppError> {
    let rows: Vec<(NaiveDate, String, i64)> = sqlx::query_as(&format!(
        "select day, metric, value from daily_metrics
          where {} and metric = any($2) and day between $3 and $4 and dimension = ''",
        scope(tenant_id)
    ))
    .bind(tenant_id)
    .bind(&[
        "page_views", "searches", "searches_without_results", "search_clicks", "applications", "sign_ins", "sign_in_failures", "active_users",
        "weekly_active_users",
    ][..])
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let mut days: Vec<UsageDay> = from.iter_days().take_while(|d| *d <= to).map(|day| UsageDay { day, ..UsageDay::default() }).collect();
    for (day, metric, value) in rows {
        let Some(row) = days.get_mut((day - from).num_days() as usize) else { continue };
        let figure = match metric.as_str() {
            "page_views" => &mut row.page_views,
            "searches" => &mut row.searches,
            "searches_without_results" => &mut row.searches_without_results,
            "search_clicks" => &mut row.search_clicks,
            "applications" => &mut row.applications,
            "sign_ins" => &mut row.sign_ins,
            "sign_in_failures" => &mut row.sign_in_failures,
            "active_users" => &mut row.active_users,
            _ => &mut row.weekly_active_users,
        };
        *figure = value;
    }
    // A tenant's board figures are the searches that led to its jobs: counted by their clicks.
    let ranked_by = if tenant_id.is_some() { "search_click" } else { "search" };
    let top: Vec<(String, i64)> = most_frequent(conn, tenant_id, ranked_by, from, to, 20).await?;
    let clicks: Vec<(String, i64)> = sqlx::query_as(&format!(
        "select dimension, sum(value)::int8 from daily_metrics
          where {} and metric = 'search_click' and day between $2 and $3 and dimension = any($4)
          group by dimension",
        scope(tenant_id)
    ))
    .bind(tenant_id)
    .bind(from)
    .bind(to)
    .bind(top.iter().map(|(query, _)| query.clone()).collect::<Vec<_>>())
    .fetch_all(&mut *conn)
    .await?;
    let top_searches = top
        .into_iter()
        .map(|(query, count)| {
            let clicks = clicks.iter().find(|(q, _)| *q == query).map_or(0, |(_, c)| *c);
            SearchFigure { searches: if tenant_id.is_some() { 0 } else { count }, clicks, query }
        })
        .collect();
    let searches_without_results = if tenant_id.is_some() { vec![] } else { most_frequent(conn, tenant_id, "search_without_results", from, to, 20).await? };
    let top_pages = most_frequent(conn, tenant_id, "page", from, to, 10).await?;
    let cohorts = cohorts(conn, tenant_id, to).await?;
    let rolled_at: Option<DateTime<Utc>> = sqlx::query_scalar("select max(rolled_at) from usage_rollup_days").fetch_one(&mut *conn).await?;
    Ok(UsageReport { platform: tenant_id.is_none(), from, to, days, top_searches, searches_without_results, top_pages, cohorts, rolled_at })
}

/// The `limit` most frequent values of a broken-down figure over the period.
async fn most_frequent(conn: &mut PgConnection, tenant_id: Option<Uuid>, metric: &str, from: NaiveDate, to: NaiveDate, limit: i64) -> Result<Vec<(String, i64)>, AppError> {
    Ok(sqlx::query_as(&format!(
        "select dimension, sum(value)::int8 as total from daily_metrics
          where {} and metric = $2 and day between $3 and $4 and dimension <> ''
          group by dimension order by total desc, dimension limit $5",
        scope(tenant_id)
    ))
    .bind(tenant_id)
    .bind(metric)
    .bind(from)
    .bind(to)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The last `COHORT_WEEKS` sign-up weeks up to `to`'s, each with its size and its active users per week since.
async fn cohorts(conn: &mut PgConnection, tenant_id: Option<Uuid>, to: NaiveDate) -> Result<Vec<Cohort>, AppError> {
    let last = week_of(to);
    let first = last - Duration::weeks(COHORT_WEEKS as i64 - 1);
    // A size's dimension is '' (on its sign-up week's day); an active count's, its cohort's week.
    let rows: Vec<(String, NaiveDate, String, i64)> = sqlx::query_as(&format!(
        "select metric, day, dimension, value from daily_metrics where {} and metric in ('cohort_size', 'cohort_active') and day between $2 and $3",
        scope(tenant_id)
    ))
    .bind(tenant_id)
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let figure = |metric: &str, day: NaiveDate, dimension: &str| {
        rows.iter().find(|(m, d, dim, _)| m == metric && *d == day && dim == dimension).map_or(0, |(_, _, _, n)| *n)
    };
    Ok(first
        .iter_weeks()
        .take_while(|week| *week <= last)
        .map(|week| {
            let key = week.format("%Y-%m-%d").to_string();
            let weeks_since = (last - week).num_weeks() + 1;
            let active = (0..weeks_since).map(|k| figure("cohort_active", week + Duration::weeks(k), &key)).collect();
            Cohort { week, size: figure("cohort_size", week, ""), active }
        })
        .collect())
}
