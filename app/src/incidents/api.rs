use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::{repo, service},
    crate::platform::{
        context::{platform, read_pool, Access, Ctx},
        db::{Db, Scope},
        validate,
    },
    serde_json::json,
};

#[cfg(feature = "ssr")]
fn checked_status(status: &str) -> Result<&str, AppError> {
    STATUSES.iter().copied().find(|s| *s == status).ok_or_else(|| AppError::invalid("status", "Choose investigating, identified, monitoring or resolved."))
}

#[cfg(feature = "ssr")]
fn checked_message(message: &str) -> Result<String, AppError> {
    let message = validate::long_text("message", "update", message, 4000)?;
    if message.is_empty() {
        return Err(AppError::invalid("message", "Say what is happening: this is what people read."));
    }
    Ok(message)
}

/// Every open incident (drafts included) and the latest resolved ones.
#[server]
pub async fn list_incidents() -> Result<Vec<Incident>, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let incidents = repo::for_console(&mut ctx.tx).await?;
    ctx.commit().await?;
    Ok(incidents)
}

/// Opens an incident with its first update. Published at once unless kept as a draft.
#[allow(clippy::too_many_arguments)]
#[server]
pub async fn open_incident(
    #[server(default)] title: String,
    #[server(default)] severity: String,
    #[server(default)] status: String,
    #[server(default)] components: Vec<String>,
    #[server(default)] scope: String,
    #[server(default)] tenants: String,
    #[server(default)] message: String,
    #[server(default)] draft: Option<String>,
) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let title = validate::long_text("title", "title", &title, 200)?;
    if title.is_empty() {
        return Err(AppError::invalid("title", "Give the incident a title people will recognize."));
    }
    if !SEVERITIES.contains(&severity.as_str()) {
        return Err(AppError::invalid("severity", "Choose minor, major or critical."));
    }
    let status = checked_status(if status.is_empty() { "investigating" } else { &status })?;
    if let Some(unknown) = components.iter().find(|c| !COMPONENTS.iter().any(|(k, _)| k == c)) {
        return Err(AppError::invalid("components", format!("There is no component {unknown}.")));
    }
    let message = checked_message(&message)?;
    let all_tenants = scope != "some";
    let tenant_ids = if all_tenants {
        Vec::new()
    } else {
        let slugs = crate::console::tenants::repo::tenant_slugs(&mut ctx.tx).await?;
        let mut ids = Vec::new();
        for slug in tenants.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
            ids.push(slugs.iter().find(|(_, s)| s == slug).map(|(id, _)| *id).ok_or_else(|| AppError::invalid("tenants", format!("No organization has the address {slug}.")))?);
        }
        if ids.is_empty() {
            return Err(AppError::invalid("tenants", "Name the affected organizations, or choose every organization."));
        }
        ids
    };
    let published = draft.is_none();
    let id = repo::insert(&mut ctx.tx, &repo::NewIncident {
        title: &title,
        severity: &severity,
        status,
        components: &components,
        all_tenants,
        tenant_ids: &tenant_ids,
        published,
        created_by: Some(ctx.user.user_id),
    })
    .await?;
    let update_id = repo::add_update(&mut ctx.tx, id, status, &message, Some(ctx.user.user_id)).await?;
    if published {
        service::announce(&mut ctx.tx, update_id).await?;
    }
    ctx.audit("incident.open", format!("incident:{id}"), json!({ "title": title, "severity": severity, "status": status, "components": components, "tenants": tenant_ids, "draft": !published }))
    .await?;
    ctx.commit().await?;
    Ok(if published { format!("“{title}” is open; the affected organizations see it now.") } else { format!("“{title}” is kept as a draft.") })
}

/// Posts an update (a new status and what people should know); refused once resolved.
#[server]
pub async fn post_incident_update(incident_id: Uuid, #[server(default)] status: String, #[server(default)] message: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let status = checked_status(&status)?;
    let message = checked_message(&message)?;
    let incident = repo::lock(&mut ctx.tx, incident_id).await?.ok_or(AppError::NotFound)?;
    if incident.status == "resolved" {
        return Err(AppError::conflict("status", "This incident is resolved; open a new one if the trouble is back."));
    }
    let update_id = repo::add_update(&mut ctx.tx, incident_id, status, &message, Some(ctx.user.user_id)).await?;
    if incident.published {
        service::announce(&mut ctx.tx, update_id).await?;
    }
    ctx.audit("incident.update", format!("incident:{incident_id}"), json!({ "from": incident.status, "to": status, "message": message }))
    .await?;
    ctx.commit().await?;
    Ok(format!("Update posted to “{}”.", incident.title))
}

/// Publishes a draft: its people see it, and subscribers hear of its latest update.
#[server]
pub async fn publish_incident(incident_id: Uuid) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let incident = repo::lock(&mut ctx.tx, incident_id).await?.ok_or(AppError::NotFound)?;
    if incident.published {
        return Err(AppError::conflict("incident_id", "This incident is already published."));
    }
    repo::publish(&mut ctx.tx, incident_id).await?;
    let update_id = repo::add_update(&mut ctx.tx, incident_id, &incident.status, "We are looking into this.", Some(ctx.user.user_id)).await?;
    service::announce(&mut ctx.tx, update_id).await?;
    ctx.audit("incident.publish", format!("incident:{incident_id}"), json!({})).await?;
    ctx.commit().await?;
    Ok(format!("“{}” is published.", incident.title))
}

/// The public status page: no sign-in, no organization named.
#[server]
pub async fn platform_status() -> Result<ServiceStatus, AppError> {
    let platform = platform()?;
    let mut tx = Db::begin(read_pool(&platform).await, &Scope::Platform).await?;
    let (current, past) = repo::for_status_page(&mut tx).await?;
    tx.commit().await?;
    let rank = |severity: &str| SEVERITIES.iter().position(|s| *s == severity);
    let components = COMPONENTS
        .iter()
        .map(|(key, label)| {
            let worst = current
                .iter()
                .filter(|i| i.components.is_empty() || i.components.iter().any(|c| c == key))
                .max_by_key(|i| rank(&i.severity))
                .map(|i| i.severity.clone());
            ((*label).to_owned(), worst)
        })
        .collect();
    Ok(ServiceStatus { current, past, components })
}

/// Whether the signed-in staff member hears of incidents affecting their organization.
#[server]
pub async fn incident_subscription() -> Result<bool, AppError> {
    let mut ctx = Ctx::staff(Access::Write).await?;
    let subscribed = repo::is_subscribed(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id).await?;
    ctx.commit().await?;
    Ok(subscribed)
}

#[server]
pub async fn set_incident_subscription(#[server(default)] subscribed: Option<String>) -> Result<String, AppError> {
    let mut ctx = Ctx::staff(Access::Write).await?;
    repo::set_subscribed(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, subscribed.is_some()).await?;
    ctx.commit().await?;
    Ok(if subscribed.is_some() { "You will hear of Hirevoo incidents affecting your organization.".into() } else { "You will no longer hear of Hirevoo incidents.".into() })
}
