//! Moves between stages: append-only events checked against the version the mover saw.

use super::*;

/// What to do with an application.
#[derive(Debug, Clone, PartialEq)]
pub enum Move {
    ToStage(Uuid),
    Reject(String),
    Withdraw(String),
    Reopen,
}

async fn current(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, lock: bool) -> Result<ApplicationRow, AppError> {
    if lock {
        // Locked alone, then read: a lock that waited for another move re-reads only the locked
        // row, so a join in the same statement would see the stage from before that move.
        sqlx::query("select 1 from applications where id = $1 and tenant_id = $2 for update")
            .bind(application_id)
            .bind(tenant_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    application_row(conn, tenant_id, application_id).await
}

/// Tells a mover who saw an older version where the application is now, and who moved it.
async fn already_moved(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, now: &ApplicationRow) -> Result<AppError, AppError> {
    let last: Option<(Option<String>, DateTime<Utc>)> = sqlx::query_as(
        "select u.display_name, e.created_at from stage_events e left join users u on u.id = e.actor_id
         where e.application_id = $1 and e.tenant_id = $2 order by e.created_at desc, e.id desc limit 1",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    let place = match now.application_status() {
        ApplicationStatus::Active => format!("is now in {}", now.stage_name),
        other => format!("is now {} (at {})", other.label().to_lowercase(), now.stage_name),
    };
    let by = match last {
        Some((Some(name), at)) => format!(", moved by {name} at {} UTC", at.format("%H:%M")),
        Some((None, at)) => format!(", moved at {} UTC", at.format("%H:%M")),
        None => String::new(),
    };
    Ok(AppError::conflict("version", format!("{} was already moved and {place}{by}. Nothing was changed.", now.name)))
}

/// Everything a move needs once it has been checked.
struct Checked {
    to_stage: (Uuid, String, StageKind, Option<Uuid>),
    to_status: ApplicationStatus,
    reason: String,
    rejection_reason: String,
}

async fn stage_of(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid, id: Uuid) -> Result<(Uuid, String, StageKind, Option<Uuid>), AppError> {
    let row: Option<(Uuid, String, StageKind, Option<Uuid>)> = sqlx::query_as(
        "select id, name, kind, auto_assessment_id from requisition_stages where id = $1 and requisition_id = $2 and tenant_id = $3",
    )
    .bind(id)
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    match row {
        Some(stage) => Ok(stage),
        None => Err(AppError::invalid("stage_id", "That stage is not in this requisition's pipeline.")),
    }
}

async fn check(conn: &mut PgConnection, tenant_id: Uuid, now: &ApplicationRow, action: &Move) -> Result<Checked, AppError> {
    let status = now.application_status();
    let inactive = |what: &str| {
        AppError::invalid("status", format!("{} is {}: reopen the application before you {what}.", now.name, status.label().to_lowercase()))
    };
    match action {
        Move::ToStage(id) => {
            if status != ApplicationStatus::Active {
                return Err(inactive("move it"));
            }
            let to = stage_of(&mut *conn, tenant_id, now.requisition_id, *id).await?;
            if to.0 == now.stage_id {
                return Err(AppError::invalid("stage_id", format!("{} is already in {}.", now.name, now.stage_name)));
            }
            Ok(Checked { to_stage: to, to_status: ApplicationStatus::Active, reason: String::new(), rejection_reason: String::new() })
        }
        Move::Reject(reason) => {
            if status != ApplicationStatus::Active {
                return Err(inactive("reject it"));
            }
            let reasons = rejection_reasons(&mut *conn, tenant_id).await?;
            let Some(reason) = reasons.into_iter().find(|r| r == reason.trim()) else {
                return Err(AppError::invalid("reason", "Choose a reason for rejecting from the list."));
            };
            let here = stage_of(&mut *conn, tenant_id, now.requisition_id, now.stage_id).await?;
            Ok(Checked { to_stage: here, to_status: ApplicationStatus::Rejected, reason: reason.clone(), rejection_reason: reason })
        }
        Move::Withdraw(reason) => {
            if status != ApplicationStatus::Active {
                return Err(inactive("withdraw it"));
            }
            let reason = reason.trim();
            if reason.chars().count() > 500 {
                return Err(AppError::invalid("reason", "Keep the reason under 500 characters."));
            }
            let here = stage_of(&mut *conn, tenant_id, now.requisition_id, now.stage_id).await?;
            Ok(Checked { to_stage: here, to_status: ApplicationStatus::Withdrawn, reason: reason.to_owned(), rejection_reason: String::new() })
        }
        Move::Reopen => {
            if status == ApplicationStatus::Active {
                return Err(AppError::invalid("status", format!("{} is already in the pipeline.", now.name)));
            }
            let here = stage_of(&mut *conn, tenant_id, now.requisition_id, now.stage_id).await?;
            Ok(Checked { to_stage: here, to_status: ApplicationStatus::Active, reason: String::new(), rejection_reason: String::new() })
        }
    }
}

/// Applies `action` to an application if it is still at `seen_version`: the version column
/// makes the second of two simultaneous moves fail with where the application is now.
/// The caller has checked the mover may move it (`authorize_application`).
pub async fn move_application(
    conn: &mut PgConnection,
    settings: &InviteSettings,
    tenant_id: Uuid,
    mover: Option<Mover>,
    application_id: Uuid,
    seen_version: i32,
    action: &Move,
) -> Result<MoveResult, AppError> {
    let now = current(&mut *conn, tenant_id, application_id, true).await?;
    if now.version != seen_version {
        return Err(already_moved(&mut *conn, tenant_id, application_id, &now).await?);
    }
    let checked = check(&mut *conn, tenant_id, &now, action).await?;
    let (stage_id, stage_name, kind, auto_assessment) = checked.to_stage.clone();
    let version: i32 = sqlx::query_scalar(
        "update applications set stage_id = $3, status = $4, rejection_reason = $5, version = version + 1,
                stage_entered_at = case when stage_id = $3 then stage_entered_at else now() end
         where id = $1 and tenant_id = $2 and version = $6 returning version",
    )
    .bind(application_id)
    .bind(tenant_id)
    .bind(stage_id)
    .bind(checked.to_status.as_str())
    .bind(&checked.rejection_reason)
    .bind(seen_version)
    .fetch_one(&mut *conn)
    .await?;
    let actor_id = mover.map(|m| m.user_id);
    sqlx::query(
        "insert into stage_events (id, tenant_id, application_id, requisition_id, from_stage_id, to_stage_id, from_status, to_status,
                                   from_stage_name, to_stage_name, to_kind, reason, actor_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(application_id)
    .bind(now.requisition_id)
    .bind(now.stage_id)
    .bind(stage_id)
    .bind(now.status.as_str())
    .bind(checked.to_status.as_str())
    .bind(&now.stage_name)
    .bind(&stage_name)
    .bind(kind.as_str())
    .bind(&checked.reason)
    .bind(actor_id)
    .execute(&mut *conn)
    .await?;
    let title: String = sqlx::query_scalar("select title from requisitions where id = $1").bind(now.requisition_id).fetch_one(&mut *conn).await?;
    let actor_name = match actor_id {
        Some(id) => display_name(&mut *conn, id).await?,
        None => "Hirevoo".to_owned(),
    };
    let (from_stage, to_stage) = match (action, checked.to_status) {
        (Move::ToStage(_), _) => (now.stage_name.clone(), stage_name.clone()),
        (Move::Reopen, _) => (format!("{} ({})", now.stage_name, now.status.as_str()), stage_name.clone()),
        (_, status) => (now.stage_name.clone(), status.label().to_owned()),
    };
    let people = except(followers(&mut *conn, tenant_id, application_id, now.requisition_id).await?, actor_id);
    let vars = json!({
        "candidate_name": now.name, "requisition_title": title, "from_stage": from_stage,
        "to_stage": to_stage, "actor_name": actor_name, "reason": checked.reason,
    });
    notify(&mut *conn, tenant_id, &people, NotificationKind::StageChanged, vars, &format!("/applications/{application_id}")).await?;
    let mut message = match checked.to_status {
        ApplicationStatus::Active if matches!(action, Move::Reopen) => format!("{} is back in {stage_name}.", now.name),
        ApplicationStatus::Active => format!("{} moved to {stage_name}.", now.name),
        ApplicationStatus::Rejected => format!("{} rejected: {}.", now.name, checked.rejection_reason),
        ApplicationStatus::Withdrawn => format!("{} withdrew.", now.name),
    };
    if let (Move::ToStage(_), Some(assessment_id)) = (action, auto_assessment) {
        if !already_invited(&mut *conn, tenant_id, application_id, assessment_id).await? {
            let invitation = Invitation {
                assessment_id,
                email: now.email.clone(),
                name: now.name.clone(),
                application_id: Some(application_id),
                invited_by: actor_id,
                ..Invitation::default()
            };
            let title = crate::assessments::repo::invite(&mut *conn, settings, tenant_id, &invitation).await?;
            message.push_str(&format!(" The assessment “{title}” was sent to them."));
        }
    }
    Ok(MoveResult { application_id, version, stage_name, status: checked.to_status, message })
}

pub use crate::assessments::repo::{Invitation, InviteSettings};

async fn already_invited(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, assessment_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from candidate_invitations where application_id = $1 and assessment_id = $2 and tenant_id = $3 and revoked_at is null)",
    )
    .bind(application_id)
    .bind(assessment_id)
    .bind(tenant_id)
    .fetch_one(conn)
    .await?)
}

/// Sends an assessment from an application: the candidate's invitation, tied to it.
pub async fn send_assessment(conn: &mut PgConnection, settings: &InviteSettings, tenant_id: Uuid, actor_id: Uuid, application_id: Uuid, assessment_id: Uuid) -> Result<String, AppError> {
    let now = current(&mut *conn, tenant_id, application_id, true).await?;
    if now.application_status() != ApplicationStatus::Active {
        return Err(AppError::invalid("assessment_id", format!("{} is no longer in the pipeline: reopen the application first.", now.name)));
    }
    let known: bool = sqlx::query_scalar("select exists (select 1 from assessments where id = $1 and tenant_id = $2)")
        .bind(assessment_id)
        .bind(tenant_id)
        .fetch_one(&mut *conn)
        .await?;
    if !known {
        return Err(AppError::invalid("assessment_id", "Choose one of your organization's assessments."));
    }
    if already_invited(&mut *conn, tenant_id, application_id, assessment_id).await? {
        return Err(AppError::invalid("assessment_id", format!("{} already has this assessment; withdraw that invitation to send it again.", now.name)));
    }
    let invitation = Invitation {
        assessment_id,
        email: now.email.clone(),
        name: now.name.clone(),
        application_id: Some(application_id),
        invited_by: Some(actor_id),
        ..Invitation::default()
    };
    let title = crate::assessments::repo::invite(&mut *conn, settings, tenant_id, &invitation).await?;
    audit::record(&mut *conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(actor_id),
        action: "assessment.invite",
        target: format!("application:{application_id}"),
        details: json!({ "assessment": assessment_id.to_string() }),
    })
    .await?;
    Ok(format!("“{title}” sent to {}.", now.email))
}

/// Emails a candidate through the queue: a mail server that is down delays it, never loses it.
pub async fn email_candidate(conn: &mut PgConnection, tenant_id: Uuid, to: &str, subject: &str, body: &str) -> Result<(), AppError> {
    email_candidate_with(conn, tenant_id, to, subject, body, &[]).await
}

/// `email_candidate` with files attached (a calendar invitation).
pub async fn email_candidate_with(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    to: &str,
    subject: &str,
    body: &str,
    attachments: &[crate::platform::mail::Attachment],
) -> Result<(), AppError> {
    let payload = json!({ "tenant_id": tenant_id, "to": to, "subject": subject, "body": body, "attachments": attachments });
    queue::enqueue(conn, NewJob::new(CANDIDATE_EMAIL_JOB, payload).attempts(12)).await?;
    Ok(())
}

pub const CANDIDATE_EMAIL_JOB: &str = "pipeline.candidate_email";

/// Fills `{{name}}`, `{{job}}` and `{{company}}` in a message to a candidate.
pub fn fill_candidate_template(template: &str, name: &str, job: &str, company: &str) -> String {
    template.replace("{{name}}", name).replace("{{job}}", job).replace("{{company}}", company)
}

/// For a bulk email: the candidate's name and address, and the company's name.
pub async fn addressee(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<(String, String, String), AppError> {
    Ok(sqlx::query_as(
        "select c.name, c.email, t.name from applications a join candidates c on c.id = a.candidate_id join tenants t on t.id = a.tenant_id
         where a.id = $1 and a.tenant_id = $2",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_one(conn)
    .await?)
}
