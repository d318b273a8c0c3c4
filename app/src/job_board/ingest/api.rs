//! The job sources' server functions: superadmins only, in the platform scope; every change is
//! audited.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::{fetch, jobs, repo, run},
    crate::platform::context::{Access, Ctx},
    serde_json::json,
};

/// How many runs a source's page shows.
#[cfg(feature = "ssr")]
const RUNS_SHOWN: i64 = 30;

/// Every source with its last run.
#[server]
pub async fn job_sources() -> Result<Vec<SourceRow>, AppError> {
    let mut ctx = Ctx::superadmin(Access::Read).await?;
    let sources = repo::sources(&mut ctx.tx).await?;
    ctx.commit().await?;
    Ok(sources)
}

/// A source and its latest runs.
#[server]
pub async fn job_source(id: Uuid) -> Result<SourcePage, AppError> {
    let mut ctx = Ctx::superadmin(Access::Read).await?;
    let source = repo::source(&mut ctx.tx, id).await?.ok_or(AppError::NotFound)?;
    let runs = repo::runs(&mut ctx.tx, id, RUNS_SHOWN).await?;
    ctx.commit().await?;
    Ok(SourcePage { source, runs })
}

/// Adds a source: fetched from `url` on `schedule`, or, without an address, run on the files uploaded to it.
#[server]
pub async fn add_job_source(
    #[server(default)] name: String,
    #[server(default)] kind: String,
    #[server(default)] url: String,
    #[server(default)] company: String,
    #[server(default)] schedule: String,
) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "Give the source a name."));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppError::invalid("name", format!("A name has at most {MAX_NAME} characters.")));
    }
    let kind = SourceKind::parse(&kind).ok_or_else(|| AppError::invalid("kind", "Choose one of the formats in the list."))?;
    let url = url.trim();
    let url = if url.is_empty() {
        None
    } else if url.len() > MAX_URL {
        return Err(AppError::invalid("url", format!("An address has at most {MAX_URL} characters.")));
    } else {
        Some(fetch::check_url(url).map_err(|problem| AppError::invalid("url", problem.to_string()))?.to_string())
    };
    let company = company.trim();
    if company.chars().count() > MAX_COMPANY {
        return Err(AppError::invalid("company", format!("A company name has at most {MAX_COMPANY} characters.")));
    }
    let company = (!company.is_empty()).then_some(company);
    let schedule = match schedule.trim() {
        "" => "daily",
        text if text.len() <= MAX_SCHEDULE && jobs::next_run(text, chrono::Utc::now()).is_some() => text,
        _ => return Err(AppError::invalid("schedule", "A schedule is hourly, daily, or a cron expression with seconds first (e.g. 0 0 6 * * * for 06:00 each day).")),
    };
    let new = repo::NewSource { name, kind, url: url.as_deref(), company, schedule };
    let id = repo::insert_source(&mut ctx.tx, &new).await?.ok_or_else(|| AppError::conflict("name", "Another source already has this name."))?;
    ctx.audit("job_source.create", format!("job_source:{id}"), json!({ "name": name, "kind": kind, "url": url, "company": company, "schedule": schedule })).await?;
    ctx.commit().await?;
    leptos_axum::redirect(&format!("/console/sources/{id}"));
    Ok(format!("Source {name} added."))
}

/// Enqueues a run of a source fetched from an address.
#[server]
pub async fn run_job_source(id: Uuid) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let source = repo::source(&mut ctx.tx, id).await?.ok_or(AppError::NotFound)?;
    if source.url.is_none() {
        return Err(AppError::invalid("id", "This source has no address: upload a file to run it."));
    }
    if !source.enabled {
        return Err(AppError::invalid("id", "This source is disabled: enable it first."));
    }
    let enqueued = jobs::enqueue_run(&mut ctx.tx, id).await?;
    ctx.audit("job_source.run", format!("job_source:{id}"), json!({ "name": source.name })).await?;
    ctx.commit().await?;
    Ok(if enqueued { "A run is queued: its figures appear here once it has finished.".into() } else { "A run of this source is already queued.".into() })
}

/// Runs a source once over a file's contents, as if its address had answered with them.
#[server]
pub async fn upload_job_source_file(id: Uuid, #[server(default)] body: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    if body.trim().is_empty() {
        return Err(AppError::invalid("body", "Paste the file's contents."));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(AppError::invalid("body", format!("A file has at most {} MB.", MAX_BODY_BYTES / 1024 / 1024)));
    }
    let source = repo::source(&mut ctx.tx, id).await?.ok_or(AppError::NotFound)?;
    let outcome = run::ingest(&mut ctx.tx, &source, &body, chrono::Utc::now()).await?;
    ctx.audit("job_source.upload", format!("job_source:{id}"), json!({ "name": source.name, "bytes": body.len(), "run": outcome.id, "status": outcome.status })).await?;
    ctx.commit().await?;
    Ok(match outcome.status {
        RunStatus::Succeeded => format!("{} jobs found: {} new, {} updated, {} closed, {} duplicates, {} left out.", outcome.found, outcome.new, outcome.updated, outcome.closed, outcome.duplicates, outcome.errors),
        RunStatus::Failed => format!("The file could not be read: {}", outcome.error_sample),
    })
}

/// Enables (`enabled` = "true") or disables a source; a disabled source is not scheduled.
#[server]
pub async fn set_job_source_enabled(id: Uuid, #[server(default)] enabled: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let enabled = match enabled.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::invalid("enabled", "A source is enabled (true) or disabled (false).")),
    };
    if !repo::set_enabled(&mut ctx.tx, id, enabled).await? {
        return Err(AppError::NotFound);
    }
    ctx.audit(if enabled { "job_source.enable" } else { "job_source.disable" }, format!("job_source:{id}"), json!({})).await?;
    ctx.commit().await?;
    Ok(if enabled { "The source is enabled.".into() } else { "The source is disabled: it is not scheduled and its jobs stay as they are.".into() })
}
