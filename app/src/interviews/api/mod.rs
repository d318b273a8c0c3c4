//! The interviews' server functions: each authenticates, authorizes and validates by itself.
//! Interviewers reach an interview's requisition, candidate and application only while they
//! are on its panel; recruiters and admins through the requisition, as in the pipeline.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::calendar::{self, local_to_utc, zone},
    super::repo::{self, InterviewRow, NewInterview, TypeInput},
    super::service::{self, Change},
    crate::platform::audit::{self, Entry},
    crate::platform::context::{platform, Access, Ctx},
    crate::platform::flags::keys,
    crate::platform::validate,
    crate::platform::{tokens, CurrentUser, Role},
    crate::recruiting::pipeline::repo::{self as pipeline, Mover},
    chrono::{DateTime, Duration, Utc},
    serde_json::json,
    sqlx::PgConnection,
};

mod plans;
mod scheduling;
mod self_scheduling;
mod interviewer;
mod calibration;
mod settings;

pub use plans::*;
pub use scheduling::*;
pub use self_scheduling::*;
pub use interviewer::*;
pub use calibration::*;
pub use settings::*;

#[cfg(feature = "ssr")]
fn mover(user: &CurrentUser) -> Mover {
    Mover { user_id: user.user_id, is_admin: user.role == Role::TenantAdmin }
}

#[cfg(feature = "ssr")]
fn is_checked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| v == "on" || v == "true")
}

#[cfg(feature = "ssr")]
fn duration(minutes: i32) -> Result<i32, AppError> {
    if !(1..=MAX_DURATION_MINUTES).contains(&minutes) {
        return Err(AppError::invalid("duration_minutes", "An interview lasts from 1 minute to 8 hours."));
    }
    Ok(minutes)
}

#[cfg(feature = "ssr")]
fn short(field: &str, label: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = validate::long_text(field, label, value, max)?;
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(AppError::invalid(field, format!("The {label} contains characters that are not allowed.")));
    }
    Ok(value)
}

#[cfg(feature = "ssr")]
fn video_link(value: &str) -> Result<String, AppError> {
    let value = short("video_url", "video link", value, 500)?;
    if !value.is_empty() && !(value.starts_with("https://") || value.starts_with("http://")) {
        return Err(AppError::invalid("video_url", "A video link starts with https://."));
    }
    Ok(value)
}
