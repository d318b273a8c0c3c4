//! Imports in the database: the checked rows of a file, the import's counts, and one batch of
//! the job's work.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, QueryBuilder};
use uuid::Uuid;

use super::parse::ParsedRow;
use super::types::*;
use crate::platform::AppError;
use crate::recruiting::candidates::input::CandidateInput;

/// Rows per insert statement: well under PostgreSQL's 65,535 parameters.
const INSERT_CHUNK: usize = 2_000;
/// How many problem rows and existing candidates the preview lists.
pub const LISTED_ROWS: i64 = 200;

/// Keeps the file's checked rows as a preview; returns the import's id.
pub async fn create(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, file_name: &str, rows: &[ParsedRow]) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    let invalid = rows.iter().filter(|r| r.checked.is_err()).count() as i32;
    sqlx::query("insert into candidate_imports (id, tenant_id, created_by, file_name, total_rows, invalid_rows) values ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(tenant_id)
        .bind(user_id)
        .bind(file_name)
        .bind(rows.len() as i32)
        .bind(invalid)
        .execute(&mut *conn)
        .await?;
    for chunk in rows.chunks(INSERT_CHUNK) {
        let mut insert = QueryBuilder::new(
            "insert into candidate_import_rows (tenant_id, import_id, line, name, email, phone, location, source, tags, links, skill_ids, skill_levels, error) ",
        );
        insert.push_values(chunk, |mut values, row| {
            let empty = CandidateInput {
                name: row.name.clone(),
                email: row.email.clone(),
                phone: String::new(),
                location: String::new(),
                source: "imported".into(),
                tags: Vec::new(),
                links: Vec::new(),
                skills: Vec::new(),
            };
            let input = row.checked.as_ref().unwrap_or(&empty);
            let (skill_ids, skill_levels): (Vec<Uuid>, Vec<i16>) = input.skills.iter().copied().unzip();
            values
                .push_bind(tenant_id)
                .push_bind(id)
                .push_bind(row.line)
                .push_bind(input.name.clone())
                .push_bind(input.email.clone())
                .push_bind(input.phone.clone())
                .push_bind(input.location.clone())
                .push_bind(input.source.clone())
                .push_bind(input.tags.clone())
                .push_bind(input.links.clone())
                .push_bind(skill_ids)
                .push_bind(skill_levels)
                .push_bind(row.checked.as_ref().err().cloned());
        });
        insert.build().execute(&mut *conn).await?;
    }
    sqlx::query(
        "update candidate_imports set existing_rows = (
             select count(*) from candidate_import_rows r join candidates c on c.tenant_id = r.tenant_id and lower(c.email) = lower(r.email)
             where r.import_id = $1 and r.error is null)
         where id = $1 and tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

const SUMMARY: &str = "select i.id, i.file_name, i.status, i.on_existing, i.total_rows, i.invalid_rows, i.existing_rows, i.created_count, i.updated_count,
    i.skipped_count, i.failed_count, u.display_name, i.created_at, i.finished_at, i.created_by
    from candidate_imports i left join users u on u.id = i.created_by";

type SummaryRow = (Uuid, String, ImportStatus, String, i32, i32, i32, i32, i32, i32, i32, Option<String>, DateTime<Utc>, Option<DateTime<Utc>>, Option<Uuid>);

fn summary_of(row: SummaryRow) -> (ImportSummary, Option<Uuid>) {
    let (id, file_name, status, on_existing, total_rows, invalid_rows, existing_rows, created, updated, skipped, failed, created_by, created_at, finished_at, creator) = row;
    (
        ImportSummary { id, file_name, status, on_existing, total_rows, invalid_rows, existing_rows, created, updated, skipped, failed, created_by, created_at, finished_at },
        creator,
    )
}

/// The import and who made it; not found for another tenant's.
pub async fn summary(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<(ImportSummary, Option<Uuid>), AppError> {
    let row: SummaryRow = sqlx::query_as(&format!("{SUMMARY} where i.id = $1 and i.tenant_id = $2"))
        .bind(id)
        .bind(tenant_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(summary_of(row))
}

/// The tenant's latest imports.
pub async fn recent(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<ImportSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!("{SUMMARY} where i.tenant_id = $1 order by i.created_at desc limit 20")).bind(tenant_id).fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(|row| summary_of(row).0).collect())
}

/// Rows that cannot be imported or whose import failed, in file order.
pub async fn problem_rows(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Vec<ImportRow>, AppError> {
    let rows: Vec<(i32, String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "select line, name, email, error, outcome from candidate_import_rows
         where import_id = $1 and tenant_id = $2 and (error is not null or outcome = 'failed') order by line limit $3",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(LISTED_ROWS)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(line, name, email, problem, outcome)| ImportRow { line, name, email, problem, existing_candidate: None, outcome }).collect())
}

/// Valid rows whose email is already a candidate's, with that candidate.
pub async fn existing_rows(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Vec<ImportRow>, AppError> {
    let rows: Vec<(i32, String, String, Uuid, Option<String>)> = sqlx::query_as(
        "select r.line, r.name, r.email, c.id, r.outcome from candidate_import_rows r
         join candidates c on c.tenant_id = r.tenant_id and lower(c.email) = lower(r.email)
         where r.import_id = $1 and r.tenant_id = $2 and r.error is null order by r.line limit $3",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(LISTED_ROWS)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(line, name, email, candidate, outcome)| ImportRow { line, name, email, problem: None, existing_candidate: Some(candidate), outcome }).collect())
}

/// Locks a previewed import for starting or discarding it.
pub async fn lock_previewed(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<(ImportSummary, Option<Uuid>), AppError> {
    let status: Option<String> = sqlx::query_scalar("select status from candidate_imports where id = $1 and tenant_id = $2 for update")
        .bind(id)
        .bind(tenant_id)
        .fetch_optional(&mut *conn)
        .await?;
    match status.as_deref() {
        None => Err(AppError::NotFound),
        Some("previewed") => summary(conn, tenant_id, id).await,
        Some(_) => Err(AppError::conflict("id", "This import has already started.")),
    }
}

pub async fn start(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, on_existing: &str) -> Result<(), AppError> {
    sqlx::query("update candidate_imports set status = 'running', on_existing = $3, started_at = now() where id = $1 and tenant_id = $2")
        .bind(id)
        .bind(tenant_id)
        .bind(on_existing)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn discard(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<(), AppError> {
    sqlx::query("delete from candidate_imports where id = $1 and tenant_id = $2").bind(id).bind(tenant_id).execute(conn).await?;
    Ok(())
}

/// A running import, locked for one batch: who started it, the file, and what to do with people already known.
pub struct Running {
    pub created_by: Option<Uuid>,
    pub file_name: String,
    pub update_existing: bool,
}

pub async fn lock_running(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Option<Running>, AppError> {
    let row: Option<(Option<Uuid>, String, String)> =
        sqlx::query_as("select created_by, file_name, on_existing from candidate_imports where id = $1 and tenant_id = $2 and status = 'running' for update")
            .bind(id)
            .bind(tenant_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(created_by, file_name, on_existing)| Running { created_by, file_name, update_existing: on_existing == "update" }))
}

/// The next valid rows the import has not gone over, as candidates' fields.
pub async fn pending(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, limit: i64) -> Result<Vec<(i32, CandidateInput)>, AppError> {
    type Row = (i32, String, String, String, String, String, Vec<String>, Vec<String>, Vec<Uuid>, Vec<i16>);
    let rows: Vec<Row> = sqlx::query_as(
        "select line, name, email, phone, location, source, tags, links, skill_ids, skill_levels from candidate_import_rows
         where import_id = $1 and tenant_id = $2 and outcome is null and error is null order by line limit $3",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(line, name, email, phone, location, source, tags, links, skill_ids, skill_levels)| {
            (line, CandidateInput { name, email, phone, location, source, tags, links, skills: skill_ids.into_iter().zip(skill_levels).collect() })
        })
        .collect())
}

pub async fn record_outcome(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, line: i32, outcome: &str, candidate_id: Option<Uuid>, error: Option<&str>) -> Result<(), AppError> {
    sqlx::query("update candidate_import_rows set outcome = $4, candidate_id = $5, error = $6 where import_id = $1 and tenant_id = $2 and line = $3")
        .bind(id)
        .bind(tenant_id)
        .bind(line)
        .bind(outcome)
        .bind(candidate_id)
        .bind(error)
        .execute(conn)
        .await?;
    Ok(())
}

/// Brings the counts up to date with the rows' outcomes; marks the import finished when no row is left.
pub async fn count_and_maybe_finish(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Option<ImportSummary>, AppError> {
    sqlx::query(
        "update candidate_imports i set
             created_count = c.created, updated_count = c.updated, skipped_count = c.skipped, failed_count = c.failed,
             status = case when c.pending = 0 then 'finished' else i.status end,
             finished_at = case when c.pending = 0 then now() else i.finished_at end
         from (select count(*) filter (where outcome = 'created') as created, count(*) filter (where outcome = 'updated') as updated,
                      count(*) filter (where outcome = 'skipped') as skipped, count(*) filter (where outcome = 'failed') as failed,
                      count(*) filter (where outcome is null and error is null) as pending
               from candidate_import_rows where import_id = $1 and tenant_id = $2) c
         where i.id = $1 and i.tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .execute(&mut *conn)
    .await?;
    let (summary, _) = summary(conn, tenant_id, id).await?;
    Ok((summary.status == ImportStatus::Finished).then_some(summary))
}
