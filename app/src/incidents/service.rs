//! Telling subscribers of an incident's update: a queued job, one notification per affected
//! organization, through the notification system (so each person's preferences apply).

use serde_json::{json, Value};
use uuid::Uuid;

use super::{repo, types::component_label};
use crate::notifications::service::notify;
use crate::notifications::types::NotificationKind;
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::queue::{self, NewJob};
use crate::platform::AppError;

pub const ANNOUNCE_JOB: &str = "incidents.announce";

/// Queues the announcement of an update, in the caller's transaction.
pub async fn announce(conn: &mut sqlx::PgConnection, update_id: Uuid) -> Result<(), AppError> {
    queue::enqueue(conn, NewJob::new(ANNOUNCE_JOB, json!({ "update_id": update_id })).unique(format!("incident-update:{update_id}"))).await?;
    Ok(())
}

pub async fn run_announce(platform: &Platform, payload: &Value) -> Result<(), String> {
    let update_id: Uuid = payload.get("update_id").and_then(|v| v.as_str()).and_then(|v| v.parse().ok()).ok_or("no update_id")?;
    let work = async {
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        let Some((incident_id, title, severity, status, components, message)) = repo::update_for_notice(&mut tx, update_id).await? else {
            return Ok(());
        };
        let tenants = repo::affected_tenants(&mut tx, incident_id).await?;
        tx.commit().await?;
        let components: Vec<&str> = components.iter().map(|c| component_label(c)).collect();
        let vars = json!({
            "title": title,
            "severity": severity,
            "status": status,
            "message": message,
            "components": if components.is_empty() { "Hirevoo".to_owned() } else { components.join(", ") },
        });
        for tenant_id in tenants {
            let mut tx = Db::begin_in_tenant(platform.db.write(), tenant_id).await?;
            let people = repo::subscribers(&mut tx, tenant_id).await?;
            notify(&mut tx, tenant_id, &people, NotificationKind::IncidentUpdate, vars.clone(), "/status").await?;
            tx.commit().await?;
        }
        Ok::<_, AppError>(())
    };
    work.await.map_err(|e| e.to_string())
}
