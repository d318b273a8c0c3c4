//! `POST /candidates/import`: the CSV file, read and checked into a preview; the answer is a
//! redirect to the preview, or back to the upload page with what is wrong with the whole file.

use axum::extract::{Extension, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::parse::parse;
use super::repo;
use super::types::*;
use super::api::importer;
use crate::platform::context::{with_request_cookies, Access, Platform};
use crate::platform::upload::{self, see_other, UploadError};
use crate::platform::{session, AppError, Role};

pub async fn import(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (outcome, cookies) = with_request_cookies(platform.clone(), parts.clone(), async {
        let user = session::require_role(&platform, &Role::RECRUITING).await?;
        platform.flags.require(crate::platform::flags::keys::CANDIDATE_IMPORT, &user.subject())?;
        let form = match upload::read(Request::from_parts(parts, body), "file", MAX_IMPORT_BYTES).await {
            Ok(form) if form.file_too_large => return Ok(Err(FileProblem::TooLarge)),
            Ok(form) => form,
            Err(UploadError::TooLarge) => return Ok(Err(FileProblem::TooLarge)),
            Err(UploadError::Unreadable) => return Ok(Err(FileProblem::Unreadable)),
        };
        let Some(file) = form.file else { return Ok(Err(FileProblem::Missing)) };
        let mut ctx = importer(Access::Write).await?;
        let catalog = crate::assessments::repo::skills(&mut ctx.tx, ctx.tenant_id).await?;
        let rows = match parse(&file.bytes, &catalog) {
            Ok(rows) => rows,
            Err(problem) => return Ok(Err(problem)),
        };
        let file_name = if file.file_name.is_empty() { "candidates.csv".to_owned() } else { file.file_name };
        let id = repo::create(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, &file_name, &rows).await?;
        ctx.commit().await?;
        Ok::<_, AppError>(Ok(id))
    })
    .await;
    let mut response = match outcome {
        Ok(Ok(id)) => see_other(&format!("/candidates/imports/{id}")),
        Ok(Err(problem)) => see_other(&format!("/candidates/import?{}", problem.query())),
        Err(error) => error.into_response(),
    };
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}
