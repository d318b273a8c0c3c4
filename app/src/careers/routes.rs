//! The careers site's addresses: its pages, and its plain routes (feeds, sitemap, applying).

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;

#[component(transparent)]
pub fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/careers/:slug") view=pages::CareersSitePage ssr=SsrMode::Async />
        <Route path=path!("/careers/:slug/jobs/:id") view=pages::CareersJobPage ssr=SsrMode::Async />
        <Route path=path!("/careers/:slug/confirm") view=pages::CareersConfirmPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The job boards' feed and the sitemap.
#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    super::feeds::routes()
}

/// The application form's: it takes a body far larger than the site-wide limit, so it must be
/// mounted outside it.
#[cfg(feature = "ssr")]
pub fn upload_routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    super::apply::routes()
}
