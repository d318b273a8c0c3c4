//! The people page's filtered list as a CSV download.

use axum::extract::{Extension, Query, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::repo::{self, Filters};
use super::types::*;
use crate::platform::context::{with_request, Access, Ctx, Platform};
use crate::platform::{csv, AppError};

/// `GET /candidates/export.csv?<the people page's query>`
pub async fn candidates_csv(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map(|q| q.0).unwrap_or_default();
    let query = CandidateQuery::from_pairs(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()));
    let rows = with_request(platform.clone(), parts, async {
        let filters = Filters::parse(&query)?;
        let mut ctx = Ctx::recruiter(Access::Read).await?;
        let rows = repo::all_people(&mut ctx.tx, ctx.tenant_id, &filters).await?;
        ctx.commit().await?;
        Ok::<_, AppError>(rows)
    })
    .await;
    match rows {
        Ok(rows) => {
            let mut out = String::from("id,name,email,location,source,tags,applications,updated\n");
            for row in rows {
                let fields = [
                    row.id.to_string(),
                    csv::field(&row.name),
                    csv::field(&row.email),
                    csv::field(&row.location),
                    row.source.clone(),
                    csv::field(&row.tags.join("; ")),
                    row.applications.to_string(),
                    row.updated_at.format("%Y-%m-%d").to_string(),
                ];
                out.push_str(&fields.join(","));
                out.push('\n');
            }
            ([(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"candidates.csv\"")], out).into_response()
        }
        Err(error) => error.into_response(),
    }
}
