//! The dashboard's filtered list as a CSV download: a plain route, so that a link downloads it.

use axum::extract::{Extension, Query, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::repo;
use super::types::{DashboardParams, DashboardRow};
use crate::platform::context::{with_request, Access, Ctx, Platform};
use crate::platform::{csv, AppError, Role};

/// At most this many rows in one export.
const MAX_ROWS: usize = 10_000;

/// `GET /jobs/export.csv?<the dashboard's query>`
pub async fn requisitions_csv(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map(|q| q.0).unwrap_or_default();
    let one = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let all = |key: &str| pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect();
    // The whole filtered list, not one page of it.
    let params = DashboardParams { page: String::new(), limit: String::new(), ..DashboardParams::from_query(one, all) };
    match with_request(platform, parts, rows(params)).await {
        Ok(rows) => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"requisitions.csv\"")],
            to_csv(&rows),
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

async fn rows(params: DashboardParams) -> Result<Vec<DashboardRow>, AppError> {
    let query = params.parse()?;
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    if !query.search.trim().is_empty() {
        crate::platform::db::loosen_search(&mut ctx.tx).await?;
    }
    let mut rows = repo::dashboard_rows(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, ctx.user.role == Role::TenantAdmin, &query, None).await?;
    ctx.commit().await?;
    rows.truncate(MAX_ROWS);
    Ok(rows)
}

fn to_csv(rows: &[DashboardRow]) -> String {
    let mut out = String::from("id,title,department,location,status,published,hiring_manager,applications,views,days_open,deadline\n");
    for row in rows {
        let fields = [
            row.id.to_string(),
            csv::field(&row.title),
            csv::field(&row.department),
            csv::field(&row.location),
            row.status.as_str().to_owned(),
            if row.published { "yes" } else { "no" }.to_owned(),
            csv::field(row.hiring_manager.as_deref().unwrap_or("")),
            row.applications.to_string(),
            row.views.to_string(),
            row.days_open.map(|d| d.to_string()).unwrap_or_default(),
            row.deadline.map(|d| d.to_string()).unwrap_or_default(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}
