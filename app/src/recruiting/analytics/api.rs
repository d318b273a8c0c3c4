//! The funnel reports' server functions: recruiters and tenant admins of the tenant.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo::{self, Scope},
    crate::platform::context::{Access, Ctx},
    crate::platform::Role,
    crate::recruiting::pipeline::repo::{requisition, Mover},
    chrono::NaiveDate,
};

#[cfg(feature = "ssr")]
fn checked_period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), AppError> {
    period(from, to, chrono::Utc::now().date_naive()).map_err(|message| AppError::invalid("from", message))
}

/// Brings the tenant's rollups up to date on the primary, so the report that follows (on the
/// replica once it has caught up) includes today.
#[cfg(feature = "ssr")]
async fn refreshed() -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    if repo::refresh(&mut ctx.tx, ctx.tenant_id, false).await? {
        ctx.commit().await
    } else {
        // Nothing written: no write position for the next reads to wait for.
        Ok(ctx.tx.commit().await?)
    }
}

/// A requisition's funnel over a period (`from`, `to`: ISO dates; the last 90 days by default).
#[server]
pub async fn requisition_funnel(requisition_id: Uuid, #[server(default)] from: String, #[server(default)] to: String) -> Result<RequisitionReport, AppError> {
    let (from, to) = checked_period(&from, &to)?;
    refreshed().await?;
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let mover = Mover { user_id: ctx.user.user_id, is_admin: ctx.user.role == Role::TenantAdmin };
    let title = requisition(&mut ctx.tx, ctx.tenant_id, requisition_id, mover).await?.title;
    let funnel = repo::funnel(&mut ctx.tx, ctx.tenant_id, Scope::Requisition(requisition_id), from, to).await?;
    ctx.commit().await?;
    Ok(RequisitionReport { requisition_id, title, funnel })
}

/// The tenant's funnel over a period, and by department, source and recruiter.
#[server]
pub async fn tenant_funnel(#[server(default)] from: String, #[server(default)] to: String) -> Result<TenantReport, AppError> {
    let (from, to) = checked_period(&from, &to)?;
    refreshed().await?;
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let report = TenantReport {
        funnel: repo::funnel(&mut ctx.tx, ctx.tenant_id, Scope::Tenant, from, to).await?,
        by_department: repo::breakdown(&mut ctx.tx, ctx.tenant_id, "department", from, to).await?,
        by_source: repo::breakdown(&mut ctx.tx, ctx.tenant_id, "source", from, to).await?,
        by_recruiter: repo::breakdown(&mut ctx.tx, ctx.tenant_id, "recruiter", from, to).await?,
    };
    ctx.commit().await?;
    Ok(report)
}
