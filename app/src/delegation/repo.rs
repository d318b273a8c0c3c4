//! The delegation service's tables. Clients and employees work in their own scope (`Scope::User`:
//! the database shows them their rows only); admins and the background work in the platform scope.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::distribution::{self, Candidate};
use super::types::*;
use crate::platform::error::on_constraint;
use crate::platform::{AppError, Role};

/// Who `user_id`, signed in as `role`, is to the service; none if nobody it knows (a seeker who
/// is not an active client, a retired employee).
pub async fn actor(conn: &mut PgConnection, user_id: Uuid, role: Role) -> Result<Option<Actor>, AppError> {
    Ok(match role {
        Role::Superadmin => Some(Actor::Superadmin),
        Role::DelegationAdmin => sqlx::query_scalar("select level from delegation_admins where user_id = $1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?
            .map(Actor::Admin),
        Role::DelegationEmployee => sqlx::query_scalar::<_, bool>("select true from delegation_employees where user_id = $1 and retired_at is null")
            .bind(user_id)
            .fetch_optional(conn)
            .await?
            .map(|_| Actor::Employee),
        Role::Seeker => (client_status(conn, user_id).await? == Some(ClientStatus::Active)).then_some(Actor::Client),
        _ => None,
    })
}

/// The service's role for signing in, if `user_id` works for it.
pub async fn staff_role(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<Role>, AppError> {
    let (admin, employee): (bool, bool) = sqlx::query_as(
        "select exists (select 1 from delegation_admins where user_id = $1),
                exists (select 1 from delegation_employees where user_id = $1 and retired_at is null)",
    )
    .bind(user_id)
    .fetch_one(conn)
    .await?;
    Ok(if admin {
        Some(Role::DelegationAdmin)
    } else if employee {
        Some(Role::DelegationEmployee)
    } else {
        None
    })
}

pub async fn touch_employee(conn: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
    sqlx::query("update delegation_employees set last_active_at = now() where user_id = $1 and (last_active_at is null or last_active_at < now() - interval '1 minute')")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn client_status(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<ClientStatus>, AppError> {
    Ok(sqlx::query_scalar("select status from delegation_clients where user_id = $1").bind(user_id).fetch_optional(conn).await?)
}

/// A seeker asks to become a client (nothing if they already did).
pub async fn request_membership(conn: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
    sqlx::query("insert into delegation_clients (user_id) values ($1) on conflict do nothing").bind(user_id).execute(conn).await?;
    Ok(())
}

pub async fn settings(conn: &mut PgConnection) -> Result<(i32, i32), AppError> {
    Ok(sqlx::query_as("select reassign_hours_before_deadline, default_daily_cap from delegation_settings").fetch_one(conn).await?)
}

pub async fn save_settings(conn: &mut PgConnection, reassign_hours: i32, default_cap: i32) -> Result<(), AppError> {
    sqlx::query("update delegation_settings set reassign_hours_before_deadline = $1, default_daily_cap = $2, updated_at = now()")
        .bind(reassign_hours)
        .bind(default_cap)
        .execute(conn)
        .await?;
    Ok(())
}

// Résumé variants.

pub async fn resume_types(conn: &mut PgConnection, client_id: Uuid) -> Result<Vec<ResumeType>, AppError> {
    Ok(sqlx::query_as(
        "select r.id, r.name, r.file_name, r.file_size, r.uploaded_at, (select count(*) from delegations d where d.resume_type_id = r.id) as used
         from delegation_resume_types r where r.client_id = $1 order by lower(r.name)",
    )
    .bind(client_id)
    .fetch_all(conn)
    .await?)
}

pub struct StoredResume<'a> {
    pub name: &'a str,
    pub storage_key: &'a str,
    pub file_name: &'a str,
    pub file_size: i32,
}

pub async fn add_resume_type(conn: &mut PgConnection, client_id: Uuid, resume: &StoredResume<'_>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query("insert into delegation_resume_types (id, client_id, name, storage_key, file_name, file_size) values ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(client_id)
        .bind(resume.name)
        .bind(resume.storage_key)
        .bind(resume.file_name)
        .bind(resume.file_size)
        .execute(conn)
        .await
        .map_err(on_constraint("delegation_resume_types_name_key", || AppError::conflict("name", "You already have a résumé of that name.")))?;
    Ok(id)
}

/// Removes a variant no delegation names; returns its stored file's key.
pub async fn remove_resume_type(conn: &mut PgConnection, client_id: Uuid, id: Uuid) -> Result<String, AppError> {
    let used: bool = sqlx::query_scalar("select exists (select 1 from delegations where resume_type_id = $1)").bind(id).fetch_one(&mut *conn).await?;
    if used {
        return Err(AppError::conflict("resume_type", "Delegations use this résumé: it stays while they do."));
    }
    sqlx::query_scalar("delete from delegation_resume_types where id = $1 and client_id = $2 returning storage_key")
        .bind(id)
        .bind(client_id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// A variant's file, if the transaction's person may see it: (key, file name).
pub async fn resume_file(conn: &mut PgConnection, id: Uuid) -> Result<(String, String), AppError> {
    sqlx::query_as("select storage_key, file_name from delegation_resume_types where id = $1").bind(id).fetch_optional(conn).await?.ok_or(AppError::NotFound)
}

// Delegations.

const ITEM: &str = "select d.id, d.client_id, cu.display_name as client_name, d.employee_id, eu.display_name as employee_name,
        d.job_url, d.company, d.title, r.name as resume_type, d.status, d.priority, d.deadline, d.delegated_at, d.completed_at,
        (select c.review from delegation_completions c where c.delegation_id = d.id and c.review <> 'rejected') as review
    from delegations d
    join users cu on cu.id = d.client_id
    join delegation_resume_types r on r.id = d.resume_type_id
    left join users eu on eu.id = d.employee_id";

const PRIORITY_ORDER: &str = "array_position(array['urgent', 'high', 'normal', 'low'], d.priority)";

/// Records a client's delegation and gives it to one of their employees. Returns its id and
/// whom it went to (none when nobody has room today: it waits, and the queue tries again).
pub async fn create(conn: &mut PgConnection, client_id: Uuid, new: &NewDelegation, now: DateTime<Utc>) -> Result<(Uuid, Option<Uuid>), AppError> {
    // One client's delegations are shared out one at a time, so that the turns stay fair.
    let rule: DistributionRule = sqlx::query_scalar("select distribution from delegation_clients where user_id = $1 and status = 'active' for update")
        .bind(client_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::Forbidden)?;
    let resume_is_theirs: bool = sqlx::query_scalar("select exists (select 1 from delegation_resume_types where id = $1 and client_id = $2)")
        .bind(new.resume_type_id)
        .bind(client_id)
        .fetch_one(&mut *conn)
        .await?;
    if !resume_is_theirs {
        return Err(AppError::invalid("resume_type_id", "Choose one of your résumés."));
    }
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into delegations (id, client_id, resume_type_id, job_url, company, title, priority, deadline, delegated_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(id)
    .bind(client_id)
    .bind(new.resume_type_id)
    .bind(&new.job_url)
    .bind(&new.company)
    .bind(&new.title)
    .bind(new.priority)
    .bind(new.deadline)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(on_constraint("delegations_valid_deadline", || AppError::invalid("deadline", "The deadline must be after now.")))?;
    event(conn, id, Some(client_id), EventKind::Created, None, None, now).await?;
    let employee = give(conn, id, client_id, rule, None, None, now).await?;
    if employee.is_none() {
        event(conn, id, None, EventKind::Unassigned, None, Some("No employee has room today; it will be given as soon as one has."), now).await?;
    }
    Ok((id, employee))
}

/// Gives the delegation to an eligible employee of its client other than `not`, by `rule`;
/// leaves it where it is when nobody has room. Returns who has it now.
async fn give(conn: &mut PgConnection, id: Uuid, client_id: Uuid, rule: DistributionRule, not: Option<Uuid>, actor: Option<Uuid>, now: DateTime<Utc>) -> Result<Option<Uuid>, AppError> {
    let candidates: Vec<Candidate> = sqlx::query_as("select * from delegation_candidates($1, $2)")
        .bind(client_id)
        .bind(now.date_naive())
        .fetch_all(&mut *conn)
        .await?;
    let Some(employee_id) = distribution::choose(distribution::rule(rule), &candidates, not) else {
        return Ok(not);
    };
    sqlx::query("update delegations set employee_id = $2, assigned_at = $3, updated_at = $3 where id = $1").bind(id).bind(employee_id).bind(now).execute(&mut *conn).await?;
    let kind = if not.is_some() { EventKind::Reassigned } else { EventKind::Assigned };
    event(conn, id, actor, kind, Some(employee_id), None, now).await?;
    Ok(Some(employee_id))
}

async fn event(conn: &mut PgConnection, delegation_id: Uuid, actor: Option<Uuid>, kind: EventKind, employee_id: Option<Uuid>, note: Option<&str>, at: DateTime<Utc>) -> Result<(), AppError> {
    sqlx::query("insert into delegation_events (id, delegation_id, at, actor_id, kind, employee_id, note) values ($1, $2, $3, $4, $5, $6, $7)")
        .bind(Uuid::now_v7())
        .bind(delegation_id)
        .bind(at)
        .bind(actor)
        .bind(kind)
        .bind(employee_id)
        .bind(note)
        .execute(conn)
        .await?;
    Ok(())
}

/// What lists filter by: a status, the client or employee (else whatever the scope shows).
#[derive(Debug, Default, Clone, Copy)]
pub struct Filter {
    pub status: Option<DelegationStatus>,
    pub client_id: Option<Uuid>,
    pub employee_id: Option<Uuid>,
}

/// Newest first, `limit` of them after `before` (the last one's delegation time, for paging).
/// The page's ids are chosen first, from the delegations alone: the names, the résumé and the
/// review are then read for those rows only.
pub async fn list(conn: &mut PgConnection, filter: Filter, before: Option<DateTime<Utc>>, limit: i64) -> Result<Vec<DelegationItem>, AppError> {
    Ok(sqlx::query_as(&format!(
        "with page as materialized (
            select d.id from delegations d
            where ($1::text is null or d.status = $1) and ($2::uuid is null or d.client_id = $2) and ($3::uuid is null or d.employee_id = $3)
              and ($4::timestamptz is null or d.delegated_at < $4)
            order by d.delegated_at desc limit $5)
         {ITEM} where d.id in (select id from page) order by d.delegated_at desc"
    ))
    .bind(filter.status)
    .bind(filter.client_id)
    .bind(filter.employee_id)
    .bind(before)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

pub async fn item(conn: &mut PgConnection, id: Uuid) -> Result<DelegationItem, AppError> {
    sqlx::query_as(&format!("{ITEM} where d.id = $1")).bind(id).fetch_optional(conn).await?.ok_or(AppError::NotFound)
}

pub async fn detail(conn: &mut PgConnection, id: Uuid) -> Result<DelegationDetail, AppError> {
    let item = item(&mut *conn, id).await?;
    let reason: Option<String> = sqlx::query_scalar("select reason from delegations where id = $1").bind(id).fetch_one(&mut *conn).await?;
    let events = sqlx::query_as(
        "select e.at, e.kind, a.display_name as actor_name, w.display_name as employee_name, e.note
         from delegation_events e left join users a on a.id = e.actor_id left join users w on w.id = e.employee_id
         where e.delegation_id = $1 order by e.at, e.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let proofs = sqlx::query_as(
        "select c.id, u.display_name as completed_by_name, c.notes, c.review, c.review_reason, c.completed_at, c.reviewed_at
         from delegation_completions c left join users u on u.id = c.completed_by where c.delegation_id = $1 order by c.completed_at desc",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    Ok(DelegationDetail { item, reason, events, proofs })
}

/// The status of a delegation the transaction's person may see, locked for a change.
async fn lock(conn: &mut PgConnection, id: Uuid) -> Result<(Uuid, Option<Uuid>, DelegationStatus), AppError> {
    sqlx::query_as("select client_id, employee_id, status from delegations where id = $1 for update").bind(id).fetch_optional(conn).await?.ok_or(AppError::NotFound)
}

fn refused(status: DelegationStatus) -> AppError {
    AppError::Conflict { field: None, message: format!("This delegation is {}: that cannot be done now.", status.label().to_lowercase()) }
}

/// The employee begins work on it.
pub async fn start(conn: &mut PgConnection, id: Uuid, employee_id: Uuid, now: DateTime<Utc>) -> Result<(), AppError> {
    let (_, holder, status) = lock(conn, id).await?;
    if holder != Some(employee_id) {
        return Err(AppError::NotFound);
    }
    if status != DelegationStatus::Pending {
        return Err(refused(status));
    }
    sqlx::query("update delegations set status = 'in_progress', started_at = $2, updated_at = $2 where id = $1").bind(id).bind(now).execute(&mut *conn).await?;
    event(conn, id, Some(employee_id), EventKind::Started, Some(employee_id), None, now).await
}

pub struct NewProof<'a> {
    pub screenshot_key: &'a str,
    pub screenshot_type: &'a str,
    pub screenshot_size: i32,
    pub notes: &'a str,
}

/// The employee says it is sent, with proof; the client reviews it.
pub async fn complete(conn: &mut PgConnection, id: Uuid, employee_id: Uuid, proof: &NewProof<'_>, now: DateTime<Utc>) -> Result<Uuid, AppError> {
    let (_, holder, status) = lock(conn, id).await?;
    if holder != Some(employee_id) {
        return Err(AppError::NotFound);
    }
    if !status.is_open() {
        return Err(refused(status));
    }
    let proof_id = Uuid::now_v7();
    sqlx::query(
        "insert into delegation_completions (id, delegation_id, completed_by, screenshot_key, screenshot_type, screenshot_size, notes, completed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(proof_id)
    .bind(id)
    .bind(employee_id)
    .bind(proof.screenshot_key)
    .bind(proof.screenshot_type)
    .bind(proof.screenshot_size)
    .bind(proof.notes)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query("update delegations set status = 'completed', completed_at = $2, started_at = coalesce(started_at, $2), updated_at = $2 where id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    event(conn, id, Some(employee_id), EventKind::Completed, Some(employee_id), None, now).await?;
    Ok(proof_id)
}

/// The employee could not send it (the posting closed, the site refused): it ends, with why.
pub async fn fail(conn: &mut PgConnection, id: Uuid, employee_id: Uuid, reason: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let (_, holder, status) = lock(conn, id).await?;
    if holder != Some(employee_id) {
        return Err(AppError::NotFound);
    }
    if !status.is_open() {
        return Err(refused(status));
    }
    sqlx::query("update delegations set status = 'failed', reason = $2, updated_at = $3 where id = $1").bind(id).bind(reason).bind(now).execute(&mut *conn).await?;
    event(conn, id, Some(employee_id), EventKind::Failed, Some(employee_id), Some(reason), now).await
}

/// The client (or an admin) withdraws it while it is open.
pub async fn cancel(conn: &mut PgConnection, id: Uuid, actor: Uuid, client_id: Option<Uuid>, reason: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let (owner, _, status) = lock(conn, id).await?;
    if client_id.is_some_and(|client| client != owner) {
        return Err(AppError::NotFound);
    }
    if !status.is_open() {
        return Err(refused(status));
    }
    let reason = (!reason.is_empty()).then_some(reason);
    sqlx::query("update delegations set status = 'cancelled', reason = $2, updated_at = $3 where id = $1").bind(id).bind(reason).bind(now).execute(&mut *conn).await?;
    event(conn, id, Some(actor), EventKind::Cancelled, None, reason, now).await
}

/// The client accepts the waiting proof, or rejects it with a reason: the delegation goes back
/// to its employee, in progress.
pub async fn review(conn: &mut PgConnection, id: Uuid, client_id: Uuid, rejection: Option<&str>, now: DateTime<Utc>) -> Result<(), AppError> {
    let (owner, holder, status) = lock(conn, id).await?;
    if owner != client_id {
        return Err(AppError::NotFound);
    }
    let waiting: Option<Uuid> = sqlx::query_scalar("select id from delegation_completions where delegation_id = $1 and review = 'waiting'").bind(id).fetch_optional(&mut *conn).await?;
    let (Some(proof), DelegationStatus::Completed) = (waiting, status) else {
        return Err(AppError::Conflict { field: None, message: "No proof of this delegation is waiting for your review.".into() });
    };
    match rejection {
        None => {
            sqlx::query("update delegation_completions set review = 'accepted', reviewed_at = $2 where id = $1").bind(proof).bind(now).execute(&mut *conn).await?;
            event(conn, id, Some(client_id), EventKind::Accepted, None, None, now).await
        }
        Some(reason) => {
            sqlx::query("update delegation_completions set review = 'rejected', review_reason = $2, reviewed_at = $3 where id = $1").bind(proof).bind(reason).bind(now).execute(&mut *conn).await?;
            sqlx::query("update delegations set status = 'in_progress', completed_at = null, updated_at = $2 where id = $1").bind(id).bind(now).execute(&mut *conn).await?;
            event(conn, id, Some(client_id), EventKind::Rejected, holder, Some(reason), now).await
        }
    }
}

/// A proof's screenshot, if the transaction's person may see its delegation: (key, type).
pub async fn screenshot(conn: &mut PgConnection, proof_id: Uuid) -> Result<(String, String), AppError> {
    sqlx::query_as("select screenshot_key, screenshot_type from delegation_completions where id = $1").bind(proof_id).fetch_optional(conn).await?.ok_or(AppError::NotFound)
}

// The dashboards.

pub async fn status_counts(conn: &mut PgConnection, filter: Filter) -> Result<StatusCounts, AppError> {
    let rows: Vec<(DelegationStatus, i64)> = sqlx::query_as(
        "select status, count(*) from delegations d where ($1::uuid is null or d.client_id = $1) and ($2::uuid is null or d.employee_id = $2) group by status",
    )
    .bind(filter.client_id)
    .bind(filter.employee_id)
    .fetch_all(conn)
    .await?;
    let mut counts = StatusCounts::default();
    for (status, n) in rows {
        *match status {
            DelegationStatus::Pending => &mut counts.pending,
            DelegationStatus::InProgress => &mut counts.in_progress,
            DelegationStatus::Completed => &mut counts.completed,
            DelegationStatus::Failed => &mut counts.failed,
            DelegationStatus::Cancelled => &mut counts.cancelled,
        } = n;
    }
    Ok(counts)
}

/// Completed, failed and overdue among the delegations due or ended since `since`.
async fn completion_counts(conn: &mut PgConnection, filter: Filter, since: DateTime<Utc>, now: DateTime<Utc>) -> Result<(i64, i64, i64), AppError> {
    Ok(sqlx::query_as(
        "select count(*) filter (where status = 'completed' and completed_at >= $3),
                count(*) filter (where status = 'failed' and updated_at >= $3),
                count(*) filter (where status in ('pending', 'in_progress') and deadline < $4 and deadline >= $3)
         from delegations d
         where ($1::uuid is null or d.client_id = $1) and ($2::uuid is null or d.employee_id = $2)
           and (d.updated_at >= $3 or d.deadline >= $3)",
    )
    .bind(filter.client_id)
    .bind(filter.employee_id)
    .bind(since)
    .bind(now)
    .fetch_one(conn)
    .await?)
}

/// Completion rate over delegations due or ended since `since` (see `types::completion_rate`).
pub async fn completion_rate(conn: &mut PgConnection, filter: Filter, since: DateTime<Utc>, now: DateTime<Utc>) -> Result<Option<f64>, AppError> {
    let (completed, failed, overdue) = completion_counts(conn, filter, since, now).await?;
    Ok(super::types::completion_rate(completed, failed, overdue))
}

/// The whole service's rate over the last 7 days, for the platform's alerts: none below
/// `min_due` delegations (in a platform-scope transaction of its own).
pub async fn service_completion_rate(pool: &sqlx::PgPool, now: DateTime<Utc>, min_due: i64) -> Result<Option<f64>, AppError> {
    let mut tx = crate::platform::db::Db::begin(pool, &crate::platform::db::Scope::Platform).await?;
    let (completed, failed, overdue) = completion_counts(&mut tx, Filter::default(), now - chrono::Duration::days(7), now).await?;
    tx.commit().await?;
    Ok((completed + failed + overdue >= min_due).then(|| super::types::completion_rate(completed, failed, overdue)).flatten())
}

pub async fn to_review(conn: &mut PgConnection, client_id: Uuid) -> Result<Vec<DelegationItem>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{ITEM} where d.client_id = $1 and d.status = 'completed'
           and exists (select 1 from delegation_completions c where c.delegation_id = d.id and c.review = 'waiting')
         order by d.completed_at limit 50"
    ))
    .bind(client_id)
    .fetch_all(conn)
    .await?)
}

/// The employee's open delegations: most urgent first, then the nearest deadline.
pub async fn queue(conn: &mut PgConnection, employee_id: Uuid, limit: i64) -> Result<Vec<DelegationItem>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{ITEM} where d.employee_id = $1 and d.status in ('pending', 'in_progress') order by {PRIORITY_ORDER}, d.deadline limit $2"
    ))
    .bind(employee_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

pub async fn employee_day(conn: &mut PgConnection, employee_id: Uuid, day: NaiveDate) -> Result<(bool, i32, i32, i64, i64), AppError> {
    Ok(sqlx::query_as(
        "select e.is_available, e.daily_cap,
                coalesce((select given from delegation_employee_days g where g.employee_id = e.user_id and g.day = $2), 0),
                (select count(*) from delegations d where d.employee_id = e.user_id and d.status = 'completed' and d.completed_at >= $2::date and d.completed_at < $2::date + 1),
                (select count(*) from delegations d where d.employee_id = e.user_id and d.status = 'in_progress'
                    and exists (select 1 from delegation_completions c where c.delegation_id = d.id and c.review = 'rejected'))
         from delegation_employees e where e.user_id = $1",
    )
    .bind(employee_id)
    .bind(day)
    .fetch_one(conn)
    .await?)
}

/// The names of the people on the other side of one's active assignments.
pub async fn assigned_names(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select u.display_name from delegation_assignments a join users u on u.id = case when a.client_id = $1 then a.employee_id else a.client_id end
         where a.is_active and (a.client_id = $1 or a.employee_id = $1) order by u.display_name",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?)
}

/// Whether an employee works for the client now (to read their résumés).
pub async fn works_for(conn: &mut PgConnection, employee_id: Uuid, client_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from delegation_assignments where employee_id = $1 and client_id = $2 and is_active)")
        .bind(employee_id)
        .bind(client_id)
        .fetch_one(conn)
        .await?)
}

// Administration (platform scope).

pub async fn clients(conn: &mut PgConnection) -> Result<Vec<ClientRow>, AppError> {
    Ok(sqlx::query_as(
        "select c.user_id, u.display_name as name, u.email, c.status, c.payment_status, c.distribution, c.requested_at, c.activated_at,
                (select count(*) from delegations d where d.client_id = c.user_id and d.status in ('pending', 'in_progress')) as open,
                array(select eu.display_name from delegation_assignments a join users eu on eu.id = a.employee_id
                      where a.client_id = c.user_id and a.is_active order by eu.display_name) as employees
         from delegation_clients c join users u on u.id = c.user_id
         order by c.status = 'requested' desc, u.display_name limit 500",
    )
    .fetch_all(conn)
    .await?)
}

pub struct ClientChange {
    pub status: ClientStatus,
    pub payment_status: PaymentStatus,
    pub distribution: DistributionRule,
}

/// Sets a client's account; activating stamps who and when (once).
pub async fn update_client(conn: &mut PgConnection, client_id: Uuid, change: &ClientChange, actor: Uuid) -> Result<ClientStatus, AppError> {
    sqlx::query_scalar(
        "update delegation_clients new set status = $2, payment_status = $3, distribution = $4,
                activated_at = case when $2 = 'requested' then null else coalesce(new.activated_at, now()) end,
                activated_by = case when $2 = 'requested' then null when new.activated_at is null then $5 else new.activated_by end
         from delegation_clients old where new.user_id = $1 and old.user_id = new.user_id
         returning old.status",
    )
    .bind(client_id)
    .bind(change.status)
    .bind(change.payment_status)
    .bind(change.distribution)
    .bind(actor)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

pub async fn employees(conn: &mut PgConnection, day: NaiveDate, now: DateTime<Utc>) -> Result<Vec<EmployeeRow>, AppError> {
    Ok(sqlx::query_as(
        "select e.user_id, u.display_name as name, u.email, e.is_available, e.daily_cap, e.last_active_at, e.retired_at is not null as retired,
                (select count(*) from delegations d where d.employee_id = e.user_id and d.status in ('pending', 'in_progress')) as open,
                (select count(*) from delegations d where d.employee_id = e.user_id and d.status in ('pending', 'in_progress') and d.deadline < $2) as overdue,
                coalesce((select given from delegation_employee_days g where g.employee_id = e.user_id and g.day = $1), 0) as given_today
         from delegation_employees e join users u on u.id = e.user_id
         order by e.retired_at is not null, u.display_name limit 500",
    )
    .bind(day)
    .bind(now)
    .fetch_all(conn)
    .await?)
}

/// A new employee's account (no password yet: they set it from the link mailed to them).
pub async fn add_employee(conn: &mut PgConnection, email: &str, name: &str, daily_cap: i32, actor: Uuid) -> Result<Uuid, AppError> {
    let id = add_user(&mut *conn, email, name).await?;
    sqlx::query("insert into delegation_employees (user_id, created_by, daily_cap) values ($1, $2, $3)").bind(id).bind(actor).bind(daily_cap).execute(conn).await?;
    Ok(id)
}

pub async fn update_employee(conn: &mut PgConnection, employee_id: Uuid, is_available: bool, daily_cap: i32, retired: bool) -> Result<(), AppError> {
    let done = sqlx::query(
        "update delegation_employees set is_available = $2, daily_cap = $3,
                retired_at = case when $4 then coalesce(retired_at, now()) else null end
         where user_id = $1",
    )
    .bind(employee_id)
    .bind(is_available)
    .bind(daily_cap)
    .bind(retired)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    if retired {
        sqlx::query("update delegation_assignments set is_active = false, ended_at = now() where employee_id = $1 and is_active").bind(employee_id).execute(conn).await?;
    }
    Ok(())
}

pub async fn assignments(conn: &mut PgConnection) -> Result<Vec<AssignmentRow>, AppError> {
    Ok(sqlx::query_as(
        "select a.id, a.client_id, cu.display_name as client_name, a.employee_id, eu.display_name as employee_name, a.assigned_at,
                bu.display_name as assigned_by_name, a.is_active, a.ended_at
         from delegation_assignments a join users cu on cu.id = a.client_id join users eu on eu.id = a.employee_id
         left join users bu on bu.id = a.assigned_by
         order by a.is_active desc, a.assigned_at desc limit 500",
    )
    .fetch_all(conn)
    .await?)
}

/// Assigns an employee to a client; the pair has one active assignment at most.
pub async fn assign(conn: &mut PgConnection, client_id: Uuid, employee_id: Uuid, actor: Uuid) -> Result<Uuid, AppError> {
    let usable: (bool, bool) = sqlx::query_as(
        "select exists (select 1 from delegation_clients where user_id = $1), exists (select 1 from delegation_employees where user_id = $2 and retired_at is null)",
    )
    .bind(client_id)
    .bind(employee_id)
    .fetch_one(&mut *conn)
    .await?;
    match usable {
        (false, _) => return Err(AppError::invalid("client_id", "Choose one of the clients.")),
        (_, false) => return Err(AppError::invalid("employee_id", "Choose one of the employees.")),
        _ => {}
    }
    let id = Uuid::now_v7();
    sqlx::query("insert into delegation_assignments (id, client_id, employee_id, assigned_by) values ($1, $2, $3, $4)")
        .bind(id)
        .bind(client_id)
        .bind(employee_id)
        .bind(actor)
        .execute(conn)
        .await
        .map_err(on_constraint("delegation_assignments_active_key", || AppError::conflict("employee_id", "This employee already works for this client.")))?;
    Ok(id)
}

/// Ends an active assignment (kept as history); returns the pair.
pub async fn end_assignment(conn: &mut PgConnection, id: Uuid, actor: Uuid) -> Result<(Uuid, Uuid), AppError> {
    sqlx::query_as("update delegation_assignments set is_active = false, ended_at = now(), ended_by = $2 where id = $1 and is_active returning client_id, employee_id")
        .bind(id)
        .bind(actor)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Gives a delegation to another of its client's employees (an admin's choice, or the rule's).
pub async fn reassign(conn: &mut PgConnection, id: Uuid, actor: Option<Uuid>, now: DateTime<Utc>) -> Result<Option<Uuid>, AppError> {
    let (client_id, holder, status) = lock(conn, id).await?;
    if status != DelegationStatus::Pending && status != DelegationStatus::InProgress {
        return Err(refused(status));
    }
    let rule: DistributionRule = sqlx::query_scalar("select distribution from delegation_clients where user_id = $1").bind(client_id).fetch_one(&mut *conn).await?;
    let given = give(conn, id, client_id, rule, holder, actor, now).await?;
    if given != holder && status == DelegationStatus::InProgress {
        sqlx::query("update delegations set status = 'pending', started_at = null where id = $1").bind(id).execute(conn).await?;
    }
    Ok(given)
}

/// The open delegations that should go to someone else now: waiting for an employee, held by
/// one who is unavailable, retired or no longer assigned, or still pending with its deadline
/// within `hours` and given more than an hour ago.
pub async fn to_redistribute(conn: &mut PgConnection, hours: i32, now: DateTime<Utc>, limit: i64) -> Result<Vec<Uuid>, AppError> {
    Ok(sqlx::query_scalar(
        "select d.id from delegations d
         left join delegation_employees e on e.user_id = d.employee_id
         where d.status in ('pending', 'in_progress') and (
               d.employee_id is null
            or (d.status = 'pending' and (not e.is_available or e.retired_at is not null
                or not exists (select 1 from delegation_assignments a where a.client_id = d.client_id and a.employee_id = d.employee_id and a.is_active)))
            or (d.status = 'pending' and d.deadline < $1 + make_interval(hours => $2) and d.deadline > $1 and d.assigned_at < $1 - interval '1 hour'))
         order by d.deadline limit $3",
    )
    .bind(now)
    .bind(hours)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Writes the figures of `day` (UTC) per client and employee, replacing what was there.
pub async fn roll_up_day(conn: &mut PgConnection, day: NaiveDate, now: DateTime<Utc>) -> Result<u64, AppError> {
    sqlx::query("delete from delegation_daily where day = $1").bind(day).execute(&mut *conn).await?;
    let done = sqlx::query(
        "with bounds as (select $1::date::timestamptz as starts, least($1::date::timestamptz + interval '1 day', $2) as ends),
         happened as (
            select e.delegation_id, e.kind from delegation_events e, bounds b where e.at >= b.starts and e.at < b.ends
              and e.kind in ('created', 'completed', 'failed', 'cancelled', 'accepted', 'rejected'))
         insert into delegation_daily (day, client_id, employee_id, delegated, completed, failed, cancelled, accepted, rejected, overdue)
         select $1, d.client_id, d.employee_id,
                count(*) filter (where h.kind = 'created'),
                count(*) filter (where h.kind = 'completed'),
                count(*) filter (where h.kind = 'failed'),
                count(*) filter (where h.kind = 'cancelled'),
                count(*) filter (where h.kind = 'accepted'),
                count(*) filter (where h.kind = 'rejected'),
                count(*) filter (where h.kind = 'overdue')
         from (select delegation_id, kind from happened
               union all
               select d.id, 'overdue' from delegations d, bounds b
               where d.status in ('pending', 'in_progress') and d.deadline >= b.starts and d.deadline < b.ends) h
         join delegations d on d.id = h.delegation_id
         group by d.client_id, d.employee_id",
    )
    .bind(day)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Figures per employee (or per client) over `days` days to `today`, from the daily rollup.
pub async fn figures(conn: &mut PgConnection, per_employee: bool, since: NaiveDate) -> Result<Vec<Figures>, AppError> {
    let who = if per_employee { "employee_id" } else { "client_id" };
    Ok(sqlx::query_as(&format!(
        "select f.{who} as id, u.display_name as name, sum(delegated)::bigint as delegated, sum(completed)::bigint as completed,
                sum(failed)::bigint as failed, sum(accepted)::bigint as accepted, sum(rejected)::bigint as rejected, sum(overdue)::bigint as overdue
         from delegation_daily f join users u on u.id = f.{who}
         where f.day >= $1 group by f.{who}, u.display_name order by u.display_name"
    ))
    .bind(since)
    .fetch_all(conn)
    .await?)
}

pub async fn days(conn: &mut PgConnection, since: NaiveDate) -> Result<Vec<DayFigures>, AppError> {
    Ok(sqlx::query_as(
        "select day, sum(delegated)::bigint as delegated, sum(completed)::bigint as completed, sum(failed)::bigint as failed, sum(overdue)::bigint as overdue
         from delegation_daily where day >= $1 group by day order by day",
    )
    .bind(since)
    .fetch_all(conn)
    .await?)
}

pub async fn waiting_counts(conn: &mut PgConnection) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "select (select count(*) from delegation_clients where status = 'requested'),
                (select count(*) from delegations where employee_id is null and status = 'pending')",
    )
    .fetch_one(conn)
    .await?)
}

pub async fn overdue(conn: &mut PgConnection, now: DateTime<Utc>, limit: i64) -> Result<Vec<DelegationItem>, AppError> {
    Ok(sqlx::query_as(&format!("{ITEM} where d.status in ('pending', 'in_progress') and d.deadline < $1 order by d.deadline limit $2"))
        .bind(now)
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

pub async fn resume_type_of(conn: &mut PgConnection, delegation_id: Uuid) -> Result<Uuid, AppError> {
    Ok(sqlx::query_scalar("select resume_type_id from delegations where id = $1").bind(delegation_id).fetch_one(conn).await?)
}

pub async fn set_availability(conn: &mut PgConnection, employee_id: Uuid, available: bool) -> Result<(), AppError> {
    sqlx::query("update delegation_employees set is_available = $2 where user_id = $1").bind(employee_id).bind(available).execute(conn).await?;
    Ok(())
}

pub async fn admins(conn: &mut PgConnection) -> Result<Vec<AdminRow>, AppError> {
    Ok(sqlx::query_as(
        "select a.user_id, u.display_name as name, u.email, a.level, a.created_at from delegation_admins a join users u on u.id = a.user_id order by u.display_name",
    )
    .fetch_all(conn)
    .await?)
}

/// A new account for someone who works for the service (no password yet).
pub async fn add_user(conn: &mut PgConnection, email: &str, name: &str) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query("insert into users (id, email, display_name) values ($1, $2, $3)")
        .bind(id)
        .bind(email)
        .bind(name)
        .execute(conn)
        .await
        .map_err(on_constraint("users_email_key", || AppError::conflict("email", "Someone already has an account with this address.")))?;
    Ok(id)
}

pub async fn add_admin(conn: &mut PgConnection, user_id: Uuid, level: AdminLevel, actor: Uuid) -> Result<(), AppError> {
    sqlx::query("insert into delegation_admins (user_id, level, created_by) values ($1, $2, $3)").bind(user_id).bind(level).bind(actor).execute(conn).await?;
    Ok(())
}

pub async fn email_of(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar("select email from users where id = $1").bind(user_id).fetch_optional(conn).await?)
}
