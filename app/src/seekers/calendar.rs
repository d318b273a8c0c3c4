//! `GET /job-search/interviews/{id}/calendar`: one of the seeker's interviews as an `.ics` file,
//! the same event (and identifier) as the invitation the organization mailed.

use axum::extract::{Extension, Path, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::interviews::calendar::{ics, Invitation, Method, NO_ORGANIZER};
use crate::platform::context::{with_request, Platform};
use crate::platform::db::{Db, Scope};
use crate::platform::AppError;

pub async fn interview_ics(Extension(platform): Extension<Platform>, Path(id): Path<String>, request: Request) -> Response {
    let Ok(id) = id.parse::<Uuid>() else { return StatusCode::NOT_FOUND.into_response() };
    let (parts, _) = request.into_parts();
    let interview = with_request(platform.clone(), parts, async {
        let user = crate::platform::session::require_role(&platform, &[crate::platform::Role::Seeker]).await?;
        let mut tx = Db::begin(crate::platform::context::read_pool(&platform).await, &Scope::User(user.user_id)).await?;
        let interview = super::repo::interview(&mut tx, user.user_id, id).await?;
        tx.commit().await?;
        Ok::<_, AppError>((interview, user.email))
    })
    .await;
    match interview {
        Ok((Some(interview), email)) => {
            let place = if interview.video_url.is_empty() { interview.location.clone() } else { interview.video_url.clone() };
            let summary = format!("{} with {}", interview.title, interview.company);
            let description = format!("{} at {}\n\n{}", interview.job_title, interview.company, interview.notes);
            let cancelled = interview.status == "cancelled";
            let body = ics(&Invitation {
                interview_id: interview.id,
                sequence: interview.sequence,
                method: if cancelled { Method::Cancel } else { Method::Request },
                summary: &summary,
                description: description.trim(),
                starts_at: interview.starts_at,
                ends_at: interview.ends_at,
                location: &place,
                organizer: NO_ORGANIZER,
                attendees: &[email],
                stamp: chrono::Utc::now(),
            });
            (
                [(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"interview.ics\"")],
                body,
            )
                .into_response()
        }
        Ok((None, _)) | Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => error.into_response(),
    }
}
