//! Results for recruiters: the candidates of an assessment with their percentiles, one
//! candidate's answers and proctoring timeline, hand grading, the integrity tier and the
//! events' severities with their rules, and the review of a session's proctoring events.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::grading::Response;
use super::types::{ChoiceOption, QuestionKind};
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::grading::AnswerKey,
    super::sessions,
    crate::platform::context::{Access, Ctx},
    crate::platform::validate,
    sqlx::types::Json,
};

mod proctoring;
mod ranking;
mod candidates;
mod session;
mod hand_grading;

pub use proctoring::*;
pub use ranking::*;
pub use candidates::*;
pub use session::*;
pub use hand_grading::*;
