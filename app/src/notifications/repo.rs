//! Notifications in the database: each person's list and unread count, their preferences,
//! the tenant's templates, and the email deliveries.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::templates::{default_wording, Wording};
use super::types::*;
use crate::platform::AppError;

pub async fn unread_count(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("select count(*) from notifications where user_id = $1 and tenant_id = $2 and read_at is null")
        .bind(user_id)
        .bind(tenant_id)
        .fetch_one(conn)
        .await?)
}

/// One page of a person's notifications, newest first, of one kind and/or unread only.
pub async fn list(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, kind: Option<NotificationKind>, unread_only: bool, page: i64) -> Result<Inbox, AppError> {
    let total: i64 = sqlx::query_scalar(
        "select count(*) from notifications where user_id = $1 and tenant_id = $2 and ($3::text is null or kind = $3) and (not $4 or read_at is null)",
    )
    .bind(user_id)
    .bind(tenant_id)
    .bind(kind.map(NotificationKind::as_str))
    .bind(unread_only)
    .fetch_one(&mut *conn)
    .await?;
    let pages = (total.max(1) + NOTIFICATIONS_PER_PAGE - 1) / NOTIFICATIONS_PER_PAGE;
    let page = page.clamp(1, pages);
    type Row = (Uuid, NotificationKind, String, String, String, DateTime<Utc>, Option<DateTime<Utc>>);
    let rows: Vec<Row> = sqlx::query_as(
        "select id, kind, title, body, link, created_at, read_at from notifications
         where user_id = $1 and tenant_id = $2 and ($3::text is null or kind = $3) and (not $4 or read_at is null)
         order by created_at desc, id desc limit $5 offset $6",
    )
    .bind(user_id)
    .bind(tenant_id)
    .bind(kind.map(NotificationKind::as_str))
    .bind(unread_only)
    .bind(NOTIFICATIONS_PER_PAGE)
    .bind((page - 1) * NOTIFICATIONS_PER_PAGE)
    .fetch_all(&mut *conn)
    .await?;
    let items = rows
        .into_iter()
        .map(|(id, kind, title, body, link, created_at, read_at)| Notification { id, kind, title, body, link, created_at, read: read_at.is_some() })
        .collect();
    Ok(Inbox { items, unread: unread_count(conn, tenant_id, user_id).await?, page, pages })
}

/// Marks one of the person's notifications read; another's is not found.
pub async fn mark_read(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, id: Uuid) -> Result<(), AppError> {
    let found = sqlx::query("update notifications set read_at = coalesce(read_at, now()) where id = $1 and user_id = $2 and tenant_id = $3")
        .bind(id)
        .bind(user_id)
        .bind(tenant_id)
        .execute(conn)
        .await?
        .rows_affected();
    if found == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn mark_all_read(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid) -> Result<u64, AppError> {
    Ok(sqlx::query("update notifications set read_at = now() where user_id = $1 and tenant_id = $2 and read_at is null")
        .bind(user_id)
        .bind(tenant_id)
        .execute(conn)
        .await?
        .rows_affected())
}

/// Every kind with the person's choice, or the default (in the app and by email, one at a time).
pub async fn preferences(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid) -> Result<Vec<Preference>, AppError> {
    let rows: Vec<(NotificationKind, bool, EmailChoice)> = sqlx::query_as("select kind, in_app, email from notification_preferences where user_id = $1 and tenant_id = $2")
        .bind(user_id)
        .bind(tenant_id)
        .fetch_all(conn)
        .await?;
    Ok(NotificationKind::ALL
        .into_iter()
        .map(|kind| match rows.iter().find(|(k, _, _)| *k == kind) {
            Some((_, in_app, email)) => Preference { kind, in_app: *in_app, email: *email },
            None => Preference { kind, in_app: true, email: EmailChoice::Instant },
        })
        .collect())
}

pub async fn save_preferences(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, preferences: &[Preference]) -> Result<(), AppError> {
    for p in preferences {
        sqlx::query(
            "insert into notification_preferences (tenant_id, user_id, kind, in_app, email) values ($1, $2, $3, $4, $5)
             on conflict (user_id, tenant_id, kind) do update set in_app = excluded.in_app, email = excluded.email",
        )
        .bind(tenant_id)
        .bind(user_id)
        .bind(p.kind.as_str())
        .bind(p.in_app)
        .bind(p.email.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The wording the tenant uses for a kind: its own, or the built-in one; and which.
pub async fn wording(conn: &mut PgConnection, tenant_id: Uuid, kind: NotificationKind) -> Result<(Wording, bool), AppError> {
    let row: Option<(String, String, String)> = sqlx::query_as("select subject, text_body, html_body from notification_templates where tenant_id = $1 and kind = $2")
        .bind(tenant_id)
        .bind(kind.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(match row {
        Some((subject, text_body, html_body)) => (Wording { subject, text_body, html_body }, true),
        None => (default_wording(kind), false),
    })
}

pub async fn save_wording(conn: &mut PgConnection, tenant_id: Uuid, actor_id: Uuid, kind: NotificationKind, wording: &Wording) -> Result<(), AppError> {
    sqlx::query(
        "insert into notification_templates (tenant_id, kind, subject, text_body, html_body, updated_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, kind) do update set subject = excluded.subject, text_body = excluded.text_body, html_body = excluded.html_body,
             updated_by = excluded.updated_by, updated_at = now()",
    )
    .bind(tenant_id)
    .bind(kind.as_str())
    .bind(&wording.subject)
    .bind(&wording.text_body)
    .bind(&wording.html_body)
    .bind(actor_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn reset_wording(conn: &mut PgConnection, tenant_id: Uuid, kind: NotificationKind) -> Result<(), AppError> {
    sqlx::query("delete from notification_templates where tenant_id = $1 and kind = $2").bind(tenant_id).bind(kind.as_str()).execute(conn).await?;
    Ok(())
}

/// The recipients who are members of the tenant (not candidates), with their addresses and choices for `kind`.
pub async fn recipients(conn: &mut PgConnection, tenant_id: Uuid, user_ids: &[Uuid], kind: NotificationKind) -> Result<Vec<(Uuid, bool, EmailChoice)>, AppError> {
    let rows: Vec<(Uuid, Option<bool>, Option<EmailChoice>)> = sqlx::query_as(
        "select m.user_id, p.in_app, p.email from memberships m
         left join notification_preferences p on p.user_id = m.user_id and p.tenant_id = m.tenant_id and p.kind = $3
         where m.tenant_id = $1 and m.user_id = any($2) and m.role <> 'candidate'
         order by m.user_id",
    )
    .bind(tenant_id)
    .bind(user_ids)
    .bind(kind.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, in_app, email)| (id, in_app.unwrap_or(true), email.unwrap_or(EmailChoice::Instant)))
        .collect())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_notification(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, kind: NotificationKind, title: &str, body: &str, link: &str) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query("insert into notifications (id, tenant_id, user_id, kind, title, body, link) values ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id)
        .bind(tenant_id)
        .bind(user_id)
        .bind(kind.as_str())
        .bind(title)
        .bind(body)
        .bind(link)
        .execute(conn)
        .await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_delivery(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    notification_id: Option<Uuid>,
    kind: NotificationKind,
    channel: &str,
    vars: &serde_json::Value,
    link: &str,
) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into notification_deliveries (id, tenant_id, user_id, notification_id, kind, channel, vars, link) values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(user_id)
    .bind(notification_id)
    .bind(kind.as_str())
    .bind(channel)
    .bind(vars)
    .bind(link)
    .execute(conn)
    .await?;
    Ok(id)
}

/// A pending delivery with its recipient's address, locked for sending.
pub struct PendingDelivery {
    pub user_id: Uuid,
    pub email: String,
    pub kind: NotificationKind,
    pub vars: serde_json::Value,
    pub link: String,
}

pub async fn pending_delivery(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Option<PendingDelivery>, AppError> {
    let row: Option<(Uuid, String, NotificationKind, serde_json::Value, String)> = sqlx::query_as(
        "select d.user_id, u.email, d.kind, d.vars, d.link from notification_deliveries d join users u on u.id = d.user_id
         where d.id = $1 and d.tenant_id = $2 and d.status = 'pending' for update of d",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(user_id, email, kind, vars, link)| PendingDelivery { user_id, email, kind, vars, link }))
}

pub async fn delivered(conn: &mut PgConnection, ids: &[Uuid]) -> Result<(), AppError> {
    sqlx::query("update notification_deliveries set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null where id = any($1)")
        .bind(ids)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a failed attempt; `last` marks the delivery failed for good.
pub async fn attempt_failed(conn: &mut PgConnection, id: Uuid, error: &str, last: bool) -> Result<(), AppError> {
    sqlx::query("update notification_deliveries set attempts = attempts + 1, last_error = $2, status = case when $3 then 'failed' else status end where id = $1")
        .bind(id)
        .bind(error)
        .bind(last)
        .execute(conn)
        .await?;
    Ok(())
}

/// The pending digest deliveries of every person in every tenant, oldest first.
pub async fn pending_digests(conn: &mut PgConnection) -> Result<Vec<(Uuid, Uuid, Uuid, NotificationKind, serde_json::Value, String)>, AppError> {
    Ok(sqlx::query_as(
        "select id, tenant_id, user_id, kind, vars, link from notification_deliveries
         where channel = 'digest' and status = 'pending' order by tenant_id, user_id, created_at, id for update skip locked",
    )
    .fetch_all(conn)
    .await?)
}

pub async fn email_of(conn: &mut PgConnection, user_id: Uuid) -> Result<String, AppError> {
    Ok(sqlx::query_scalar("select email from users where id = $1").bind(user_id).fetch_one(conn).await?)
}
