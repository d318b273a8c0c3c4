use leptos::prelude::*;
use uuid::Uuid;

use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::platform::{
        context::{platform, Access, Ctx},
        session::{self, ViewingAs},
        validate, Role,
    },
};

/// Starts viewing the product as a member of a tenant, after the superadmin's own password.
/// Read-only unless `allow_changes` is ticked, which needs a reason.
#[server]
pub async fn view_as(tenant_id: Uuid, user_id: Uuid, password: String, #[server(default)] allow_changes: Option<String>, #[server(default)] reason: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter your own password to view the product as someone else."));
    }
    let allow_changes = allow_changes.is_some();
    let reason = validate::long_text("reason", "reason", &reason, 500)?;
    if allow_changes && reason.is_empty() {
        return Err(AppError::invalid("reason", "Say why changes are needed: it goes into the audit log with everything you change."));
    }
    if user_id == ctx.user.user_id {
        return Err(AppError::invalid("user_id", "You cannot view the product as yourself."));
    }
    // Checked before the transaction opens: hashing takes a while and needs no connection.
    let hash = repo::password_hash(&mut *ctx.platform.db.write().acquire().await?, ctx.user.user_id).await?;
    if !ctx.platform.hasher.verify(password, hash).await? {
        return Err(AppError::invalid("password", "That is not your password."));
    }
    let Some(member) = repo::member(&mut ctx.tx, tenant_id, user_id).await? else {
        return Err(AppError::invalid("user_id", "Choose one of this organization's members."));
    };
    if member.is_superadmin {
        return Err(AppError::invalid("user_id", "Superadmins cannot be viewed as: ask them instead."));
    }
    let role = member.role.parse::<Role>().ok().filter(|role| Role::TENANT_STAFF.contains(role));
    let Some(role) = role else {
        return Err(AppError::invalid("user_id", "Only staff can be viewed as; candidates see their tests through their own links."));
    };
    if member.tenant_status != "active" {
        return Err(AppError::invalid("user_id", format!("{} is suspended: reactivate it to view it as one of its members.", member.tenant_name)));
    }
    let viewing_as = ViewingAs { superadmin_id: ctx.user.user_id, allow_changes, reason: Some(reason.as_str()).filter(|r| !r.is_empty()) };
    session::start_impersonation(&mut ctx.tx, &ctx.platform, (user_id, tenant_id, role), &viewing_as).await?;
    ctx.commit().await?;
    Ok(crate::platform::context::reload_at("/"))
}

/// Stops viewing as someone else: back to the console, on the tenant's page.
#[server]
pub async fn stop_viewing_as() -> Result<String, AppError> {
    let platform = platform()?;
    let user = session::require(&platform).await?;
    let Some(tenant) = user.impersonation.as_ref().and(user.tenant.as_ref()) else {
        return Err(AppError::invalid("session", "You are not viewing the product as anyone."));
    };
    // Not a scoped transaction: stopping must work while everything else is read-only.
    let mut tx = platform.db.write().begin().await?;
    session::end_impersonation(&mut tx, &platform, &user).await?;
    tx.commit().await?;
    Ok(crate::platform::context::reload_at(&format!("/console/tenants/{}", tenant.id)))
}
