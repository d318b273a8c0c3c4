//! The REST API's errors: JSON with a stable code a program can branch on, the message a
//! person can read, and the field at fault.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::platform::AppError;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    /// Seconds, for a 429 or 503.
    pub retry_after: Option<u64>,
}

/// Every error's body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// One of: `invalid_input`, `unauthenticated`, `invalid_credentials`, `token_expired`,
    /// `invalid_refresh_token`, `refresh_token_reused`, `two_step_required`, `forbidden`,
    /// `not_found`, `conflict`, `payload_too_large`, `rate_limited`, `unavailable`, `internal`.
    pub code: &'static str,
    pub message: String,
    /// The request's field at fault, for `invalid_input` and `conflict`.
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field: None, retry_after: None }
    }

    pub fn unauthenticated(code: &'static str, message: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn invalid_body(message: impl Into<String>) -> Self {
        Self { field: None, ..Self::new(StatusCode::BAD_REQUEST, "invalid_input", message) }
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        Self { retry_after: Some(retry_after), ..Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Too many requests: wait before trying again.") }
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let message = error.to_string();
        let (status, code, field) = match error {
            AppError::Invalid { field, .. } => (StatusCode::BAD_REQUEST, "invalid_input", field),
            AppError::BadRequest { .. } => (StatusCode::BAD_REQUEST, "invalid_input", None),
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", None),
            AppError::Forbidden | AppError::Suspended { .. } | AppError::ReadOnly | AppError::QuotaExceeded { .. } => (StatusCode::FORBIDDEN, "forbidden", None),
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found", None),
            AppError::Conflict { field, .. } => (StatusCode::CONFLICT, "conflict", field),
            AppError::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited", None),
            AppError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", None),
            AppError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal", None),
        };
        let retry_after = match status {
            StatusCode::TOO_MANY_REQUESTS => Some(60),
            StatusCode::SERVICE_UNAVAILABLE => Some(3),
            _ => None,
        };
        Self { status, code, message, field, retry_after }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message, field: self.field } };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
