//! The candidate's server functions. A candidate has no account: the invitation
//! token in their link is their credential, checked on every call.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

use super::grading::Response;
use super::types::{Landing, Outcome, SaveAck, SessionState};
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo::{AnswerSave, StoredSave},
    super::sessions,
    crate::platform::{
        context::{self, platform, Platform},
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

/// A signal from the candidate's page. Times are milliseconds since 1970 by the browser's clock;
/// details are counts (e.g. the length of a paste).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProctoringEvent {
    pub kind: String,
    pub at_ms: i64,
    #[serde(default)]
    pub details: BTreeMap<String, i64>,
}

pub const EVENT_KINDS: [&str; 10] =
    ["tab_hidden", "tab_visible", "window_blur", "window_focus", "fullscreen_exit", "copy", "cut", "paste", "context_menu", "reload"];

/// Whether a signal is excused by the candidate's accommodation: the excused signal itself,
/// and its return (back to the window or the tab).
pub fn is_excused(unflagged: &[String], kind: &str) -> bool {
    unflagged.iter().any(|s| s == kind || (s == "window_blur" && kind == "window_focus") || (s == "tab_hidden" && kind == "tab_visible"))
}

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
    // The function decides whether the link may be used, and scopes the transaction to its tenant.
    let row: (Option<Uuid>, Option<Uuid>, Option<Uuid>, Option<f64>, Option<Vec<String>>) =
        sqlx::query_as("select id, tenant_id, assessment_id, time_multiplier, unflagged_signals from open_invitation($1)")
            .bind(tokens::hash(token))
            .fetch_one(&mut *tx)
            .await?;
    let (Some(id), Some(tenant_id), Some(assessment_id), Some(multiplier), Some(unflagged)) = row else { return Err(unusable_link()) };
    let (organization, status): (String, String) = sqlx::query_as("select name, status from tenants where id = $1").bind(tenant_id).fetch_one(&mut *tx).await?;
    if status != "active" {
        // Answers already given stay saved, and a running test is still submitted at its deadline.
        return Err(AppError::Suspended {
            message: format!("{organization} is unavailable at the moment, so this test cannot be opened. Anything you already answered is kept. Please try again later, or contact the recruiter who invited you."),
        });
    }
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

/// The cookie that tells this browser apart from another one opening the same link.
#[cfg(feature = "ssr")]
const BROWSER_COOKIE: &str = "hirevoo_browser";

/// This browser's id, from its cookie or new (and then set). The server needs it when it
/// renders the test page, to open the player straight away for the browser holding the session.
#[cfg(feature = "ssr")]
fn browser_id(platform: &Platform) -> Uuid {
    if let Some(id) = context::cookie(BROWSER_COOKIE).and_then(|value| value.parse().ok()) {
        return id;
    }
    let id = Uuid::now_v7();
    context::set_site_cookie(&platform.settings, BROWSER_COOKIE, &id.to_string(), 30 * 24 * 3600);
    id
}

#[server]
pub async fn assessment_landing(token: String) -> Result<Landing, AppError> {
    let platform = platform()?;
    let (invitation, mut tx) = open_invitation(&platform, &token).await?;
    let client_id = browser_id(&platform);
    let (tenant_name, title, instructions, minutes, attempts_allowed): (String, String, String, i32, i32) = sqlx::query_as(
        "select t.name, a.title, a.instructions, a.time_limit_minutes, a.attempts_allowed
         from assessments a join tenants t on t.id = a.tenant_id where a.id = $1",
    )
    .bind(invitation.assessment_id)
    .fetch_one(&mut *tx)
    .await?;
    let question_count = sessions::question_count(&mut tx, invitation.assessment_id).await?;
    let attempts_used: i64 = sqlx::query_scalar("select count(*) from test_sessions where invitation_id = $1").bind(invitation.id).fetch_one(&mut *tx).await?;
    let latest = latest_session(&mut tx, invitation.id).await?;
    let in_progress = latest.as_ref().is_some_and(|s| s.submitted_at.is_none() && s.deadline_at > Utc::now());
    let submitted = latest.as_ref().is_some_and(|s| !in_progress && (s.submitted_at.is_some() || s.deadline_at <= Utc::now()));
    let session = match latest {
        Some(latest) if in_progress && latest.client_id == client_id => Some(sessions::session_state(&mut tx, latest.id, &invitation.unflagged).await?),
        _ => None,
    };
    let notices = crate::incidents::repo::banners(&mut tx, Some(invitation.tenant_id), Some("assessments")).await?;
    tx.commit().await?;
    Ok(Landing {
        tenant_name,
        title,
        instructions,
        minutes: (f64::from(minutes) * invitation.multiplier * 10.0).round() / 10.0,
        question_count,
        attempts_left: (attempts_allowed - attempts_used as i32).max(0),
        in_progress,
        submitted,
        client_id,
        session,
        notices,
    })
}

/// Starts the test, or resumes the one in progress (this browser takes it over). The landing
/// posts it as a plain form, so a start works before the page's code has loaded, or without it.
#[server]
pub async fn start_test(token: String, client_id: Uuid, consent: Option<String>) -> Result<SessionState, AppError> {
    let platform = platform()?;
    if consent.is_none() {
        return Err(AppError::invalid("consent", "Tick the box to say you understand what is recorded, then start."));
    }
    let (invitation, mut tx) = open_invitation(&platform, &token).await?;
    sqlx::query("select 1 from candidate_invitations where id = $1 for update").bind(invitation.id).execute(&mut *tx).await?;
    let session_id = match latest_session(&mut tx, invitation.id).await? {
        Some(session) if session.submitted_at.is_none() && session.deadline_at > Utc::now() => {
            if session.client_id != client_id {
                sqlx::query("update test_sessions set client_id = $1 where id = $2").bind(client_id).bind(session.id).execute(&mut *tx).await?;
                sessions::record_events(&mut tx, invitation.tenant_id, session.id, &[("takeover".into(), Utc::now(), serde_json::json!({}))]).await?;
            }
            session.id
        }
        _ => sessions::begin_session(&mut tx, invitation.tenant_id, invitation.id, invitation.assessment_id, invitation.multiplier, client_id).await?,
    };
    let state = sessions::session_state(&mut tx, session_id, &invitation.unflagged).await?;
    tx.commit().await?;
    Ok(state)
}

/// The session as the server holds it (after a reload). Refused if another browser took it over.
#[server]
pub async fn test_state(token: String, client_id: Uuid) -> Result<SessionState, AppError> {
    held_session_state(&platform()?, &token, client_id).await
}

/// The latest session behind `token`, unless another browser holds it while it runs.
#[cfg(feature = "ssr")]
async fn held_session_state(platform: &Platform, token: &str, client_id: Uuid) -> Result<SessionState, AppError> {
    let (invitation, mut tx) = open_invitation(platform, token).await?;
    let session = latest_session(&mut tx, invitation.id).await?.ok_or(AppError::NotFound)?;
    if session.client_id != client_id && session.submitted_at.is_none() {
        return Err(taken_over());
    }
    let state = sessions::session_state(&mut tx, session.id, &invitation.unflagged).await?;
    tx.commit().await?;
    Ok(state)
}

const TAKEN_OVER: &str = "This test is now open in another browser. Continue there, or take it over here.";

#[cfg(feature = "ssr")]
fn taken_over() -> AppError {
    AppError::Conflict { field: None, message: TAKEN_OVER.into() }
}

/// Whether a refusal means another browser now holds the session.
pub fn is_taken_over(error: &AppError) -> bool {
    matches!(error, AppError::Conflict { message, .. } if message == TAKEN_OVER)
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
    if !tokens::well_formed(&token) {
        return Err(unusable_link());
    }
    if let Some(Response::Text(text)) = &response
        && text.chars().count() > MAX_ANSWER_CHARS
    {
        return Err(AppError::invalid("response", format!("An answer can be at most {MAX_ANSWER_CHARS} characters.")));
    }
    store_save(&platform, &token, client_id, version_id, response.as_ref(), flagged, seq, time_spent_ms).await
}

/// One save through the database function that checks the link, the session's holder and
/// the deadline, and keeps the newest save per question; written with the saves that arrive
/// at the same time (`Platform::answer_saves`), acknowledged once that batch committed.
#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
async fn store_save(
    platform: &Platform,
    token: &str,
    client_id: Uuid,
    version_id: Uuid,
    response: Option<&Response>,
    flagged: bool,
    seq: i64,
    time_spent_ms: i64,
) -> Result<SaveAck, AppError> {
    let response = response.map(serde_json::to_value).transpose().map_err(AppError::internal)?;
    let grace_ms = i64::try_from(platform.live_settings.save_grace().as_millis()).map_err(AppError::internal)?;
    let save = AnswerSave { token_hash: tokens::hash(token), client_id, version_id, response, flagged, seq, time_spent_ms, grace_ms };
    // Past the queue's size the browser is told to retry shortly (its queue keeps the answer).
    let StoredSave { outcome, held_seq: held, remaining_ms } = platform.answer_saves.write(save).await?;
    match outcome.as_str() {
        "saved" => Ok({
            crate::platform::metrics::metrics().answer_saved();
            SaveAck { version_id, seq: held.unwrap_or(seq), remaining_ms: remaining_ms.unwrap_or(0) }
        }),
        "unusable_link" => Err(unusable_link()),
        "no_session" => Err(AppError::NotFound),
        "submitted" => Err(AppError::Conflict { field: None, message: "This test has been submitted; answers can no longer change.".into() }),
        "taken_over" => Err(taken_over()),
        "too_late" => Err(AppError::Conflict { field: None, message: "Time is up: this answer arrived too late to count.".into() }),
        "not_in_test" => Err(AppError::invalid("version_id", "That question is not part of this test.")),
        "misfit" => Err(AppError::invalid("response", "That answer does not fit the question.")),
        other => Err(AppError::internal(format!("save_answer() gave the outcome {other:?}"))),
    }
}

/// Writes a batch of saves in one statement. A save the statement cannot take (an error, not an
/// outcome) must not fail the others: then each is written alone.
#[cfg(feature = "ssr")]
pub async fn write_answer_saves(pool: sqlx::PgPool, saves: Vec<AnswerSave>) -> Vec<Result<StoredSave, AppError>> {
    match super::repo::save_answers(&pool, &saves).await {
        Ok(stored) => stored.into_iter().map(Ok).collect(),
        Err(error) if saves.len() == 1 => vec![Err(error)],
        Err(error) => {
            tracing::warn!(%error, saves = saves.len(), "a batch of answer saves failed; writing each alone");
            let mut results = Vec::with_capacity(saves.len());
            for save in saves.chunks(1) {
                results.push(super::repo::save_answers(&pool, save).await.and_then(|mut one| one.pop().ok_or(AppError::Internal)));
            }
            results
        }
    }
}

/// Where the player's form sends the candidate next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Go {
    Previous,
    Next,
    /// Flag the question for review, or remove the flag; stay on it.
    Flag,
    /// To the confirmation before submitting.
    Finish,
    /// To question N (from 1).
    To(usize),
}

impl Go {
    pub fn value(self) -> String {
        match self {
            Go::Previous => "previous".into(),
            Go::Next => "next".into(),
            Go::Flag => "flag".into(),
            Go::Finish => "finish".into(),
            Go::To(n) => format!("q{n}"),
        }
    }

    pub fn parse(text: &str) -> Option<Go> {
        match text {
            "previous" => Some(Go::Previous),
            "next" => Some(Go::Next),
            "flag" => Some(Go::Flag),
            "finish" => Some(Go::Finish),
            _ => text.strip_prefix('q')?.parse().ok().filter(|n| *n >= 1).map(Go::To),
        }
    }

    /// The question (from 0) shown after going this way from `index`, of `count`.
    pub fn target(self, index: usize, count: usize) -> usize {
        let last = count.saturating_sub(1);
        match self {
            Go::Previous => index.saturating_sub(1),
            Go::Next => (index + 1).min(last),
            Go::Flag | Go::Finish => index.min(last),
            Go::To(n) => (n - 1).min(last),
        }
    }
}

/// The player's form, as the browser sends it when the page's code is not running (not yet
/// loaded, or turned off): the answer on screen is saved like any other save, then the
/// candidate goes on to the page they asked for.
#[server]
pub async fn answer_and_go(
    token: String,
    client_id: Uuid,
    version_id: Uuid,
    #[server(default)] choice: Vec<String>,
    #[server(default)] text: String,
    go: String,
) -> Result<(), AppError> {
    let platform = platform()?;
    let go = Go::parse(&go).ok_or_else(|| AppError::invalid("go", "Choose where to go next."))?;
    if text.chars().count() > MAX_ANSWER_CHARS {
        return Err(AppError::invalid("text", format!("An answer can be at most {MAX_ANSWER_CHARS} characters.")));
    }
    if choice.len() > 100 {
        return Err(AppError::invalid("choice", "That answer does not fit the question."));
    }
    let state = held_session_state(&platform, &token, client_id).await?;
    let index = state
        .questions
        .iter()
        .position(|q| q.version_id == version_id)
        .ok_or_else(|| AppError::invalid("version_id", "That question is not part of this test."))?;
    let question = &state.questions[index];
    let response = Response::from_page(question.kind, choice, &text);
    let flagged = question.flagged != (go == Go::Flag);
    if response != question.response || flagged != question.flagged {
        let seq = super::queue::next_seq(question.seq, Utc::now().timestamp_millis());
        store_save(&platform, &token, client_id, version_id, response.as_ref(), flagged, seq, 0).await?;
    }
    let shown = go.target(index, state.questions.len()) + 1;
    let confirm = if go == Go::Finish { "&confirm=1" } else { "" };
    leptos_axum::redirect(&format!("{}?token={token}&q={shown}{confirm}", crate::CANDIDATE_PATH));
    Ok(())
}

/// Records proctoring signals, in batches. They inform recruiters; they never fail anyone.
#[server(input = Json)]
pub async fn record_events(token: String, client_id: Uuid, events: Vec<ProctoringEvent>) -> Result<u32, AppError> {
    let platform = platform()?;
    if events.len() > 200 {
        return Err(AppError::invalid("events", "Send at most 200 events at once."));
    }
    if let Some(bad) = events.iter().find(|e| !EVENT_KINDS.contains(&e.kind.as_str()) || e.details.len() > 10 || e.details.keys().any(|k| k.len() > 40)) {
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
    // An empty batch is the idle player checking that it still holds the session: done.
    if events.is_empty() {
        tx.commit().await?;
        return Ok(0);
    }
    let stored: i64 = sqlx::query_scalar("select count(*) from proctoring_events where session_id = $1").bind(session.id).fetch_one(&mut *tx).await?;
    let room = (MAX_EVENTS_PER_SESSION - stored).max(0) as usize;
    let now = Utc::now();
    // An accommodation's signals are not recorded, whatever a browser sends.
    let kept: Vec<(String, DateTime<Utc>, serde_json::Value)> = events
        .into_iter()
        .filter(|event| !is_excused(&invitation.unflagged, &event.kind))
        .take(room)
        .map(|event| {
            // The browser's clock may be off; a time in the future (or none) is the server's now.
            let at = DateTime::from_timestamp_millis(event.at_ms).map_or(now, |at| at.min(now));
            (event.kind, at, serde_json::json!(event.details))
        })
        .collect();
    if !kept.is_empty() {
        sessions::record_events(&mut tx, invitation.tenant_id, session.id, &kept).await?;
    }
    tx.commit().await?;
    Ok(kept.len() as u32)
}

#[server]
pub async fn submit_test(token: String, client_id: Uuid) -> Result<Outcome, AppError> {
    let platform = platform()?;
    let (invitation, mut tx) = open_invitation(&platform, &token).await?;
    let session = latest_session(&mut tx, invitation.id).await?.ok_or(AppError::NotFound)?;
    if session.submitted_at.is_none() && session.client_id != client_id {
        return Err(taken_over());
    }
    let outcome = sessions::finish(&mut tx, session.id, "candidate").await?;
    tx.commit().await?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::Go;

    #[test]
    fn an_accommodation_excuses_its_signals_and_their_return_only() {
        let unflagged = vec!["window_blur".to_owned(), "tab_hidden".to_owned()];
        for kind in ["window_blur", "window_focus", "tab_hidden", "tab_visible"] {
            assert!(super::is_excused(&unflagged, kind), "{kind}");
        }
        for kind in ["paste", "copy", "reload"] {
            assert!(!super::is_excused(&unflagged, kind), "{kind}");
        }
        assert!(!super::is_excused(&[], "window_blur"));
    }

    #[test]
    fn the_players_form_names_where_to_go_and_stays_within_the_test() {
        for go in [Go::Previous, Go::Next, Go::Flag, Go::Finish, Go::To(3)] {
            assert_eq!(Go::parse(&go.value()), Some(go));
        }
        assert_eq!(Go::parse("q0"), None);
        assert_eq!(Go::parse("sideways"), None);
        assert_eq!(Go::Previous.target(0, 5), 0);
        assert_eq!(Go::Next.target(4, 5), 4);
        assert_eq!(Go::Next.target(1, 5), 2);
        assert_eq!(Go::To(9).target(0, 5), 4);
        assert_eq!(Go::Flag.target(2, 5), 2);
    }
}
