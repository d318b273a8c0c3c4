use leptos::prelude::*;
use uuid::Uuid;

use super::types::{FlagChoices, FlagInEffect, FlagRow};
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    crate::console::tenants::repo::tenant_slugs,
    crate::platform::flags::repo,
    crate::platform::{
        audit,
        context::{Access, Ctx},
        flags::{prerequisite_cycle, Flag, FlagKind, Stickiness},
        validate, CurrentUser,
    },
    serde_json::json,
    sqlx::PgConnection,
};

#[cfg(feature = "ssr")]
fn to_row(flag: Flag, slugs: &[(Uuid, String)]) -> FlagRow {
    let names = |ids: &[Uuid]| ids.iter().filter_map(|id| slugs.iter().find(|(t, _)| t == id).map(|(_, s)| s.clone())).collect();
    FlagRow { stale: flag.stale(chrono::Utc::now()), on_for: names(&flag.tenants_on), off_for: names(&flag.tenants_off), flag }
}

/// Every flag, archived ones last.
#[server]
pub async fn list_flags() -> Result<Vec<FlagRow>, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    // Flags change rarely and a change must show at once: the primary.
    let flags = repo::all(ctx.platform.db.write()).await?;
    let slugs = tenant_slugs(&mut ctx.tx).await?;
    ctx.commit().await?;
    Ok(flags.into_iter().map(|flag| to_row(flag, &slugs)).collect())
}

/// The flag form: the flag named `key`, or an empty one.
#[server]
pub async fn flag_editor(#[server(default)] key: Option<String>) -> Result<FlagChoices, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let flags = repo::all(ctx.platform.db.write()).await?;
    let slugs = tenant_slugs(&mut ctx.tx).await?;
    let plans = crate::console::tenants::repo::plan_keys(&mut ctx.tx).await?;
    ctx.commit().await?;
    let others = flags.iter().filter(|f| Some(&f.key) != key.as_ref() && !f.archived).map(|f| f.key.clone()).collect();
    let row = match key {
        Some(key) => Some(flags.into_iter().find(|f| f.key == key).map(|flag| to_row(flag, &slugs)).ok_or(AppError::NotFound)?),
        None => None,
    };
    Ok(FlagChoices { row, plans, others })
}

/// Creates a flag (`existing` empty) or changes the rules of the flag `existing` names.
#[allow(clippy::too_many_arguments)]
#[server]
pub async fn save_flag(
    #[server(default)] existing: String,
    #[server(default)] key: String,
    #[server(default)] description: String,
    #[server(default)] kind: String,
    #[server(default)] owner: String,
    #[server(default)] default_on: Option<String>,
    #[server(default)] tenants_on: String,
    #[server(default)] tenants_off: String,
    #[server(default)] plans: Vec<String>,
    #[server(default)] rollout_percent: String,
    #[server(default)] rollout_by: String,
    #[server(default)] prerequisites: Vec<String>,
) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let creating = existing.trim().is_empty();
    let key = validate::slug_up_to("key", if creating { &key } else { &existing }, 64)?;
    let description = validate::long_text("description", "description", &description, 500)?;
    let owner = validate::long_text("owner", "owner", &owner, 120)?;
    let kind = FlagKind::parse(&kind).ok_or_else(|| AppError::invalid("kind", "Choose one of the kinds in the list."))?;
    let rollout_percent = match rollout_percent.trim() {
        "" => None,
        text => Some(
            text.parse::<i16>()
                .ok()
                .filter(|p| (0..=100).contains(p))
                .ok_or_else(|| AppError::invalid("rollout_percent", "A rollout is a whole percentage from 0 to 100, or empty for none."))?,
        ),
    };
    let rollout_by = match rollout_by.as_str() {
        "" | "tenant" => Stickiness::Tenant,
        "user" => Stickiness::User,
        _ => return Err(AppError::invalid("rollout_by", "A rollout sticks to a tenant or to a person.")),
    };
    let slugs = tenant_slugs(&mut ctx.tx).await?;
    let tenants_on = tenant_ids("tenants_on", &tenants_on, &slugs)?;
    let tenants_off = tenant_ids("tenants_off", &tenants_off, &slugs)?;
    if let Some(both) = tenants_on.iter().find(|id| tenants_off.contains(id)) {
        let slug = slugs.iter().find(|(id, _)| id == both).map(|(_, s)| s.as_str()).unwrap_or_default();
        return Err(AppError::invalid("tenants_off", format!("{slug} cannot be both on and off.")));
    }
    let known_plans = crate::console::tenants::repo::plan_keys(&mut ctx.tx).await?;
    if let Some(unknown) = plans.iter().find(|p| !known_plans.contains(p)) {
        return Err(AppError::invalid("plans", format!("There is no plan {unknown}.")));
    }
    let graph = repo::prerequisite_graph(&mut ctx.tx).await?;
    if let Some(unknown) = prerequisites.iter().find(|p| !graph.iter().any(|(k, _)| k == *p)) {
        return Err(AppError::invalid("prerequisites", format!("There is no flag {unknown}.")));
    }
    if let Some(path) = prerequisite_cycle(&key, &prerequisites, &|at| graph.iter().find(|(k, _)| k == at).map(|(_, p)| p.clone()).unwrap_or_default()) {
        return Err(AppError::invalid("prerequisites", format!("That would make a cycle: {}.", path.join(" → "))));
    }
    let old = repo::lock(&mut ctx.tx, &key).await?;
    match (&old, creating) {
        (Some(_), true) => return Err(AppError::conflict("key", "Another flag already has this key.")),
        (None, false) => return Err(AppError::NotFound),
        _ => {}
    }
    let flag = Flag {
        key: key.clone(),
        description,
        kind,
        owner,
        default_on: default_on.is_some(),
        killed: old.as_ref().is_some_and(|f| f.killed),
        tenants_on,
        tenants_off,
        plans,
        rollout_percent,
        rollout_by,
        prerequisites,
        archived: old.as_ref().is_some_and(|f| f.archived),
        updated_at: chrono::Utc::now(),
    };
    repo::save(&mut ctx.tx, &flag).await?;
    record(&mut ctx.tx, &ctx.user, if creating { "flag.create" } else { "flag.update" }, old.as_ref(), &flag).await?;
    ctx.commit().await?;
    if creating {
        leptos_axum::redirect(&format!("/console/flags/{key}"));
        return Ok(format!("Flag {key} created."));
    }
    Ok(format!("Flag {key} saved."))
}

#[cfg(feature = "ssr")]
fn tenant_ids(field: &str, text: &str, slugs: &[(Uuid, String)]) -> Result<Vec<Uuid>, AppError> {
    let mut ids = Vec::new();
    for slug in text.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        let id = slugs.iter().find(|(_, s)| s == slug).map(|(id, _)| *id).ok_or_else(|| AppError::invalid(field, format!("No organization has the address {slug}.")))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

#[cfg(feature = "ssr")]
async fn record(conn: &mut PgConnection, user: &CurrentUser, action: &'static str, old: Option<&Flag>, new: &Flag) -> Result<(), AppError> {
    audit::record(conn, audit::Entry {
        tenant_id: None,
        actor_id: Some(user.user_id),
        action,
        target: format!("flag:{}", new.key),
        details: json!({ "old": old, "new": new }),
    })
    .await
}

/// Engages or releases a flag's kill switch, or archives or restores it.
#[server]
pub async fn change_flag(key: String, change: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let old = repo::lock(&mut ctx.tx, &key).await?.ok_or(AppError::NotFound)?;
    let mut flag = old.clone();
    let (action, message) = match change.as_str() {
        "kill" => {
            flag.killed = true;
            ("flag.kill", format!("{key} is off for everyone until the kill switch is released."))
        }
        "release" => {
            flag.killed = false;
            ("flag.release", format!("{key} follows its rules again."))
        }
        "archive" => {
            flag.archived = true;
            ("flag.archive", format!("{key} is archived: off everywhere, kept for the record."))
        }
        "restore" => {
            flag.archived = false;
            ("flag.restore", format!("{key} is restored."))
        }
        _ => return Err(AppError::invalid("change", "The change is kill, release, archive or restore.")),
    };
    repo::save(&mut ctx.tx, &flag).await?;
    record(&mut ctx.tx, &ctx.user, action, Some(&old), &flag).await?;
    ctx.commit().await?;
    Ok(message)
}

/// Every live flag as it stands for one tenant, and why.
#[server]
pub async fn tenant_flags(tenant_id: Uuid) -> Result<Vec<FlagInEffect>, AppError> {
    use crate::platform::flags::Subject;
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let plan: String = sqlx::query_scalar("select plan from tenants where id = $1").bind(tenant_id).fetch_optional(&mut *ctx.tx).await?.ok_or(AppError::NotFound)?;
    let flags = repo::all(ctx.platform.db.write()).await?;
    ctx.commit().await?;
    let subject = Subject { tenant: Some(tenant_id), plan: Some(&plan), user: None };
    Ok(flags
        .iter()
        .filter(|flag| !flag.archived)
        .map(|flag| {
            let (on, reason) = crate::platform::flags::evaluate(&|k| flags.iter().find(|f| f.key == k), &flag.key, &subject);
            let overridden = if flag.tenants_on.contains(&tenant_id) { "on" } else if flag.tenants_off.contains(&tenant_id) { "off" } else { "" };
            FlagInEffect { key: flag.key.clone(), description: flag.description.clone(), on, because: reason.label().to_owned(), overridden: overridden.to_owned() }
        })
        .collect())
}

/// Switches a flag on or off for one tenant, or lets the tenant follow the flag's rules again.
#[server]
pub async fn set_tenant_flag(tenant_id: Uuid, key: String, state: String) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let slug: String = sqlx::query_scalar("select slug from tenants where id = $1").bind(tenant_id).fetch_optional(&mut *ctx.tx).await?.ok_or(AppError::NotFound)?;
    let old = repo::lock(&mut ctx.tx, &key).await?.ok_or(AppError::NotFound)?;
    let mut flag = old.clone();
    flag.tenants_on.retain(|id| *id != tenant_id);
    flag.tenants_off.retain(|id| *id != tenant_id);
    let message = match state.as_str() {
        "on" => {
            flag.tenants_on.push(tenant_id);
            format!("{key} is on for {slug}.")
        }
        "off" => {
            flag.tenants_off.push(tenant_id);
            format!("{key} is off for {slug}.")
        }
        "rules" => format!("{key} follows its rules for {slug}."),
        _ => return Err(AppError::invalid("state", "Choose on, off, or follow the rules.")),
    };
    repo::save(&mut ctx.tx, &flag).await?;
    record(&mut ctx.tx, &ctx.user, "flag.tenant_override", Some(&old), &flag).await?;
    ctx.commit().await?;
    Ok(message)
}
