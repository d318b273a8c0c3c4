//! Imports' server functions: recruiters and tenant admins of the tenant; starting or
//! discarding an import is for the person who uploaded it, or a tenant admin.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::job::IMPORT_JOB,
    super::repo,
    crate::platform::context::{Access, Ctx},
    crate::platform::queue::{self, NewJob},
    crate::platform::{CurrentUser, Role},
    serde_json::json,
};

/// The importing recruiter or admin, while imports are switched on for them.
#[cfg(feature = "ssr")]
pub(super) async fn importer(access: Access) -> Result<Ctx, AppError> {
    Ctx::recruiter(access).await?.feature(crate::platform::flags::keys::CANDIDATE_IMPORT)
}

#[cfg(feature = "ssr")]
fn may_manage(user: &CurrentUser, created_by: Option<Uuid>) -> bool {
    user.role == Role::TenantAdmin || created_by == Some(user.user_id)
}

/// The tenant's latest imports.
#[server]
pub async fn candidate_imports() -> Result<Vec<ImportSummary>, AppError> {
    let mut ctx = importer(Access::Read).await?;
    let imports = repo::recent(&mut ctx.tx, ctx.tenant_id).await?;
    ctx.commit().await?;
    Ok(imports)
}

/// An import's preview or progress.
#[server]
pub async fn candidate_import(id: Uuid) -> Result<ImportPage, AppError> {
    let mut ctx = importer(Access::Read).await?;
    let (summary, created_by) = repo::summary(&mut ctx.tx, ctx.tenant_id, id).await?;
    let page = ImportPage {
        problems: repo::problem_rows(&mut ctx.tx, ctx.tenant_id, id).await?,
        existing: repo::existing_rows(&mut ctx.tx, ctx.tenant_id, id).await?,
        can_manage: may_manage(&ctx.user, created_by) && summary.status == ImportStatus::Previewed,
        summary,
    };
    ctx.commit().await?;
    Ok(page)
}

/// Starts a previewed import; `on_existing` is "skip" or "update".
#[server]
pub async fn start_candidate_import(id: Uuid, #[server(default)] on_existing: String) -> Result<(), AppError> {
    let on_existing = match on_existing.as_str() {
        "" | "skip" => "skip",
        "update" => "update",
        _ => return Err(AppError::invalid("on_existing", "Choose whether to skip or update people already in your candidates.")),
    };
    let mut ctx = importer(Access::Write).await?;
    let (summary, created_by) = repo::lock_previewed(&mut ctx.tx, ctx.tenant_id, id).await?;
    if !may_manage(&ctx.user, created_by) {
        return Err(AppError::Forbidden);
    }
    if summary.importable() == 0 {
        return Err(AppError::invalid("id", "No row of this file can be imported: mend the rows listed and upload the file again."));
    }
    repo::start(&mut ctx.tx, ctx.tenant_id, id, on_existing).await?;
    queue::enqueue(&mut ctx.tx, NewJob::new(IMPORT_JOB, json!({ "tenant_id": ctx.tenant_id, "import_id": id })).unique(format!("import:{id}"))).await?;
    ctx.audit("candidates.import", format!("candidate_import:{id}"), json!({ "file_name": summary.file_name, "rows": summary.importable(), "on_existing": on_existing }))
    .await?;
    ctx.commit().await?;
    leptos_axum::redirect(&format!("/candidates/imports/{id}"));
    Ok(())
}

/// Discards a previewed import: nothing of it was imported.
#[server]
pub async fn discard_candidate_import(id: Uuid) -> Result<(), AppError> {
    let mut ctx = importer(Access::Write).await?;
    let (_, created_by) = repo::lock_previewed(&mut ctx.tx, ctx.tenant_id, id).await?;
    if !may_manage(&ctx.user, created_by) {
        return Err(AppError::Forbidden);
    }
    repo::discard(&mut ctx.tx, ctx.tenant_id, id).await?;
    ctx.commit().await?;
    leptos_axum::redirect("/candidates/import");
    Ok(())
}
