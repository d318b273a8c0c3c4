use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::identity::invitations::send_invitation,
    crate::platform::{
        audit,
        context::{Access, Ctx},
        validate, Role,
    },
    serde_json::json,
};

#[server]
pub async fn list_tenants() -> Result<Vec<TenantSummary>, AppError> {
    let mut ctx = Ctx::superadmin(Access::Read).await?;
    let tenants = repo::list(&mut ctx.tx).await?;
    ctx.commit().await?;
    Ok(tenants)
}

/// Creates a tenant and invites its first admin.
#[server]
pub async fn create_tenant(name: String, slug: String, plan: String, admin_email: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let name = validate::name("name", "organization name", &name)?;
    let slug = validate::slug("slug", &slug)?;
    let admin_email = validate::email("admin_email", &admin_email)?;
    if !repo::plan_exists(&mut ctx.tx, &plan).await? {
        return Err(AppError::invalid("plan", "Choose one of the plans in the list."));
    }
    let tenant_id = Uuid::now_v7();
    repo::insert(&mut ctx.tx, tenant_id, &name, &slug, &plan).await?;
    audit::record(&mut ctx.tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(ctx.user.user_id),
        action: "tenant.create",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "name": name, "slug": slug, "plan": plan }),
    })
    .await?;
    send_invitation(&ctx.platform, &mut ctx.tx, tenant_id, &admin_email, Role::TenantAdmin, Some(ctx.user.user_id)).await?;
    ctx.commit().await?;
    Ok(format!("{name} created; its first admin, {admin_email}, has been invited."))
}

/// Suspends a tenant (with the reason its people are shown) or makes it active again. Nothing
/// of the tenant's changes: its staff are kept out and its public pages say it is unavailable.
#[server]
pub async fn set_tenant_status(tenant_id: Uuid, status: String, #[server(default)] reason: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let reason = validate::long_text("reason", "reason", &reason, 500)?;
    let reason = match status.as_str() {
        "suspended" if reason.is_empty() => return Err(AppError::invalid("reason", "Give the reason for suspending; the organization's people will see it.")),
        "suspended" => Some(reason),
        "active" => None,
        _ => return Err(AppError::invalid("status", "The status is active or suspended.")),
    };
    let name: String = repo::tenant(&mut ctx.tx, tenant_id).await?.ok_or(AppError::NotFound)?.name;
    if status == "active" && repo::deletion(&mut ctx.tx, tenant_id).await?.is_some() {
        return Err(AppError::conflict("status", format!("{name} is to be deleted: call the deletion off before reactivating it.")));
    }
    if !repo::set_status(&mut ctx.tx, tenant_id, &status, reason.as_deref()).await? {
        return Err(AppError::conflict("status", format!("{name} is already {status}.")));
    }
    audit::record(&mut ctx.tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(ctx.user.user_id),
        action: "tenant.set_status",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "status": status, "reason": reason }),
    })
    .await?;
    ctx.commit().await?;
    Ok(if status == "active" { format!("{name} is active again.") } else { format!("{name} is suspended.") })
}

/// The tenant page: profile, plan, usage, members and recent audit entries.
#[server]
pub async fn tenant_detail(tenant_id: Uuid) -> Result<TenantOverview, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    // Usage moves with every request of the tenant: read it where it is counted.
    let row = repo::tenant(&mut ctx.tx, tenant_id).await?.ok_or(AppError::NotFound)?;
    let detail = TenantOverview {
        usage: repo::usage(&mut ctx.tx, tenant_id).await?,
        plans: repo::plans(&mut ctx.tx).await?,
        members: repo::members(&mut ctx.tx, tenant_id).await?,
        audit: repo::recent_audit(&mut ctx.tx, tenant_id, 20).await?,
        deletion: repo::deletion(&mut ctx.tx, tenant_id).await?,
        suspended_reason: row.suspended_reason,
        suspended_at: row.suspended_at,
        summary: TenantSummary { id: row.id, name: row.name, slug: row.slug, status: row.status, plan: row.plan, members: row.members, created_at: row.created_at },
    };
    ctx.commit().await?;
    Ok(detail)
}

/// A warning for each resource used beyond the quota now in effect: (who, resource, used, quota).
/// Nothing is removed; only adding more is refused.
#[cfg(feature = "ssr")]
fn overuse_warning(over: impl IntoIterator<Item = (String, Quota, i64, i64)>) -> String {
    over.into_iter()
        .map(|(who, resource, used, quota)| {
            format!(
                " {who} already uses {} of {} ({}): nothing is removed, but no more can be added until it is under the limit.",
                resource.shown(used),
                resource.shown(quota),
                resource.label().to_lowercase()
            )
        })
        .collect()
}

/// This tenant's resources beyond their quota.
#[cfg(feature = "ssr")]
fn own_overuse(usage: &[Usage]) -> String {
    overuse_warning(usage.iter().filter_map(|u| u.quota.filter(|q| u.used > *q).map(|q| ("It".to_owned(), u.resource, u.used, q))))
}

/// Moves a tenant to another plan.
#[server]
pub async fn change_tenant_plan(tenant_id: Uuid, plan: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    if !repo::plan_exists(&mut ctx.tx, &plan).await? {
        return Err(AppError::invalid("plan", "Choose one of the plans in the list."));
    }
    let old = repo::set_plan(&mut ctx.tx, tenant_id, &plan).await?.ok_or(AppError::NotFound)?;
    audit::record(&mut ctx.tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(ctx.user.user_id),
        action: "tenant.change_plan",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "old": old, "new": plan }),
    })
    .await?;
    let usage = repo::usage(&mut ctx.tx, tenant_id).await?;
    ctx.commit().await?;
    Ok(format!("Moved to the {plan} plan.{}", own_overuse(&usage)))
}

/// Overrides one of a tenant's quotas: a limit, unlimited, or back to the plan's.
#[server]
pub async fn set_quota_override(tenant_id: Uuid, resource: String, mode: String, #[server(default)] quota: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let resource = Quota::parse(&resource).ok_or_else(|| AppError::invalid("resource", "Choose one of the quotas in the list."))?;
    let value = match mode.as_str() {
        "plan" => None,
        "unlimited" => Some(None),
        "limit" => Some(Some(quota_value("quota", &quota, resource)?.ok_or_else(|| AppError::invalid("quota", "Give the limit, a whole number from 0."))?)),
        _ => return Err(AppError::invalid("mode", "Choose the plan's quota, a limit, or unlimited.")),
    };
    repo::tenant(&mut ctx.tx, tenant_id).await?.ok_or(AppError::NotFound)?;
    repo::set_override(&mut ctx.tx, tenant_id, resource, value).await?;
    audit::record(&mut ctx.tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(ctx.user.user_id),
        action: "tenant.quota_override",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "resource": resource.as_str(), "mode": mode, "quota": value.flatten() }),
    })
    .await?;
    let usage = repo::usage(&mut ctx.tx, tenant_id).await?;
    ctx.commit().await?;
    Ok(format!("{} saved.{}", resource.label(), own_overuse(&usage)))
}

/// A quota as typed (megabytes for storage): empty for unlimited.
#[cfg(feature = "ssr")]
fn quota_value(field: &str, text: &str, resource: Quota) -> Result<Option<i64>, AppError> {
    match text.trim() {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=1_000_000_000).contains(n))
            .map(|n| Some(n * resource.unit()))
            .ok_or_else(|| AppError::invalid(field, "A quota is a whole number from 0, or empty for unlimited.")),
    }
}

#[server]
pub async fn list_plans() -> Result<Vec<Plan>, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let plans = repo::plans(&mut ctx.tx).await?;
    ctx.commit().await?;
    Ok(plans)
}

/// Creates a custom plan (`existing` empty) or changes a plan's name and quotas. A quota below
/// what some tenant already uses is allowed, with a warning: nothing is deleted.
#[allow(clippy::too_many_arguments)]
#[server]
pub async fn save_plan(
    #[server(default)] existing: String,
    #[server(default)] key: String,
    #[server(default)] name: String,
    #[server(default)] seats: String,
    #[server(default)] open_requisitions: String,
    #[server(default)] invitations: String,
    #[server(default)] candidates: String,
    #[server(default)] storage: String,
) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let creating = existing.trim().is_empty();
    let key = validate::slug("key", if creating { &key } else { &existing })?;
    let name = validate::name("name", "plan name", &name)?;
    if name.chars().count() > 60 {
        return Err(AppError::invalid("name", "The plan name can be at most 60 characters."));
    }
    let mut quotas = Vec::new();
    for (resource, text) in [
        (Quota::Seats, &seats),
        (Quota::OpenRequisitions, &open_requisitions),
        (Quota::Invitations, &invitations),
        (Quota::Candidates, &candidates),
        (Quota::Storage, &storage),
    ] {
        if let Some(quota) = quota_value(resource.as_str(), text, resource)? {
            quotas.push((resource, quota));
        }
    }
    let plans = repo::plans(&mut ctx.tx).await?;
    let old = plans.iter().find(|p| p.key == key).cloned();
    match (&old, creating) {
        (Some(_), true) => return Err(AppError::conflict("key", "Another plan already has this key.")),
        (None, false) => return Err(AppError::NotFound),
        _ => {}
    }
    let plan = Plan { key: key.clone(), name, custom: old.as_ref().is_none_or(|p| p.custom), quotas, tenants: 0 };
    repo::save_plan(&mut ctx.tx, &plan).await?;
    ctx.audit(if creating { "plan.create" } else { "plan.update" }, format!("plan:{key}"), json!({ "old": old, "new": plan }))
    .await?;
    let over = repo::over_quota(&mut ctx.tx, &key).await?;
    ctx.commit().await?;
    Ok(format!("Plan {} saved.{}", plan.name, overuse_warning(over)))
}

/// A tenant admin's plan and their organization's use of it.
#[server]
pub async fn plan_usage() -> Result<PlanAndUsage, AppError> {
    let mut ctx = Ctx::admin(Access::Write).await?;
    let usage = repo::usage(&mut ctx.tx, ctx.tenant_id).await?;
    let plan = ctx.user.tenant.clone().map(|t| t.plan).unwrap_or_default();
    ctx.commit().await?;
    Ok(PlanAndUsage { plan, usage })
}

/// Asks to delete a tenant: it is suspended at once (nothing of it changes from here on), its
/// data is exported to an archive to download, and it is removed after the waiting period
/// unless called off. `confirm` must repeat the tenant's slug.
#[server]
pub async fn schedule_tenant_deletion(tenant_id: Uuid, #[server(default)] confirm: String, #[server(default)] reason: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let reason = validate::long_text("reason", "reason", &reason, 500)?;
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "Give the reason for deleting this organization; it is kept in the audit log."));
    }
    let tenant = repo::tenant(&mut ctx.tx, tenant_id).await?.ok_or(AppError::NotFound)?;
    if confirm.trim() != tenant.slug {
        return Err(AppError::invalid("confirm", format!("Type {} to confirm that this organization is the one to delete.", tenant.slug)));
    }
    let wait_days = ctx.platform.live_settings.get(crate::platform::live_settings::TENANT_DELETION_WAIT_DAYS);
    if !repo::schedule_deletion(&mut ctx.tx, &tenant, &reason, ctx.user.user_id, wait_days).await? {
        return Err(AppError::conflict("confirm", format!("{} is already to be deleted.", tenant.name)));
    }
    let notice = format!("It is to be deleted. {reason}");
    repo::set_status(&mut ctx.tx, tenant_id, "suspended", Some(&notice)).await?;
    crate::platform::queue::enqueue(&mut ctx.tx, crate::platform::queue::NewJob::new(super::deletion::EXPORT_JOB, super::deletion::export_payload(tenant_id)).unique(format!("tenant-export:{tenant_id}"))).await?;
    audit::record(&mut ctx.tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(ctx.user.user_id),
        action: "tenant.deletion_scheduled",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "reason": reason, "wait_days": wait_days }),
    })
    .await?;
    ctx.commit().await?;
    Ok(format!(
        "{} is suspended and will be deleted in {wait_days} days. Its export is being prepared: download it from this page before then.",
        tenant.name
    ))
}

/// Calls a waiting deletion off and discards its archive. The tenant stays suspended until
/// reactivated.
#[server]
pub async fn cancel_tenant_deletion(tenant_id: Uuid) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let tenant = repo::tenant(&mut ctx.tx, tenant_id).await?.ok_or(AppError::NotFound)?;
    let Some(archive) = repo::cancel_deletion(&mut ctx.tx, tenant_id).await? else {
        return Err(AppError::conflict("tenant_id", format!("{} is not to be deleted.", tenant.name)));
    };
    audit::record(&mut ctx.tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(ctx.user.user_id),
        action: "tenant.deletion_cancelled",
        target: format!("tenant:{tenant_id}"),
        details: json!({}),
    })
    .await?;
    let storage = ctx.platform.storage.clone();
    ctx.commit().await?;
    if let Some(key) = archive {
        storage.delete(&key).await?;
    }
    Ok(format!("{} will not be deleted. It is still suspended: reactivate it when it should be used again.", tenant.name))
}
