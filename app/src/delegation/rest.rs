//! The service in the REST API v1 (for the browser extension and other programs): the same
//! permission matrix, rules and work as the pages (`access`, `rules`, `service`), with a bearer
//! token instead of a session and JSON errors with stable codes (`api_v1`).

use axum::extract::{Extension, Path, Request};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::access::{Capability, Service};
use super::types::*;
use super::{repo, rules, service};
use crate::api_v1::call::{caller, id, json_body, run};
use crate::api_v1::error::{ApiError, ErrorBody};
use crate::platform::context::{Access, Platform};
use crate::platform::{AppError, Role};

/// What the service calls a person.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServiceRole {
    Client,
    Employee,
    Admin,
    Superadmin,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiUser {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: ServiceRole,
    /// For admins: `operator` or `manager`.
    pub admin_level: Option<AdminLevel>,
}

/// The person as the service knows them, if it does (needs their own scope or the platform's).
pub async fn service_user(conn: &mut sqlx::PgConnection, user_id: Uuid, role: Role) -> Result<Option<ApiUser>, AppError> {
    let Some(actor) = repo::actor(&mut *conn, user_id, role).await? else { return Ok(None) };
    let (name, email): (String, String) = sqlx::query_as("select display_name, email from users where id = $1").bind(user_id).fetch_one(conn).await?;
    let (role, admin_level) = match actor {
        Actor::Superadmin => (ServiceRole::Superadmin, None),
        Actor::Admin(level) => (ServiceRole::Admin, Some(level)),
        Actor::Client => (ServiceRole::Client, None),
        Actor::Employee => (ServiceRole::Employee, None),
    };
    Ok(Some(ApiUser { id: user_id, name, email, role, admin_level }))
}

/// A call's service: the bearer of its token, if the matrix lets them `capability` (any person
/// of the service for `None`).
async fn begin(platform: &Platform, capability: Option<Capability>) -> Result<Service, ApiError> {
    let user = caller(platform).await?;
    Ok(Service::begin_as(platform.clone(), user, capability, Access::Token).await?)
}

/// The end of a change to a delegation: its list entry as it now is, once committed.
async fn changed(mut svc: Service, delegation: Uuid) -> Result<DelegationItem, ApiError> {
    let item = repo::item(&mut svc.ctx.tx, delegation).await?;
    svc.commit().await?;
    Ok(item)
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", tag = "people", security(("bearer" = [])), responses(
    (status = 200, description = "The signed-in person", body = ApiUser),
    (status = 401, description = "No token, or not valid (`unauthenticated`), or expired (`token_expired`)", body = ErrorBody),
    (status = 403, description = "No longer a person of the service", body = ErrorBody),
))]
pub async fn me(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    run(platform.clone(), parts, StatusCode::OK, async move {
        let mut svc = begin(&platform, None).await?;
        let (user_id, role) = (svc.user_id(), svc.ctx.user.role);
        let user = service_user(&mut svc.ctx.tx, user_id, role).await?.ok_or(AppError::Forbidden)?;
        svc.commit().await?;
        Ok(user)
    })
    .await
}

/// The client's résumés, to choose one for a delegation.
#[utoipa::path(get, path = "/api/v1/resume-types", tag = "delegations", security(("bearer" = [])), responses(
    (status = 200, description = "The client's résumés", body = Vec<ResumeType>),
    (status = 401, description = "No valid token", body = ErrorBody),
    (status = 403, description = "Not a client (`forbidden`)", body = ErrorBody),
))]
pub async fn resume_types(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    run(platform.clone(), parts, StatusCode::OK, async move {
        let mut svc = begin(&platform, Some(Capability::ManageOwnResumes)).await?;
        let client_id = svc.user_id();
        let types = repo::resume_types(&mut svc.ctx.tx, client_id).await?;
        svc.commit().await?;
        Ok(types)
    })
    .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only this status.
    pub status: Option<DelegationStatus>,
    /// Only those delegated before this moment (the last one's `delegated_at`, for the next page).
    pub before: Option<chrono::DateTime<Utc>>,
    /// At most this many (1 to 100, 50 when not given).
    pub limit: Option<i64>,
}

/// Delegations, newest first: a client's own, an employee's given to them, every one for admins.
#[utoipa::path(get, path = "/api/v1/delegations", tag = "delegations", security(("bearer" = [])), params(ListQuery), responses(
    (status = 200, description = "Delegations, newest first", body = Vec<DelegationItem>),
    (status = 400, description = "A query parameter is malformed", body = ErrorBody),
    (status = 401, description = "No valid token", body = ErrorBody),
))]
pub async fn list(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let query = axum::extract::Query::<ListQuery>::try_from_uri(&parts.uri).map(|q| q.0).map_err(|e| ApiError::invalid_body(format!("The query is malformed: {e}.")));
    run(platform.clone(), parts, StatusCode::OK, async move {
        let query = query?;
        let limit = query.limit.unwrap_or(50);
        if !(1..=100).contains(&limit) {
            return Err(AppError::invalid("limit", "Ask for 1 to 100 at a time.").into());
        }
        let mut svc = begin(&platform, None).await?;
        let me = svc.user_id();
        let filter = match svc.actor {
            Actor::Client => repo::Filter { client_id: Some(me), ..Default::default() },
            Actor::Employee => repo::Filter { employee_id: Some(me), ..Default::default() },
            Actor::Admin(_) | Actor::Superadmin => repo::Filter::default(),
        };
        let items = repo::list(&mut svc.ctx.tx, repo::Filter { status: query.status, ..filter }, query.before, limit).await?;
        svc.commit().await?;
        Ok(items)
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DelegateRequest {
    pub job_url: String,
    pub company: String,
    pub title: String,
    pub resume_type_id: String,
    /// `urgent`, `high`, `normal` (when not given) or `low`.
    #[serde(default)]
    pub priority: String,
    /// A day (`2026-12-31`: its end, UTC) or a moment (RFC 3339), after now, at most 90 days ahead.
    pub deadline: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Delegated {
    pub id: Uuid,
    pub status: DelegationStatus,
    /// Who was given it; none while nobody has room (the queue gives it later).
    pub employee_id: Option<Uuid>,
}

/// A client delegates a job.
#[utoipa::path(post, path = "/api/v1/delegations", tag = "delegations", security(("bearer" = [])), request_body = DelegateRequest, responses(
    (status = 201, description = "Delegated, and given to an employee if one has room", body = Delegated),
    (status = 400, description = "A field is wrong (`invalid_input`, with `field`)", body = ErrorBody),
    (status = 401, description = "No valid token", body = ErrorBody),
    (status = 403, description = "Not an active client", body = ErrorBody),
    (status = 429, description = "Too many requests (`rate_limited`)", body = ErrorBody),
))]
pub async fn delegate(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    run(platform.clone(), parts, StatusCode::CREATED, async move {
        let mut svc = begin(&platform, Some(Capability::CreateDelegations)).await?;
        let input: DelegateRequest = json_body(body).await?;
        let now = Utc::now();
        let new = rules::new_delegation(&input.job_url, &input.company, &input.title, &input.resume_type_id, &input.priority, &input.deadline, now)?;
        let (id, employee_id) = service::delegate(&mut svc, &new, now).await?;
        svc.commit().await?;
        Ok(Delegated { id, status: DelegationStatus::Pending, employee_id })
    })
    .await
}

/// One delegation with its history and proofs, for its client, its employee and admins.
#[utoipa::path(get, path = "/api/v1/delegations/{id}", tag = "delegations", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The delegation")), responses(
    (status = 200, description = "The delegation", body = DelegationDetail),
    (status = 401, description = "No valid token", body = ErrorBody),
    (status = 404, description = "No such delegation that this person may see", body = ErrorBody),
))]
pub async fn get(Extension(platform): Extension<Platform>, Path(delegation): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    run(platform.clone(), parts, StatusCode::OK, async move {
        let delegation = id(&delegation)?;
        let mut svc = begin(&platform, None).await?;
        let detail = repo::detail(&mut svc.ctx.tx, delegation).await?;
        svc.commit().await?;
        Ok(detail)
    })
    .await
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ReasonRequest {
    #[serde(default)]
    pub reason: String,
}

/// The client (or an admin) cancels an open delegation.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/cancel", tag = "delegations", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The delegation")), request_body = ReasonRequest, responses(
    (status = 200, description = "Cancelled", body = DelegationItem),
    (status = 400, description = "The reason is too long", body = ErrorBody),
    (status = 401, description = "No valid token", body = ErrorBody),
    (status = 403, description = "An employee may not cancel", body = ErrorBody),
    (status = 404, description = "No such delegation of this client", body = ErrorBody),
    (status = 409, description = "No longer open (`conflict`)", body = ErrorBody),
))]
pub async fn cancel(Extension(platform): Extension<Platform>, Path(delegation): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    run(platform.clone(), parts, StatusCode::OK, async move {
        let delegation = id(&delegation)?;
        let mut svc = begin(&platform, None).await?;
        let input: ReasonRequest = json_body(body).await?;
        let reason = rules::reason(&input.reason, false)?;
        let me = svc.user_id();
        let client = match svc.actor {
            Actor::Client => Some(me),
            Actor::Admin(_) | Actor::Superadmin => None,
            Actor::Employee => return Err(AppError::Forbidden.into()),
        };
        repo::cancel(&mut svc.ctx.tx, delegation, me, client, &reason, Utc::now()).await?;
        changed(svc, delegation).await
    })
    .await
}

/// The employee starts on a pending delegation.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/start", tag = "delegations", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The delegation")), responses(
    (status = 200, description = "In progress", body = DelegationItem),
    (status = 401, description = "No valid token", body = ErrorBody),
    (status = 403, description = "Not an employee", body = ErrorBody),
    (status = 404, description = "Not given to this employee", body = ErrorBody),
    (status = 409, description = "Not pending (`conflict`)", body = ErrorBody),
))]
pub async fn start(Extension(platform): Extension<Platform>, Path(delegation): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    run(platform.clone(), parts, StatusCode::OK, async move {
        let delegation = id(&delegation)?;
        let mut svc = begin(&platform, Some(Capability::ProcessDelegations)).await?;
        let me = svc.user_id();
        repo::start(&mut svc.ctx.tx, delegation, me, Utc::now()).await?;
        changed(svc, delegation).await
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewRequest {
    /// `accept` or `reject`.
    pub decision: String,
    /// Why, for a rejection (required then).
    #[serde(default)]
    pub reason: String,
}

/// The client accepts or rejects the waiting proof; a rejection sends it back to the employee.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/review", tag = "delegations", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The delegation")), request_body = ReviewRequest, responses(
    (status = 200, description = "Reviewed", body = DelegationItem),
    (status = 400, description = "No decision, or a rejection without a reason", body = ErrorBody),
    (status = 401, description = "No valid token", body = ErrorBody),
    (status = 403, description = "Not a client", body = ErrorBody),
    (status = 404, description = "No such delegation of this client", body = ErrorBody),
    (status = 409, description = "No proof waits for review (`conflict`)", body = ErrorBody),
))]
pub async fn review(Extension(platform): Extension<Platform>, Path(delegation): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    run(platform.clone(), parts, StatusCode::OK, async move {
        let delegation = id(&delegation)?;
        let mut svc = begin(&platform, Some(Capability::CreateDelegations)).await?;
        let input: ReviewRequest = json_body(body).await?;
        let rejection = match input.decision.as_str() {
            "accept" => None,
            "reject" => Some(rules::reason(&input.reason, true)?),
            _ => return Err(AppError::invalid("decision", "Accept or reject the proof.").into()),
        };
        service::review(&mut svc, delegation, rejection.as_deref(), Utc::now()).await?;
        changed(svc, delegation).await
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProofAdded {
    pub proof_id: Uuid,
}

/// The form of a completion, as documented (the handler reads it as multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CompletionForm {
    /// A PNG or JPEG screenshot of the sent application, at most 8 MB.
    #[schema(value_type = String, format = Binary)]
    screenshot: Vec<u8>,
    notes: Option<String>,
}

/// The employee's proof that the application was sent.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/completions", tag = "delegations", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The delegation")),
    request_body(content = CompletionForm, content_type = "multipart/form-data"), responses(
    (status = 201, description = "Completed; the client reviews the proof", body = ProofAdded),
    (status = 400, description = "No screenshot, not PNG or JPEG, or notes too long (`invalid_input`)", body = ErrorBody),
    (status = 401, description = "No valid token", body = ErrorBody),
    (status = 403, description = "Not an employee", body = ErrorBody),
    (status = 404, description = "Not given to this employee", body = ErrorBody),
    (status = 409, description = "Not open (`conflict`)", body = ErrorBody),
    (status = 413, description = "Larger than 8 MB (`payload_too_large`)", body = ErrorBody),
))]
pub async fn complete(Extension(platform): Extension<Platform>, Path(delegation): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let form_parts = parts.clone();
    run(platform.clone(), parts, StatusCode::CREATED, async move {
        let delegation = id(&delegation)?;
        let svc = begin(&platform, Some(Capability::ProcessDelegations)).await?;
        let form = crate::platform::upload::read(Request::from_parts(form_parts, body), "screenshot", MAX_SCREENSHOT_BYTES).await;
        let too_large = || ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "The screenshot can be at most 8 MB.");
        let form = match form {
            Ok(form) if form.file_too_large => return Err(too_large()),
            Err(crate::platform::upload::UploadError::TooLarge) => return Err(too_large()),
            Err(crate::platform::upload::UploadError::Unreadable) => return Err(AppError::invalid("screenshot", "Send a multipart form with the screenshot.").into()),
            Ok(form) => form,
        };
        let bytes = form.file.as_ref().map(|file| file.bytes.clone()).unwrap_or_default();
        let proof_id = service::complete(svc, delegation, form.field("notes"), bytes, Utc::now()).await?;
        Ok(ProofAdded { proof_id })
    })
    .await
}
