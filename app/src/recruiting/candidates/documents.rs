//! A candidate's documents: registering a stored résumé, extracting its text in the background
//! with Debian's `pdftotext` (bounded in time and size, each outcome logged), and downloading a
//! stored file through an authorized route.

use std::time::{Duration, Instant};

use axum::extract::{Extension, Path, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::PgConnection;
use sha2::Digest;
use uuid::Uuid;

use super::types::DocumentOutcome;
use crate::platform::context::{with_request, with_request_cookies, Access, Ctx, Platform};
use crate::platform::upload::{self, looks_like_pdf, see_other, UploadError};
use crate::platform::{session, Role};
use crate::platform::db::Db;
use crate::platform::queue::{self, NewJob};
use crate::platform::AppError;

pub const EXTRACT_JOB: &str = "candidates.extract_text";
/// Larger files are neither taken nor read: the careers site takes 10 MB at most too.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
/// Text beyond this is cut: enough for any résumé, bounded for the index.
const MAX_TEXT_CHARS: usize = 200_000;
const TIMEOUT: Duration = Duration::from_secs(20);

/// A PDF already kept by the storage, to be recorded.
#[derive(Debug, Clone)]
pub struct StoredPdf {
    pub storage_key: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: Vec<u8>,
}

impl StoredPdf {
    /// Keeps the bytes in the storage; the caller records them or deletes the key.
    pub async fn store(platform: &Platform, file_name: String, bytes: Vec<u8>) -> Result<Self, AppError> {
        let size = bytes.len() as i64;
        let sha256 = sha2::Sha256::digest(&bytes).to_vec();
        Ok(Self { storage_key: platform.storage.put(bytes).await?, file_name, size, sha256 })
    }
}

/// Records a stored PDF as the candidate's document and queues its text extraction, in the
/// caller's transaction; returns the stored file's id.
pub async fn register(conn: &mut PgConnection, tenant_id: Uuid, candidate_id: Uuid, file: &StoredPdf, kind: &str, uploaded_by: Option<Uuid>) -> Result<Uuid, AppError> {
    let file_id = Uuid::now_v7();
    sqlx::query(
        "insert into stored_files (id, tenant_id, storage_key, file_name, content_type, size_bytes, sha256)
         values ($1, $2, $3, $4, 'application/pdf', $5, $6)",
    )
    .bind(file_id)
    .bind(tenant_id)
    .bind(&file.storage_key)
    .bind(&file.file_name)
    .bind(file.size)
    .bind(&file.sha256)
    .execute(&mut *conn)
    .await?;
    let id = Uuid::now_v7();
    sqlx::query("insert into candidate_documents (id, tenant_id, candidate_id, file_id, kind, uploaded_by) values ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(tenant_id)
        .bind(candidate_id)
        .bind(file_id)
        .bind(kind)
        .bind(uploaded_by)
        .execute(&mut *conn)
        .await?;
    queue::enqueue(conn, NewJob::new(EXTRACT_JOB, json!({ "tenant_id": tenant_id, "document_id": id })).unique(format!("extract:{id}"))).await?;
    Ok(file_id)
}

/// What `pdftotext` made of a file.
#[derive(Debug, PartialEq)]
pub enum Extraction {
    Text(String),
    Empty,
    Failed(String),
    TimedOut,
    TooLarge,
}

impl Extraction {
    fn status(&self) -> &'static str {
        match self {
            Extraction::Text(_) => "succeeded",
            Extraction::Empty => "empty",
            Extraction::Failed(_) => "failed",
            Extraction::TimedOut => "timed_out",
            Extraction::TooLarge => "too_large",
        }
    }
}

/// The most memory `pdftotext` may take for one document.
const EXTRACTION_MEMORY_BYTES: u64 = 512 * 1024 * 1024;

/// Runs `pdftotext` on the bytes, killed after the timeout.
pub async fn extract(bytes: &[u8]) -> Extraction {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Extraction::TooLarge;
    }
    let dir = std::env::temp_dir().join(format!("hirevoo-extract-{}", Uuid::now_v7()));
    let run = async {
        tokio::fs::create_dir_all(&dir).await.map_err(|e| e.to_string())?;
        let input = dir.join("document.pdf");
        tokio::fs::write(&input, bytes).await.map_err(|e| e.to_string())?;
        // A crafted PDF can make a parser take all the memory there is: the shell caps pdftotext's
        // address space before it starts (`ulimit -v`, in KiB), so it fails alone.
        let output = tokio::process::Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v {} && exec pdftotext -enc UTF-8 -nopgbrk -q \"$1\" -", EXTRACTION_MEMORY_BYTES / 1024))
            .arg("pdftotext")
            .arg(&input)
            .kill_on_drop(true)
            .output();
        match tokio::time::timeout(TIMEOUT, output).await {
            Err(_) => Ok(None),
            Ok(Err(error)) => Err(format!("pdftotext could not run: {error}")),
            Ok(Ok(output)) if !output.status.success() => Err(format!("pdftotext failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim())),
            Ok(Ok(output)) => Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned())),
        }
    };
    let outcome = run.await;
    let _ = tokio::fs::remove_dir_all(&dir).await;
    match outcome {
        Err(error) => Extraction::Failed(error),
        Ok(None) => Extraction::TimedOut,
        Ok(Some(text)) => {
            let text: String = text.chars().filter(|c| !c.is_control() || c.is_whitespace()).take(MAX_TEXT_CHARS).collect();
            if text.trim().is_empty() { Extraction::Empty } else { Extraction::Text(text) }
        }
    }
}

#[derive(Deserialize)]
struct Job {
    tenant_id: Uuid,
    document_id: Uuid,
}

/// Extracts a document's text and logs the outcome. A missing program fails the job (and is
/// retried); a bad file is logged as failed and not retried: it will not get better.
pub async fn run_extraction(platform: &Platform, payload: &Value) -> Result<(), String> {
    let Job { tenant_id, document_id } = serde_json::from_value(payload.clone()).map_err(|e| format!("unreadable payload: {e}"))?;
    let work = async {
        let mut tx = Db::begin_in_tenant(platform.db.write(), tenant_id).await?;
        let key: Option<String> = sqlx::query_scalar(
            "select f.storage_key from candidate_documents d join stored_files f on f.id = d.file_id where d.id = $1 and d.tenant_id = $2",
        )
        .bind(document_id)
        .bind(tenant_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(key) = key else { return Ok(None) };
        let bytes = platform.storage.get(&key).await?;
        let started = Instant::now();
        let extraction = extract(&bytes).await;
        if let Extraction::Failed(error) = &extraction {
            if error.contains("could not run") {
                return Ok(Some(Err(error.clone())));
            }
        }
        let chars = match &extraction {
            Extraction::Text(text) => text.chars().count() as i32,
            _ => 0,
        };
        if let Extraction::Text(text) = &extraction {
            sqlx::query("update candidate_documents set text = $3 where id = $1 and tenant_id = $2").bind(document_id).bind(tenant_id).bind(text).execute(&mut *tx).await?;
        }
        let error = match &extraction {
            Extraction::Failed(error) => Some(error.clone()),
            _ => None,
        };
        sqlx::query("insert into extraction_logs (id, tenant_id, document_id, status, chars, duration_ms, error) values ($1, $2, $3, $4, $5, $6, $7)")
            .bind(Uuid::now_v7())
            .bind(tenant_id)
            .bind(document_id)
            .bind(extraction.status())
            .bind(chars)
            .bind(started.elapsed().as_millis().min(i32::MAX as u128) as i32)
            .bind(error)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, AppError>(Some(Ok(())))
    };
    match work.await.map_err(|e| e.to_string())? {
        Some(Err(error)) => Err(error),
        _ => Ok(()),
    }
}

/// `POST /candidates/{id}/documents`: a PDF added from the profile. The answer is a redirect to
/// the profile, saying what became of it (`?document=added`, or `?document=<problem>`).
pub async fn upload(Extension(platform): Extension<Platform>, Path(id): Path<String>, request: Request) -> Response {
    let Ok(candidate_id) = id.parse::<Uuid>() else { return AppError::NotFound.into_response() };
    let (parts, body) = request.into_parts();
    let (outcome, cookies) = with_request_cookies(platform.clone(), parts.clone(), async {
        session::require_role(&platform, &Role::RECRUITING).await?;
        let form = match upload::read(Request::from_parts(parts, body), "document", MAX_DOCUMENT_BYTES).await {
            Ok(form) if form.file_too_large => return Ok(DocumentOutcome::TooLarge),
            Err(UploadError::TooLarge) => return Ok(DocumentOutcome::TooLarge),
            Err(UploadError::Unreadable) => return Ok(DocumentOutcome::Missing),
            Ok(form) => form,
        };
        let kind = match form.field("kind") {
            "" | "resume" => "resume",
            "other" => "other",
            _ => return Ok(DocumentOutcome::Kind),
        };
        let Some(file) = form.file else { return Ok(DocumentOutcome::Missing) };
        if !looks_like_pdf(&file.bytes) {
            return Ok(DocumentOutcome::NotPdf);
        }
        let mut ctx = Ctx::recruiter(Access::Write).await?;
        super::repo::source_of(&mut ctx.tx, ctx.tenant_id, candidate_id).await?;
        let name = if file.file_name.is_empty() { "document.pdf".to_owned() } else { file.file_name };
        let stored = StoredPdf::store(&platform, name, file.bytes).await?;
        let recorded = async {
            let file_id = register(&mut ctx.tx, ctx.tenant_id, candidate_id, &stored, kind, Some(ctx.user.user_id)).await?;
            ctx.audit("candidate.document_add", format!("candidate:{candidate_id}"), json!({ "file_id": file_id, "file_name": stored.file_name, "kind": kind }))
            .await?;
            ctx.commit().await?;
            Ok::<_, AppError>(())
        };
        if let Err(error) = recorded.await {
            if let Err(error) = platform.storage.delete(&stored.storage_key).await {
                tracing::error!(?error, key = %stored.storage_key, "a document not recorded could not be removed");
            }
            return Err(error);
        }
        Ok::<_, AppError>(DocumentOutcome::Added)
    })
    .await;
    let mut response = match outcome {
        Ok(outcome) => see_other(&format!("/candidates/{candidate_id}?document={}#documents", outcome.code())),
        Err(error) => error.into_response(),
    };
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// `GET /files/{id}`: a stored file of the signed-in recruiter's tenant, as a download.
pub async fn download(Extension(platform): Extension<Platform>, Path(id): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let result = with_request(platform.clone(), parts, async {
        let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
        let mut ctx = Ctx::staff(Access::Read).await?;
        // Interviewers read only the files of candidates they are interviewing.
        if !Role::RECRUITING.contains(&ctx.user.role) && !crate::interviews::repo::interviewer_may_read_file(&mut ctx.tx, ctx.tenant_id, id, ctx.user.user_id).await? {
            return Err(AppError::NotFound);
        }
        let (key, name, content_type): (String, String, String) =
            sqlx::query_as("select storage_key, file_name, content_type from stored_files where id = $1 and tenant_id = $2")
                .bind(id)
                .bind(ctx.tenant_id)
                .fetch_optional(&mut *ctx.tx)
                .await?
                .ok_or(AppError::NotFound)?;
        ctx.commit().await?;
        Ok::<_, AppError>((platform.storage.get(&key).await?, name, content_type))
    })
    .await;
    match result {
        Ok((bytes, name, content_type)) => {
            let safe: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe}\"")),
                    (header::CACHE_CONTROL, "private, no-store".to_owned()),
                ],
                bytes,
            )
                .into_response()
        }
        Err(error) => error.into_response(),
    }
}
