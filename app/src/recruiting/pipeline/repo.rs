//! The pipeline in the database: opening applications, moving them through a requisition's
//! stages (each move an append-only event, checked against the version the mover saw), notes
//! with mentions, assessments sent from an application, and the stages themselves.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::*;
use crate::notifications::{notify, NotificationKind};
use crate::platform::audit;
use crate::platform::queue::{self, NewJob};
use crate::platform::AppError;
use crate::recruiting::types::{Member, Status};

/// Who acts on the pipeline. None for the platform (the careers site, an import).
#[derive(Debug, Clone, Copy)]
pub struct Mover {
    pub user_id: Uuid,
    pub is_admin: bool,
}

fn parse_status(text: &str) -> Result<Status, AppError> {
    text.parse().map_err(AppError::internal)
}

fn parse_kind(text: &str) -> Result<StageKind, AppError> {
    StageKind::parse(text).ok_or(AppError::Internal)
}

fn parse_application_status(text: &str) -> Result<ApplicationStatus, AppError> {
    ApplicationStatus::parse(text).ok_or(AppError::Internal)
}

/// A requisition as the pipeline sees it: not deleted, in this tenant.
pub struct PipelineRequisition {
    pub id: Uuid,
    pub title: String,
    pub status: Status,
    /// Its creator, hiring manager, recruiter, a member of its hiring team, or a tenant admin.
    pub can_move: bool,
}

pub async fn requisition(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, viewer: Mover) -> Result<PipelineRequisition, AppError> {
    let (title, status, can_move): (String, String, bool) = sqlx::query_as(
        "select r.title, r.status,
                $3 or $4 = any(array[r.created_by, r.hiring_manager_id, r.recruiter_id])
                   or exists (select 1 from requisition_team t where t.requisition_id = r.id and t.user_id = $4)
         from requisitions r where r.id = $1 and r.tenant_id = $2 and r.deleted_at is null",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(viewer.is_admin)
    .bind(viewer.user_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(PipelineRequisition { id, title, status: parse_status(&status)?, can_move })
}

async fn requisition_of_application(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<Uuid, AppError> {
    sqlx::query_scalar("select a.requisition_id from applications a join requisitions r on r.id = a.requisition_id
                        where a.id = $1 and a.tenant_id = $2 and r.deleted_at is null")
        .bind(application_id)
        .bind(tenant_id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The requisition of an application the viewer may see, refusing unless they may move it when `to_move`.
pub async fn authorize_application(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, viewer: Mover, to_move: bool) -> Result<PipelineRequisition, AppError> {
    let requisition_id = requisition_of_application(&mut *conn, tenant_id, application_id).await?;
    let requisition = requisition(conn, tenant_id, requisition_id, viewer).await?;
    if to_move && !requisition.can_move {
        return Err(AppError::Forbidden);
    }
    Ok(requisition)
}

async fn display_name(conn: &mut PgConnection, user_id: Uuid) -> Result<String, AppError> {
    Ok(sqlx::query_scalar("select display_name from users where id = $1").bind(user_id).fetch_optional(conn).await?.unwrap_or_default())
}

/// The requisition's hiring team: recruiter, hiring manager, creator and team members.
pub async fn hiring_team(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<Vec<Uuid>, AppError> {
    Ok(sqlx::query_scalar::<_, Option<Uuid>>(
        "select t.user_id from requisition_team t where t.requisition_id = $1 and t.tenant_id = $2
         union select unnest(array[r.recruiter_id, r.hiring_manager_id, r.created_by]) from requisitions r where r.id = $1 and r.tenant_id = $2",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?
    .into_iter()
    .flatten()
    .collect())
}

/// Who hears of an application's moves: its requisition's hiring team and its followers.
async fn followers(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, requisition_id: Uuid) -> Result<Vec<Uuid>, AppError> {
    let mut people = hiring_team(&mut *conn, tenant_id, requisition_id).await?;
    let followers: Vec<Uuid> = sqlx::query_scalar("select user_id from application_followers where application_id = $1 and tenant_id = $2")
        .bind(application_id)
        .bind(tenant_id)
        .fetch_all(conn)
        .await?;
    for id in followers {
        if !people.contains(&id) {
            people.push(id);
        }
    }
    Ok(people)
}

fn except(people: Vec<Uuid>, actor: Option<Uuid>) -> Vec<Uuid> {
    people.into_iter().filter(|id| Some(*id) != actor).collect()
}

// Opening applications -----------------------------------------------------------------------

/// A new application: from the careers site, a recruiter, or an import.
#[derive(Debug, Clone)]
pub struct Opening {
    pub candidate_id: Uuid,
    pub requisition_id: Uuid,
    pub source: String,
    pub cover_note: String,
    pub resume_file_id: Option<Uuid>,
    pub consented: bool,
    pub actor_id: Option<Uuid>,
}

/// Opens an application in the requisition's first stage, with its first event, the day's
/// count and the hiring team's notification. None when the candidate already applied.
/// A closed or archived requisition takes no application.
pub async fn open_application(conn: &mut PgConnection, tenant_id: Uuid, opening: &Opening) -> Result<Option<Uuid>, AppError> {
    let (title, status): (String, String) =
        sqlx::query_as("select title, status from requisitions where id = $1 and tenant_id = $2 and deleted_at is null for share")
            .bind(opening.requisition_id)
            .bind(tenant_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
    let status = parse_status(&status)?;
    if matches!(status, Status::Closed | Status::Archived) {
        return Err(AppError::invalid(
            "requisition_id",
            format!("“{title}” is {}: it takes no new applications.", status.label().to_lowercase()),
        ));
    }
    let application_id = Uuid::now_v7();
    let inserted: Option<(Uuid, String, String)> = sqlx::query_as(
        "with inserted as (
             insert into applications (id, tenant_id, candidate_id, requisition_id, source, cover_note, resume_file_id, consented_at, created_by)
             values ($1, $2, $3, $4, $5, $6, $7, case when $8 then now() end, $9)
             on conflict on constraint applications_requisition_candidate_key do nothing
             returning stage_id, candidate_id)
         select i.stage_id, s.name, c.name from inserted i join requisition_stages s on s.id = i.stage_id join candidates c on c.id = i.candidate_id",
    )
    .bind(application_id)
    .bind(tenant_id)
    .bind(opening.candidate_id)
    .bind(opening.requisition_id)
    .bind(&opening.source)
    .bind(&opening.cover_note)
    .bind(opening.resume_file_id)
    .bind(opening.consented)
    .bind(opening.actor_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((stage_id, stage_name, candidate_name)) = inserted else {
        return Ok(None);
    };
    sqlx::query(
        "insert into stage_events (id, tenant_id, application_id, requisition_id, to_stage_id, to_status, to_stage_name, to_kind, actor_id)
         select $1, $2, $3, $4, s.id, 'active', s.name, s.kind, $5 from requisition_stages s where s.id = $6",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(application_id)
    .bind(opening.requisition_id)
    .bind(opening.actor_id)
    .bind(stage_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into job_analytics (tenant_id, requisition_id, day, applications) values ($1, $2, (now() at time zone 'utc')::date, 1)
         on conflict (requisition_id, day) do update set applications = job_analytics.applications + 1",
    )
    .bind(tenant_id)
    .bind(opening.requisition_id)
    .execute(&mut *conn)
    .await?;
    let team = except(hiring_team(&mut *conn, tenant_id, opening.requisition_id).await?, opening.actor_id);
    let vars = json!({ "requisition_title": title, "candidate_name": candidate_name, "source": opening.source.replace('_', " "), "stage": stage_name });
    notify(&mut *conn, tenant_id, &team, NotificationKind::NewApplication, vars, &format!("/applications/{application_id}")).await?;
    Ok(Some(application_id))
}

// The board ---------------------------------------------------------------------------------

pub async fn stages(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<Vec<Stage>, AppError> {
    type Row = (Uuid, String, String, i32, Option<Uuid>, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "select s.id, s.name, s.kind, s.position, s.auto_assessment_id, a.title,
                (select count(*) from applications p where p.stage_id = s.id and p.status = 'active')
         from requisition_stages s left join assessments a on a.id = s.auto_assessment_id
         where s.requisition_id = $1 and s.tenant_id = $2 order by s.position",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, name, kind, position, assessment_id, title, count)| {
            Ok(Stage { id, name, kind: parse_kind(&kind)?, position, auto_assessment: assessment_id.zip(title), count })
        })
        .collect()
}

/// The latest assessment of each application, as cards show it.
const LATEST_ASSESSMENT: &str = "left join lateral (
        select i.id as invitation_id, i.assessment_id, t.title, i.created_at as sent_at, i.revoked_at, i.expires_at,
               s.submitted_at, s.started_at, s.percent::float8 as percent, s.passed
        from candidate_invitations i join assessments t on t.id = i.assessment_id
        left join lateral (select * from test_sessions s where s.invitation_id = i.id order by s.attempt desc limit 1) s on true
        where i.application_id = a.id order by i.created_at desc limit 1) x on true";

fn assessment_state(revoked: bool, expired: bool, started: bool, submitted: bool, percent: Option<f64>) -> String {
    match (submitted, percent) {
        (true, Some(_)) => "Scored",
        (true, None) => "Submitted, awaiting grading",
        _ if revoked => "Withdrawn",
        _ if started => "In progress",
        _ if expired => "Link expired",
        _ => "Invited",
    }
    .to_owned()
}

#[derive(sqlx::FromRow)]
struct BriefRow {
    invitation_id: Option<Uuid>,
    assessment_id: Option<Uuid>,
    title: Option<String>,
    sent_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    submitted_at: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    percent: Option<f64>,
    passed: Option<bool>,
}

impl BriefRow {
    fn brief(self) -> Option<AssessmentBrief> {
        let (invitation_id, assessment_id, title, sent_at) = (self.invitation_id?, self.assessment_id?, self.title?, self.sent_at?);
        let expired = self.expires_at.is_some_and(|at| at < Utc::now());
        Some(AssessmentBrief {
            invitation_id,
            assessment_id,
            title,
            state: assessment_state(self.revoked_at.is_some(), expired, self.started_at.is_some(), self.submitted_at.is_some(), self.percent),
            percent: self.percent,
            passed: self.passed,
            sent_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CardRow {
    id: Uuid,
    candidate_id: Uuid,
    name: String,
    email: String,
    stage_id: Uuid,
    version: i32,
    match_score: Option<f64>,
    source: String,
    applied_at: DateTime<Utc>,
    entered_at: DateTime<Utc>,
    #[sqlx(flatten)]
    assessment: BriefRow,
}

/// The active applications of a requisition, the first `per_column` of each stage in `sort` order.
pub async fn cards(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid, sort: BoardSort, per_column: i64) -> Result<Vec<BoardCard>, AppError> {
    let order = match sort {
        BoardSort::Waiting => "a.stage_entered_at, a.id",
        BoardSort::Newest => "a.created_at desc, a.id desc",
        BoardSort::Match => "a.match_score desc nulls last, a.id",
        BoardSort::Name => "lower(c.name), a.id",
    };
    // Each column on its own: the stage's first cards by the order's index, then their assessments.
    let sql = format!(
        "select a.*, x.* from requisition_stages s
         cross join lateral (
             select a.id, a.candidate_id, c.name, c.email, a.stage_id, a.version, a.match_score::float8 as match_score, a.source,
                    a.created_at as applied_at, a.stage_entered_at as entered_at, row_number() over (order by {order}) as n
             from applications a join candidates c on c.id = a.candidate_id
             where a.stage_id = s.id and a.status = 'active' order by {order} limit $3) a
         {LATEST_ASSESSMENT}
         where s.requisition_id = $1 and s.tenant_id = $2 order by s.position, a.n"
    );
    let rows: Vec<CardRow> = sqlx::query_as(&sql).bind(requisition_id).bind(tenant_id).bind(per_column).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| BoardCard {
            id: r.id,
            candidate_id: r.candidate_id,
            name: r.name,
            email: r.email,
            stage_id: r.stage_id,
            version: r.version,
            match_score: r.match_score,
            source: r.source,
            applied_at: r.applied_at,
            entered_at: r.entered_at,
            assessment: r.assessment.brief(),
            recommendations: Vec::new(),
        })
        .collect())
}

pub async fn exits(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "select count(*) filter (where status = 'rejected'), count(*) filter (where status = 'withdrawn')
         from applications where requisition_id = $1 and tenant_id = $2",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_one(conn)
    .await?)
}

pub async fn rejection_reasons(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<String>, AppError> {
    let reasons: Vec<String> = sqlx::query_scalar("select label from rejection_reasons where tenant_id = $1 order by position")
        .bind(tenant_id)
        .fetch_all(conn)
        .await?;
    Ok(if reasons.is_empty() { DEFAULT_REJECTION_REASONS.iter().map(|r| (*r).to_owned()).collect() } else { reasons })
}

pub async fn assessment_choices(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(sqlx::query_as("select id, title from assessments where tenant_id = $1 order by lower(title), id").bind(tenant_id).fetch_all(conn).await?)
}

// Moves -------------------------------------------------------------------------------------

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
    let status = now.application_status()?;
    let place = match status {
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
    let row: Option<(Uuid, String, String, Option<Uuid>)> = sqlx::query_as(
        "select id, name, kind, auto_assessment_id from requisition_stages where id = $1 and requisition_id = $2 and tenant_id = $3",
    )
    .bind(id)
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    match row {
        Some((id, name, kind, assessment)) => Ok((id, name, parse_kind(&kind)?, assessment)),
        None => Err(AppError::invalid("stage_id", "That stage is not in this requisition's pipeline.")),
    }
}

async fn check(conn: &mut PgConnection, tenant_id: Uuid, now: &ApplicationRow, action: &Move) -> Result<Checked, AppError> {
    let status = now.application_status()?;
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
    .bind(&now.status)
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
        (Move::Reopen, _) => (format!("{} ({})", now.stage_name, now.status), stage_name.clone()),
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
    if now.application_status()? != ApplicationStatus::Active {
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

// The application page ------------------------------------------------------------------------

pub async fn history(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<Vec<StageEvent>, AppError> {
    type Row = (String, String, Option<String>, String, String, Option<String>, DateTime<Utc>);
    let rows: Vec<Row> = sqlx::query_as(
        "select e.from_stage_name, e.to_stage_name, e.from_status, e.to_status, e.reason, u.display_name, e.created_at
         from stage_events e left join users u on u.id = e.actor_id
         where e.application_id = $1 and e.tenant_id = $2 order by e.created_at desc, e.id desc",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(from_stage, to_stage, from_status, to_status, reason, actor, at)| {
            Ok(StageEvent {
                from_stage,
                to_stage,
                from_status: from_status.as_deref().map(parse_application_status).transpose()?,
                to_status: parse_application_status(&to_status)?,
                reason,
                actor,
                at,
            })
        })
        .collect()
}

pub async fn notes(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, viewer: Uuid) -> Result<Vec<Note>, AppError> {
    type Row = (Uuid, Option<Uuid>, Option<String>, String, String, DateTime<Utc>, Option<DateTime<Utc>>, bool);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select n.id, n.author_id, u.display_name, n.body, n.visibility, n.created_at, n.edited_at,
                n.author_id = $3 and n.created_at > now() - interval '{NOTE_EDIT_MINUTES} minutes'
         from application_notes n left join users u on u.id = n.author_id
         where n.application_id = $1 and n.tenant_id = $2 and (n.visibility = 'team' or n.author_id = $3)
         order by n.created_at, n.id"
    ))
    .bind(application_id)
    .bind(tenant_id)
    .bind(viewer)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, author_id, name, body, visibility, created_at, edited_at, can_edit)| Note {
            id,
            author: author_id.zip(name).map(|(id, name)| Member { id, name }),
            body,
            private: visibility == "private",
            created_at,
            edited_at,
            can_edit,
        })
        .collect())
}

/// Members a note may mention, by handle (the part of their address before the @).
pub async fn mentionable(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, String, String)>, AppError> {
    Ok(sqlx::query_as(
        "select u.id, lower(split_part(u.email, '@', 1)), u.display_name from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.role <> 'candidate' order by 2, u.id",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?)
}

/// The `@handle`s a note names, lower-cased, in order, without repeats.
pub fn mentions_in(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let chars: Vec<char> = body.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '.' | '_' | '-'));
        if *c != '@' || !starts_word {
            continue;
        }
        let handle: String = chars[i + 1..].iter().take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-')).collect();
        let handle = handle.trim_end_matches(['.', '-', '_']).to_lowercase();
        if !handle.is_empty() && !found.contains(&handle) {
            found.push(handle);
        }
    }
    found
}

async fn resolve_mentions(conn: &mut PgConnection, tenant_id: Uuid, body: &str) -> Result<Vec<Uuid>, AppError> {
    let handles = mentions_in(body);
    if handles.is_empty() {
        return Ok(Vec::new());
    }
    let members = mentionable(conn, tenant_id).await?;
    let mut ids = Vec::new();
    for handle in handles {
        match members.iter().find(|(_, h, _)| *h == handle) {
            Some((id, _, _)) => ids.push(*id),
            None => return Err(AppError::invalid("body", format!("@{handle} is not a member of your organization: mention people by the name before the @ in their email."))),
        }
    }
    Ok(ids)
}

fn check_note(body: &str) -> Result<String, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", "Write the note first."));
    }
    if body.chars().count() > NOTE_MAX_CHARS {
        return Err(AppError::invalid("body", format!("Keep a note under {NOTE_MAX_CHARS} characters; this one has {}.", body.chars().count())));
    }
    Ok(body.to_owned())
}

async fn notify_mentions(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, author_id: Uuid, mentioned: &[Uuid], body: &str) -> Result<(), AppError> {
    let recipients = except(mentioned.to_vec(), Some(author_id));
    if recipients.is_empty() {
        return Ok(());
    }
    let (candidate_name, title): (String, String) = sqlx::query_as(
        "select c.name, r.title from applications a join candidates c on c.id = a.candidate_id join requisitions r on r.id = a.requisition_id
         where a.id = $1 and a.tenant_id = $2",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_one(&mut *conn)
    .await?;
    let author_name = display_name(&mut *conn, author_id).await?;
    let excerpt: String = body.chars().take(280).collect();
    let vars = json!({ "author_name": author_name, "candidate_name": candidate_name, "requisition_title": title, "excerpt": excerpt });
    notify(conn, tenant_id, &recipients, NotificationKind::Mentioned, vars, &format!("/applications/{application_id}")).await
}

pub async fn add_note(conn: &mut PgConnection, tenant_id: Uuid, author_id: Uuid, application_id: Uuid, body: &str, private: bool) -> Result<Uuid, AppError> {
    let body = check_note(body)?;
    let mentioned = resolve_mentions(&mut *conn, tenant_id, &body).await?;
    if private && !mentioned.is_empty() {
        return Err(AppError::invalid("body", "A private note is for you alone: make it visible to the hiring team to mention someone."));
    }
    let id = Uuid::now_v7();
    sqlx::query("insert into application_notes (id, tenant_id, application_id, author_id, body, visibility) values ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(tenant_id)
        .bind(application_id)
        .bind(author_id)
        .bind(&body)
        .bind(if private { "private" } else { "team" })
        .execute(&mut *conn)
        .await?;
    for user_id in &mentioned {
        sqlx::query("insert into note_mentions (tenant_id, note_id, user_id) values ($1, $2, $3) on conflict do nothing")
            .bind(tenant_id)
            .bind(id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    follow(&mut *conn, tenant_id, author_id, application_id, true).await?;
    notify_mentions(conn, tenant_id, application_id, author_id, &mentioned, &body).await?;
    Ok(id)
}

/// Edits a note: its author only, within the edit window; the old and new text of a team note
/// are audited, of a private one only that it changed (the log is read by admins).
/// People newly mentioned are notified.
pub async fn edit_note(conn: &mut PgConnection, tenant_id: Uuid, editor_id: Uuid, note_id: Uuid, body: &str) -> Result<(), AppError> {
    let body = check_note(body)?;
    let row: Option<(Uuid, Option<Uuid>, String, String, bool)> = sqlx::query_as(&format!(
        "select application_id, author_id, body, visibility, created_at > now() - interval '{NOTE_EDIT_MINUTES} minutes'
         from application_notes where id = $1 and tenant_id = $2 for update"
    ))
    .bind(note_id)
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((application_id, author_id, old_body, visibility, editable)) = row else {
        return Err(AppError::NotFound);
    };
    if author_id != Some(editor_id) {
        return Err(if visibility == "private" { AppError::NotFound } else { AppError::Forbidden });
    }
    if !editable {
        return Err(AppError::conflict("body", format!("Notes lock {NOTE_EDIT_MINUTES} minutes after they are written; add a new note instead.")));
    }
    let mentioned = resolve_mentions(&mut *conn, tenant_id, &body).await?;
    if visibility == "private" && !mentioned.is_empty() {
        return Err(AppError::invalid("body", "A private note is for you alone: make it visible to the hiring team to mention someone."));
    }
    let before: Vec<Uuid> = sqlx::query_scalar("select user_id from note_mentions where note_id = $1").bind(note_id).fetch_all(&mut *conn).await?;
    sqlx::query("update application_notes set body = $3, edited_at = now() where id = $1 and tenant_id = $2")
        .bind(note_id)
        .bind(tenant_id)
        .bind(&body)
        .execute(&mut *conn)
        .await?;
    let new: Vec<Uuid> = mentioned.iter().copied().filter(|id| !before.contains(id)).collect();
    for user_id in &new {
        sqlx::query("insert into note_mentions (tenant_id, note_id, user_id) values ($1, $2, $3) on conflict do nothing")
            .bind(tenant_id)
            .bind(note_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    audit::record(&mut *conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(editor_id),
        action: "note.edit",
        target: format!("application:{application_id}"),
        details: if visibility == "private" {
            json!({ "note": note_id.to_string(), "visibility": "private" })
        } else {
            json!({ "note": note_id.to_string(), "before": old_body, "after": body })
        },
    })
    .await?;
    notify_mentions(conn, tenant_id, application_id, editor_id, &new, &body).await
}

pub async fn follow(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, application_id: Uuid, on: bool) -> Result<(), AppError> {
    let sql = if on {
        "insert into application_followers (tenant_id, application_id, user_id) values ($1, $2, $3) on conflict do nothing"
    } else {
        "delete from application_followers where tenant_id = $1 and application_id = $2 and user_id = $3"
    };
    sqlx::query(sql).bind(tenant_id).bind(application_id).bind(user_id).execute(conn).await?;
    Ok(())
}

pub async fn is_following(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, application_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from application_followers where tenant_id = $1 and application_id = $2 and user_id = $3)")
        .bind(tenant_id)
        .bind(application_id)
        .bind(user_id)
        .fetch_one(conn)
        .await?)
}

/// Per required skill: what the candidate showed and stated, and what the match score counted.
pub async fn coverage(conn: &mut PgConnection, tenant_id: Uuid, candidate_id: Uuid, requisition_id: Uuid) -> Result<Vec<SkillCoverage>, AppError> {
    let rows: Vec<(String, Option<f64>, Option<i16>)> = sqlx::query_as(
        "with required as (select distinct unnest(skill_ids) as skill_id from requisitions where id = $2 and tenant_id = $3),
              measured as (
                  select distinct on (ss.skill_id) ss.skill_id, (100 * ss.points / nullif(ss.max_points, 0))::float8 as percent
                  from applications a join candidate_invitations i on i.application_id = a.id
                  join test_sessions s on s.invitation_id = i.id and s.graded_at is not null
                  join skill_scores ss on ss.session_id = s.id
                  where a.candidate_id = $1 and a.tenant_id = $3 order by ss.skill_id, s.graded_at desc)
         select k.name, m.percent, cs.proficiency from required r join skills k on k.id = r.skill_id
         left join measured m on m.skill_id = r.skill_id
         left join candidate_skills cs on cs.candidate_id = $1 and cs.skill_id = r.skill_id
         order by lower(k.name)",
    )
    .bind(candidate_id)
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(skill, measured, stated)| {
            let counted = measured.unwrap_or_else(|| stated.map_or(0.0, |p| f64::from(p) * 16.0));
            SkillCoverage { skill, measured, stated, counted }
        })
        .collect())
}

/// The assessments sent from an application, newest first, with per-skill scores and the integrity tier.
pub async fn sent_assessments(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<Vec<SentAssessment>, AppError> {
    let rows: Vec<(Uuid, Option<Uuid>)> = sqlx::query_as(
        "select i.id, (select s.id from test_sessions s where s.invitation_id = i.id order by s.attempt desc limit 1)
         from candidate_invitations i where i.application_id = $1 and i.tenant_id = $2 order by i.created_at desc",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut sent = Vec::new();
    for (invitation_id, session_id) in rows {
        let sql = format!("select * from (select $1::uuid as id) a {LATEST_ASSESSMENT}").replace("i.application_id = a.id", "i.id = a.id");
        let brief: BriefRow = sqlx::query_as(&sql).bind(invitation_id).fetch_one(&mut *conn).await?;
        let Some(brief) = brief.brief() else { continue };
        let (skills, integrity) = match session_id {
            Some(session_id) => (
                sqlx::query_as(
                    "select k.name, (100 * ss.points / nullif(ss.max_points, 0))::float8 from skill_scores ss join skills k on k.id = ss.skill_id
                     where ss.session_id = $1 and ss.max_points > 0 order by lower(k.name)",
                )
                .bind(session_id)
                .fetch_all(&mut *conn)
                .await?,
                Some(integrity(&mut *conn, session_id).await?),
            ),
            None => (Vec::new(), None),
        };
        sent.push(SentAssessment { brief, session_id, skills, integrity });
    }
    Ok(sent)
}

/// The session's integrity tier, by the rule the results page shows.
async fn integrity(conn: &mut PgConnection, session_id: Uuid) -> Result<String, AppError> {
    use crate::assessments::results::{Integrity, LEAVES, OTHER_SIGNALS, PASTES};
    let (leaves, pastes, other): (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where kind = any($2)), count(*) filter (where kind = any($3)), count(*) filter (where kind = any($4))
         from proctoring_events where session_id = $1",
    )
    .bind(session_id)
    .bind(&LEAVES[..])
    .bind(&PASTES[..])
    .bind(&OTHER_SIGNALS[..])
    .fetch_one(conn)
    .await?;
    Ok(Integrity::from_counts(leaves, pastes, other).label().to_owned())
}

#[derive(sqlx::FromRow)]
pub struct ApplicationRow {
    pub requisition_id: Uuid,
    pub candidate_id: Uuid,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub stage_id: Uuid,
    pub stage_name: String,
    pub status: String,
    pub version: i32,
    pub rejection_reason: String,
    pub source: String,
    pub cover_note: String,
    pub resume_file_id: Option<Uuid>,
    pub applied_at: DateTime<Utc>,
    pub entered_at: DateTime<Utc>,
    pub match_score: Option<f64>,
}

pub async fn application_row(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<ApplicationRow, AppError> {
    sqlx::query_as(
        "select a.requisition_id, a.candidate_id, c.name, c.email, c.phone, c.location, a.stage_id, s.name as stage_name, a.status, a.version,
                a.rejection_reason, a.source, a.cover_note, a.resume_file_id, a.created_at as applied_at, a.stage_entered_at as entered_at,
                a.match_score::float8 as match_score
         from applications a join candidates c on c.id = a.candidate_id join requisition_stages s on s.id = a.stage_id
         where a.id = $1 and a.tenant_id = $2",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

impl ApplicationRow {
    pub fn application_status(&self) -> Result<ApplicationStatus, AppError> {
        parse_application_status(&self.status)
    }
}

// Stages ------------------------------------------------------------------------------------

/// A change to a requisition's stages.
#[derive(Debug, Clone, PartialEq)]
pub enum StageChange {
    Add { name: String, kind: StageKind },
    Rename { stage_id: Uuid, name: String, kind: StageKind },
    MoveUp(Uuid),
    MoveDown(Uuid),
    Remove(Uuid),
    AutoAssessment { stage_id: Uuid, assessment_id: Option<Uuid> },
}

fn check_stage_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::invalid("name", "Name the stage in 1 to 60 characters."));
    }
    Ok(name.to_owned())
}

fn duplicate_name(error: sqlx::Error) -> AppError {
    match &error {
        sqlx::Error::Database(db) if db.constraint().is_some_and(|c| c.ends_with("_name_key")) => {
            AppError::invalid("name", "Another stage already has that name.")
        }
        _ => error.into(),
    }
}

pub async fn change_stages(conn: &mut PgConnection, tenant_id: Uuid, actor_id: Uuid, requisition_id: Uuid, change: &StageChange) -> Result<(), AppError> {
    // Serializes stage edits on one requisition, so positions stay a sequence.
    sqlx::query("select 1 from requisitions where id = $1 and tenant_id = $2 for update").bind(requisition_id).bind(tenant_id).execute(&mut *conn).await?;
    let stages = stages(&mut *conn, tenant_id, requisition_id).await?;
    let find = |id: Uuid| stages.iter().position(|s| s.id == id).ok_or_else(|| AppError::invalid("stage_id", "That stage is not in this requisition's pipeline."));
    match change {
        StageChange::Add { name, kind } => {
            let name = check_stage_name(name)?;
            if stages.len() >= 20 {
                return Err(AppError::invalid("name", "A pipeline has at most 20 stages."));
            }
            // Before the first stage of a later step, so the board reads in funnel order.
            let at = stages.iter().position(|s| StageKind::ALL.iter().position(|k| *k == s.kind) > StageKind::ALL.iter().position(|k| k == kind)).unwrap_or(stages.len());
            sqlx::query("update requisition_stages set position = position + 1 where requisition_id = $1 and tenant_id = $2 and position > $3")
                .bind(requisition_id)
                .bind(tenant_id)
                .bind(at as i32)
                .execute(&mut *conn)
                .await?;
            sqlx::query("insert into requisition_stages (id, tenant_id, requisition_id, name, kind, position) values ($1, $2, $3, $4, $5, $6)")
                .bind(Uuid::now_v7())
                .bind(tenant_id)
                .bind(requisition_id)
                .bind(&name)
                .bind(kind.as_str())
                .bind(at as i32 + 1)
                .execute(&mut *conn)
                .await
                .map_err(duplicate_name)?;
        }
        StageChange::Rename { stage_id, name, kind } => {
            find(*stage_id)?;
            let name = check_stage_name(name)?;
            sqlx::query("update requisition_stages set name = $3, kind = $4 where id = $1 and tenant_id = $2")
                .bind(stage_id)
                .bind(tenant_id)
                .bind(&name)
                .bind(kind.as_str())
                .execute(&mut *conn)
                .await
                .map_err(duplicate_name)?;
        }
        StageChange::MoveUp(id) | StageChange::MoveDown(id) => {
            let at = find(*id)?;
            let other = if matches!(change, StageChange::MoveUp(_)) { at.checked_sub(1) } else { Some(at + 1).filter(|i| *i < stages.len()) };
            let Some(other) = other else {
                return Err(AppError::invalid("stage_id", "That stage cannot move further that way."));
            };
            for (stage, position) in [(&stages[at], stages[other].position), (&stages[other], stages[at].position)] {
                sqlx::query("update requisition_stages set position = $3 where id = $1 and tenant_id = $2")
                    .bind(stage.id)
                    .bind(tenant_id)
                    .bind(position)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        StageChange::Remove(id) => {
            let at = find(*id)?;
            if stages.len() <= 2 {
                return Err(AppError::invalid("stage_id", "A pipeline needs at least two stages."));
            }
            let in_it: i64 = sqlx::query_scalar("select count(*) from applications where stage_id = $1 and tenant_id = $2")
                .bind(id)
                .bind(tenant_id)
                .fetch_one(&mut *conn)
                .await?;
            if in_it > 0 {
                return Err(AppError::conflict("stage_id", format!("{in_it} application{} in “{}”: move them before removing it.", if in_it == 1 { " is" } else { "s are" }, stages[at].name)));
            }
            sqlx::query("delete from requisition_stages where id = $1 and tenant_id = $2").bind(id).bind(tenant_id).execute(&mut *conn).await?;
            sqlx::query("update requisition_stages set position = position - 1 where requisition_id = $1 and tenant_id = $2 and position > $3")
                .bind(requisition_id)
                .bind(tenant_id)
                .bind(stages[at].position)
                .execute(&mut *conn)
                .await?;
        }
        StageChange::AutoAssessment { stage_id, assessment_id } => {
            find(*stage_id)?;
            if let Some(assessment_id) = assessment_id {
                let known: bool = sqlx::query_scalar("select exists (select 1 from assessments where id = $1 and tenant_id = $2)")
                    .bind(assessment_id)
                    .bind(tenant_id)
                    .fetch_one(&mut *conn)
                    .await?;
                if !known {
                    return Err(AppError::invalid("assessment_id", "Choose one of your organization's assessments."));
                }
            }
            sqlx::query("update requisition_stages set auto_assessment_id = $3 where id = $1 and tenant_id = $2")
                .bind(stage_id)
                .bind(tenant_id)
                .bind(assessment_id)
                .execute(&mut *conn)
                .await?;
        }
    }
    audit::record(conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(actor_id),
        action: "requisition.stages",
        target: crate::recruiting::repo::target(requisition_id),
        details: json!({ "change": format!("{change:?}") }),
    })
    .await
}

pub async fn defaults(conn: &mut PgConnection, tenant_id: Uuid) -> Result<TenantPipeline, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as("select name, kind from pipeline_stage_templates where tenant_id = $1 order by position")
        .bind(tenant_id)
        .fetch_all(&mut *conn)
        .await?;
    let customized = !rows.is_empty();
    let stages = if customized {
        rows.into_iter().map(|(name, kind)| Ok((name, parse_kind(&kind)?))).collect::<Result<_, AppError>>()?
    } else {
        DEFAULT_STAGES.iter().map(|(name, kind)| ((*name).to_owned(), *kind)).collect()
    };
    Ok(TenantPipeline { stages, rejection_reasons: rejection_reasons(conn, tenant_id).await?, customized })
}

/// Replaces the tenant's default stages (for requisitions created from now on) and its
/// reasons for rejecting.
pub async fn save_defaults(conn: &mut PgConnection, tenant_id: Uuid, actor_id: Uuid, stages: &[(String, StageKind)], reasons: &[String]) -> Result<(), AppError> {
    if stages.len() < 2 || stages.len() > 20 {
        return Err(AppError::invalid("stages", "Give 2 to 20 stages."));
    }
    let mut names: Vec<String> = Vec::new();
    for (name, _) in stages {
        let name = check_stage_name(name).map_err(|_| AppError::invalid("stages", "Name each stage in 1 to 60 characters."))?;
        if names.iter().any(|n| n.to_lowercase() == name.to_lowercase()) {
            return Err(AppError::invalid("stages", format!("Two stages are named “{name}”.")));
        }
        names.push(name);
    }
    if !stages.iter().any(|(_, kind)| *kind == StageKind::Hired) {
        return Err(AppError::invalid("stages", "Keep a stage of the hired step: it is where a pipeline ends."));
    }
    let mut labels: Vec<String> = Vec::new();
    for reason in reasons.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        if reason.chars().count() > 80 {
            return Err(AppError::invalid("rejection_reasons", "Keep each reason under 80 characters."));
        }
        if !labels.iter().any(|l| l.to_lowercase() == reason.to_lowercase()) {
            labels.push(reason.to_owned());
        }
    }
    if labels.is_empty() || labels.len() > 30 {
        return Err(AppError::invalid("rejection_reasons", "Give 1 to 30 reasons for rejecting."));
    }
    sqlx::query("delete from pipeline_stage_templates where tenant_id = $1").bind(tenant_id).execute(&mut *conn).await?;
    for (position, (name, (_, kind))) in names.iter().zip(stages).enumerate() {
        sqlx::query("insert into pipeline_stage_templates (id, tenant_id, name, kind, position) values ($1, $2, $3, $4, $5)")
            .bind(Uuid::now_v7())
            .bind(tenant_id)
            .bind(name)
            .bind(kind.as_str())
            .bind(position as i32 + 1)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("delete from rejection_reasons where tenant_id = $1").bind(tenant_id).execute(&mut *conn).await?;
    for (position, label) in labels.iter().enumerate() {
        sqlx::query("insert into rejection_reasons (id, tenant_id, label, position) values ($1, $2, $3, $4)")
            .bind(Uuid::now_v7())
            .bind(tenant_id)
            .bind(label)
            .bind(position as i32 + 1)
            .execute(&mut *conn)
            .await?;
    }
    audit::record(conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(actor_id),
        action: "pipeline.defaults",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "stages": names, "rejection_reasons": labels }),
    })
    .await
}

// After a test is submitted -------------------------------------------------------------------

pub const ASSESSMENT_SUBMITTED_JOB: &str = "pipeline.assessment_submitted";

/// After a test tied to an application is graded: its candidate's match scores follow the
/// new skill scores, and the application's followers hear of it. Runs in the queue.
pub async fn assessment_submitted(conn: &mut PgConnection, tenant_id: Uuid, session_id: Uuid, tell_the_team: bool) -> Result<(), AppError> {
    let row: Option<(Uuid, Uuid, Uuid, String, String, String, Option<f64>)> = sqlx::query_as(
        "select a.id, a.candidate_id, a.requisition_id, c.name, t.title, r.title, s.percent::float8
         from test_sessions s join candidate_invitations i on i.id = s.invitation_id join applications a on a.id = i.application_id
         join candidates c on c.id = a.candidate_id join assessments t on t.id = i.assessment_id join requisitions r on r.id = a.requisition_id
         where s.id = $1 and s.tenant_id = $2",
    )
    .bind(session_id)
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((application_id, candidate_id, requisition_id, candidate_name, assessment_title, requisition_title, percent)) = row else {
        return Ok(());
    };
    sqlx::query("update applications set match_score = match_score(candidate_id, requisition_id) where candidate_id = $1 and tenant_id = $2")
        .bind(candidate_id)
        .bind(tenant_id)
        .execute(&mut *conn)
        .await?;
    // Announces the new score to open boards.
    sqlx::query("select pg_notify('hirevoo_events', json_build_object('kind', 'application', 'tenant', $1::uuid, 'requisition', $2::uuid, 'id', $3::uuid)::text)")
        .bind(tenant_id)
        .bind(requisition_id)
        .bind(application_id)
        .execute(&mut *conn)
        .await?;
    if !tell_the_team {
        return Ok(());
    }
    let people = followers(&mut *conn, tenant_id, application_id, requisition_id).await?;
    let vars = json!({
        "candidate_name": candidate_name, "assessment_title": assessment_title,
        "percent": percent.map(|p| (p * 10.0).round() / 10.0), "requisition_title": requisition_title,
    });
    notify(conn, tenant_id, &people, NotificationKind::AssessmentSubmitted, vars, &format!("/applications/{application_id}")).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_handles_after_an_at_sign_that_starts_a_word() {
        assert_eq!(mentions_in("Thanks @rita and @Ivan.Petrov, see @rita again."), vec!["rita", "ivan.petrov"]);
        assert_eq!(mentions_in("mail me at someone@example.com"), Vec::<String>::new());
        assert_eq!(mentions_in("@ alone, @@double, (@paren)"), vec!["double", "paren"]);
        assert_eq!(mentions_in("trailing @dot."), vec!["dot"]);
    }

    #[test]
    fn candidate_templates_fill_name_job_and_company() {
        assert_eq!(fill_candidate_template("Hi {{name}}, about {{job}} at {{company}}.", "Ana", "Engineer", "Acme"), "Hi Ana, about Engineer at Acme.");
    }
}
