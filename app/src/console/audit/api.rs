use leptos::prelude::*;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::platform::{
        audit,
        context::{platform, Platform},
        db::{Db, Scope},
        session, CurrentUser, Role,
    },
};

/// Who reads the log, and whose entries: every tenant's for a superadmin, their own for a tenant admin.
#[cfg(feature = "ssr")]
pub async fn reader(platform: &Platform) -> Result<(CurrentUser, Option<uuid::Uuid>), AppError> {
    let user = session::require_role(platform, &[Role::Superadmin, Role::TenantAdmin]).await?;
    let own = if user.role == Role::Superadmin { None } else { Some(user.tenant_id()?) };
    Ok((user, own))
}

/// One page of entries matching the filters, newest first.
#[server]
pub async fn audit_log(#[server(default)] filters: AuditFilters) -> Result<AuditPage, AppError> {
    let platform = platform()?;
    let (_, own) = reader(&platform).await?;
    // The log is the record of what just happened: read it where it is written.
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let resolved = repo::resolve(&mut tx, &filters, own).await?;
    let mut entries = repo::entries(&mut tx, &resolved, AUDIT_PAGE_SIZE + 1).await?;
    tx.commit().await?;
    let next = if entries.len() as i64 > AUDIT_PAGE_SIZE {
        entries.truncate(AUDIT_PAGE_SIZE as usize);
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage { entries, next, everyone: own.is_none() })
}

/// Recomputes every entry's hash from the first; reports the first broken link, if any.
#[server]
pub async fn verify_audit_chain() -> Result<String, AppError> {
    let platform = platform()?;
    let (user, _) = reader(&platform).await?;
    let mut conn = platform.db.write().acquire().await?;
    let outcome = audit::verify(&mut conn).await?;
    Ok(match (outcome, user.role == Role::Superadmin) {
        (Ok(count), true) => format!("The chain holds: all {count} entries verified."),
        (Ok(_), false) => "The chain holds: every entry, your organization's included, is as it was written.".to_owned(),
        (Err(id), _) => format!("The chain is broken at entry {id}: it, or the entry before it, was changed or removed after it was written."),
    })
}
