//! What the hiring team hears of a requisition's changes. One place, so that the
//! notification system can take these over.

use sqlx::PgConnection;
use uuid::Uuid;

use super::types::Status;
use crate::platform::mail::{Mail, Mailer};
use crate::platform::AppError;

/// Emails the hiring team, hiring manager and recruiter that a requisition changed status.
#[allow(clippy::too_many_arguments)]
pub async fn status_changed(
    conn: &mut PgConnection,
    mailer: &Mailer,
    tenant_id: Uuid,
    requisition_id: Uuid,
    title: &str,
    from: Status,
    to: Status,
    reason: &str,
) -> Result<(), AppError> {
    let recipients: Vec<String> = sqlx::query_scalar(
        "select distinct u.email from users u
         where u.id in (select t.user_id from requisition_team t where t.requisition_id = $1 and t.tenant_id = $2
                        union select r.hiring_manager_id from requisitions r where r.id = $1 and r.tenant_id = $2
                        union select r.recruiter_id from requisitions r where r.id = $1 and r.tenant_id = $2)
         order by 1",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let because = if reason.is_empty() { String::new() } else { format!("\nReason: {reason}\n") };
    for to_address in recipients {
        let mail = Mail {
            to: to_address,
            subject: format!("{title}: {}", to.label().to_lowercase()),
            body: format!("The requisition “{title}” moved from {} to {}.\n{because}", from.label().to_lowercase(), to.label().to_lowercase()),
        };
        mailer.send(&mut *conn, mail).await?;
    }
    Ok(())
}
