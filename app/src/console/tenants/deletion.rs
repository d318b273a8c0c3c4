//! Deleting a tenant, after the request: its export (every row of it as JSON per table, its
//! members, its audit trail and its stored files, in one tar archive), and its removal once
//! the waiting period is over.

use axum::extract::{Path, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use super::archive::Tar;
use super::repo;
use crate::platform::context::{with_request, Access, Ctx, Platform};
use crate::platform::db::{Db, Scope};
use crate::platform::{audit, AppError};

/// Builds a tenant's export archive, after its deletion is asked for.
pub const EXPORT_JOB: &str = "tenants.export";
/// Removes the tenants whose waiting period is over.
pub const REMOVE_DUE_JOB: &str = "tenants.remove_due";

pub fn export_payload(tenant_id: Uuid) -> serde_json::Value {
    json!({ "tenant_id": tenant_id })
}

/// The job: the archive, stored, and its key on the deletion's record.
pub async fn run_export(platform: &Platform, payload: &serde_json::Value) -> Result<(), String> {
    let tenant_id: Uuid = payload["tenant_id"].as_str().and_then(|id| id.parse().ok()).ok_or("the payload names no tenant")?;
    export(platform, tenant_id).await.map(|_| ()).map_err(|error| error.to_string())
}

pub async fn export(platform: &Platform, tenant_id: Uuid) -> Result<Option<i64>, AppError> {
    let mut tx = platform.db.write().begin().await?;
    // One snapshot for every table, so that the archive is consistent with itself.
    sqlx::query("set transaction isolation level repeatable read, read only").execute(&mut *tx).await?;
    Db::enter_tenant(&mut tx, tenant_id).await?;
    let mut tar = Tar::new(Utc::now().timestamp().max(0) as u64);
    let mut tables = serde_json::Map::new();
    for (name, rows) in repo::tenant_record_json(&mut tx, tenant_id).await? {
        tables.insert(name.to_owned(), json!(rows.as_array().map_or(0, Vec::len)));
        tar.add(&format!("{name}.json"), &serde_json::to_vec_pretty(&rows).map_err(AppError::internal)?);
    }
    for table in repo::tenant_tables(&mut tx).await? {
        let rows = repo::table_json(&mut tx, &table, tenant_id).await?;
        tables.insert(table.clone(), json!(rows.as_array().map_or(0, Vec::len)));
        tar.add(&format!("tables/{table}.json"), &serde_json::to_vec_pretty(&rows).map_err(AppError::internal)?);
    }
    let files = repo::stored_files(&mut tx, tenant_id).await?;
    tx.commit().await?;
    for (id, key, name) in &files {
        match platform.storage.get(key).await {
            Ok(bytes) => tar.add(&format!("files/{id}-{name}"), &bytes),
            // Listed in the manifest as missing rather than failing the whole export.
            Err(AppError::NotFound) => tracing::warn!(%id, "a stored file is missing from storage"),
            Err(error) => return Err(error),
        }
    }
    let manifest = json!({
        "tenant_id": tenant_id,
        "exported_at": Utc::now(),
        "rows_per_table": tables,
        "files": files.iter().map(|(id, _, name)| json!({ "id": id, "name": name })).collect::<Vec<_>>(),
    });
    tar.add("manifest.json", &serde_json::to_vec_pretty(&manifest).map_err(AppError::internal)?);
    let archive = tar.finish();
    let size = archive.len() as i64;
    let key = platform.storage.put(archive).await?;
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    if !repo::set_export(&mut tx, tenant_id, &key, size).await? {
        tx.rollback().await?;
        platform.storage.delete(&key).await?;
        return Ok(None);
    }
    audit::record(&mut tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: None,
        action: "tenant.export",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "bytes": size, "files": files.len(), "tables": manifest["rows_per_table"] }),
    })
    .await?;
    tx.commit().await?;
    Ok(Some(size))
}

/// Removes every tenant whose waiting period is over at `now` (and whose export is made),
/// with its stored files and its archive. Returns how many went.
pub async fn remove_due(platform: &Platform, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let due = repo::due_deletions(&mut tx, now).await?;
    let mut leftovers = Vec::new();
    for (tenant_id, name, export_key) in &due {
        Db::enter_tenant(&mut tx, *tenant_id).await?;
        let files = repo::stored_files(&mut tx, *tenant_id).await?;
        repo::remove_tenant(&mut tx, *tenant_id).await?;
        audit::record(&mut tx, audit::Entry {
            tenant_id: Some(*tenant_id),
            actor_id: None,
            action: "tenant.delete",
            target: format!("tenant:{tenant_id}"),
            details: json!({ "name": name, "files": files.len() }),
        })
        .await?;
        leftovers.extend(files.into_iter().map(|(_, key, _)| key));
        leftovers.extend(export_key.clone());
    }
    tx.commit().await?;
    // After the commit: a crash here leaves unreferenced files, never rows without their files.
    for key in leftovers {
        if let Err(error) = platform.storage.delete(&key).await {
            tracing::warn!(%error, "a deleted tenant's file could not be removed from storage");
        }
    }
    Ok(due.len())
}

/// `GET /console/tenants/{id}/export.tar`: the archive, for superadmins.
pub async fn download(Extension(platform): Extension<Platform>, Path(id): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let result = with_request(platform.clone(), parts, async {
        let mut ctx = Ctx::superadmin(Access::Write).await?;
        let tenant_id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
        let (key, slug, exported_at) = repo::export_key(&mut ctx.tx, tenant_id).await?.ok_or(AppError::NotFound)?;
        let bytes = ctx.platform.storage.get(&key).await?;
        audit::record(&mut ctx.tx, audit::Entry {
            tenant_id: Some(tenant_id),
            actor_id: Some(ctx.user.user_id),
            action: "tenant.export_download",
            target: format!("tenant:{tenant_id}"),
            details: json!({ "bytes": bytes.len() }),
        })
        .await?;
        ctx.commit().await?;
        Ok::<_, AppError>((bytes, format!("{slug}-export-{}.tar", exported_at.format("%Y-%m-%d"))))
    })
    .await;
    match result {
        Ok((bytes, name)) => (
            [
                (header::CONTENT_TYPE, "application/x-tar".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}
