//! The service's files as plain routes: résumé PDFs and proof screenshots, sent by forms that
//! work without JavaScript and read by whoever may see them (the database's row rules decide).

use axum::extract::{Extension, Path, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use uuid::Uuid;

use super::access::{Capability, Service};
use super::repo;
use super::types::{MAX_RESUME_BYTES, MAX_SCREENSHOT_BYTES};
use crate::platform::context::{with_request, with_request_cookies, Access, Platform};
use crate::platform::upload::{self, see_other, UploadError};
use crate::platform::AppError;

/// Where a plain form goes back to, with `outcome` (`added`) or the problem's message.
fn back(path: &str, key: &str, outcome: Result<String, AppError>, cookies: Vec<axum::http::HeaderValue>) -> Response {
    let query = match outcome {
        Ok(done) => format!("{key}={done}"),
        Err(AppError::Unauthenticated) => return see_other("/sign-in"),
        Err(error @ (AppError::Forbidden | AppError::NotFound)) => return error.into_response(),
        Err(error) => format!("problem={}", urlencoding(&error.to_string())),
    };
    let mut response = see_other(&format!("{path}?{query}"));
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn read_failed(error: UploadError, limit: usize) -> AppError {
    match error {
        UploadError::TooLarge => AppError::invalid("file", format!("The file can be at most {} MB.", limit / 1024 / 1024)),
        UploadError::Unreadable => AppError::invalid("file", "The form could not be read; send it again."),
    }
}

/// `POST /delegation/resumes`: a client adds a résumé variant (fields `name`, `file`).
pub async fn upload_resume(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (outcome, cookies) = with_request_cookies(platform, parts.clone(), async {
        let svc = Service::begin(Capability::ManageOwnResumes, Access::Write).await?;
        let form = upload::read(Request::from_parts(parts, body), "file", MAX_RESUME_BYTES).await.map_err(|e| read_failed(e, MAX_RESUME_BYTES))?;
        if form.file_too_large {
            return Err(read_failed(UploadError::TooLarge, MAX_RESUME_BYTES));
        }
        let Some(file) = form.file.as_ref() else { return Err(AppError::invalid("file", "Choose a PDF file.")) };
        super::service::add_resume(svc, form.field("name"), &file.file_name, file.bytes.clone()).await?;
        Ok("added".to_owned())
    })
    .await;
    back("/delegation/resumes", "resume", outcome, cookies)
}

/// `POST /delegation/{id}/complete`: the employee's proof (fields `screenshot`, `notes`).
pub async fn upload_proof(Extension(platform): Extension<Platform>, Path(id): Path<String>, request: Request) -> Response {
    let Ok(id) = id.parse::<Uuid>() else { return AppError::NotFound.into_response() };
    let (parts, body) = request.into_parts();
    let (outcome, cookies) = with_request_cookies(platform, parts.clone(), async {
        let svc = Service::begin(Capability::ProcessDelegations, Access::Write).await?;
        let form = upload::read(Request::from_parts(parts, body), "screenshot", MAX_SCREENSHOT_BYTES).await.map_err(|e| read_failed(e, MAX_SCREENSHOT_BYTES))?;
        if form.file_too_large {
            return Err(read_failed(UploadError::TooLarge, MAX_SCREENSHOT_BYTES));
        }
        let bytes = form.file.as_ref().map(|file| file.bytes.clone()).unwrap_or_default();
        super::service::complete(svc, id, form.field("notes"), bytes, Utc::now()).await?;
        Ok("sent".to_owned())
    })
    .await;
    back(&format!("/delegation/{id}"), "proof", outcome, cookies)
}

/// A stored file as an answer, never cached, never guessed at by the browser.
fn file_response(bytes: Vec<u8>, content_type: &str, disposition: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /delegation/resumes/{id}`: a résumé variant, for its client, their employees and admins.
pub async fn download_resume(Extension(platform): Extension<Platform>, Path(id): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let result = with_request(platform.clone(), parts, async {
        let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
        let mut svc = Service::begin_any(Access::Read).await?;
        let (key, name) = repo::resume_file(&mut svc.ctx.tx, id).await?;
        svc.commit().await?;
        Ok::<_, AppError>((platform.storage.get(&key).await?, name))
    })
    .await;
    match result {
        Ok((bytes, name)) => {
            let safe: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
            file_response(bytes, "application/pdf", format!("attachment; filename=\"{safe}\""))
        }
        Err(error) => error.into_response(),
    }
}

/// `GET /delegation/proofs/{id}`: a proof's screenshot, for whoever sees its delegation.
pub async fn screenshot(Extension(platform): Extension<Platform>, Path(id): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let result = with_request(platform.clone(), parts, async {
        let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
        let mut svc = Service::begin_any(Access::Read).await?;
        let (key, content_type) = repo::screenshot(&mut svc.ctx.tx, id).await?;
        svc.commit().await?;
        Ok::<_, AppError>((platform.storage.get(&key).await?, content_type))
    })
    .await;
    match result {
        Ok((bytes, content_type)) => file_response(bytes, &content_type, "inline".to_owned()),
        Err(error) => error.into_response(),
    }
}
