//! Sources, their runs and the board's ingested jobs in the database; every statement runs in
//! the platform scope (sources and runs are readable nowhere else).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::parse::Posting;
use super::types::*;
use crate::platform::AppError;

const SOURCE_COLUMNS: &str = "s.id, s.name, s.kind, s.url, s.company, s.schedule, s.enabled, s.created_at, s.last_run_at,
     (select count(*) from board_jobs j where j.source_id = s.id and j.listed) as listed";

type SourceRecord = (Uuid, String, SourceKind, Option<String>, Option<String>, String, bool, DateTime<Utc>, Option<DateTime<Utc>>, i64);

fn to_source((id, name, kind, url, company, schedule, enabled, created_at, last_run_at, listed): SourceRecord) -> Source {
    Source { id, name, kind, url, company, schedule, enabled, created_at, last_run_at, listed }
}

const RUN_COLUMNS: &str = "id, started_at, finished_at, status, found, new, updated, closed, duplicates, errors, error_sample";

/// Every source, by name, with its last run.
pub async fn sources(conn: &mut PgConnection) -> Result<Vec<SourceRow>, AppError> {
    let sources: Vec<SourceRecord> = sqlx::query_as(&format!("select {SOURCE_COLUMNS} from board_sources s order by lower(s.name)")).fetch_all(&mut *conn).await?;
    #[derive(sqlx::FromRow)]
    struct Last {
        source_id: Uuid,
        #[sqlx(flatten)]
        run: Run,
    }
    let last: Vec<Last> = sqlx::query_as(&format!("select distinct on (source_id) source_id, {RUN_COLUMNS} from board_source_runs order by source_id, started_at desc"))
        .fetch_all(&mut *conn)
        .await?;
    Ok(sources
        .into_iter()
        .map(to_source)
        .map(|source| SourceRow { last_run: last.iter().find(|l| l.source_id == source.id).map(|l| l.run.clone()), source })
        .collect())
}

pub async fn source(conn: &mut PgConnection, id: Uuid) -> Result<Option<Source>, AppError> {
    let row: Option<SourceRecord> = sqlx::query_as(&format!("select {SOURCE_COLUMNS} from board_sources s where s.id = $1")).bind(id).fetch_optional(conn).await?;
    Ok(row.map(to_source))
}

/// A source's latest runs, newest first.
pub async fn runs(conn: &mut PgConnection, source_id: Uuid, limit: i64) -> Result<Vec<Run>, AppError> {
    Ok(sqlx::query_as(&format!("select {RUN_COLUMNS} from board_source_runs where source_id = $1 order by started_at desc limit $2"))
        .bind(source_id)
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

pub struct NewSource<'a> {
    pub name: &'a str,
    pub kind: SourceKind,
    pub url: Option<&'a str>,
    pub company: Option<&'a str>,
    pub schedule: &'a str,
}

/// Adds a source; None when another has the same name.
pub async fn insert_source(conn: &mut PgConnection, source: &NewSource<'_>) -> Result<Option<Uuid>, AppError> {
    Ok(sqlx::query_scalar(
        "insert into board_sources (id, name, kind, url, company, schedule) values ($1, $2, $3, $4, $5, $6)
         on conflict (lower(name)) do nothing returning id",
    )
    .bind(Uuid::now_v7())
    .bind(source.name)
    .bind(source.kind)
    .bind(source.url)
    .bind(source.company)
    .bind(source.schedule)
    .fetch_optional(conn)
    .await?)
}

/// Switches a source on or off; whether it was there.
pub async fn set_enabled(conn: &mut PgConnection, id: Uuid, enabled: bool) -> Result<bool, AppError> {
    Ok(sqlx::query("update board_sources set enabled = $2 where id = $1").bind(id).bind(enabled).execute(conn).await?.rows_affected() == 1)
}

/// The enabled sources fetched from an address: (id, schedule, last run, created).
pub async fn fetched_sources(conn: &mut PgConnection) -> Result<Vec<(Uuid, String, Option<DateTime<Utc>>)>, AppError> {
    Ok(sqlx::query_as("select id, schedule, last_run_at from board_sources where enabled and url is not null order by id").fetch_all(conn).await?)
}

/// Holds the source until the transaction ends: two runs of one source (an upload while a
/// fetched run writes) take turns instead of counting each other's jobs as missing.
pub async fn lock_source(conn: &mut PgConnection, id: Uuid) -> Result<(), AppError> {
    sqlx::query("select 1 from board_sources where id = $1 for update").bind(id).execute(conn).await?;
    Ok(())
}

/// The 1-based positions of `postings` whose title, company and place match a listed job of
/// another source or of a tenant.
pub async fn duplicates(conn: &mut PgConnection, source_id: Uuid, postings: &[(&Posting, &str)]) -> Result<Vec<i64>, AppError> {
    let titles: Vec<&str> = postings.iter().map(|(p, _)| p.title.as_str()).collect();
    let companies: Vec<&str> = postings.iter().map(|(_, company)| *company).collect();
    let cities: Vec<&str> = postings.iter().map(|(p, _)| p.city.as_str()).collect();
    let countries: Vec<&str> = postings.iter().map(|(p, _)| p.country.as_str()).collect();
    Ok(sqlx::query_scalar(
        "select i.n from unnest($2::text[], $3::text[], $4::text[], $5::text[]) with ordinality as i(title, company, city, country, n)
          where exists (select 1 from board_jobs o
                         where o.listed and o.dedup_key = board_dedup_key(i.title, i.company, i.city, i.country)
                           and o.source_id is distinct from $1)",
    )
    .bind(source_id)
    .bind(titles)
    .bind(companies)
    .bind(cities)
    .bind(countries)
    .fetch_all(conn)
    .await?)
}

/// Writes `postings` (each with its company) as the source's open, listed jobs, by their
/// external ids. Returns (new, updated): a job counts as updated only when something the board
/// shows of it changed.
pub async fn upsert(conn: &mut PgConnection, source_id: Uuid, postings: &[(&Posting, &str)]) -> Result<(i64, i64), AppError> {
    let column = |f: &dyn Fn(&Posting, &str) -> String| postings.iter().map(|(p, c)| f(p, c)).collect::<Vec<String>>();
    let ids: Vec<Uuid> = postings.iter().map(|_| Uuid::now_v7()).collect();
    let (new, updated): (i64, i64) = sqlx::query_as(
        "with incoming as (
             select i.*, least(coalesce(i.posted, (select j.posted_at from board_jobs j where j.source_id = $1 and j.external_id = i.external_id), now()), now()) as posted_at
               from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                           $12::float8[], $13::float8[], $14::text[], $15::timestamptz[], $16::date[], $17::text[])
                 as i(id, external_id, title, company, description, department, city, country, workplace, employment_type,
                      salary_min, salary_max, salary_currency, posted, deadline, apply_url)
         ),
         prior as (
             select j.external_id,
                    (j.title, j.company, j.description, j.department, j.location_city, j.location_country, j.workplace, j.employment_type,
                     j.salary_min, j.salary_max, j.salary_currency, j.posted_at, j.deadline, j.apply_url)
                    is distinct from
                    (i.title, i.company, i.description, i.department, i.city, i.country, i.workplace, i.employment_type,
                     i.salary_min::numeric(12, 2), i.salary_max::numeric(12, 2), i.salary_currency, i.posted_at, i.deadline, i.apply_url) as changed
               from board_jobs j join incoming i on i.external_id = j.external_id
              where j.source_id = $1
         ),
         written as (
             insert into board_jobs (id, source_id, external_id, company, title, description, department, location_city, location_country,
                                     workplace, employment_type, salary_min, salary_max, salary_currency, posted_at, deadline, apply_url,
                                     open, listed, missing_runs, updated_at)
             select i.id, $1, i.external_id, i.company, i.title, i.description, i.department, i.city, i.country, i.workplace, i.employment_type,
                    i.salary_min, i.salary_max, i.salary_currency, i.posted_at, i.deadline, i.apply_url, true, true, 0, now()
               from incoming i
             on conflict (source_id, external_id) do update set
                 company = excluded.company, title = excluded.title, description = excluded.description, department = excluded.department,
                 location_city = excluded.location_city, location_country = excluded.location_country, workplace = excluded.workplace,
                 employment_type = excluded.employment_type, salary_min = excluded.salary_min, salary_max = excluded.salary_max,
                 salary_currency = excluded.salary_currency, posted_at = excluded.posted_at, deadline = excluded.deadline,
                 apply_url = excluded.apply_url, open = true, listed = true, missing_runs = 0, updated_at = now()
             where (board_jobs.title, board_jobs.company, board_jobs.description, board_jobs.department, board_jobs.location_city,
                    board_jobs.location_country, board_jobs.workplace, board_jobs.employment_type, board_jobs.salary_min, board_jobs.salary_max,
                    board_jobs.salary_currency, board_jobs.posted_at, board_jobs.deadline, board_jobs.apply_url)
                   is distinct from
                   (excluded.title, excluded.company, excluded.description, excluded.department, excluded.location_city,
                    excluded.location_country, excluded.workplace, excluded.employment_type, excluded.salary_min, excluded.salary_max,
                    excluded.salary_currency, excluded.posted_at, excluded.deadline, excluded.apply_url)
                or board_jobs.missing_runs <> 0 or not board_jobs.listed
             returning external_id, (xmax = 0) as inserted
         )
         select count(*) filter (where w.inserted), count(*) filter (where not w.inserted and coalesce(p.changed, false))
           from written w left join prior p on p.external_id = w.external_id",
    )
    .bind(source_id)
    .bind(ids)
    .bind(column(&|p, _| p.external_id.clone()))
    .bind(column(&|p, _| p.title.clone()))
    .bind(column(&|_, c| c.to_owned()))
    .bind(column(&|p, _| p.description.clone()))
    .bind(column(&|p, _| p.department.clone()))
    .bind(column(&|p, _| p.city.clone()))
    .bind(column(&|p, _| p.country.clone()))
    .bind(column(&|p, _| p.workplace.as_str().to_owned()))
    .bind(column(&|p, _| p.employment_type.as_str().to_owned()))
    .bind(postings.iter().map(|(p, _)| p.salary_min).collect::<Vec<_>>())
    .bind(postings.iter().map(|(p, _)| p.salary_max).collect::<Vec<_>>())
    .bind(postings.iter().map(|(p, _)| p.salary_currency.clone()).collect::<Vec<_>>())
    .bind(postings.iter().map(|(p, _)| p.posted_at).collect::<Vec<_>>())
    .bind(postings.iter().map(|(p, _)| p.deadline).collect::<Vec<_>>())
    .bind(postings.iter().map(|(p, _)| p.apply_url.clone()).collect::<Vec<_>>())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "select board_learn_words(concat_ws(' ', title, company, department, location_city, location_country))
           from board_jobs where source_id = $1 and listed and external_id = any($2)",
    )
    .bind(source_id)
    .bind(column(&|p, _| p.external_id.clone()))
    .execute(&mut *conn)
    .await?;
    Ok((new, updated))
}

/// Counts one more missed run for the source's open jobs not in `seen`, and closes those that
/// reach `CLOSE_AFTER_MISSING_RUNS`. Returns how many closed.
pub async fn miss(conn: &mut PgConnection, source_id: Uuid, seen: &[&str]) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "with missed as (
             update board_jobs
                set missing_runs = missing_runs + 1, open = missing_runs + 1 < $3, listed = missing_runs + 1 < $3, updated_at = now()
              where source_id = $1 and open and not (external_id = any($2))
             returning open)
         select count(*) filter (where not open) from missed",
    )
    .bind(source_id)
    .bind(seen)
    .bind(CLOSE_AFTER_MISSING_RUNS)
    .fetch_one(conn)
    .await?)
}

/// Records a run and when its source last ran.
pub async fn record_run(conn: &mut PgConnection, source_id: Uuid, run: &Run) -> Result<(), AppError> {
    sqlx::query(
        "insert into board_source_runs (id, source_id, started_at, finished_at, status, found, new, updated, closed, duplicates, errors, error_sample)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(run.id)
    .bind(source_id)
    .bind(run.started_at)
    .bind(run.finished_at)
    .bind(run.status)
    .bind(run.found)
    .bind(run.new)
    .bind(run.updated)
    .bind(run.closed)
    .bind(run.duplicates)
    .bind(run.errors)
    .bind(&run.error_sample)
    .execute(&mut *conn)
    .await?;
    sqlx::query("update board_sources set last_run_at = greatest(last_run_at, $2) where id = $1")
        .bind(source_id)
        .bind(run.started_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
