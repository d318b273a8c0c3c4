//! The import's background job: batches of rows, each batch one transaction with its rows'
//! outcomes and the counts, so that a job cut off goes on where the last batch ended; a row
//! that fails is recorded with its reason and the rest go on. The importer is notified at the end.

use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use super::repo;
use crate::notifications::service::notify;
use crate::notifications::types::NotificationKind;
use crate::platform::context::Platform;
use crate::platform::db::Db;
use crate::platform::AppError;
use crate::recruiting::candidates::repo as candidates;

pub const IMPORT_JOB: &str = "candidates.import";
/// Rows per transaction: progress shows every few seconds, and a lock is never held long.
const BATCH: i64 = 250;

#[derive(Deserialize)]
struct Job {
    tenant_id: Uuid,
    import_id: Uuid,
}

pub async fn run_import(platform: &Platform, payload: &Value) -> Result<(), String> {
    let Job { tenant_id, import_id } = serde_json::from_value(payload.clone()).map_err(|e| format!("unreadable payload: {e}"))?;
    while import_batch(platform, tenant_id, import_id).await.map_err(|e| e.to_string())? {}
    Ok(())
}

/// Imports one batch; false when the import is finished (or gone).
async fn import_batch(platform: &Platform, tenant_id: Uuid, import_id: Uuid) -> Result<bool, AppError> {
    let mut tx = Db::begin_in_tenant(platform.db.write(), tenant_id).await?;
    let Some(running) = repo::lock_running(&mut tx, tenant_id, import_id).await? else { return Ok(false) };
    let rows = repo::pending(&mut tx, tenant_id, import_id, BATCH).await?;
    for (line, row) in rows {
        let existing = candidates::id_by_email(&mut tx, tenant_id, &row.email).await?;
        // Each row in its own savepoint: one that fails leaves the batch's others in place.
        let mut savepoint = sqlx::Acquire::begin(&mut *tx).await?;
        let done = match existing {
            Some(id) if running.update_existing => candidates::fill_in(&mut savepoint, tenant_id, id, &row).await.map(|()| ("updated", id)),
            Some(id) => Ok(("skipped", id)),
            None => candidates::insert(&mut savepoint, tenant_id, running.created_by, &row).await.map(|id| ("created", id)),
        };
        match done {
            Ok((outcome, id)) => {
                savepoint.commit().await?;
                repo::record_outcome(&mut tx, tenant_id, import_id, line, outcome, Some(id), None).await?;
            }
            Err(error) => {
                savepoint.rollback().await?;
                tracing::warn!(%import_id, line, %error, "an imported row failed");
                repo::record_outcome(&mut tx, tenant_id, import_id, line, "failed", None, Some(&error.to_string())).await?;
            }
        }
    }
    let finished = repo::count_and_maybe_finish(&mut tx, tenant_id, import_id).await?;
    if let (Some(summary), Some(importer)) = (&finished, running.created_by) {
        let vars = json!({ "file_name": running.file_name, "created": summary.created, "updated": summary.updated, "failed": summary.failed });
        notify(&mut tx, tenant_id, &[importer], NotificationKind::ImportFinished, vars, &format!("/candidates/imports/{import_id}")).await?;
    }
    tx.commit().await?;
    Ok(finished.is_none())
}
