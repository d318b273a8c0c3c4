//! Invitations to join a tenant: the record, its mailed link and the audit entry, inside the
//! caller's transaction. Members invite from the identity pages; superadmins invite a new
//! tenant's first admin from the console.

use serde_json::json;
use uuid::Uuid;

use super::repo;
use crate::platform::{audit, context::Platform, mail::Mail, tokens, AppError, Role};

/// Creates an invitation, mails its link and records it, inside the caller's transaction.
pub async fn send_invitation(
    platform: &Platform,
    conn: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    email: &str,
    role: Role,
    invited_by: Option<Uuid>,
) -> Result<(), AppError> {
    let token = tokens::new_token();
    let id = repo::create_invitation(conn, tenant_id, email, role, &tokens::hash(&token), invited_by).await?;
    let tenant_name: String = sqlx::query_scalar("select name from tenants where id = $1").bind(tenant_id).fetch_one(&mut *conn).await?;
    let mail = Mail {
        to: email.to_owned(),
        subject: format!("You are invited to {tenant_name} on Hirevoo"),
        body: format!(
            "You have been invited to join {tenant_name} on Hirevoo as {}.\n\nAccept the invitation here (the link works for 7 days):\n{}/join?token={token}",
            role.label().to_lowercase(),
            platform.settings.public_url
        ),
        html: None,
        ..Mail::default()
    };
    platform.mailer.send(conn, mail).await?;
    audit::record(conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: invited_by,
        action: "member.invite",
        target: format!("invitation:{id}"),
        details: json!({ "email": email, "role": role.as_str() }),
    })
    .await
}
