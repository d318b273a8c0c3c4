use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::*;
use crate::platform::error::on_constraint;
use crate::platform::AppError;

pub async fn list(conn: &mut PgConnection) -> Result<Vec<TenantSummary>, AppError> {
    let rows: Vec<(Uuid, String, String, String, String, i64, DateTime<Utc>)> = sqlx::query_as(
        "select t.id, t.name, t.slug, t.status, t.plan, count(m.id), t.created_at
         from tenants t left join memberships m on m.tenant_id = t.id
         group by t.id order by lower(t.name)",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, slug, status, plan, members, created_at)| TenantSummary { id, name, slug, status, plan, members, created_at })
        .collect())
}

pub async fn insert(conn: &mut PgConnection, id: Uuid, name: &str, slug: &str, plan: &str) -> Result<(), AppError> {
    sqlx::query("insert into tenants (id, name, slug, plan) values ($1, $2, $3, $4)")
        .bind(id)
        .bind(name)
        .bind(slug)
        .bind(plan)
        .execute(conn)
        .await
        .map_err(on_constraint("tenants_slug_key", || AppError::conflict("slug", "Another organization already uses this address.")))?;
    Ok(())
}

/// Suspends (with the reason) or reactivates; false when it already had that status.
pub async fn set_status(conn: &mut PgConnection, id: Uuid, status: &str, reason: Option<&str>) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "update tenants set status = $1, suspended_reason = $3,
                suspended_at = case when $1 = 'suspended' then now() end
         where id = $2 and status <> $1",
    )
    .bind(status)
    .bind(id)
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(changed.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
pub struct TenantRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: String,
    pub plan: String,
    pub members: i64,
    pub created_at: DateTime<Utc>,
    pub suspended_reason: Option<String>,
    pub suspended_at: Option<DateTime<Utc>>,
}

pub async fn tenant(conn: &mut PgConnection, id: Uuid) -> Result<Option<TenantRow>, AppError> {
    Ok(sqlx::query_as(
        "select t.id, t.name, t.slug, t.status, t.plan, t.created_at, t.suspended_reason, t.suspended_at,
                (select count(*) from memberships m where m.tenant_id = t.id) as members
         from tenants t where t.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The tenant's use of each resource against its quota in effect.
pub async fn usage(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<Usage>, AppError> {
    let rows: Vec<(Quota, i64, Option<i64>, bool)> = sqlx::query_as(
        "select u.resource,
                case when u.resource = 'invitations' and u.period is distinct from date_trunc('month', now() at time zone 'utc')::date then 0 else u.used end,
                u.quota,
                exists (select 1 from tenant_quota_overrides o where o.tenant_id = u.tenant_id and o.resource = u.resource)
         from tenant_usage u where u.tenant_id = $1",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    let mut usage: Vec<Usage> = rows.into_iter().map(|(resource, used, quota, overridden)| Usage { resource, used, quota, overridden }).collect();
    usage.sort_by_key(|u| Quota::ALL.iter().position(|r| *r == u.resource));
    Ok(usage)
}

pub async fn members(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<MemberLine>, AppError> {
    let rows: Vec<(Uuid, String, String, String, DateTime<Utc>)> = sqlx::query_as(
        "select u.id, u.display_name, u.email, m.role, m.created_at from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.role <> 'candidate' order by m.created_at limit 200",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(user_id, name, email, role, joined)| MemberLine { user_id, name, email, role, joined }).collect())
}

pub async fn recent_audit(conn: &mut PgConnection, tenant_id: Uuid, limit: i64) -> Result<Vec<AuditLine>, AppError> {
    let rows: Vec<(i64, DateTime<Utc>, Option<String>, String, String, serde_json::Value)> = sqlx::query_as(
        "select a.id, a.created_at, u.email, a.action, a.target, a.details
         from audit_log a left join users u on u.id = a.actor_id
         where a.tenant_id = $1 order by a.id desc limit $2",
    )
    .bind(tenant_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, at, actor, action, target, details)| AuditLine { id, at, actor, action, target, details: details.to_string() }).collect())
}

pub async fn plans(conn: &mut PgConnection) -> Result<Vec<Plan>, AppError> {
    let rows: Vec<(String, String, bool, Vec<Quota>, Vec<i64>, i64)> = sqlx::query_as(
        "select p.key, p.name, p.custom,
                coalesce(array_agg(q.resource order by q.resource) filter (where q.resource is not null), '{}'),
                coalesce(array_agg(q.quota order by q.resource) filter (where q.resource is not null), '{}'),
                (select count(*) from tenants t where t.plan = p.key)
         from plans p left join plan_quotas q on q.plan = p.key
         group by p.key order by p.custom, p.created_at, p.key",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, name, custom, resources, quotas, tenants)| Plan {
            key,
            name,
            custom,
            quotas: resources.into_iter().zip(quotas).collect(),
            tenants,
        })
        .collect())
}

pub async fn plan_keys(conn: &mut PgConnection) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar("select key from plans order by custom, created_at, key").fetch_all(conn).await?)
}

pub async fn plan_exists(conn: &mut PgConnection, key: &str) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from plans where key = $1)").bind(key).fetch_one(conn).await?)
}

/// Moves a tenant to `plan`; its quotas in effect follow (a trigger). Returns the former plan.
pub async fn set_plan(conn: &mut PgConnection, tenant_id: Uuid, plan: &str) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar("update tenants t set plan = $2 from tenants old where t.id = $1 and old.id = t.id returning old.plan")
        .bind(tenant_id)
        .bind(plan)
        .fetch_optional(conn)
        .await?)
}

/// Sets (Some) or removes (None) a tenant's override of one quota; `Some(None)` is unlimited.
pub async fn set_override(conn: &mut PgConnection, tenant_id: Uuid, resource: Quota, quota: Option<Option<i64>>) -> Result<(), AppError> {
    match quota {
        Some(quota) => {
            sqlx::query(
                "insert into tenant_quota_overrides (tenant_id, resource, quota) values ($1, $2, $3)
                 on conflict (tenant_id, resource) do update set quota = excluded.quota",
            )
            .bind(tenant_id)
            .bind(resource.as_str())
            .bind(quota)
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query("delete from tenant_quota_overrides where tenant_id = $1 and resource = $2")
                .bind(tenant_id)
                .bind(resource.as_str())
                .execute(&mut *conn)
                .await?;
        }
    }
    sqlx::query("select refresh_tenant_quotas($1)").bind(tenant_id).execute(conn).await?;
    Ok(())
}

/// Creates or changes a plan and its quotas, and brings its tenants' quotas in effect up to date.
pub async fn save_plan(conn: &mut PgConnection, plan: &Plan) -> Result<(), AppError> {
    sqlx::query("insert into plans (key, name, custom) values ($1, $2, $3) on conflict (key) do update set name = excluded.name")
        .bind(&plan.key)
        .bind(&plan.name)
        .bind(plan.custom)
        .execute(&mut *conn)
        .await?;
    sqlx::query("delete from plan_quotas where plan = $1").bind(&plan.key).execute(&mut *conn).await?;
    for (resource, quota) in &plan.quotas {
        sqlx::query("insert into plan_quotas (plan, resource, quota) values ($1, $2, $3)")
            .bind(&plan.key)
            .bind(resource.as_str())
            .bind(quota)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("select refresh_tenant_quotas(id) from tenants where plan = $1").bind(&plan.key).execute(conn).await?;
    Ok(())
}

/// The plan's tenants already using more than a quota allows: (tenant, resource, used, quota).
pub async fn over_quota(conn: &mut PgConnection, plan: &str) -> Result<Vec<(String, Quota, i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "select t.name, u.resource, u.used, u.quota from tenant_usage u join tenants t on t.id = u.tenant_id
         where t.plan = $1 and u.quota is not null and u.used > u.quota order by t.name, u.resource",
    )
    .bind(plan)
    .fetch_all(conn)
    .await?)
}

/// Tenants' slugs by id, for showing and reading flag overrides.
pub async fn tenant_slugs(conn: &mut PgConnection) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(sqlx::query_as("select id, slug from tenants order by slug").fetch_all(conn).await?)
}

/// A tenant's deletion, while it waits or once done.
pub async fn deletion(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Option<Deletion>, AppError> {
    let row: Option<(String, Option<Uuid>, DateTime<Utc>, DateTime<Utc>, Option<i64>, Option<DateTime<Utc>>)> = sqlx::query_as(
        "select reason, requested_by, requested_at, due_at, export_bytes, exported_at from tenant_deletions where tenant_id = $1 and removed_at is null",
    )
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(reason, requested_by, requested_at, due_at, export_bytes, exported_at)| Deletion { reason, requested_by, requested_at, due_at, export_bytes, exported_at }))
}

pub async fn schedule_deletion(conn: &mut PgConnection, tenant: &TenantRow, reason: &str, by: Uuid, wait_days: i64) -> Result<bool, AppError> {
    let inserted = sqlx::query(
        "insert into tenant_deletions (tenant_id, tenant_name, tenant_slug, reason, requested_by, due_at)
         values ($1, $2, $3, $4, $5, now() + make_interval(days => $6::int))
         on conflict (tenant_id) do nothing",
    )
    .bind(tenant.id)
    .bind(&tenant.name)
    .bind(&tenant.slug)
    .bind(reason)
    .bind(by)
    .bind(wait_days)
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Calls a waiting deletion off; returns its archive's key, if one was made.
pub async fn cancel_deletion(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Option<Option<String>>, AppError> {
    Ok(sqlx::query_scalar("delete from tenant_deletions where tenant_id = $1 and removed_at is null returning export_key").bind(tenant_id).fetch_optional(conn).await?)
}

pub async fn export_key(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Option<(String, String, DateTime<Utc>)>, AppError> {
    Ok(sqlx::query_as("select export_key, tenant_slug, exported_at from tenant_deletions where tenant_id = $1 and removed_at is null and export_key is not null")
        .bind(tenant_id)
        .fetch_optional(conn)
        .await?)
}

/// Records the archive; false when the deletion was called off meanwhile.
pub async fn set_export(conn: &mut PgConnection, tenant_id: Uuid, key: &str, bytes: i64) -> Result<bool, AppError> {
    let done = sqlx::query("update tenant_deletions set export_key = $2, export_bytes = $3, exported_at = now() where tenant_id = $1 and removed_at is null")
        .bind(tenant_id)
        .bind(key)
        .bind(bytes)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The tables that hold a tenant's rows, by their `tenant_id` column; sessions (secrets) and the
/// job board's copies of its requisitions aside.
pub async fn tenant_tables(conn: &mut PgConnection) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select c.table_name::text from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
         where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
           and c.table_name not in ('sessions', 'audit_log', 'tenant_deletions', 'board_jobs', 'board_companies')
         order by 1",
    )
    .fetch_all(conn)
    .await?)
}

/// One table's rows of the tenant, as a JSON array. `table` comes from the catalog.
pub async fn table_json(conn: &mut PgConnection, table: &str, tenant_id: Uuid) -> Result<serde_json::Value, AppError> {
    let sql = format!("select coalesce(json_agg(t), '[]'::json) from \"{}\" t where tenant_id = $1", table.replace('"', ""));
    Ok(sqlx::query_scalar(&sql).bind(tenant_id).fetch_one(conn).await?)
}

/// The tenant itself, its members' accounts (no password hashes) and its audit trail.
pub async fn tenant_record_json(conn: &mut PgConnection, tenant_id: Uuid) -> Result<[(&'static str, serde_json::Value); 3], AppError> {
    let one = |sql: &'static str| sqlx::query_scalar::<_, serde_json::Value>(sql).bind(tenant_id);
    Ok([
        ("tenant", one("select coalesce(json_agg(t), '[]'::json) from tenants t where id = $1").fetch_one(&mut *conn).await?),
        ("members", one("select coalesce(json_agg(json_build_object('id', u.id, 'email', u.email, 'display_name', u.display_name, 'role', m.role, 'joined', m.created_at)), '[]'::json) from memberships m join users u on u.id = m.user_id where m.tenant_id = $1").fetch_one(&mut *conn).await?),
        ("audit_log", one("select coalesce(json_agg(json_build_object('id', a.id, 'actor_id', a.actor_id, 'action', a.action, 'target', a.target, 'details', a.details, 'created_at', a.created_at) order by a.id), '[]'::json) from audit_log a where a.tenant_id = $1").fetch_one(&mut *conn).await?),
    ])
}

/// The tenant's stored files: (id, key, name).
pub async fn stored_files(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, String, String)>, AppError> {
    Ok(sqlx::query_as("select id, storage_key, file_name from stored_files where tenant_id = $1 order by id").bind(tenant_id).fetch_all(conn).await?)
}

/// Deletions whose waiting period is over at `now` and whose export is made, locked for removal.
pub async fn due_deletions(conn: &mut PgConnection, now: DateTime<Utc>) -> Result<Vec<(Uuid, String, Option<String>)>, AppError> {
    Ok(sqlx::query_as(
        "select tenant_id, tenant_name, export_key from tenant_deletions
         where removed_at is null and due_at <= $1 and exported_at is not null
         order by due_at for update skip locked",
    )
    .bind(now)
    .fetch_all(conn)
    .await?)
}

/// Removes the tenant and, by cascade, every row of it; the deletion's record stays.
pub async fn remove_tenant(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(), AppError> {
    sqlx::query("delete from tenants where id = $1").bind(tenant_id).execute(&mut *conn).await?;
    sqlx::query("update tenant_deletions set removed_at = now(), export_key = null where tenant_id = $1").bind(tenant_id).execute(conn).await?;
    Ok(())
}
