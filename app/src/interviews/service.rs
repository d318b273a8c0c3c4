//! What follows a change to an interview: calendar invitations to everyone on it (through the
//! notification system for members, the queue for the candidate), and the reminders.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

use super::calendar::{self, Invitation, Method};
use super::repo::{self, InterviewRow};
use super::types::InterviewStatus;
use crate::notifications::service::notify;
use crate::notifications::types::NotificationKind;
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::queue::{self, NewJob};
use crate::platform::AppError;
use crate::recruiting::pipeline::repo::email_candidate_with;

pub const REMIND_JOB: &str = "interviews.remind";
pub const SCORECARDS_DUE_JOB: &str = "interviews.scorecards_due";
/// Rolls up the calibration of the tenants whose interviews or scorecards changed.
pub const CALIBRATION_ROLLUP_JOB: &str = "interviews.calibration_rollup";
/// Reminders before an interview, in minutes: a day and an hour.
pub const REMINDER_LEADS: [i64; 2] = [24 * 60, 60];
/// The first overdue-scorecard reminder comes this long after the interview ends, then daily.
pub const SCORECARD_GRACE_HOURS: i64 = 24;
/// Daily reminders stop after this many.
pub const MAX_SCORECARD_REMINDERS: i64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Scheduled,
    Rescheduled,
    Cancelled,
}

impl Change {
    fn word(self) -> &'static str {
        match self {
            Change::Scheduled => "scheduled",
            Change::Rescheduled => "rescheduled",
            Change::Cancelled => "cancelled",
        }
    }
}

/// Sends the interview's calendar invitation (a request, or a cancel) to the candidate and each
/// interviewer, and for a new time queues its reminders. In the caller's transaction.
pub async fn announce(conn: &mut PgConnection, public_url: &str, tenant_id: Uuid, interview: &InterviewRow, change: Change) -> Result<(), AppError> {
    let people = repo::attendees(&mut *conn, interview.id).await?;
    let (candidate_name, candidate_email, requisition_title, organization, organizer) = repo::message_context(&mut *conn, interview.id).await?;
    let mut emails = vec![candidate_email.clone()];
    emails.extend(people.iter().map(|p| p.email.clone()));
    let place = repo::place(&interview.location, &interview.video_url);
    let kit = format!("{public_url}/interviews/{}", interview.id);
    let method = if change == Change::Cancelled { Method::Cancel } else { Method::Request };
    let organizer = organizer.unwrap_or_else(|| calendar::NO_ORGANIZER.into());
    let invitation = |summary: &str, description: &str| {
        calendar::attachment(&Invitation {
            interview_id: interview.id,
            sequence: interview.sequence,
            method,
            summary,
            description,
            starts_at: interview.starts_at,
            ends_at: interview.ends_at,
            location: if interview.location.is_empty() { &interview.video_url } else { &interview.location },
            organizer: &organizer,
            attendees: &emails,
            stamp: Utc::now(),
        })
    };
    // The candidate: in their zone, with the notes meant for them, never the kit.
    let when = calendar::written(interview.starts_at, &interview.candidate_time_zone);
    let summary = format!("{} with {organization}: {requisition_title}", interview.title);
    let mut body = format!("Hello {candidate_name},\n\nYour {} interview for {requisition_title} at {organization} is {}: {when}, {} minutes.", interview.title, change.word(), interview.duration_minutes);
    if change != Change::Cancelled {
        if !place.is_empty() {
            body.push_str(&format!("\nWhere: {place}"));
        }
        if !interview.candidate_notes.is_empty() {
            body.push_str(&format!("\n\n{}", interview.candidate_notes));
        }
        body.push_str("\n\nThe attached invitation adds it to your calendar.");
    }
    body.push_str(&format!("\n\n{organization}\n"));
    let attachment = invitation(&summary, &interview.candidate_notes);
    email_candidate_with(&mut *conn, tenant_id, &candidate_email, &format!("Interview {}: {summary}", change.word()), &body, &[attachment]).await?;
    // Each interviewer: in their zone, through their notification preferences.
    for person in &people {
        let summary = format!("{}: {candidate_name} ({requisition_title})", interview.title);
        let attachment = invitation(&summary, &format!("The interview kit: {kit}"));
        let vars = json!({
            "change": change.word(),
            "interview_title": interview.title,
            "candidate_name": candidate_name,
            "requisition_title": requisition_title,
            "when": calendar::written(interview.starts_at, &person.time_zone),
            "place": place,
            "attachments": [attachment],
        });
        notify(&mut *conn, tenant_id, &[person.user_id], NotificationKind::InterviewScheduled, vars, &format!("/interviews/{}", interview.id)).await?;
    }
    if change != Change::Cancelled {
        queue_reminders(conn, tenant_id, interview).await?;
    }
    Ok(())
}

/// The reminders for the interview's current time; each checks when it runs that the time still holds.
async fn queue_reminders(conn: &mut PgConnection, tenant_id: Uuid, interview: &InterviewRow) -> Result<(), AppError> {
    let now = Utc::now();
    for lead in REMINDER_LEADS {
        let at = interview.starts_at - Duration::minutes(lead);
        if at > now {
            let payload = json!({ "tenant_id": tenant_id, "interview_id": interview.id, "starts_at": interview.starts_at, "lead_minutes": lead });
            let key = format!("interview-remind:{}:{}:{lead}", interview.id, interview.starts_at.timestamp());
            queue::enqueue(&mut *conn, NewJob::new(REMIND_JOB, payload).at(at).unique(key)).await?;
        }
    }
    queue_scorecard_chase(conn, tenant_id, interview.id, interview.ends_at, 1).await
}

async fn queue_scorecard_chase(conn: &mut PgConnection, tenant_id: Uuid, interview_id: Uuid, ends_at: DateTime<Utc>, round: i64) -> Result<(), AppError> {
    let at = ends_at + Duration::hours(SCORECARD_GRACE_HOURS + 24 * (round - 1));
    let payload = json!({ "tenant_id": tenant_id, "interview_id": interview_id, "ends_at": ends_at, "round": round });
    let key = format!("interview-scorecards:{interview_id}:{}:{round}", ends_at.timestamp());
    queue::enqueue(conn, NewJob::new(SCORECARDS_DUE_JOB, payload).at(at).unique(key)).await?;
    Ok(())
}

fn lead_words(minutes: i64) -> String {
    if minutes % 60 == 0 && minutes >= 120 { format!("{} hours", minutes / 60) } else if minutes == 60 { "1 hour".into() } else { format!("{minutes} minutes") }
}

/// The interview a job is about, unless it was deleted since.
async fn still_there(conn: &mut PgConnection, tenant_id: Uuid, interview_id: Uuid) -> Result<Option<InterviewRow>, AppError> {
    match repo::interview_row(conn, tenant_id, interview_id, false).await {
        Ok(row) => Ok(Some(row)),
        Err(AppError::NotFound) => Ok(None),
        Err(error) => Err(error),
    }
}

#[derive(Deserialize)]
struct Reminder {
    tenant_id: Uuid,
    interview_id: Uuid,
    starts_at: DateTime<Utc>,
    lead_minutes: i64,
}

fn read<T: for<'de> Deserialize<'de>>(payload: &Value) -> Result<T, String> {
    serde_json::from_value(payload.clone()).map_err(|e| format!("unreadable payload: {e}"))
}

/// Reminds the panel (by their preferences) and the candidate (by email) of an interview
/// coming up, unless it moved or was called off since the reminder was queued.
pub async fn remind(platform: &Platform, payload: &Value) -> Result<(), String> {
    let job: Reminder = read(payload)?;
    let run = async {
        let mut tx = Db::begin_in_tenant(platform.db.write(), job.tenant_id).await?;
        let Some(interview) = still_there(&mut tx, job.tenant_id, job.interview_id).await? else { return Ok(()) };
        if interview.status() != InterviewStatus::Scheduled || interview.starts_at != job.starts_at {
            return Ok(());
        }
        let lead = lead_words(job.lead_minutes);
        let (candidate_name, candidate_email, requisition_title, organization, _) = repo::message_context(&mut tx, interview.id).await?;
        let place = repo::place(&interview.location, &interview.video_url);
        for person in repo::attendees(&mut tx, interview.id).await? {
            let vars = json!({
                "interview_title": interview.title,
                "candidate_name": candidate_name,
                "requisition_title": requisition_title,
                "when": calendar::written(interview.starts_at, &person.time_zone),
                "place": place,
                "lead": lead,
            });
            notify(&mut tx, job.tenant_id, &[person.user_id], NotificationKind::InterviewReminder, vars, &format!("/interviews/{}", interview.id)).await?;
        }
        let when = calendar::written(interview.starts_at, &interview.candidate_time_zone);
        let mut body = format!("Hello {candidate_name},\n\nA reminder: your {} interview for {requisition_title} at {organization} starts in {lead}, {when}.", interview.title);
        if !place.is_empty() {
            body.push_str(&format!("\nWhere: {place}"));
        }
        body.push_str(&format!("\n\n{organization}\n"));
        email_candidate_with(&mut tx, job.tenant_id, &candidate_email, &format!("Reminder: {} interview in {lead}", interview.title), &body, &[]).await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    };
    run.await.map_err(|e| e.to_string())
}

#[derive(Deserialize)]
struct ScorecardsDue {
    tenant_id: Uuid,
    interview_id: Uuid,
    ends_at: DateTime<Utc>,
    round: i64,
}

/// Reminds each interviewer whose scorecard is still missing, and comes back a day later
/// while any is; `now` is the clock the overdue time is counted on.
pub async fn chase_scorecards(platform: &Platform, payload: &Value, now: DateTime<Utc>) -> Result<(), String> {
    let job: ScorecardsDue = read(payload)?;
    let run = async {
        let mut tx = Db::begin_in_tenant(platform.db.write(), job.tenant_id).await?;
        let Some(interview) = still_there(&mut tx, job.tenant_id, job.interview_id).await? else { return Ok(()) };
        if !interview.status().expects_scorecards() || interview.ends_at != job.ends_at {
            return Ok(());
        }
        let missing: Vec<Uuid> = sqlx::query_scalar(
            "select x.user_id from interview_interviewers x where x.interview_id = $1
             and not exists (select 1 from scorecards s where s.interview_id = x.interview_id and s.interviewer_id = x.user_id and s.submitted_at is not null)",
        )
        .bind(interview.id)
        .fetch_all(&mut *tx)
        .await?;
        if !missing.is_empty() {
            let (candidate_name, _, requisition_title, _, _) = repo::message_context(&mut tx, interview.id).await?;
            let vars = json!({
                "interview_title": interview.title,
                "candidate_name": candidate_name,
                "requisition_title": requisition_title,
                "overdue": repo::overdue_words(now - interview.ends_at),
            });
            notify(&mut tx, job.tenant_id, &missing, NotificationKind::ScorecardDue, vars, &format!("/interviews/{}", interview.id)).await?;
            if job.round < MAX_SCORECARD_REMINDERS {
                queue_scorecard_chase(&mut tx, job.tenant_id, interview.id, interview.ends_at, job.round + 1).await?;
            }
        }
        tx.commit().await?;
        Ok::<_, AppError>(())
    };
    run.await.map_err(|e| e.to_string())
}

/// Brings each tenant's calibration rollups in step with its changes, one transaction per
/// tenant; returns how many tenants had changes.
pub async fn roll_up_calibration(platform: &Platform) -> Result<usize, AppError> {
    let tenants = {
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        let tenants = repo::calibration_tenants_behind(&mut tx).await?;
        tx.commit().await?;
        tenants
    };
    for tenant_id in &tenants {
        let mut tx = Db::begin_in_tenant(platform.db.write(), *tenant_id).await?;
        repo::refresh_calibration(&mut tx, *tenant_id).await?;
        tx.commit().await?;
    }
    Ok(tenants.len())
}
