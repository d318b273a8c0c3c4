//! Periodic work on requisitions: closing those past their deadline, purging the long deleted.

use serde_json::json;
use uuid::Uuid;

use super::repo::{self, MoveRule};
use super::types::Status;
use crate::platform::audit;
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::AppError;

pub const AUTO_CLOSE_KIND: &str = "recruiting.auto_close";
pub const PURGE_KIND: &str = "recruiting.purge_deleted";
pub const DEADLINE_REASON: &str = "Application deadline passed";

/// Closes open and on-hold requisitions whose deadline has passed, each exactly as a manual
/// close (history, audit, the hiring team's email), in its own transaction. Returns how many.
pub async fn auto_close(platform: &Platform) -> Result<usize, AppError> {
    let due = {
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        let due = repo::past_deadline(&mut tx).await?;
        tx.commit().await?;
        due
    };
    let mut closed = 0;
    for (tenant_id, id) in due {
        let mut tx = Db::begin(platform.db.write(), &Scope::Tenant { tenant_id, user_id: Uuid::nil() }).await?;
        match repo::change_status(&mut tx, true, tenant_id, None, id, Status::Closed, DEADLINE_REASON, MoveRule::Workflow).await {
            Ok(_) => {
                tx.commit().await?;
                closed += 1;
            }
            // Someone closed or deleted it meanwhile: nothing left to do.
            Err(AppError::NotFound | AppError::Invalid { .. }) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(closed)
}

/// Deletes for good the requisitions deleted longer ago than the restore window, audited.
pub async fn purge_deleted(platform: &Platform) -> Result<usize, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let purged = repo::purge_deleted(&mut tx).await?;
    for (tenant_id, id, title) in &purged {
        audit::record(&mut tx, audit::Entry {
            tenant_id: Some(*tenant_id),
            actor_id: None,
            action: "requisition.purge",
            target: repo::target(*id),
            details: json!({ "title": title }),
        })
        .await?;
    }
    tx.commit().await?;
    Ok(purged.len())
}
