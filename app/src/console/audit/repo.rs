use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

/// Filters checked and resolved: dates parsed, the tenant's address looked up.
pub struct Resolved {
    pub tenant_id: Option<Uuid>,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before: Option<i64>,
}

pub async fn resolve(conn: &mut PgConnection, filters: &AuditFilters, own_tenant: Option<Uuid>) -> Result<Resolved, AppError> {
    let date = |text: &str, field: &str| -> Result<Option<NaiveDate>, AppError> {
        match text.trim() {
            "" => Ok(None),
            text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(|_| AppError::invalid(field, "Give a date such as 2026-12-01.")),
        }
    };
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    let from = date(&filters.from, "from")?.and_then(start);
    let to = date(&filters.to, "to")?.and_then(|d| start(d + chrono::Duration::days(1)));
    let tenant_id = match (own_tenant, filters.tenant.trim()) {
        (Some(own), _) => Some(own),
        (None, "") => None,
        (None, slug) => Some(
            sqlx::query_scalar("select id from tenants where slug = $1")
                .bind(slug)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| AppError::invalid("tenant", format!("No organization has the address {slug}.")))?,
        ),
    };
    let text = |value: &str, field: &str| -> Result<String, AppError> {
        let value = value.trim();
        if value.chars().count() > 200 {
            return Err(AppError::invalid(field, "Filters are at most 200 characters."));
        }
        Ok(value.to_owned())
    };
    Ok(Resolved {
        tenant_id,
        actor: text(&filters.actor, "actor")?,
        action: text(&filters.action, "action")?,
        target: text(&filters.target, "target")?,
        from,
        to,
        before: filters.before,
    })
}

/// The newest entries matching, older than `before`, at most `limit`.
pub async fn entries(conn: &mut PgConnection, filters: &Resolved, limit: i64) -> Result<Vec<AuditEntry>, AppError> {
    let mut query: QueryBuilder<Postgres> = QueryBuilder::new(
        "select a.id, a.created_at, t.slug, u.email, a.action, a.target, a.details
         from audit_log a left join tenants t on t.id = a.tenant_id left join users u on u.id = a.actor_id where true",
    );
    if let Some(tenant) = filters.tenant_id {
        query.push(" and a.tenant_id = ").push_bind(tenant);
    }
    if !filters.actor.is_empty() {
        query.push(" and a.actor_id in (select id from users where email ilike '%' || ").push_bind(filters.actor.replace(['%', '_'], "")).push(" || '%')");
    }
    if !filters.action.is_empty() {
        query.push(" and (a.action = ").push_bind(filters.action.clone()).push(" or a.action like ").push_bind(format!("{}%", filters.action.replace(['%', '_'], ""))).push(")");
    }
    if !filters.target.is_empty() {
        query.push(" and a.target = ").push_bind(filters.target.clone());
    }
    if let Some(from) = filters.from {
        query.push(" and a.created_at >= ").push_bind(from);
    }
    if let Some(to) = filters.to {
        query.push(" and a.created_at < ").push_bind(to);
    }
    if let Some(before) = filters.before {
        query.push(" and a.id < ").push_bind(before);
    }
    query.push(" order by a.id desc limit ").push_bind(limit);
    let rows: Vec<(i64, DateTime<Utc>, Option<String>, Option<String>, String, String, serde_json::Value)> = query.build_query_as().fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, tenant, actor, action, target, details)| AuditEntry {
            id,
            at,
            tenant,
            actor,
            action,
            target,
            details,
        })
        .collect())
}
