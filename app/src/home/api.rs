use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::platform::{AppError, Role};

#[cfg(feature = "ssr")]
use crate::platform::context::{Access, Ctx};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub tenant_name: String,
    pub plan: String,
    pub role: Role,
    /// Members per role, in the order of `Role::TENANT_ROLES`.
    pub members_by_role: Vec<(Role, i64)>,
    pub pending_invitations: i64,
}

/// The signed-in person's organization at a glance.
#[server]
pub async fn organization_overview() -> Result<Overview, AppError> {
    let mut ctx = Ctx::tenant(&Role::TENANT_ROLES, Access::Read).await?;
    let (tenant_name, plan): (String, String) =
        sqlx::query_as("select name, plan from tenants where id = $1").bind(ctx.tenant_id).fetch_one(&mut *ctx.tx).await?;
    let counts: Vec<(String, i64)> = sqlx::query_as("select role, count(*) from memberships where tenant_id = $1 group by role")
        .bind(ctx.tenant_id)
        .fetch_all(&mut *ctx.tx)
        .await?;
    let pending_invitations: i64 = sqlx::query_scalar(
        "select count(*) from member_invitations
         where tenant_id = $1 and accepted_at is null and revoked_at is null and expires_at > now()",
    )
    .bind(ctx.tenant_id)
    .fetch_one(&mut *ctx.tx)
    .await?;
    let role = ctx.user.role;
    ctx.commit().await?;
    let members_by_role = Role::TENANT_ROLES
        .into_iter()
        .map(|role| (role, counts.iter().find(|(text, _)| text == role.as_str()).map_or(0, |(_, n)| *n)))
        .collect();
    Ok(Overview { tenant_name, plan, role, members_by_role, pending_invitations })
}
