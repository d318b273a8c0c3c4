//! Candidates: people in a tenant with skills, tags and documents, the people page with its
//! search (names, emails, résumé text, skills) and filters, adding them to requisitions,
//! importing them from a CSV file, and merging two records of one person.

pub mod api;
pub mod import;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod documents;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod input;
#[cfg(feature = "ssr")]
pub mod repo;

/// The forms that carry a file: an import's CSV and a profile's document. Their bodies are far
/// larger than the site-wide limit, so they must be mounted outside it.
#[cfg(feature = "ssr")]
pub fn upload_routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use axum::extract::DefaultBodyLimit;
    use axum::routing::post;
    const MARGIN: usize = 1024 * 1024;
    axum::Router::new()
        .route("/candidates/imports", post(import::upload::import).layer(DefaultBodyLimit::max(import::types::MAX_IMPORT_BYTES + MARGIN)))
        .route("/candidates/{id}/documents", post(documents::upload).layer(DefaultBodyLimit::max(documents::MAX_DOCUMENT_BYTES + MARGIN)))
}
