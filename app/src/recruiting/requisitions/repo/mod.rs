//! Requisitions in the database: reads, writes, status moves, history and the audit trail.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::types::*;
use super::workflow::check_move;
use crate::assessments::types::Skill;
use crate::platform::audit::{self, Origin};
use crate::platform::{AppError, CurrentUser, Role};

mod dashboard;

pub use dashboard::*;

/// Who is acting: enough to decide what they may edit, without a session (bulk work runs in the background).
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Uuid,
    pub is_admin: bool,
    pub origin: Origin,
}

/// What a form or a duplicate sets on a requisition.
#[derive(Debug, Clone, PartialEq)]
pub struct RequisitionInput {
    pub title: String,
    pub description: String,
    pub department: String,
    pub location_city: String,
    pub location_country: String,
    pub workplace: Workplace,
    pub employment_type: EmploymentType,
    pub openings: i32,
    pub salary_min: Option<f64>,
    pub salary_max: Option<f64>,
    pub salary_currency: Option<String>,
    pub salary_visible: bool,
    pub skill_ids: Vec<Uuid>,
    pub deadline: Option<NaiveDate>,
    pub hiring_manager_id: Option<Uuid>,
    pub recruiter_id: Option<Uuid>,
    pub team_ids: Vec<Uuid>,
    pub published: bool,
}

impl RequisitionInput {
    /// The fields the audit trail compares, as text.
    fn snapshot(&self, names: &dyn Fn(Option<Uuid>) -> String, skills: &dyn Fn(&[Uuid]) -> String) -> Vec<(&'static str, String)> {
        let money = |n: Option<f64>| n.map(|n| format!("{n:.2}")).unwrap_or_default();
        let mut team = self.team_ids.iter().map(|id| names(Some(*id))).collect::<Vec<_>>();
        team.sort();
        vec![
            ("title", self.title.clone()),
            ("description", self.description.clone()),
            ("department", self.department.clone()),
            ("city", self.location_city.clone()),
            ("country", self.location_country.clone()),
            ("workplace", self.workplace.label().to_owned()),
            ("employment type", self.employment_type.label().to_owned()),
            ("openings", self.openings.to_string()),
            ("salary minimum", money(self.salary_min)),
            ("salary maximum", money(self.salary_max)),
            ("salary currency", self.salary_currency.clone().unwrap_or_default()),
            ("salary shown", yes_no(self.salary_visible)),
            ("required skills", skills(&self.skill_ids)),
            ("deadline", self.deadline.map(|d| d.to_string()).unwrap_or_default()),
            ("hiring manager", names(self.hiring_manager_id)),
            ("recruiter", names(self.recruiter_id)),
            ("hiring team", team.join(", ")),
            ("published", yes_no(self.published)),
        ]
    }
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

/// The field-by-field differences between two snapshots.
pub fn diff(old: &[(&'static str, String)], new: &[(&'static str, String)]) -> Vec<FieldChange> {
    old.iter()
        .zip(new)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| FieldChange { field: (*field).to_owned(), old: a.clone(), new: b.clone() })
        .collect()
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    title: String,
    description: String,
    department: String,
    location_city: String,
    location_country: String,
    workplace: Workplace,
    employment_type: EmploymentType,
    openings: i32,
    salary_min: Option<f64>,
    salary_max: Option<f64>,
    salary_currency: Option<String>,
    salary_visible: bool,
    skill_ids: Vec<Uuid>,
    deadline: Option<NaiveDate>,
    hiring_manager_id: Option<Uuid>,
    recruiter_id: Option<Uuid>,
    published: bool,
    status: Status,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    opened_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    archived_at: Option<DateTime<Utc>>,
    deleted_at: Option<DateTime<Utc>>,
    view_count: i64,
    team_ids: Vec<Uuid>,
}

const COLUMNS: &str = "r.id, r.title, r.description, r.department, r.location_city, r.location_country, r.workplace,
    r.employment_type, r.openings, r.salary_min::float8 as salary_min, r.salary_max::float8 as salary_max, r.salary_currency,
    r.salary_visible, r.skill_ids, r.deadline, r.hiring_manager_id, r.recruiter_id, r.published, r.status, r.created_by,
    r.created_at, r.updated_at, r.opened_at, r.closed_at, r.archived_at, r.deleted_at, r.view_count,
    array(select t.user_id from requisition_team t where t.requisition_id = r.id) as team_ids";

impl Row {
    fn input(&self) -> RequisitionInput {
        RequisitionInput {
            title: self.title.clone(),
            description: self.description.clone(),
            department: self.department.clone(),
            location_city: self.location_city.clone(),
            location_country: self.location_country.clone(),
            workplace: self.workplace,
            employment_type: self.employment_type,
            openings: self.openings,
            salary_min: self.salary_min,
            salary_max: self.salary_max,
            salary_currency: self.salary_currency.clone(),
            salary_visible: self.salary_visible,
            skill_ids: self.skill_ids.clone(),
            deadline: self.deadline,
            hiring_manager_id: self.hiring_manager_id,
            recruiter_id: self.recruiter_id,
            team_ids: self.team_ids.clone(),
            published: self.published,
        }
    }

    fn may_edit(&self, actor_id: Uuid, is_admin: bool) -> bool {
        is_admin || [self.created_by, self.hiring_manager_id, self.recruiter_id].contains(&Some(actor_id))
    }
}

async fn row(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, lock: bool) -> Result<Row, AppError> {
    let sql = format!(
        "select {COLUMNS} from requisitions r where r.id = $1 and r.tenant_id = $2 and r.deleted_at is null{}",
        if lock { " for update of r" } else { "" }
    );
    sqlx::query_as(&sql).bind(id).bind(tenant_id).fetch_optional(conn).await?.ok_or(AppError::NotFound)
}

/// Whether the actor may edit this requisition and change its status: its creator, hiring
/// manager, recruiter, or a tenant admin. Another tenant's or a deleted requisition is not found.
pub async fn may_edit(conn: &mut PgConnection, tenant_id: Uuid, user: &CurrentUser, id: Uuid) -> Result<bool, AppError> {
    Ok(row(conn, tenant_id, id, false).await?.may_edit(user.user_id, user.role == Role::TenantAdmin))
}

/// Tenant members by id: display names for lists and the trail.
pub async fn members(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Member, String)>, AppError> {
    let rows: Vec<(Uuid, String, String)> = sqlx::query_as(
        "select u.id, u.display_name, m.role from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.role <> 'candidate' order by lower(u.display_name), u.id",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, name, role)| (Member { id, name }, role)).collect())
}

fn member_of(members: &[(Member, String)], id: Option<Uuid>) -> Option<Member> {
    id.and_then(|id| members.iter().find(|(m, _)| m.id == id).map(|(m, _)| m.clone()))
}

pub async fn skills(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<Skill>, AppError> {
    crate::assessments::repo::skills(conn, tenant_id).await
}

/// Checks the references a form names: skills from the catalog, people from this tenant
/// with the roles their places need. Errors name the field.
pub async fn check_references(conn: &mut PgConnection, tenant_id: Uuid, input: &RequisitionInput) -> Result<(), AppError> {
    let known: i64 = sqlx::query_scalar("select count(*) from skills where tenant_id = $1 and id = any($2)")
        .bind(tenant_id)
        .bind(&input.skill_ids)
        .fetch_one(&mut *conn)
        .await?;
    if known != input.skill_ids.len() as i64 {
        return Err(AppError::invalid("skill_ids", "Choose required skills from your catalog."));
    }
    let members = members(conn, tenant_id).await?;
    let recruiting = |id: Uuid| members.iter().any(|(m, role)| m.id == id && (role == "recruiter" || role == "tenant_admin"));
    if input.hiring_manager_id.is_some_and(|id| !recruiting(id)) {
        return Err(AppError::invalid("hiring_manager_id", "Choose a hiring manager from your organization's recruiters and admins."));
    }
    if input.recruiter_id.is_some_and(|id| !recruiting(id)) {
        return Err(AppError::invalid("recruiter_id", "Choose a recruiter from your organization's recruiters and admins."));
    }
    if input.team_ids.iter().any(|id| !members.iter().any(|(m, _)| m.id == *id)) {
        return Err(AppError::invalid("team_ids", "Choose the hiring team from your organization's members."));
    }
    Ok(())
}

/// A requisition, whole, for its page.
pub async fn requisition(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, viewer: Uuid, viewer_is_admin: bool) -> Result<Requisition, AppError> {
    let row = row(&mut *conn, tenant_id, id, false).await?;
    let members = members(&mut *conn, tenant_id).await?;
    let skills = skills(&mut *conn, tenant_id).await?;
    let (applications, assessments): (i64, Vec<(Uuid, String)>) = {
        let applications = sqlx::query_scalar("select count(*) from applications where requisition_id = $1 and tenant_id = $2")
            .bind(id)
            .bind(tenant_id)
            .fetch_one(&mut *conn)
            .await?;
        let assessments = sqlx::query_as("select id, title from assessments where requisition_id = $1 and tenant_id = $2 order by lower(title)")
            .bind(id)
            .bind(tenant_id)
            .fetch_all(&mut *conn)
            .await?;
        (applications, assessments)
    };
    let salary = (row.salary_min.is_some() || row.salary_max.is_some()).then(|| Salary {
        min: row.salary_min,
        max: row.salary_max,
        currency: row.salary_currency.clone().unwrap_or_default(),
        visible: row.salary_visible,
    });
    Ok(Requisition {
        id: row.id,
        title: row.title.clone(),
        description: row.description.clone(),
        department: row.department.clone(),
        location_city: row.location_city.clone(),
        location_country: row.location_country.clone(),
        workplace: row.workplace,
        employment_type: row.employment_type,
        openings: row.openings,
        salary,
        required_skills: skills.into_iter().filter(|s| row.skill_ids.contains(&s.id)).collect(),
        deadline: row.deadline,
        hiring_manager: member_of(&members, row.hiring_manager_id),
        recruiter: member_of(&members, row.recruiter_id),
        team: row.team_ids.iter().filter_map(|id| member_of(&members, Some(*id))).collect(),
        published: row.published,
        status: row.status,
        created_by: member_of(&members, row.created_by),
        created_at: row.created_at,
        updated_at: row.updated_at,
        opened_at: row.opened_at,
        closed_at: row.closed_at,
        archived_at: row.archived_at,
        deleted_at: row.deleted_at,
        view_count: row.view_count,
        applications,
        assessments,
        can_edit: row.may_edit(viewer, viewer_is_admin),
    })
}

/// The requisition's fields as the edit form starts from.
pub async fn input_of(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<RequisitionInput, AppError> {
    Ok(row(conn, tenant_id, id, false).await?.input())
}

async fn snapshot_names(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(Vec<(Member, String)>, Vec<Skill>), AppError> {
    Ok((members(&mut *conn, tenant_id).await?, skills(&mut *conn, tenant_id).await?))
}

fn snapshot(input: &RequisitionInput, members: &[(Member, String)], skills: &[Skill]) -> Vec<(&'static str, String)> {
    let names = |id: Option<Uuid>| member_of(members, id).map(|m| m.name).unwrap_or_default();
    let skill_names = |ids: &[Uuid]| skills.iter().filter(|s| ids.contains(&s.id)).map(|s| s.name.clone()).collect::<Vec<_>>().join(", ");
    input.snapshot(&names, &skill_names)
}

/// Records a change to a requisition in the audit log, with who, from where, and what changed.
pub async fn audit(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    actor: Option<&Actor>,
    action: &str,
    id: Uuid,
    changes: &[FieldChange],
    extra: Value,
) -> Result<(), AppError> {
    let origin = actor.map(|a| a.origin.clone()).unwrap_or_default();
    let mut details = json!({ "changes": changes, "ip": origin.ip, "user_agent": origin.user_agent });
    if let (Value::Object(details), Value::Object(extra)) = (&mut details, extra) {
        details.extend(extra);
    }
    audit::record(conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: actor.map(|a| a.user_id),
        action,
        target: target(id),
        details,
    })
    .await
}

pub fn target(id: Uuid) -> String {
    format!("requisition:{id}")
}

async fn write_team(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, team_ids: &[Uuid]) -> Result<(), AppError> {
    sqlx::query("delete from requisition_team where requisition_id = $1 and tenant_id = $2").bind(id).bind(tenant_id).execute(&mut *conn).await?;
    sqlx::query("insert into requisition_team (tenant_id, requisition_id, user_id) select $1, $2, unnest($3::uuid[])")
        .bind(tenant_id)
        .bind(id)
        .bind(team_ids)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes every field a form sets, and the hiring team.
async fn write_fields(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, input: &RequisitionInput) -> Result<(), AppError> {
    sqlx::query(
        "update requisitions set title = $3, description = $4, department = $5, location_city = $6, location_country = $7,
             workplace = $8, employment_type = $9, openings = $10, salary_min = $11, salary_max = $12, salary_currency = $13,
             salary_visible = $14, skill_ids = $15, deadline = $16, hiring_manager_id = $17, recruiter_id = $18, published = $19,
             updated_at = now()
         where id = $1 and tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(&input.title)
    .bind(&input.description)
    .bind(&input.department)
    .bind(&input.location_city)
    .bind(&input.location_country)
    .bind(input.workplace.as_str())
    .bind(input.employment_type.as_str())
    .bind(input.openings)
    .bind(input.salary_min)
    .bind(input.salary_max)
    .bind(&input.salary_currency)
    .bind(input.salary_visible)
    .bind(&input.skill_ids)
    .bind(input.deadline)
    .bind(input.hiring_manager_id)
    .bind(input.recruiter_id)
    .bind(input.published)
    .execute(&mut *conn)
    .await?;
    write_team(conn, tenant_id, id, &input.team_ids).await
}

/// Creates a draft requisition.
pub async fn create(conn: &mut PgConnection, tenant_id: Uuid, actor: &Actor, input: &RequisitionInput) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query("insert into requisitions (id, tenant_id, title, created_by, status) values ($1, $2, $3, $4, 'draft')")
        .bind(id)
        .bind(tenant_id)
        .bind(&input.title)
        .bind(actor.user_id)
        .execute(&mut *conn)
        .await?;
    write_fields(conn, tenant_id, id, input).await?;
    sqlx::query(
        "insert into requisition_status_history (id, tenant_id, requisition_id, from_status, to_status, reason, changed_by)
         values ($1, $2, $3, null, 'draft', 'Created', $4)",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(id)
    .bind(actor.user_id)
    .execute(&mut *conn)
    .await?;
    let (members, skills) = snapshot_names(conn, tenant_id).await?;
    let created = snapshot(input, &members, &skills);
    let blank: Vec<_> = created.iter().map(|(field, _)| (*field, String::new())).collect();
    let changes = diff(&blank, &created);
    audit(conn, tenant_id, Some(actor), "requisition.create", id, &changes, json!({ "title": input.title })).await?;
    Ok(id)
}

/// Replaces a requisition's fields; refuses an actor who may not edit it. Returns what changed.
pub async fn update(conn: &mut PgConnection, tenant_id: Uuid, actor: &Actor, id: Uuid, input: &RequisitionInput) -> Result<Vec<FieldChange>, AppError> {
    let current = row(&mut *conn, tenant_id, id, true).await?;
    if !current.may_edit(actor.user_id, actor.is_admin) {
        return Err(AppError::Forbidden);
    }
    if current.status == Status::Open {
        refuse_past_deadline(input.deadline)?;
    }
    write_fields(conn, tenant_id, id, input).await?;
    let (members, skills) = snapshot_names(conn, tenant_id).await?;
    let changes = diff(&snapshot(&current.input(), &members, &skills), &snapshot(input, &members, &skills));
    if !changes.is_empty() {
        let action = if changes.iter().all(|c| c.field == "published") { "requisition.publish" } else { "requisition.update" };
        audit(conn, tenant_id, Some(actor), action, id, &changes, json!({ "title": input.title })).await?;
    }
    Ok(changes)
}

pub fn refuse_past_deadline(deadline: Option<NaiveDate>) -> Result<(), AppError> {
    if deadline.is_some_and(|d| d < Utc::now().date_naive()) {
        return Err(AppError::invalid("deadline", "The application deadline has passed: choose a later date, or none, for an open requisition."));
    }
    Ok(())
}

/// A status move done: for the caller's messages and for undo.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    pub title: String,
    pub from: Status,
    pub to: Status,
}

/// How a status change is allowed to happen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MoveRule {
    /// Only the workflow's moves, by someone who may edit the requisition.
    Workflow,
    /// Putting back a bulk change: any status, if it still is where that change left it.
    Undo { expected: Status },
}

/// Moves a requisition to another status: the workflow's check, timestamps, history, audit
/// and the hiring team's notification (unless not `tell_team`: demo data tells nobody), in the
/// caller's transaction. `actor` None: the platform itself.
pub async fn change_status(
    conn: &mut PgConnection,
    tell_team: bool,
    tenant_id: Uuid,
    actor: Option<&Actor>,
    id: Uuid,
    to: Status,
    reason: &str,
    rule: MoveRule,
) -> Result<Moved, AppError> {
    let current = row(&mut *conn, tenant_id, id, true).await?;
    if let Some(actor) = actor {
        if !current.may_edit(actor.user_id, actor.is_admin) {
            return Err(AppError::Forbidden);
        }
    }
    let from = current.status;
    match rule {
        MoveRule::Workflow => check_move(from, to, reason).map_err(|message| AppError::invalid("to", message))?,
        MoveRule::Undo { expected } if from != expected => {
            return Err(AppError::conflict("to", format!("It was changed since: it is now {}.", from.label().to_lowercase())));
        }
        MoveRule::Undo { .. } => {}
    }
    if to == Status::Open {
        refuse_past_deadline(current.deadline)?;
    }
    let reason = reason.trim();
    sqlx::query(
        "update requisitions set status = $3, updated_at = now(),
             opened_at = case when $3 = 'open' then coalesce(opened_at, now()) else opened_at end,
             closed_at = case when $3 = 'closed' and status <> 'archived' then now() when $3 in ('open', 'on_hold', 'draft') then null else closed_at end,
             archived_at = case when $3 = 'archived' then now() else null end
         where id = $1 and tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(to.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into requisition_status_history (id, tenant_id, requisition_id, from_status, to_status, reason, changed_by)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(reason)
    .bind(actor.map(|a| a.user_id))
    .execute(&mut *conn)
    .await?;
    let change = FieldChange { field: "status".into(), old: from.label().into(), new: to.label().into() };
    audit(&mut *conn, tenant_id, actor, "requisition.status", id, &[change], json!({ "title": current.title, "reason": reason })).await?;
    if tell_team {
        super::notify::status_changed(conn, tenant_id, actor.map(|a| a.user_id), id, &current.title, from, to, reason).await?;
    }
    Ok(Moved { title: current.title, from, to })
}

/// Sets one field group of a requisition for a bulk operation, audited like an edit.
pub async fn bulk_update(conn: &mut PgConnection, tenant_id: Uuid, actor: &Actor, id: Uuid, apply: impl FnOnce(&mut RequisitionInput)) -> Result<(String, Vec<FieldChange>), AppError> {
    let mut input = input_of(&mut *conn, tenant_id, id).await?;
    apply(&mut input);
    let title = input.title.clone();
    Ok((title, update(conn, tenant_id, actor, id, &input).await?))
}

/// Soft-deletes a requisition: it leaves every list and count, restorable for a while.
pub async fn delete(conn: &mut PgConnection, tenant_id: Uuid, actor: &Actor, id: Uuid) -> Result<String, AppError> {
    let current = row(&mut *conn, tenant_id, id, true).await?;
    if !current.may_edit(actor.user_id, actor.is_admin) {
        return Err(AppError::Forbidden);
    }
    sqlx::query("update requisitions set deleted_at = now(), updated_at = now() where id = $1 and tenant_id = $2")
        .bind(id)
        .bind(tenant_id)
        .execute(&mut *conn)
        .await?;
    audit(conn, tenant_id, Some(actor), "requisition.delete", id, &[], json!({ "title": current.title })).await?;
    Ok(current.title)
}

/// Brings back a requisition deleted within the restore window.
pub async fn restore(conn: &mut PgConnection, tenant_id: Uuid, actor: &Actor, id: Uuid) -> Result<(), AppError> {
    let title: Option<String> = sqlx::query_scalar(
        "update requisitions set deleted_at = null, updated_at = now()
         where id = $1 and tenant_id = $2 and deleted_at > now() - make_interval(days => $3) returning title",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(RESTORE_DAYS as i32)
    .fetch_optional(&mut *conn)
    .await?;
    let title = title.ok_or(AppError::NotFound)?;
    audit(conn, tenant_id, Some(actor), "requisition.restore", id, &[], json!({ "title": title })).await
}

/// Requisitions deleted within the restore window, newest first.
pub async fn deleted(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, String, DateTime<Utc>)>, AppError> {
    Ok(sqlx::query_as(
        "select id, title, deleted_at from requisitions
         where tenant_id = $1 and deleted_at > now() - make_interval(days => $2) order by deleted_at desc limit 200",
    )
    .bind(tenant_id)
    .bind(RESTORE_DAYS as i32)
    .fetch_all(conn)
    .await?)
}

pub async fn history(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Vec<StatusChange>, AppError> {
    let rows: Vec<(Option<Status>, Status, String, Option<String>, DateTime<Utc>)> = sqlx::query_as(
        "select h.from_status, h.to_status, h.reason, u.display_name, h.changed_at
         from requisition_status_history h left join users u on u.id = h.changed_by
         where h.requisition_id = $1 and h.tenant_id = $2 order by h.changed_at desc, h.id desc",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(from, to, reason, by, at)| StatusChange { from, to, reason, by, at }).collect())
}

pub const TRAIL_PAGE_SIZE: i64 = 20;

/// A requisition's audit entries, newest first, one page.
pub async fn trail(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, page: i64) -> Result<(Vec<TrailEntry>, i64), AppError> {
    let total: i64 = sqlx::query_scalar("select count(*) from audit_log where tenant_id = $1 and target = $2")
        .bind(tenant_id)
        .bind(target(id))
        .fetch_one(&mut *conn)
        .await?;
    let rows: Vec<(i64, String, Option<String>, DateTime<Utc>, Value)> = sqlx::query_as(
        "select a.id, a.action, u.display_name, a.created_at, a.details
         from audit_log a left join users u on u.id = a.actor_id
         where a.tenant_id = $1 and a.target = $2 order by a.id desc limit $3 offset $4",
    )
    .bind(tenant_id)
    .bind(target(id))
    .bind(TRAIL_PAGE_SIZE)
    .bind((page - 1) * TRAIL_PAGE_SIZE)
    .fetch_all(conn)
    .await?;
    let text = |details: &Value, key: &str| details.get(key).and_then(Value::as_str).map(str::to_owned);
    let entries = rows
        .into_iter()
        .map(|(id, action, actor, at, details)| TrailEntry {
            id,
            action,
            actor,
            at,
            changes: details.get("changes").cloned().and_then(|c| serde_json::from_value(c).ok()).unwrap_or_default(),
            ip: text(&details, "ip"),
            user_agent: text(&details, "user_agent"),
        })
        .collect();
    Ok((entries, (total.max(1) + TRAIL_PAGE_SIZE - 1) / TRAIL_PAGE_SIZE))
}

/// For the assessment form: the tenant's requisitions by title.
pub async fn choices(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(sqlx::query_as(
        "select id, title from requisitions where tenant_id = $1 and deleted_at is null and status <> 'archived' order by lower(title), id",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?)
}
