use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

pub struct NewIncident<'a> {
    pub title: &'a str,
    pub severity: &'a str,
    pub status: &'a str,
    pub components: &'a [String],
    pub all_tenants: bool,
    pub tenant_ids: &'a [Uuid],
    pub published: bool,
    pub created_by: Option<Uuid>,
}

pub async fn insert(conn: &mut PgConnection, incident: &NewIncident<'_>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into incidents (id, title, severity, status, components, all_tenants, tenant_ids, published_at, created_by, resolved_at)
         values ($1, $2, $3, $4, $5, $6, $7, case when $8 then now() end, $9, case when $4 = 'resolved' then now() end)",
    )
    .bind(id)
    .bind(incident.title)
    .bind(incident.severity)
    .bind(incident.status)
    .bind(incident.components)
    .bind(incident.all_tenants)
    .bind(incident.tenant_ids)
    .bind(incident.published)
    .bind(incident.created_by)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Adds an update and moves the incident to its status; returns the update's id.
pub async fn add_update(conn: &mut PgConnection, incident_id: Uuid, status: &str, message: &str, by: Option<Uuid>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query("insert into incident_updates (id, incident_id, status, message, created_by) values ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(incident_id)
        .bind(status)
        .bind(message)
        .bind(by)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "update incidents set status = $2, updated_at = now(), resolved_at = case when $2 = 'resolved' then now() end where id = $1",
    )
    .bind(incident_id)
    .bind(status)
    .execute(conn)
    .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
pub struct Locked {
    pub title: String,
    pub status: String,
    pub published: bool,
}

pub async fn lock(conn: &mut PgConnection, id: Uuid) -> Result<Option<Locked>, AppError> {
    Ok(sqlx::query_as("select title, status, published_at is not null as published from incidents where id = $1 for update")
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn publish(conn: &mut PgConnection, id: Uuid) -> Result<(), AppError> {
    sqlx::query("update incidents set published_at = now(), updated_at = now() where id = $1 and published_at is null").bind(id).execute(conn).await?;
    Ok(())
}

type Row = (Uuid, String, String, String, Vec<String>, bool, Vec<String>, bool, DateTime<Utc>, Option<DateTime<Utc>>);

/// Incidents with their updates, newest first: `which` is the condition on `i`.
async fn incidents(conn: &mut PgConnection, which: &str, with_tenants: bool, limit: i64) -> Result<Vec<Incident>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select i.id, i.title, i.severity, i.status, i.components, i.all_tenants,
                case when $1 then coalesce((select array_agg(t.slug order by t.slug) from tenants t where t.id = any(i.tenant_ids)), '{{}}') else '{{}}' end,
                i.published_at is not null, i.created_at, i.resolved_at
         from incidents i where {which} order by i.created_at desc limit $2"
    ))
    .bind(with_tenants)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let updates: Vec<(Uuid, String, String, DateTime<Utc>)> =
        sqlx::query_as("select incident_id, status, message, created_at from incident_updates where incident_id = any($1) order by created_at desc, id desc")
            .bind(&ids)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, severity, status, components, all_tenants, tenants, published, created_at, resolved_at)| Incident {
            updates: updates.iter().filter(|u| u.0 == id).map(|u| IncidentUpdate { status: u.1.clone(), message: u.2.clone(), created_at: u.3 }).collect(),
            id,
            title,
            severity,
            status,
            components,
            all_tenants,
            tenants,
            published,
            created_at,
            resolved_at,
        })
        .collect())
}

/// The console's list: everything open (drafts too), then the latest resolved.
pub async fn for_console(conn: &mut PgConnection) -> Result<Vec<Incident>, AppError> {
    let mut list = incidents(conn, "i.resolved_at is null", true, 100).await?;
    list.extend(incidents(conn, "i.resolved_at is not null", true, 30).await?);
    Ok(list)
}

/// The public page: open published incidents, and those resolved in the last 90 days.
pub async fn for_status_page(conn: &mut PgConnection) -> Result<(Vec<Incident>, Vec<Incident>), AppError> {
    let current = incidents(conn, "i.resolved_at is null and i.published_at is not null", false, 50).await?;
    let past = incidents(conn, &format!("i.resolved_at > now() - interval '{HISTORY_DAYS} days' and i.published_at is not null"), false, 200).await?;
    Ok((current, past))
}

/// Open, published incidents that affect `tenant` (every one, for `None`), optionally only those touching `component`.
pub async fn banners(conn: &mut PgConnection, tenant: Option<Uuid>, component: Option<&str>) -> Result<Vec<Banner>, AppError> {
    let rows: Vec<(Uuid, String, String, String, String, DateTime<Utc>)> = sqlx::query_as(
        "select i.id, i.title, i.severity, i.status,
                coalesce((select u.message from incident_updates u where u.incident_id = i.id order by u.created_at desc, u.id desc limit 1), ''),
                i.updated_at
         from incidents i
         where i.resolved_at is null and i.published_at is not null
           and ($1::uuid is null or i.all_tenants or $1 = any(i.tenant_ids))
           and ($2::text is null or cardinality(i.components) = 0 or $2 = any(i.components))
         order by i.created_at desc limit 5",
    )
    .bind(tenant)
    .bind(component)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, title, severity, status, message, updated_at)| Banner { id, title, severity, status, message, updated_at }).collect())
}

/// The tenants an incident's updates go to: all active ones, or those it lists.
pub async fn affected_tenants(conn: &mut PgConnection, incident_id: Uuid) -> Result<Vec<Uuid>, AppError> {
    Ok(sqlx::query_scalar(
        "select t.id from tenants t join incidents i on i.id = $1
         where t.status = 'active' and (i.all_tenants or t.id = any(i.tenant_ids)) order by t.id",
    )
    .bind(incident_id)
    .fetch_all(conn)
    .await?)
}

/// Who in a tenant hears of incidents: its admins unless they unsubscribed, and any other staff
/// member who subscribed.
pub async fn subscribers(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<Uuid>, AppError> {
    Ok(sqlx::query_scalar(
        "select m.user_id from memberships m
         left join incident_subscriptions s on s.user_id = m.user_id and s.tenant_id = m.tenant_id
         where m.tenant_id = $1 and m.role <> 'candidate' and coalesce(s.subscribed, m.role = 'tenant_admin')",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?)
}

pub async fn is_subscribed(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "select coalesce(s.subscribed, m.role = 'tenant_admin') from memberships m
         left join incident_subscriptions s on s.user_id = m.user_id and s.tenant_id = m.tenant_id
         where m.tenant_id = $1 and m.user_id = $2",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?
    .unwrap_or(false))
}

pub async fn set_subscribed(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, subscribed: bool) -> Result<(), AppError> {
    sqlx::query(
        "insert into incident_subscriptions (tenant_id, user_id, subscribed) values ($1, $2, $3)
         on conflict (tenant_id, user_id) do update set subscribed = excluded.subscribed",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(subscribed)
    .execute(conn)
    .await?;
    Ok(())
}

/// What an update's notification says.
pub async fn update_for_notice(conn: &mut PgConnection, update_id: Uuid) -> Result<Option<(Uuid, String, String, String, Vec<String>, String)>, AppError> {
    Ok(sqlx::query_as(
        "select i.id, i.title, i.severity, u.status, i.components, u.message
         from incident_updates u join incidents i on i.id = u.incident_id where u.id = $1 and i.published_at is not null",
    )
    .bind(update_id)
    .fetch_optional(conn)
    .await?)
}
