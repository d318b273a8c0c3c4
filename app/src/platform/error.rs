use serde::{Deserialize, Serialize};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// Where people write to the platform's operators.
pub const SUPPORT_EMAIL: &str = "support@hirevoo.test";

/// The one error type of every server function. Its messages are safe to show
/// to the user; what went wrong inside is logged, never sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind")]
pub enum AppError {
    /// Input that cannot be accepted; `field` names the form field at fault.
    #[error("{message}")]
    Invalid { field: Option<String>, message: String },
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You do not have access to this page.")]
    Forbidden,
    #[error("We could not find that. It may have been removed.")]
    NotFound,
    #[error("{message}")]
    Conflict { field: Option<String>, message: String },
    #[error("{message}")]
    TooManyRequests { message: String },
    #[error("The service is temporarily unavailable. Please try again in a moment.")]
    Unavailable,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The person's organization is suspended: nothing of it can be used until it is reactivated.
    #[error("{message}")]
    Suspended { message: String },
    /// Past one of the plan's quotas: the message names the limit and the plan.
    #[error("{message}")]
    QuotaExceeded { message: String },
    /// A superadmin viewing the product as someone else, without leave to change anything.
    #[error("You are viewing Hirevoo as someone else, read-only: nothing can be changed. Stop viewing as them, or start again allowing changes, with a reason.")]
    ReadOnly,
    /// A request the server could not read (malformed or oversized).
    #[error("The request could not be read: {message}")]
    BadRequest { message: String },
}

impl AppError {
    /// An error of the server's own making: its cause goes to the log, the user reads that
    /// something went wrong (`map_err(AppError::internal)`).
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Debug) -> Self {
        tracing::error!(?cause, "internal error");
        Self::Internal
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid { field: Some(field.to_owned()), message: message.into() }
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::Conflict { field: Some(field.to_owned()), message: message.into() }
    }

    /// What a suspended organization's people are told, with whom to contact.
    pub fn suspended(organization: &str, reason: Option<&str>) -> Self {
        let reason = reason.map(|r| format!(" The reason given: {r}")).unwrap_or_default();
        Self::Suspended {
            message: format!(
                "{organization} is suspended on Hirevoo, so its workspace cannot be used for now; nothing in it has been changed or removed.{reason} Your organization's administrator can reach us at {SUPPORT_EMAIL}."
            ),
        }
    }

    /// The form field this error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } | Self::Conflict { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            Self::Invalid { .. } | Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Suspended { .. } | Self::ReadOnly => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::QuotaExceeded { .. } => StatusCode::PAYMENT_REQUIRED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// A plain route's answer (a download, a feed): the error's status and its message as text.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        (self.status(), self.to_string()).into_response()
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::Deserialization(message)
            | ServerFnErrorErr::MissingArg(message) => Self::BadRequest { message: short(message) },
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Unavailable,
            _ => Self::Internal,
        }
    }
}

fn short(mut message: String) -> String {
    message.truncate(200);
    message
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                tracing::error!(%error, "database unreachable");
                Self::Unavailable
            }
            sqlx::Error::RowNotFound => Self::NotFound,
            // A plan's quota, refused by the database where the count moves; its message names the limit and the plan.
            sqlx::Error::Database(db) if db.code().as_deref() == Some(QUOTA_EXCEEDED) => Self::QuotaExceeded { message: db.message().to_owned() },
            // The transaction was opened read-only for a superadmin viewing as someone else.
            sqlx::Error::Database(db) if db.code().as_deref() == Some("25006") => Self::ReadOnly,
            _ => {
                tracing::error!(%error, "database error");
                Self::Internal
            }
        }
    }
}

/// The SQLSTATE the database raises when a count would pass its quota.
#[cfg(feature = "ssr")]
pub const QUOTA_EXCEEDED: &str = "HQ001";

/// Maps a unique-constraint violation to a clear field error; anything else as usual.
#[cfg(feature = "ssr")]
pub fn on_constraint(
    constraint: &'static str,
    to_error: impl FnOnce() -> AppError,
) -> impl FnOnce(sqlx::Error) -> AppError {
    move |error| match &error {
        sqlx::Error::Database(db) if db.constraint() == Some(constraint) => to_error(),
        _ => AppError::from(error),
    }
}
