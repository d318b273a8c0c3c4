//! The candidates' addresses: pages, the export, documents, the forms that carry a file, the
//! navigation entry.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::{import, pages};
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

/// The named pages under `candidates/` come before `candidates/:id`, which would take their
/// names for ids.
#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("candidates") view=pages::CandidatesPage ssr=SsrMode::Async />
        <Route path=path!("candidates/new") view=pages::NewCandidatePage ssr=SsrMode::Async />
        <Route path=path!("candidates/import") view=import::pages::ImportCandidatesPage ssr=SsrMode::Async />
        <Route path=path!("candidates/imports/:id") view=import::pages::CandidateImportPage ssr=SsrMode::Async />
        <Route path=path!("candidates/:id") view=pages::CandidatePage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The CSV export and a document's download.
#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use axum::routing::get;
    axum::Router::new().route("/candidates/export.csv", get(super::export::candidates_csv)).route("/files/{id}", get(super::documents::download))
}

/// The forms that carry a file: an import's CSV and a profile's document. Their bodies are far
/// larger than the site-wide limit, so they must be mounted outside it.
#[cfg(feature = "ssr")]
pub fn upload_routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use super::documents;
    use axum::extract::DefaultBodyLimit;
    use axum::routing::post;
    const MARGIN: usize = 1024 * 1024;
    axum::Router::new()
        .route("/candidates/imports", post(import::upload::import).layer(DefaultBodyLimit::max(import::types::MAX_IMPORT_BYTES + MARGIN)))
        .route("/candidates/{id}/documents", post(documents::upload).layer(DefaultBodyLimit::max(documents::MAX_DOCUMENT_BYTES + MARGIN)))
}

pub const NAV: &[NavItem] = &[NavItem { href: "/candidates", label: "Candidates", roles: &Role::RECRUITING, group: NavGroup::Recruiting }];
