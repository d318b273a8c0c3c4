//! What the hiring team hears of a requisition's changes, through the notification system.

use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::Status;
use crate::notifications::{notify, NotificationKind};
use crate::platform::AppError;

/// Notifies the hiring team, hiring manager and recruiter (but not who made it) that a requisition changed status.
#[allow(clippy::too_many_arguments)]
pub async fn status_changed(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    actor_id: Option<Uuid>,
    requisition_id: Uuid,
    title: &str,
    from: Status,
    to: Status,
    reason: &str,
) -> Result<(), AppError> {
    let recipients: Vec<Uuid> = sqlx::query_scalar::<_, Option<Uuid>>(
        "select t.user_id from requisition_team t where t.requisition_id = $1 and t.tenant_id = $2
         union select r.hiring_manager_id from requisitions r where r.id = $1 and r.tenant_id = $2
         union select r.recruiter_id from requisitions r where r.id = $1 and r.tenant_id = $2",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .flatten()
    .filter(|id| Some(*id) != actor_id)
    .collect();
    let vars = json!({
        "requisition_title": title, "from_status": from.label().to_lowercase(), "to_status": to.label().to_lowercase(), "reason": reason,
    });
    notify(conn, tenant_id, &recipients, NotificationKind::RequisitionStatusChanged, vars, &format!("/jobs/{requisition_id}")).await
}
