//! `GET /audit/export.csv?<the page's filters>`: every matching entry, for the same readers.

use axum::extract::{Extension, Query, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::repo;
use super::types::AuditFilters;
use crate::platform::context::{with_request, Platform};
use crate::platform::db::{Db, Scope};
use crate::platform::{csv, AppError};

/// More than a year of a busy tenant's entries; past it, narrow the dates.
const EXPORT_LIMIT: i64 = 100_000;

pub async fn audit_csv(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map(|q| q.0).unwrap_or_default();
    let mut filters = AuditFilters::from_pairs(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()));
    filters.before = None;
    let rows = with_request(platform.clone(), parts, async {
        let (_, own) = super::api::reader(&platform).await?;
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        let resolved = repo::resolve(&mut tx, &filters, own).await?;
        let rows = repo::entries(&mut tx, &resolved, EXPORT_LIMIT).await?;
        tx.commit().await?;
        Ok::<_, AppError>(rows)
    })
    .await;
    match rows {
        Ok(rows) => {
            let mut out = String::from("id,at,tenant,actor,action,target,details\n");
            for row in rows {
                let fields = [
                    row.id.to_string(),
                    row.at.to_rfc3339(),
                    csv::field(row.tenant.as_deref().unwrap_or_default()),
                    csv::field(row.actor.as_deref().unwrap_or_default()),
                    csv::field(&row.action),
                    csv::field(&row.target),
                    csv::field(&row.details.to_string()),
                ];
                out.push_str(&fields.join(","));
                out.push('\n');
            }
            ([(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"audit-log.csv\"")], out).into_response()
        }
        Err(error) => error.into_response(),
    }
}
