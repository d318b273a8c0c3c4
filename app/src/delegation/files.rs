//! The service's files as plain routes: résumé PDFs and proof screenshots, sent by forms that
//! work without JavaScript and read by whoever may see them (the database's row rules decide).

use axum::extract::{Extension, Path, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use uuid::Uuid;

use super::access::{Capability, Service};
use super::repo;
use super::types::{FileProblem, MAX_RESUME_BYTES, MAX_SCREENSHOT_BYTES};
use crate::platform::context::{with_request, with_request_cookies, Access, Platform};
use crate::platform::upload::{self, see_other, UploadError};
use crate::platform::AppError;

/// Where a plain form goes back to: `key=done`, or `problem=<code>` (see `FileProblem`).
fn back(path: &str, key: &str, outcome: Result<&str, AppError>, cookies: Vec<axum::http::HeaderValue>) -> Response {
    let query = match outcome {
        Ok(done) => format!("{key}={done}"),
        Err(AppError::Unauthenticated) => return see_other("/sign-in"),
        Err(error @ (AppError::Forbidden | AppError::NotFound)) => return error.into_response(),
        Err(error) => format!("problem={}", problem_of(&error).code()),
    };
    let mut response = see_other(&format!("{path}?{query}"));
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The problem a refusal names, by the field at fault (size and absence are told apart before
/// the file is checked, so what is left of `file` and `screenshot` is its kind).
fn problem_of(error: &AppError) -> FileProblem {
    match error {
        AppError::Invalid { field: Some(field), .. } => match field.as_str() {
            "too_large" => FileProblem::TooLarge,
            "missing" => FileProblem::Missing,
            "file" => FileProblem::NotPdf,
            "screenshot" => FileProblem::NotImage,
            "name" => FileProblem::Name,
            "notes" => FileProblem::Notes,
            _ => FileProblem::Unreadable,
        },
        AppError::Conflict { field: Some(field), .. } if field == "name" => FileProblem::NameTaken,
        AppError::Conflict { .. } => FileProblem::Closed,
        _ => FileProblem::Unreadable,
    }
}

fn read_failed(error: UploadError) -> AppError {
    match error {
        UploadError::TooLarge => AppError::invalid("too_large", "The file is too large."),
        UploadError::Unreadable => AppError::invalid("unreadable", "The form could not be read; send it again."),
    }
}

/// `POST /delegation/resumes`: a client adds a résumé variant (fields `name`, `file`).
pub async fn upload_resume(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (outcome, cookies) = with_request_cookies(platform, parts.clone(), async {
        let svc = Service::begin(Capability::ManageOwnResumes, Access::Write).await?;
        let form = upload::read(Request::from_parts(parts, body), "file", MAX_RESUME_BYTES).await.map_err(read_failed)?;
        if form.file_too_large {
            return Err(read_failed(UploadError::TooLarge));
        }
        let Some(file) = form.file.as_ref() else { return Err(AppError::invalid("missing", "Choose a PDF file.")) };
        super::service::add_resume(svc, form.field("name"), &file.file_name, file.bytes.clone()).await?;
        Ok("added")
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
        let form = upload::read(Request::from_parts(parts, body), "screenshot", MAX_SCREENSHOT_BYTES).await.map_err(read_failed)?;
        if form.file_too_large {
            return Err(read_failed(UploadError::TooLarge));
        }
        let Some(file) = form.file.as_ref() else { return Err(AppError::invalid("missing", "Add a screenshot.")) };
        super::service::complete(svc, id, form.field("notes"), file.bytes.clone(), Utc::now()).await?;
        Ok("sent")
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
