//! The nightly rollup: every tenant's funnel days become final.

use super::repo;
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::AppError;

pub const ROLLUP_KIND: &str = "analytics.rollup";

/// Refreshes each tenant's rollups in its own transaction; returns how many tenants.
pub async fn rollup(platform: &Platform) -> Result<usize, AppError> {
    let tenants = {
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        let tenants = repo::tenants(&mut tx).await?;
        tx.commit().await?;
        tenants
    };
    for tenant_id in &tenants {
        let mut tx = Db::begin_in_tenant(platform.db.write(), *tenant_id).await?;
        repo::refresh(&mut tx, *tenant_id, true).await?;
        tx.commit().await?;
    }
    Ok(tenants.len())
}
