//! What job boards and search engines read: the jobs feed in Indeed's XML format (the
//! other boards read the same shape) and the careers site's sitemap.

use axum::extract::{Extension, Path, Query, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Utc;

use super::repo;
use crate::platform::context::Platform;
use crate::platform::AppError;
use crate::recruiting::requisitions::postings::{adapter, FeedJob};
use crate::recruiting::requisitions::types::Portal;

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/careers/{slug}/jobs.xml", get(jobs_feed)).route("/careers/{slug}/sitemap.xml", get(sitemap))
}

/// `GET /careers/{slug}/jobs.xml[?portal=indeed|linkedin|naukri]`: the open jobs with a live
/// posting (to that board, or to any), each as that board's adapter maps it.
async fn jobs_feed(Extension(platform): Extension<Platform>, Path(slug): Path<String>, request: Request) -> Response {
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(request.uri()).map(|q| q.0).unwrap_or_default();
    let portal = match pairs.iter().find(|(k, _)| k == "portal").map(|(_, v)| v.as_str()) {
        None | Some("") => None,
        Some(name) => match name.parse::<Portal>() {
            Ok(portal) => Some(portal),
            Err(_) => return (StatusCode::BAD_REQUEST, "Unknown portal: use indeed, linkedin or naukri.").into_response(),
        },
    };
    let read = async {
        let (tenant, mut tx) = repo::open(&platform.flags, platform.db.read(None).await, &slug).await?;
        if !tenant.active {
            return Err(AppError::NotFound);
        }
        let jobs = repo::feed_jobs(&mut tx, tenant.id, portal).await?;
        tx.commit().await?;
        Ok((tenant, jobs))
    };
    let (tenant, jobs) = match read.await {
        Ok(found) => found,
        Err(error) => return failed(error),
    };
    let careers_url = format!("{}/careers/{}", platform.settings.public_url, tenant.slug);
    let mapping = adapter(portal.unwrap_or(Portal::Indeed));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<source>\n");
    xml.push_str(&format!("<publisher>{}</publisher>\n", escape(&tenant.name)));
    xml.push_str(&format!("<publisherurl>{}</publisherurl>\n", escape(&careers_url)));
    xml.push_str(&format!("<lastBuildDate>{}</lastBuildDate>\n", Utc::now().format("%a, %d %b %Y %H:%M:%S GMT")));
    for (source, posted) in &jobs {
        let job = mapping.feed_job(source);
        xml.push_str(&job_entry(&job, &tenant.name, &format!("{careers_url}/jobs/{}", job.reference), &posted.format("%a, %d %b %Y %H:%M:%S GMT").to_string()));
    }
    xml.push_str("</source>\n");
    xml_response(xml)
}

fn job_entry(job: &FeedJob, company: &str, url: &str, date: &str) -> String {
    let mut fields: Vec<(&str, String)> = vec![
        ("title", job.title.clone()),
        ("date", date.to_owned()),
        ("referencenumber", job.reference.to_string()),
        ("url", url.to_owned()),
        ("company", company.to_owned()),
        ("city", job.city.clone()),
        ("country", job.country.clone()),
        ("description", job.description_html.clone()),
    ];
    if let Some(salary) = &job.salary {
        fields.push(("salary", salary.clone()));
    }
    fields.push(("jobtype", job.job_type.to_owned()));
    if !job.category.is_empty() {
        fields.push(("category", job.category.clone()));
    }
    if job.remote {
        fields.push(("remotetype", "Fully remote".to_owned()));
    }
    if let Some(expires) = job.expires {
        fields.push(("expirationdate", expires.to_string()));
    }
    let mut entry = String::from("<job>\n");
    for (name, value) in fields {
        entry.push_str(&format!("<{name}>{}</{name}>\n", cdata(&value)));
    }
    entry.push_str("</job>\n");
    entry
}

/// `GET /careers/{slug}/sitemap.xml`: the careers page and every job on it.
async fn sitemap(Extension(platform): Extension<Platform>, Path(slug): Path<String>) -> Response {
    let read = async {
        let (tenant, mut tx) = repo::open(&platform.flags, platform.db.read(None).await, &slug).await?;
        if !tenant.active {
            return Err(AppError::NotFound);
        }
        let jobs = repo::sitemap(&mut tx, tenant.id).await?;
        tx.commit().await?;
        Ok((tenant, jobs))
    };
    let (tenant, jobs) = match read.await {
        Ok(found) => found,
        Err(error) => return failed(error),
    };
    let careers_url = format!("{}/careers/{}", platform.settings.public_url, tenant.slug);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    xml.push_str(&format!("<url><loc>{}</loc></url>\n", escape(&careers_url)));
    for (id, updated) in jobs {
        xml.push_str(&format!("<url><loc>{}</loc><lastmod>{}</lastmod></url>\n", escape(&format!("{careers_url}/jobs/{id}")), updated.date_naive()));
    }
    xml.push_str("</urlset>\n");
    xml_response(xml)
}

fn xml_response(xml: String) -> Response {
    ([(header::CONTENT_TYPE, "application/xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=300")], xml).into_response()
}

fn failed(error: AppError) -> Response {
    error.into_response()
}

/// Only characters XML 1.0 allows: control characters other than tab and line breaks would make the feed invalid.
fn xml_text(text: &str) -> String {
    text.chars().filter(|&c| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')).collect()
}

fn escape(text: &str) -> String {
    xml_text(text).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// A CDATA section holding `text` exactly: a `]]>` inside is split across two sections.
pub fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", xml_text(text).replace("]]>", "]]]]><![CDATA[>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdata_cannot_be_closed_early() {
        assert_eq!(cdata("a]]>b"), "<![CDATA[a]]]]><![CDATA[>b]]>");
        assert_eq!(cdata("bell\u{7}"), "<![CDATA[bell]]>");
        assert_eq!(escape("R&D <x> \"q\" 'a'"), "R&amp;D &lt;x&gt; &quot;q&quot; &apos;a&apos;");
    }
}
