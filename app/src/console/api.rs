use leptos::prelude::*;
use uuid::Uuid;

use super::types::{OutboxMail, TenantSummary};
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::types::PLANS,
    crate::identity::invitations::send_invitation,
    crate::platform::{
        audit,
        context::{platform, read_pool, remember_write},
        db::{Db, Scope},
        error::on_constraint,
        session, validate, Role,
    },
    serde_json::json,
};

#[server]
pub async fn list_tenants() -> Result<Vec<TenantSummary>, AppError> {
    let platform = platform()?;
    session::require_role(&platform, &[Role::Superadmin]).await?;
    let mut tx = Db::begin(read_pool(&platform).await, &Scope::Platform).await?;
    let rows: Vec<(Uuid, String, String, String, String, i64, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
        "select t.id, t.name, t.slug, t.status, t.plan, count(m.id), t.created_at
         from tenants t left join memberships m on m.tenant_id = t.id
         group by t.id order by lower(t.name)",
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, slug, status, plan, members, created_at)| TenantSummary { id, name, slug, status, plan, members, created_at })
        .collect())
}

/// Creates a tenant and invites its first admin.
#[server]
pub async fn create_tenant(name: String, slug: String, plan: String, admin_email: String) -> Result<String, AppError> {
    let platform = platform()?;
    let user = session::require_role(&platform, &[Role::Superadmin]).await?;
    let name = validate::name("name", "organization name", &name)?;
    let slug = validate::slug("slug", &slug)?;
    if !PLANS.contains(&plan.as_str()) {
        return Err(AppError::invalid("plan", "Choose one of the plans in the list."));
    }
    let admin_email = validate::email("admin_email", &admin_email)?;
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let tenant_id = Uuid::now_v7();
    sqlx::query("insert into tenants (id, name, slug, plan) values ($1, $2, $3, $4)")
        .bind(tenant_id)
        .bind(&name)
        .bind(&slug)
        .bind(&plan)
        .execute(&mut *tx)
        .await
        .map_err(on_constraint("tenants_slug_key", || AppError::conflict("slug", "Another organization already uses this address.")))?;
    audit::record(&mut tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(user.user_id),
        action: "tenant.create",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "name": name, "slug": slug, "plan": plan }),
    })
    .await?;
    send_invitation(&platform, &mut tx, tenant_id, &admin_email, Role::TenantAdmin, Some(user.user_id)).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(format!("{name} created; its first admin, {admin_email}, has been invited."))
}

/// Suspends a tenant (its people can no longer sign in) or makes it active again.
#[server]
pub async fn set_tenant_status(tenant_id: Uuid, status: String) -> Result<(), AppError> {
    let platform = platform()?;
    let user = session::require_role(&platform, &[Role::Superadmin]).await?;
    if status != "active" && status != "suspended" {
        return Err(AppError::invalid("status", "The status is active or suspended."));
    }
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let changed = sqlx::query("update tenants set status = $1 where id = $2 and status <> $1")
        .bind(&status)
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(user.user_id),
        action: "tenant.set_status",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "status": status }),
    })
    .await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}

/// The newest mail kept by the development outbox.
#[server]
pub async fn list_outbox() -> Result<Vec<OutboxMail>, AppError> {
    let platform = platform()?;
    session::require_role(&platform, &[Role::Superadmin]).await?;
    let rows: Vec<(Uuid, String, String, String, chrono::DateTime<chrono::Utc>)> =
        sqlx::query_as("select id, to_address, subject, body, created_at from outbox order by id desc limit 100")
            .fetch_all(platform.db.write())
            .await?;
    Ok(rows.into_iter().map(|(id, to_address, subject, body, created_at)| OutboxMail { id, to_address, subject, body, created_at }).collect())
}

/// The background queue at a glance: counts, and the jobs of each group.
#[server]
pub async fn list_jobs() -> Result<super::types::JobsOverview, AppError> {
    use super::types::{BackgroundJob, JobCounts, JobsOverview, JOBS_PER_GROUP};
    use crate::platform::queue::{self, JobRow, JobState};
    let platform = platform()?;
    session::require_role(&platform, &[Role::Superadmin]).await?;
    // The queue changes by the second, and a retry must show at once: read the primary.
    let pool = platform.db.write();
    let to_view = |rows: Vec<JobRow>| -> Vec<BackgroundJob> {
        rows.into_iter()
            .map(|row| BackgroundJob {
                tenant_id: row.tenant_id(),
                id: row.id,
                kind: row.kind,
                attempts: row.attempts,
                max_attempts: row.max_attempts,
                run_at: row.run_at,
                locked_until: row.locked_until,
                locked_by: row.locked_by,
                last_error: row.last_error,
                created_at: row.created_at,
                tenant_name: row.tenant,
            })
            .collect()
    };
    let counts = queue::counts(pool).await?;
    Ok(JobsOverview {
        counts: JobCounts { ready: counts.ready, scheduled: counts.scheduled, running: counts.running, failed: counts.failed, dead: counts.dead },
        queued: to_view(queue::list(pool, &[JobState::Ready, JobState::Scheduled], JOBS_PER_GROUP).await?),
        running: to_view(queue::list(pool, &[JobState::Running], JOBS_PER_GROUP).await?),
        failed: to_view(queue::list(pool, &[JobState::Failed], JOBS_PER_GROUP).await?),
        dead: to_view(queue::list(pool, &[JobState::Dead], JOBS_PER_GROUP).await?),
    })
}

/// Runs a dead or failed job again now.
#[server]
pub async fn retry_job(id: i64) -> Result<(), AppError> {
    let platform = platform()?;
    let user = session::require_role(&platform, &[Role::Superadmin]).await?;
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    crate::platform::queue::retry(&mut tx, id, user.user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a job that is not running.
#[server]
pub async fn discard_job(id: i64) -> Result<(), AppError> {
    let platform = platform()?;
    let user = session::require_role(&platform, &[Role::Superadmin]).await?;
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    crate::platform::queue::discard(&mut tx, id, user.user_id).await?;
    tx.commit().await?;
    Ok(())
}
