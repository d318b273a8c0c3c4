//! Calibration: rollups per interviewer and day (and month), and the report's reads.

use super::*;

//
// The report reads rollups per interviewer and day (and month) of the interviews' start (UTC),
// which triggers mark as changed (calibration_changes) and `refresh_calibration` recomputes.

/// Changes wait to be rolled up (a plain read; a report then refreshes first).
pub async fn calibration_behind(conn: &mut PgConnection, tenant_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select from calibration_changes where tenant_id = $1)").bind(tenant_id).fetch_one(conn).await?)
}

/// The tenants with changes to roll up, for the queue; forgets those of tenants deleted since.
pub async fn calibration_tenants_behind(conn: &mut PgConnection) -> Result<Vec<Uuid>, AppError> {
    sqlx::query("delete from calibration_changes c where not exists (select from tenants t where t.id = c.tenant_id)").execute(&mut *conn).await?;
    Ok(sqlx::query_scalar("select distinct tenant_id from calibration_changes order by 1").fetch_all(conn).await?)
}

/// Recomputes the rollups of the days that changed, and of their months. True when there were
/// changes. A concurrent refresh waits for this one's taken changes and then finds them gone.
pub async fn refresh_calibration(conn: &mut PgConnection, tenant_id: Uuid) -> Result<bool, AppError> {
    let (applications, days): (Option<Vec<Uuid>>, Option<Vec<NaiveDate>>) = sqlx::query_as(
        "with taken as (delete from calibration_changes where tenant_id = $1 returning application_id, day)
         select array_agg(distinct application_id), array_agg(distinct day) from taken",
    )
    .bind(tenant_id)
    .fetch_one(&mut *conn)
    .await?;
    let (Some(applications), Some(mut days)) = (applications, days) else { return Ok(false) };
    // The applications' recommendations per interviewer and day, and their first and last days.
    sqlx::query("delete from calibration_cards where tenant_id = $1 and application_id = any($2)").bind(tenant_id).bind(&applications).execute(&mut *conn).await?;
    sqlx::query(
        "insert into calibration_cards (tenant_id, application_id, interviewer_id, day, total, n)
         select $1, s.application_id, s.interviewer_id, (i.starts_at at time zone 'utc')::date, sum(s.recommendation), count(*)
         from scorecards s join interviews i on i.id = s.interview_id
         where s.tenant_id = $1 and s.application_id = any($2) and s.submitted_at is not null
         group by 2, 3, 4",
    )
    .bind(tenant_id)
    .bind(&applications)
    .execute(&mut *conn)
    .await?;
    // An application's comparisons are counted on its first day: that day, before and after, changes too.
    let before: Vec<NaiveDate> = sqlx::query_scalar("delete from calibration_spans where tenant_id = $1 and application_id = any($2) returning first_day")
        .bind(tenant_id)
        .bind(&applications)
        .fetch_all(&mut *conn)
        .await?;
    let after: Vec<NaiveDate> = sqlx::query_scalar(
        "insert into calibration_spans (tenant_id, application_id, first_day, last_day)
         select $1, application_id, min(day), max(day) from calibration_cards where tenant_id = $1 and application_id = any($2) group by 2
         returning first_day",
    )
    .bind(tenant_id)
    .bind(&applications)
    .fetch_all(&mut *conn)
    .await?;
    days.extend(before);
    days.extend(after);
    days.sort();
    days.dedup();
    if days.is_empty() {
        return Ok(true);
    }
    // The interviews of those days, each day's read through the index on the tenant and start (a
    // condition on the UTC date would keep row-level security from using an index); then read by id.
    let starts: Vec<DateTime<Utc>> = days.iter().filter_map(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc()).collect();
    let stops: Vec<DateTime<Utc>> = starts.iter().map(|d| *d + Duration::days(1)).collect();
    let interviews: Vec<Uuid> = sqlx::query_scalar(
        "select i.id from unnest($2::timestamptz[], $3::timestamptz[]) g (start, stop)
         join interviews i on i.tenant_id = $1 and i.starts_at >= g.start and i.starts_at < g.stop",
    )
    .bind(tenant_id)
    .bind(&starts)
    .bind(&stops)
    .fetch_all(&mut *conn)
    .await?;
    for table in ["calibration_days", "calibration_ratings"] {
        sqlx::query(&format!("delete from {table} where tenant_id = $1 and not month and day = any($2)")).bind(tenant_id).bind(&days).execute(&mut *conn).await?;
    }
    sqlx::query(&format!(
        "with pairs as (
             select x.user_id as interviewer_id, (i.starts_at at time zone 'utc')::date as day, s.submitted_at is not null as submitted,
                    greatest(extract(epoch from s.submitted_at - i.ends_at), 0)::int as delay
             from interviews i join interview_interviewers x on x.interview_id = i.id
             left join scorecards s on s.interview_id = i.id and s.interviewer_id = x.user_id
             where i.id = any($4) and i.status <> 'cancelled'
         ),
         counted as (select interviewer_id, day, count(*)::int as interviews, (count(*) filter (where submitted))::int as submitted from pairs group by 1, 2),
         delays as (select interviewer_id, day, width_bucket(delay, $3::int[])::smallint as bucket, count(*)::int as n from pairs where submitted group by 1, 2, 3),
         {DELAY_HISTOGRAMS},
         -- All the recommendations on the applications whose first day is one of these.
         cards as (
             select c.interviewer_id, c.application_id, c.total, c.n, p.first_day
             from calibration_spans p join calibration_cards c on c.application_id = p.application_id
             where p.tenant_id = $1 and p.first_day = any($2) and c.tenant_id = $1
         ),
         own as (select interviewer_id, application_id, first_day, sum(total)::float8 as total, sum(n) as n from cards group by 1, 2, 3),
         everyone as (select application_id, sum(total)::float8 as total, sum(n) as n from cards group by 1),
         compared as (
             select o.interviewer_id, o.first_day as day, count(*)::int as compared, sum(o.total / o.n - (e.total - o.total) / (e.n - o.n)) as difference_sum
             from own o join everyone e using (application_id) where e.n > o.n group by 1, 2
         )
         insert into calibration_days (tenant_id, month, day, interviewer_id, interviews, submitted, delay_buckets, delay_counts, compared, difference_sum)
         select $1, false, day, interviewer_id, coalesce(c.interviews, 0), coalesce(c.submitted, 0), coalesce(h.buckets, '{{}}'), coalesce(h.counts, '{{}}'),
                coalesce(d.compared, 0), coalesce(d.difference_sum, 0)
         from counted c full join compared d using (interviewer_id, day) left join histograms h using (interviewer_id, day)"
    ))
    .bind(tenant_id)
    .bind(&days)
    .bind(duration_bounds())
    .bind(&interviews)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into calibration_ratings (tenant_id, month, day, interviewer_id, attribute, not_assessed, ones, twos, threes, fours)
         select $1, false, (i.starts_at at time zone 'utc')::date, s.interviewer_id, coalesce(r ->> 'attribute', ''),
                count(*) filter (where coalesce((r ->> 'rating')::smallint not between 1 and 4, true)),
                count(*) filter (where (r ->> 'rating')::smallint = 1), count(*) filter (where (r ->> 'rating')::smallint = 2),
                count(*) filter (where (r ->> 'rating')::smallint = 3), count(*) filter (where (r ->> 'rating')::smallint = 4)
         from scorecards s join interviews i on i.id = s.interview_id cross join jsonb_array_elements(s.ratings) r
         where s.interview_id = any($2) and s.tenant_id = $1 and s.submitted_at is not null
         group by 3, 4, 5",
    )
    .bind(tenant_id)
    .bind(&interviews)
    .execute(&mut *conn)
    .await?;
    // The months of those days, summed again from their days.
    let mut months: Vec<NaiveDate> = days.iter().map(|d| first_of_month(*d)).collect();
    months.dedup();
    for table in ["calibration_days", "calibration_ratings"] {
        sqlx::query(&format!("delete from {table} where tenant_id = $1 and month and day = any($2)")).bind(tenant_id).bind(&months).execute(&mut *conn).await?;
    }
    // The day rows (`c`) of each month (`m.first`).
    let of_months = |table: &str| {
        format!("unnest($2::date[]) m (first) join {table} c on c.tenant_id = $1 and not c.month and c.day >= m.first and c.day < (m.first + interval '1 month')::date")
    };
    sqlx::query(&format!(
        "with d as (select m.first as month_start, c.* from {}),
         totals as (
             select interviewer_id, month_start as day, sum(interviews)::int as interviews, sum(submitted)::int as submitted,
                    sum(compared)::int as compared, sum(difference_sum) as difference_sum
             from d group by 1, 2
         ),
         delays as (
             select interviewer_id, month_start as day, bucket, sum(n)::int as n
             from d, unnest(d.delay_buckets, d.delay_counts) u (bucket, n) group by 1, 2, 3
         ),
         {DELAY_HISTOGRAMS}
         insert into calibration_days (tenant_id, month, day, interviewer_id, interviews, submitted, delay_buckets, delay_counts, compared, difference_sum)
         select $1, true, t.day, t.interviewer_id, t.interviews, t.submitted, coalesce(h.buckets, '{{}}'), coalesce(h.counts, '{{}}'), t.compared, t.difference_sum
         from totals t left join histograms h using (interviewer_id, day)",
        of_months("calibration_days")
    ))
    .bind(tenant_id)
    .bind(&months)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "insert into calibration_ratings (tenant_id, month, day, interviewer_id, attribute, not_assessed, ones, twos, threes, fours)
         select $1, true, m.first, c.interviewer_id, c.attribute, sum(c.not_assessed), sum(c.ones), sum(c.twos), sum(c.threes), sum(c.fours)
         from {} group by 3, 4, 5",
        of_months("calibration_ratings")
    ))
    .bind(tenant_id)
    .bind(&months)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// The (bucket, count) arrays per interviewer and day of the `delays` (interviewer, day, bucket, n).
const DELAY_HISTOGRAMS: &str = "histograms as (
    select interviewer_id, day, array_agg(bucket order by bucket) as buckets, array_agg(n order by bucket) as counts from delays group by 1, 2
)";

/// The rollup rows of a period: its whole months' rows and the other days' rows ($2 to $7).
const IN_PERIOD: &str = "tenant_id = $1 and ((month and day between $2 and $3) or (not month and (day between $4 and $5 or day between $6 and $7)))";

fn bind_period<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>,
    tenant_id: Uuid,
    split: &MonthSplit,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments> {
    let (first_month, last_month) = split.month_range();
    let [(a, b), (c, d)] = split.day_ranges();
    query.bind(tenant_id).bind(first_month).bind(last_month).bind(a).bind(b).bind(c).bind(d)
}

/// Per interviewer on an interview that started from `from` to `to` (UTC days; cancelled ones
/// aside): name, interviews, submitted scorecards and the median hours from the interview's end to
/// submission (from a histogram: within an hour below two days, six hours below two weeks).
pub async fn calibration_figures(conn: &mut PgConnection, tenant_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<(Uuid, String, i64, i64, Option<f64>)>, AppError> {
    let split = MonthSplit::of(from, to);
    let rows: Vec<(Uuid, i32, i32, Vec<i16>, Vec<i32>)> = bind_period(
        sqlx::query_as(&format!("select interviewer_id, interviews, submitted, delay_buckets, delay_counts from calibration_days where {IN_PERIOD}")),
        tenant_id,
        &split,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut figures: std::collections::HashMap<Uuid, (i64, i64, Histogram)> = std::collections::HashMap::new();
    for (interviewer, interviews, submitted, buckets, counts) in rows {
        let entry = figures.entry(interviewer).or_default();
        entry.0 += i64::from(interviews);
        entry.1 += i64::from(submitted);
        entry.2.add(&buckets, &counts);
    }
    figures.retain(|_, f| f.0 > 0);
    let ids: Vec<Uuid> = figures.keys().copied().collect();
    let mut names: Vec<(Uuid, String)> = sqlx::query_as("select id, display_name from users where id = any($1)").bind(&ids).fetch_all(conn).await?;
    names.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(names
        .into_iter()
        .filter_map(|(id, name)| {
            let (interviews, submitted, delays) = figures.remove(&id)?;
            Some((id, name, interviews, submitted, delays.median().map(|s| s / 3_600.0)))
        })
        .collect())
}

/// Per interviewer: on how many candidates they and someone else recommended, and the mean of
/// (their recommendation − the mean of the others'), a person's several cards on one candidate
/// averaged; over the scorecards of interviews that started from `from` to `to`. Exact: the
/// rollups count an application's comparisons on its first day, and an application whose days the
/// period cuts is taken out again (when the period holds its first day) and counted from its
/// recommendations per day within the period. A period that ends today cuts few: scorecards
/// come after interviews, and interviews are rarely months apart.
pub async fn calibration_differences(conn: &mut PgConnection, tenant_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<(Uuid, i64, f64)>, AppError> {
    let split = MonthSplit::of(from, to);
    let rows: Vec<(Uuid, i64, f64)> = bind_period(
        sqlx::query_as(&format!(
            "with rolled as (select interviewer_id, compared, difference_sum from calibration_days where {IN_PERIOD} and compared > 0),
             cut as (
                 select application_id, first_day from calibration_spans where tenant_id = $1 and last_day >= $8 and first_day < $8
                 union
                 select application_id, first_day from calibration_spans where tenant_id = $1 and last_day > $9 and first_day <= $9
             ),
             -- -1: the application as the rollups counted it (all its days); +1: its days within the period.
             counted as (
                 select -1 as sign, r.interviewer_id, r.application_id, r.total, r.n
                 from cut c join calibration_cards r on r.application_id = c.application_id where c.first_day between $8 and $9 and r.tenant_id = $1
                 union all
                 select 1, r.interviewer_id, r.application_id, r.total, r.n
                 from calibration_cards r join cut c on c.application_id = r.application_id where r.tenant_id = $1 and r.day between $8 and $9
             ),
             own as (select sign, interviewer_id, application_id, sum(total)::float8 as total, sum(n) as n from counted group by 1, 2, 3),
             everyone as (select sign, application_id, sum(total)::float8 as total, sum(n) as n from counted group by 1, 2),
             corrections as (
                 select o.interviewer_id, sum(o.sign)::int as compared, sum(o.sign * (o.total / o.n - (e.total - o.total) / (e.n - o.n))) as difference_sum
                 from own o join everyone e using (sign, application_id) where e.n > o.n group by 1
             )
             select interviewer_id, sum(compared)::int8, sum(difference_sum)
             from (select * from rolled union all select * from corrections) x group by 1 having sum(compared) > 0"
        )),
        tenant_id,
        &split,
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, compared, sum)| (id, compared, sum / compared as f64)).collect())
}

/// Per interviewer and attribute, how many of their submitted ratings fell on each value (none: not assessed).
pub async fn calibration_ratings(conn: &mut PgConnection, tenant_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<(Uuid, String, Option<i16>, i64)>, AppError> {
    let split = MonthSplit::of(from, to);
    let rows: Vec<(Uuid, String, Vec<i64>)> = bind_period(
        sqlx::query_as(&format!(
            "select interviewer_id, attribute, array[sum(not_assessed), sum(ones), sum(twos), sum(threes), sum(fours)]::int8[]
             from calibration_ratings where {IN_PERIOD} group by 1, 2 order by 1, 2"
        )),
        tenant_id,
        &split,
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .flat_map(|(id, attribute, counts)| {
            counts.into_iter().enumerate().filter(|(_, n)| *n > 0).map(move |(i, n)| (id, attribute.clone(), (i > 0).then_some(i as i16), n))
        })
        .collect())
}
