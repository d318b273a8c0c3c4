//! Bulk operations on requisitions: a dry run first, then a record that a background job
//! works through one requisition at a time, each in its own transaction; undo for status changes.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::api::actor_of,
    super::repo::{self, Actor, MoveRule},
    crate::platform::context::{Access, Ctx, Platform},
    crate::platform::db::{Db, Scope},
    crate::platform::queue::{self, NewJob},
    crate::notifications::{notify, NotificationKind},
    chrono::{DateTime, Utc},
    serde_json::{json, Value},
    sqlx::types::Json,
    sqlx::PgConnection,
};

/// The job kind the background worker runs bulk operations under.
pub const JOB_KIND: &str = "recruiting.bulk_operation";

/// A bulk operation's form fields, as text, the same from every form.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct BulkRequest {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub operation: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub manager: String,
    #[serde(default)]
    pub deadline: String,
}

impl BulkRequest {
    /// The requisition ids and the action, checked: at most 50 ids, a known operation, its parameters.
    pub fn parse(&self) -> Result<(Vec<Uuid>, BulkAction), AppError> {
        let mut ids = Vec::new();
        for id in self.ids.iter().filter(|id| !id.trim().is_empty()) {
            let id: Uuid = id.trim().parse().map_err(|_| AppError::invalid("ids", "Those are not requisition ids."))?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if ids.is_empty() {
            return Err(AppError::invalid("ids", "Select at least one requisition."));
        }
        if ids.len() > BULK_LIMIT {
            return Err(AppError::invalid("ids", format!("Select at most {BULK_LIMIT} requisitions at a time; {} are selected.", ids.len())));
        }
        let reason = self.reason.trim().to_owned();
        let action = match self.operation.as_str() {
            "change_status" => {
                let to = self.to.parse::<Status>().map_err(|_| AppError::invalid("to", "Choose the status to move them to."))?;
                if to.needs_reason(None) && reason.is_empty() {
                    return Err(AppError::invalid("reason", format!("Give a reason for moving them to {}.", to.label().to_lowercase())));
                }
                if reason.chars().count() > super::workflow::MAX_REASON {
                    return Err(AppError::invalid("reason", "The reason can be at most 500 characters."));
                }
                BulkAction::ChangeStatus { to, reason }
            }
            "set_hiring_manager" => BulkAction::SetHiringManager {
                user_id: self.manager.trim().parse().map_err(|_| AppError::invalid("manager", "Choose a hiring manager from the list."))?,
            },
            "set_deadline" => BulkAction::SetDeadline {
                deadline: match self.deadline.trim() {
                    "" => None,
                    d => Some(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| AppError::invalid("deadline", "Enter the deadline as a date, such as 2026-12-31."))?),
                },
            },
            "publish" => BulkAction::Publish,
            "unpublish" => BulkAction::Unpublish,
            "archive" => BulkAction::Archive,
            "delete" => BulkAction::Delete,
            "" => return Err(AppError::invalid("operation", "Choose what to do with the selected requisitions.")),
            other => return Err(AppError::invalid("operation", format!("There is no bulk operation “{other}”."))),
        };
        Ok((ids, action))
    }
}

impl BulkAction {
    /// What the dry run and the progress page say this does.
    pub fn describe(&self) -> String {
        match self {
            BulkAction::ChangeStatus { to, .. } => format!("Move to {}", to.label().to_lowercase()),
            BulkAction::SetHiringManager { .. } => "Set the hiring manager".into(),
            BulkAction::SetDeadline { deadline: Some(d) } => format!("Set the deadline to {d}"),
            BulkAction::SetDeadline { deadline: None } => "Remove the deadline".into(),
            BulkAction::Publish => "Publish on the careers site".into(),
            BulkAction::Unpublish => "Take off the careers site".into(),
            BulkAction::Archive => "Archive".into(),
            BulkAction::Delete => "Delete".into(),
            BulkAction::Undo { .. } => "Undo a status change".into(),
        }
    }

    /// The status it moves requisitions to, if it is a status change.
    pub fn target_status(&self) -> Option<Status> {
        match self {
            BulkAction::ChangeStatus { to, .. } => Some(*to),
            BulkAction::Archive => Some(Status::Archived),
            _ => None,
        }
    }
}

#[cfg(feature = "ssr")]
const NOT_FOUND: &str = "Not found: it may have been deleted.";

/// What would happen to one requisition, without changing anything.
#[cfg(feature = "ssr")]
async fn check_item(conn: &mut PgConnection, tenant_id: Uuid, actor: &Actor, id: Uuid, action: &BulkAction) -> Result<BulkOutcome, AppError> {
    let outcome = |title: String, ok: bool, message: String, from: Option<Status>, to: Option<Status>| BulkOutcome { id, title, ok, message, from, to };
    let found: Option<(String, Status, Option<chrono::NaiveDate>, Option<Uuid>, Option<Uuid>, Option<Uuid>)> = sqlx::query_as(
        "select title, status, deadline, created_by, hiring_manager_id, recruiter_id from requisitions
         where id = $1 and tenant_id = $2 and deleted_at is null",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    let Some((title, from, deadline, created_by, manager, recruiter)) = found else {
        return Ok(outcome(String::new(), false, NOT_FOUND.into(), None, None));
    };
    if !actor.is_admin && ![created_by, manager, recruiter].contains(&Some(actor.user_id)) {
        return Ok(outcome(title, false, "You may not change this requisition: only its creator, hiring manager, recruiter or an admin may.".into(), Some(from), None));
    }
    if let Some(to) = action.target_status() {
        let reason = match action {
            BulkAction::ChangeStatus { reason, .. } => reason.as_str(),
            _ => "",
        };
        if let Err(message) = super::workflow::check_move(from, to, reason) {
            return Ok(outcome(title, false, message, Some(from), Some(to)));
        }
        if to == Status::Open && repo::refuse_past_deadline(deadline).is_err() {
            return Ok(outcome(title, false, "Its application deadline has passed: set a later one before opening it.".into(), Some(from), Some(to)));
        }
        return Ok(outcome(title, true, format!("{} → {}", from.label(), to.label()), Some(from), Some(to)));
    }
    if let BulkAction::SetDeadline { deadline: Some(_) } = action {
        if from == Status::Open && repo::refuse_past_deadline(action_deadline(action)).is_err() {
            return Ok(outcome(title, false, "The deadline has passed: an open requisition needs a later one.".into(), Some(from), None));
        }
    }
    Ok(outcome(title, true, action.describe(), Some(from), None))
}

#[cfg(feature = "ssr")]
fn action_deadline(action: &BulkAction) -> Option<chrono::NaiveDate> {
    match action {
        BulkAction::SetDeadline { deadline } => *deadline,
        _ => None,
    }
}

/// Checks the hiring manager a bulk operation names once, before any item.
#[cfg(feature = "ssr")]
async fn check_action(conn: &mut PgConnection, tenant_id: Uuid, action: &BulkAction) -> Result<(), AppError> {
    if let BulkAction::SetHiringManager { user_id } = action {
        let recruiting = repo::members(conn, tenant_id).await?.into_iter().any(|(m, role)| m.id == *user_id && (role == "recruiter" || role == "tenant_admin"));
        if !recruiting {
            return Err(AppError::invalid("manager", "Choose a hiring manager from your organization's recruiters and admins."));
        }
    }
    Ok(())
}

/// The dry run: per requisition, what would happen or why it cannot.
#[server]
pub async fn bulk_dry_run(
    #[server(default)] ids: Vec<String>,
    #[server(default)] operation: String,
    #[server(default)] to: String,
    #[server(default)] reason: String,
    #[server(default)] manager: String,
    #[server(default)] deadline: String,
) -> Result<Vec<BulkOutcome>, AppError> {
    let (ids, action) = BulkRequest { ids, operation, to, reason, manager, deadline }.parse()?;
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    check_action(&mut ctx.tx, ctx.tenant_id, &action).await?;
    let actor = actor_of(&ctx.user);
    let mut outcomes = Vec::with_capacity(ids.len());
    for id in ids {
        outcomes.push(check_item(&mut ctx.tx, ctx.tenant_id, &actor, id, &action).await?);
    }
    ctx.commit().await?;
    Ok(outcomes)
}

/// Records the operation and queues its work; returns at once and goes to its progress page.
#[server]
pub async fn start_bulk_operation(
    #[server(default)] ids: Vec<String>,
    #[server(default)] operation: String,
    #[server(default)] to: String,
    #[server(default)] reason: String,
    #[server(default)] manager: String,
    #[server(default)] deadline: String,
) -> Result<Uuid, AppError> {
    let (ids, action) = BulkRequest { ids, operation, to, reason, manager, deadline }.parse()?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    check_action(&mut ctx.tx, ctx.tenant_id, &action).await?;
    let id = create(&mut ctx.tx, ctx.tenant_id, &actor_of(&ctx.user), &ids, &action).await?;
    ctx.commit().await?;
    leptos_axum::redirect(&format!("/jobs/bulk/{id}"));
    Ok(id)
}

#[cfg(feature = "ssr")]
async fn create(conn: &mut PgConnection, tenant_id: Uuid, actor: &Actor, ids: &[Uuid], action: &BulkAction) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    let parameters = json!({ "action": action, "actor_is_admin": actor.is_admin, "origin": actor.origin });
    sqlx::query(
        "insert into bulk_operations (id, tenant_id, kind, requisition_ids, parameters, total, created_by, undo_of)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(action.kind())
    .bind(ids)
    .bind(&parameters)
    .bind(ids.len() as i32)
    .bind(actor.user_id)
    .bind(match action {
        BulkAction::Undo { operation_id } => Some(*operation_id),
        _ => None,
    })
    .execute(&mut *conn)
    .await?;
    queue::enqueue(&mut *conn, NewJob::new(JOB_KIND, json!({ "operation_id": id, "tenant_id": tenant_id })).unique(format!("bulk:{id}"))).await?;
    Ok(id)
}

/// A bulk operation's progress and outcomes.
#[server]
pub async fn bulk_progress(id: Uuid) -> Result<BulkOperation, AppError> {
    // From the primary: progress is read while it is being written.
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let operation = load(&mut ctx.tx, ctx.tenant_id, id).await?;
    ctx.commit().await?;
    Ok(operation)
}

#[cfg(feature = "ssr")]
async fn load(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<BulkOperation, AppError> {
    type Row = (Uuid, String, BulkStatus, i32, i32, i32, Json<Vec<BulkOutcome>>, Option<String>, DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<Uuid>);
    let row: Option<Row> = sqlx::query_as(
        "select b.id, b.kind, b.status, b.total, b.succeeded, b.failed, b.outcomes, u.display_name, b.created_at, b.started_at,
                b.finished_at, b.undone_by
         from bulk_operations b left join users u on u.id = b.created_by where b.id = $1 and b.tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    let (id, kind, status, total, succeeded, failed, Json(outcomes), created_by, created_at, started_at, finished_at, undone_by) = row.ok_or(AppError::NotFound)?;
    let undoable = matches!(kind.as_str(), "change_status" | "archive") && status == BulkStatus::Done && undone_by.is_none() && succeeded > 0;
    let undo_until = finished_at.map(|t| t + chrono::Duration::minutes(UNDO_MINUTES)).filter(|until| undoable && *until > Utc::now());
    Ok(BulkOperation {
        id,
        kind,
        status,
        total,
        succeeded,
        failed,
        outcomes,
        created_by,
        created_at,
        started_at,
        finished_at,
        undo_until,
        undone_by,
    })
}

/// Puts each requisition of a finished bulk status change back where it was, unless it changed since.
#[server]
pub async fn undo_bulk_operation(id: Uuid) -> Result<Uuid, AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let locked: Option<Uuid> = sqlx::query_scalar("select id from bulk_operations where id = $1 and tenant_id = $2 for update")
        .bind(id)
        .bind(ctx.tenant_id)
        .fetch_optional(&mut *ctx.tx)
        .await?;
    locked.ok_or(AppError::NotFound)?;
    let operation = load(&mut ctx.tx, ctx.tenant_id, id).await?;
    if operation.undone_by.is_some() {
        return Err(AppError::conflict("id", "This operation was already undone."));
    }
    if operation.undo_until.is_none() {
        return Err(AppError::invalid("id", format!("Only a finished status change can be undone, within {UNDO_MINUTES} minutes.")));
    }
    let ids: Vec<Uuid> = operation.outcomes.iter().filter(|o| o.ok).map(|o| o.id).collect();
    let undo = create(&mut ctx.tx, ctx.tenant_id, &actor_of(&ctx.user), &ids, &BulkAction::Undo { operation_id: id }).await?;
    sqlx::query("update bulk_operations set undone_by = $3 where id = $1 and tenant_id = $2").bind(id).bind(ctx.tenant_id).bind(undo).execute(&mut *ctx.tx).await?;
    ctx.commit().await?;
    leptos_axum::redirect(&format!("/jobs/bulk/{undo}"));
    Ok(undo)
}

/// Runs a queued bulk operation: each requisition in its own transaction, its outcome written
/// with it, so that a retry after a crash skips what was done.
#[cfg(feature = "ssr")]
pub async fn run(platform: &Platform, payload: &Value) -> Result<(), String> {
    let field = |key: &str| payload.get(key).and_then(Value::as_str).and_then(|v| v.parse::<Uuid>().ok()).ok_or_else(|| format!("payload lacks {key}"));
    let (operation_id, tenant_id) = (field("operation_id")?, field("tenant_id")?);
    let db = &platform.db;
    let start = async {
        let mut tx = Db::begin(db.write(), &Scope::Tenant { tenant_id, user_id: Uuid::nil() }).await?;
        type Start = (Vec<Uuid>, Value, Option<Uuid>, Json<Vec<BulkOutcome>>);
        let row: Option<Start> = sqlx::query_as(
            "update bulk_operations set status = 'running', started_at = coalesce(started_at, now())
             where id = $1 and tenant_id = $2 and status in ('queued', 'running') returning requisition_ids, parameters, created_by, outcomes",
        )
        .bind(operation_id)
        .bind(tenant_id)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, AppError>(row)
    };
    let Some((ids, parameters, created_by, Json(done))) = start.await.map_err(|e| e.to_string())? else {
        return Ok(());
    };
    let action: BulkAction = serde_json::from_value(parameters["action"].clone()).map_err(|e| e.to_string())?;
    let actor = Actor {
        user_id: created_by.unwrap_or_default(),
        is_admin: parameters["actor_is_admin"].as_bool().unwrap_or(false),
        origin: serde_json::from_value(parameters["origin"].clone()).unwrap_or_default(),
    };
    let undone: Vec<BulkOutcome> = match &action {
        BulkAction::Undo { operation_id } => {
            let mut tx = Db::begin(db.write(), &Scope::Tenant { tenant_id, user_id: actor.user_id }).await.map_err(|e| e.to_string())?;
            let Json(outcomes) = sqlx::query_scalar("select outcomes from bulk_operations where id = $1 and tenant_id = $2")
                .bind(operation_id)
                .bind(tenant_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| e.to_string())?;
            outcomes
        }
        _ => Vec::new(),
    };
    for id in ids.into_iter().filter(|id| !done.iter().any(|o| o.id == *id)) {
        let applied = async {
            let mut tx = Db::begin(db.write(), &Scope::Tenant { tenant_id, user_id: actor.user_id }).await?;
            let outcome = apply_item(&mut tx, tenant_id, &actor, id, &action, &undone).await?;
            record_outcome(&mut tx, tenant_id, operation_id, &outcome).await?;
            tx.commit().await?;
            Ok::<_, AppError>(())
        }
        .await;
        if let Err(error) = applied {
            let title: Option<String> = async {
                let mut tx = Db::begin(db.write(), &Scope::Tenant { tenant_id, user_id: actor.user_id }).await.ok()?;
                sqlx::query_scalar("select title from requisitions where id = $1 and tenant_id = $2 and deleted_at is null").bind(id).bind(tenant_id).fetch_optional(&mut *tx).await.ok()?
            }
            .await;
            let message = match (&error, &title) {
                (AppError::NotFound, _) | (_, None) => NOT_FOUND.to_owned(),
                (AppError::Forbidden, _) => "You may not change this requisition: only its creator, hiring manager, recruiter or an admin may.".to_owned(),
                _ => error.to_string(),
            };
            let outcome = BulkOutcome { id, title: title.unwrap_or_default(), ok: false, message, from: None, to: None };
            let mut tx = Db::begin(db.write(), &Scope::Tenant { tenant_id, user_id: actor.user_id }).await.map_err(|e| e.to_string())?;
            record_outcome(&mut tx, tenant_id, operation_id, &outcome).await.map_err(|e| e.to_string())?;
            tx.commit().await.map_err(|e| e.to_string())?;
        }
    }
    let mut tx = Db::begin(db.write(), &Scope::Tenant { tenant_id, user_id: actor.user_id }).await.map_err(|e| e.to_string())?;
    let (succeeded, failed): (i32, i32) =
        sqlx::query_as("update bulk_operations set status = 'done', finished_at = now() where id = $1 and tenant_id = $2 returning succeeded, failed")
            .bind(operation_id)
            .bind(tenant_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
    if let Some(creator) = created_by {
        let vars = json!({ "action": action.kind().replace('_', " "), "succeeded": succeeded, "failed": failed });
        notify(&mut tx, tenant_id, &[creator], NotificationKind::BulkOperationFinished, vars, &format!("/jobs/bulk/{operation_id}"))
            .await
            .map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(feature = "ssr")]
async fn record_outcome(conn: &mut PgConnection, tenant_id: Uuid, operation_id: Uuid, outcome: &BulkOutcome) -> Result<(), AppError> {
    sqlx::query(
        "update bulk_operations set outcomes = outcomes || jsonb_build_array($3::jsonb),
             succeeded = succeeded + case when $4 then 1 else 0 end, failed = failed + case when $4 then 0 else 1 end
         where id = $1 and tenant_id = $2",
    )
    .bind(operation_id)
    .bind(tenant_id)
    .bind(serde_json::to_value(outcome).map_err(AppError::internal)?)
    .bind(outcome.ok)
    .execute(conn)
    .await?;
    Ok(())
}

/// Applies the action to one requisition, audited as a bulk item.
#[cfg(feature = "ssr")]
async fn apply_item(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    actor: &Actor,
    id: Uuid,
    action: &BulkAction,
    undone: &[BulkOutcome],
) -> Result<BulkOutcome, AppError> {
    let done = |title: String, message: String, from: Option<Status>, to: Option<Status>| BulkOutcome { id, title, ok: true, message, from, to };
    match action {
        BulkAction::ChangeStatus { to, reason } => {
            let moved = repo::change_status(conn, true, tenant_id, Some(actor), id, *to, reason, MoveRule::Workflow).await?;
            Ok(done(moved.title, format!("{} → {}", moved.from.label(), moved.to.label()), Some(moved.from), Some(moved.to)))
        }
        BulkAction::Archive => {
            let moved = repo::change_status(conn, true, tenant_id, Some(actor), id, Status::Archived, "", MoveRule::Workflow).await?;
            Ok(done(moved.title, format!("{} → {}", moved.from.label(), moved.to.label()), Some(moved.from), Some(moved.to)))
        }
        BulkAction::Undo { .. } => {
            let original = undone.iter().find(|o| o.id == id && o.ok).ok_or(AppError::NotFound)?;
            let (Some(from), Some(to)) = (original.from, original.to) else { return Err(AppError::NotFound) };
            let moved = repo::change_status(conn, true, tenant_id, Some(actor), id, from, "Undoing a bulk status change", MoveRule::Undo { expected: to }).await?;
            Ok(done(moved.title, format!("{} → {}", moved.from.label(), moved.to.label()), Some(moved.from), Some(moved.to)))
        }
        BulkAction::SetHiringManager { user_id } => {
            let (title, _) = repo::bulk_update(conn, tenant_id, actor, id, |input| input.hiring_manager_id = Some(*user_id)).await?;
            Ok(done(title, action.describe(), None, None))
        }
        BulkAction::SetDeadline { deadline } => {
            let (title, _) = repo::bulk_update(conn, tenant_id, actor, id, |input| input.deadline = *deadline).await?;
            Ok(done(title, action.describe(), None, None))
        }
        BulkAction::Publish | BulkAction::Unpublish => {
            let published = matches!(action, BulkAction::Publish);
            let (title, _) = repo::bulk_update(conn, tenant_id, actor, id, |input| input.published = published).await?;
            Ok(done(title, action.describe(), None, None))
        }
        BulkAction::Delete => {
            let title = repo::delete(conn, tenant_id, actor, id).await?;
            Ok(done(title, action.describe(), None, None))
        }
    }
}
