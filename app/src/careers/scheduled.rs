//! Periodic work of the careers site.

use crate::platform::db::{Db, Scope};
use crate::platform::AppError;

pub const CLEAR_VIEW_HASHES_KIND: &str = "careers.clear_view_hashes";
/// Removes applications held for a confirmation that never came (`apply::remove_expired_held`).
pub const REMOVE_EXPIRED_HELD_KIND: &str = "careers.remove_expired_held";

/// Forgets the hashed visitors and daily salts older than yesterday (a view counts once per
/// day, so nothing needs them after), and rate-limit hits older than a day (no limit looks
/// further back). Returns how many visitor rows went.
pub async fn clear_view_hashes(db: &Db) -> Result<u64, AppError> {
    let mut tx = Db::begin(db.write(), &Scope::Platform).await?;
    let visitors = sqlx::query("delete from job_view_visitors where day < (now() at time zone 'utc')::date - 1")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query("delete from daily_salts where day < (now() at time zone 'utc')::date - 1").execute(&mut *tx).await?;
    sqlx::query("delete from rate_limit_hits where at < now() - interval '1 day'").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(visitors)
}
