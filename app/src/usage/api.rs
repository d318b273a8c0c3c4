//! The usage dashboard's server function: the platform's figures for a superadmin, their own
//! tenant's for a tenant admin, read from the rollups on the replica.

use leptos::prelude::*;

use super::types::*;
use crate::platform::AppError;

#[server]
pub async fn read_usage(#[server(default)] days: Option<i64>) -> Result<UsageReport, AppError> {
    use crate::platform::context::{platform, read_pool};
    use crate::platform::db::{Db, Scope};
    use crate::platform::{session, Role};

    let platform = platform()?;
    let user = session::require_role(&platform, &[Role::Superadmin, Role::TenantAdmin]).await?;
    let days = days.unwrap_or(DEFAULT_PERIOD);
    if !PERIODS.contains(&days) {
        return Err(AppError::invalid("days", "Choose one of the periods offered: 7, 30, 90 or 365 days."));
    }
    let (tenant_id, scope) = match user.role {
        Role::Superadmin => (None, Scope::Platform),
        _ => {
            let tenant_id = user.tenant_id()?;
            (Some(tenant_id), Scope::Tenant { tenant_id, user_id: user.user_id })
        }
    };
    let to = chrono::Utc::now().date_naive();
    let from = to - chrono::Duration::days(days - 1);
    let mut tx = Db::begin(read_pool(&platform).await, &scope).await?;
    let report = super::repo::report(&mut tx, tenant_id, from, to).await?;
    tx.commit().await?;
    Ok(report)
}
