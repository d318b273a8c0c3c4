//! One run of a source: its body read into postings and the board brought in line with them in
//! one transaction (new jobs added, changed ones updated, missing ones closed after
//! `CLOSE_AFTER_MISSING_RUNS` runs), then recorded. A body that cannot be read changes nothing
//! but the record of a failed run.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::parse::{parse, Posting};
use super::repo;
use super::types::*;
use crate::platform::db::{Db, Scope};
use crate::platform::AppError;

/// How many problems a run keeps, for the person reading it.
const SAMPLE: usize = 5;

/// Runs `source` over `body` in the caller's platform-scope transaction, started at
/// `started_at` (before its fetch, if it was fetched).
pub async fn ingest(conn: &mut PgConnection, source: &Source, body: &str, started_at: DateTime<Utc>) -> Result<Run, AppError> {
    let parsed = match parse(source.kind, body) {
        Ok(parsed) => parsed,
        Err(problem) => return record_failure(conn, source.id, started_at, &problem).await,
    };
    let mut errors = parsed.errors;
    let company_of = |posting: &Posting| posting.company.clone().or_else(|| source.company.clone());
    let mut named: Vec<(&Posting, String)> = Vec::new();
    for posting in &parsed.postings {
        match company_of(posting) {
            Some(company) => named.push((posting, company)),
            None => errors.push(format!("Job {} names no company and the source has none: left out.", posting.external_id)),
        }
    }
    let found = parsed.postings.len() as i32;
    repo::lock_source(&mut *conn, source.id).await?;
    let candidates: Vec<(&Posting, &str)> = named.iter().map(|(p, c)| (*p, c.as_str())).collect();
    let duplicates = repo::duplicates(&mut *conn, source.id, &candidates).await?;
    let kept: Vec<(&Posting, &str)> = candidates.iter().enumerate().filter(|(at, _)| !duplicates.contains(&(*at as i64 + 1))).map(|(_, job)| *job).collect();
    let (new, updated) = if kept.is_empty() { (0, 0) } else { repo::upsert(&mut *conn, source.id, &kept).await? };
    let seen: Vec<&str> = kept.iter().map(|(p, _)| p.external_id.as_str()).collect();
    let closed = repo::miss(&mut *conn, source.id, &seen).await?;
    let run = Run {
        id: Uuid::now_v7(),
        started_at,
        finished_at: Utc::now(),
        status: RunStatus::Succeeded,
        found,
        new: new as i32,
        updated: updated as i32,
        closed: closed as i32,
        duplicates: duplicates.len() as i32,
        errors: errors.len() as i32,
        error_sample: errors.iter().take(SAMPLE).cloned().collect::<Vec<_>>().join("\n"),
    };
    repo::record_run(conn, source.id, &run).await?;
    Ok(run)
}

/// Records a run that read nothing (the body unreadable, the address unreachable or refused).
pub async fn record_failure(conn: &mut PgConnection, source_id: Uuid, started_at: DateTime<Utc>, problem: &str) -> Result<Run, AppError> {
    let run = Run {
        id: Uuid::now_v7(),
        started_at,
        finished_at: Utc::now(),
        status: RunStatus::Failed,
        found: 0,
        new: 0,
        updated: 0,
        closed: 0,
        duplicates: 0,
        errors: 1,
        error_sample: problem.chars().take(1000).collect(),
    };
    repo::record_run(conn, source_id, &run).await?;
    Ok(run)
}

/// Fetches a source's address and runs it; a fetch that fails is a failed run.
pub async fn fetch_and_ingest(pool: &PgPool, source: &Source) -> Result<Run, AppError> {
    let started_at = Utc::now();
    let fetched = match &source.url {
        Some(url) => super::fetch::fetch(url).await.map_err(|problem| problem.to_string()),
        None => Err("The source has no address: its files are uploaded.".to_owned()),
    };
    let mut tx = Db::begin(pool, &Scope::Platform).await?;
    let run = match fetched {
        Ok(body) => ingest(&mut tx, source, &body, started_at).await?,
        Err(problem) => record_failure(&mut tx, source.id, started_at, &problem).await?,
    };
    tx.commit().await?;
    Ok(run)
}
