//! What every API call goes through: its request in context (as a server function has it),
//! the caller's access token checked, the rate limits counted, and its answer as JSON.

use axum::body::Body;
use axum::http::{header, request::Parts, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::ApiError;
use crate::platform::context::{client_ip, request_parts, with_request, Platform};
use crate::platform::jwt::TokenError;
use crate::platform::rate_limit::per_minute;
use crate::platform::{live_settings, CurrentUser};

/// Largest JSON body.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// Runs `work` with the request in context and answers with its value as JSON under `status`
/// (no body for 204), or with its error.
pub async fn run<T: Serialize>(platform: Platform, parts: Parts, status: StatusCode, work: impl Future<Output = Result<T, ApiError>>) -> Response {
    match with_request(platform, parts, work).await {
        Ok(_) if status == StatusCode::NO_CONTENT => StatusCode::NO_CONTENT.into_response(),
        Ok(value) => (status, axum::Json(value)).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Counts this request against the address's limit (and the person's, when known); refused
/// past either with the seconds to wait.
pub async fn count_request(platform: &Platform, bucket: &str, person: Option<&str>, per_address: i32) -> Result<(), ApiError> {
    let address = client_ip();
    let mut limits = vec![(bucket, address.as_str(), per_address)];
    if let Some(person) = person {
        let most = platform.live_settings.get(live_settings::API_REQUESTS_PER_PERSON);
        limits.push(("api.person", person, i32::try_from(most).unwrap_or(i32::MAX)));
    }
    let mut conn = platform.db.write().acquire().await.map_err(crate::platform::AppError::from)?;
    match per_minute(&mut conn, &platform.secret_box, &limits).await? {
        Some(wait) => Err(ApiError::rate_limited(wait)),
        None => Ok(()),
    }
}

/// The person whose access token the request bears, counted against the rate limits.
pub async fn caller(platform: &Platform) -> Result<CurrentUser, ApiError> {
    let token = request_parts()
        .and_then(|parts| parts.headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok()).map(str::to_owned))
        .and_then(|value| value.strip_prefix("Bearer ").map(str::to_owned))
        .ok_or_else(|| ApiError::unauthenticated("unauthenticated", "Send an access token: Authorization: Bearer <token>."))?;
    let claims = platform.secret_box.token_signer().verify(token.trim(), chrono::Utc::now().timestamp()).map_err(|error| match error {
        TokenError::Expired => ApiError::unauthenticated("token_expired", "The access token has expired: refresh it."),
        TokenError::Invalid => ApiError::unauthenticated("unauthenticated", "The access token is not valid."),
    })?;
    let per_address = i32::try_from(platform.live_settings.get(live_settings::API_REQUESTS_PER_ADDRESS)).unwrap_or(i32::MAX);
    count_request(platform, "api.address", Some(&claims.sub.to_string()), per_address).await?;
    Ok(CurrentUser {
        user_id: claims.sub,
        session_id: claims.fam,
        email: String::new(),
        display_name: claims.name,
        role: claims.role,
        tenant: None,
        features: Vec::new(),
        impersonation: None,
    })
}

/// A JSON body of `T`, or what is wrong with it.
pub async fn json_body<T: DeserializeOwned>(body: Body) -> Result<T, ApiError> {
    let bytes = axum::body::to_bytes(body, MAX_JSON_BYTES)
        .await
        .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", format!("The body can be at most {} KB.", MAX_JSON_BYTES / 1024)))?;
    serde_json::from_slice(&bytes).map_err(|error| ApiError::invalid_body(format!("The body is not the JSON expected: {error}.")))
}

/// A path's id: anything else names nothing.
pub fn id(text: &str) -> Result<uuid::Uuid, ApiError> {
    text.parse().map_err(|_| crate::platform::AppError::NotFound.into())
}
