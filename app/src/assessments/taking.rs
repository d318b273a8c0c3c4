//! The candidate's server functions. A candidate has no account: the invitation
//! token in their link is their credential, checked on every call.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::grading::Response;
use super::types::{Landing, Outcome, SaveAck, SessionState};
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::scoring,
    super::types::{ChoiceOption, QuestionKind},
    crate::platform::{
        context::{platform, Platform},
        db::{Db, Scope},
        tokens,
    },
    chrono::{DateTime, Utc},
    sqlx::{PgConnection, Postgres, Transaction},
};

/// The longest text answer accepted.
pub const MAX_ANSWER_CHARS: usize = 10_000;
/// Proctoring events kept per session; more are dropped, not refused.
pub const MAX_EVENTS_PER_SESSION: i64 = 2_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProctoringEvent {
    pub kind: String,
    pub at: chrono::DateTime<chrono::Utc>,
    #[serde(default)]
    pub details: serde_json::Value,
}

pub const EVENT_KINDS: [&str; 10] =
    ["tab_hidden", "tab_visible", "window_blur", "window_focus", "fullscreen_exit", "copy", "cut", "paste", "context_menu", "reload"];

#[cfg(feature = "ssr")]
fn unusable_link() -> AppError {
    AppError::Invalid {
        field: None,
        message: "This assessment link is invalid, expired or withdrawn. Ask the recruiter who sent it for a new one.".into(),
    }
}

#[cfg(feature = "ssr")]
struct Invitation {
    id: Uuid,
    tenant_id: Uuid,
    assessment_id: Uuid,
    multiplier: f64,
    unflagged: Vec<String>,
}

/// The invitation behind a token, and a transaction scoped to its tenant.
#[cfg(feature = "ssr")]
async fn open_invitation(platform: &Platform, token: &str) -> Result<(Invitation, Transaction<'static, Postgres>), AppError> {
    if !tokens::well_formed(token) {
        return Err(unusable_link());
    }
    let mut tx = Db::begin(platform.db.write(), &Scope::InvitationToken(tokens::hash_hex(token))).await?;
    let row: Option<(Uuid, Uuid, Uuid, f64, Vec<String>)> = sqlx::query_as(
        "select id, tenant_id, assessment_id, time_multiplier::float8, unflagged_signals from candidate_invitations
         where token_hash = $1 and revoked_at is null and expires_at > now()",
    )
    .bind(tokens::hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let (id, tenant_id, assessment_id, multiplier, unflagged) = row.ok_or_else(unusable_link)?;
    Db::enter_tenant(&mut tx, tenant_id).await?;
    Ok((Invitation { id, tenant_id, assessment_id, multiplier, unflagged }, tx))
}

#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct OpenSession {
    id: Uuid,
    deadline_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
    client_id: Uuid,
}

/// The invitation's latest session, locked for this transaction.
#[cfg(feature = "ssr")]
async fn latest_session(conn: &mut PgConnection, invitation_id: Uuid) -> Result<Option<OpenSession>, AppError> {
    Ok(sqlx::query_as(
        "select id, deadline_at, submitted_at, client_id from test_sessions
         where invitation_id = $1 order by attempt desc limit 1 for update",
    )
    .bind(invitation_id)
    .fetch_optional(conn)
    .await?)
}

#[server]
pub async fn assessment_landing(token: String) -> Result<Landing, AppError> {
    let platform = platform()?;
    let (invitation, mut tx) = open_invitation(&platform, &token).await?;
    let (tenant_name, title, instructions, minutes, attempts_allowed): (String, String, String, i32, i32) = sqlx::query_as(
        "select t.name, a.title, a.instructions, a.time_limit_minutes, a.attempts_allowed
         from assessments a join tenants t on t.id = a.tenant_id where a.id = $1",
    )
    .bind(invitation.assessment_id)
    .fetch_one(&mut *tx)
    .await?;
    let question_count = scoring::question_count(&mut tx, invitation.assessment_id).await?;
    let (attempts_used, in_progress): (i64, bool) = sqlx::query_as(
        "select count(*), coalesce(bool_or(submitted_at is null and deadline_at > now()), false)
         from test_sessions where invitation_id = $1",
    )
    .bind(invitation.id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Landing {
        tenant_name,
        title,
        instructions,
        minutes: (f64::from(minutes) * invitation.multiplier * 10.0).round() / 10.0,
        question_count,
        attempts_left: (attempts_allowed - attempts_used as i32).max(0),
        in_progress,
    })
}

/// Starts the test, or resumes the one in progress (this browser takes it over).
#[server]
pub async fn start_test(token: String, client_id: Uuid) -> Result<SessionState, AppError> {
    let platform = platform()?;
    let (invitation, mut tx) = open_invitation(&platform, &token).await?;
    sqlx::query("select 1 from candidate_invitations where id = $1 for update").bind(invitation.id).execute(&mut *tx).await?;
    let session_id = match latest_session(&mut tx, invitation.id).await? {
        Some(session) if session.submitted_at.is_none() && session.deadline_at > Utc::now() => {
            if session.client_id != client_id {
                sqlx::query("update test_sessions set client_id = $1 where id = $2").bind(client_id).bind(session.id).execute(&mut *tx).await?;
                scoring::record_event(&mut tx, invitation.tenant_id, session.id, "takeover", Utc::now(), serde_json::json!({})).await?;
            }
            session.id
        }
        _ => scoring::begin_session(&mut tx, invitation.tenant_id, invitation.id, invitation.assessment_id, invitation.multiplier, client_id).await?,
    };
    let state = scoring::session_state(&mut tx, session_id, &invitation.unflagged).await?;
    tx.commit().await?;
    Ok(state)
}

/// The session as the server holds it (after a reload). Refused if another browser took it over.
#[server]
pub async fn test_state(token: String, client_id: Uuid) -> Result<SessionState, AppError> {
    let platform = platform()?;
    let (invitation, mut tx) = open_invitation(&platform, &token).await?;
    let session = latest_session(&mut tx, invitation.id).await?.ok_or(AppError::NotFound)?;
    if session.client_id != client_id && session.submitted_at.is_none() {
        return Err(taken_over());
    }
    let state = scoring::session_state(&mut tx, session.id, &invitation.unflagged).await?;
    tx.commit().await?;
    Ok(state)
}

#[cfg(feature = "ssr")]
fn taken_over() -> AppError {
    AppError::Conflict { field: None, message: "This test is now open in another browser. Continue there, or take it over here.".into() }
}

#[cfg(feature = "ssr")]
fn check_shape(kind: QuestionKind, options: &[ChoiceOption], response: &Response) -> Result<(), AppError> {
    let bad = || AppError::invalid("response", "That answer does not fit the question.");
    match (kind, response) {
        (QuestionKind::SingleChoice | QuestionKind::TrueFalse, Response::Choice(ids)) if ids.len() <= 1 => {}
        (QuestionKind::MultipleChoice, Response::Choice(ids)) if ids.len() <= options.len() => {}
        (QuestionKind::Numeric, Response::Number(n)) if n.is_finite() => return Ok(()),
        (QuestionKind::ShortText | QuestionKind::LongText, Response::Text(text)) => {
            return if text.chars().count() > MAX_ANSWER_CHARS {
                Err(AppError::invalid("response", format!("An answer can be at most {MAX_ANSWER_CHARS} characters.")))
            } else {
                Ok(())
            };
        }
        _ => return Err(bad()),
    }
    let Response::Choice(ids) = response else { return Err(bad()) };
    ids.iter().all(|id| options.iter().any(|o| &o.id == id)).then_some(()).ok_or_else(bad)
}

/// Saves one answer. Saves carry the browser's sequence number: a replayed or
/// older save changes nothing, so the browser may resend until acknowledged.
#[server(input = Json)]
pub async fn save_answer(
    token: String,
    client_id: Uuid,
    version_id: Uuid,
    response: Option<Response>,
    flagged: bool,
    seq: i64,
    time_spent_ms: i64,
) -> Result<SaveAck, AppError> {
    let platform = platform()?;
    if seq < 1 || !(0..=86_400_000).contains(&time_spent_ms) {
        return Err(AppError::invalid("seq", "The save is malformed."));
    }
    let (invitation, mut tx) = open_invitation(&platform, &token).await?;
    let session = latest_session(&mut tx, invitation.id).await?.ok_or(AppError::NotFound)?;
    if session.submitted_at.is_some() {
        return Err(AppError::Conflict { field: None, message: "This test has been submitted; answers can no longer change.".into() });
    }
    if session.client_id != client_id {
        return Err(taken_over());
    }
    let now = Utc::now();
    let late = now > session.deadline_at;
    if now > session.deadline_at + platform.settings.save_grace {
        return Err(AppError::Conflict { field: None, message: "Time is up: this answer arrived too late to count.".into() });
    }
    let question: Option<(String, serde_json::Value)> = sqlx::query_as(
        "select v.kind, v.options from session_questions sq join question_versions v on v.id = sq.question_version_id
         where sq.session_id = $1 and sq.question_version_id = $2",
    )
    .bind(session.id)
    .bind(version_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (kind, options) = question.ok_or_else(|| AppError::invalid("version_id", "That question is not part of this test."))?;
    let kind = QuestionKind::parse(&kind).ok_or(AppError::Internal)?;
    let options: Vec<ChoiceOption> = serde_json::from_value(options).map_err(|_| AppError::Internal)?;
    if let Some(response) = &response {
        check_shape(kind, &options, response)?;
    }
    let response_json = response.as_ref().map(serde_json::to_value).transpose().map_err(|_| AppError::Internal)?;
    let written: Option<i64> = sqlx::query_scalar(
        "insert into answers (tenant_id, session_id, question_version_id, response, flagged, seq, late, time_spent_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (session_id, question_version_id) do update
            set response = excluded.response, flagged = excluded.flagged, seq = excluded.seq, saved_at = now(),
                late = excluded.late, time_spent_ms = greatest(answers.time_spent_ms, excluded.time_spent_ms)
            where answers.seq < excluded.seq
         returning seq",
    )
    .bind(invitation.tenant_id)
    .bind(session.id)
    .bind(version_id)
    .bind(response_json)
    .bind(flagged)
    .bind(seq)
    .bind(late)
    .bind(time_spent_ms)
    .fetch_optional(&mut *tx)
    .await?;
    // Not written: the server already holds this save or a newer one.
    let held = match written {
        Some(seq) => seq,
        None => sqlx::query_scalar("select seq from answers where session_id = $1 and question_version_id = $2")
            .bind(session.id)
            .bind(version_id)
            .fetch_one(&mut *tx)
            .await?,
    };
    tx.commit().await?;
    Ok(SaveAck { version_id, seq: held, remaining_ms: (session.deadline_at - now).num_milliseconds().max(0) })
}

/// Records proctoring signals, in batches. They inform recruiters; they never fail anyone.
#[server(input = Json)]
pub async fn record_events(token: String, client_id: Uuid, events: Vec<ProctoringEvent>) -> Result<u32, AppError> {
    let platform = platform()?;
    if events.len() > 200 {
        return Err(AppError::invalid("events", "Send at most 200 events at once."));
    }
    if let Some(bad) = events.iter().find(|e| !EVENT_KINDS.contains(&e.kind.as_str()) || e.details.to_string().len() > 1000) {
        return Err(AppError::invalid("events", format!("Unknown or oversized event {:?}.", bad.kind.chars().take(40).collect::<String>())));
    }
    let (invitation, mut tx) = open_invitation(&platform, &token).await?;
    let session = latest_session(&mut tx, invitation.id).await?.ok_or(AppError::NotFound)?;
    if session.submitted_at.is_some() {
        return Err(AppError::Conflict { field: None, message: "This test has been submitted.".into() });
    }
    if session.client_id != client_id {
        return Err(taken_over());
    }
    let stored: i64 = sqlx::query_scalar("select count(*) from proctoring_events where session_id = $1").bind(session.id).fetch_one(&mut *tx).await?;
    let room = (MAX_EVENTS_PER_SESSION - stored).max(0) as usize;
    let now = Utc::now();
    let mut kept = 0;
    for event in events.into_iter().take(room) {
        // The browser's clock may be off; a time in the future is the server's now.
        let at = event.at.min(now);
        scoring::record_event(&mut tx, invitation.tenant_id, session.id, &event.kind, at, event.details).await?;
        kept += 1;
    }
    tx.commit().await?;
    Ok(kept)
}

#[server]
pub async fn submit_test(token: String, client_id: Uuid) -> Result<Outcome, AppError> {
    let platform = platform()?;
    let (invitation, mut tx) = open_invitation(&platform, &token).await?;
    let session = latest_session(&mut tx, invitation.id).await?.ok_or(AppError::NotFound)?;
    if session.submitted_at.is_none() && session.client_id != client_id {
        return Err(taken_over());
    }
    let outcome = scoring::finish(&mut tx, session.id, "candidate").await?;
    tx.commit().await?;
    Ok(outcome)
}
