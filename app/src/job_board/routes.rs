//! The job board's addresses.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;

#[component(transparent)]
pub fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/jobs-board") view=pages::BoardPage ssr=SsrMode::Async />
        <Route path=path!("/jobs-board/:id") view=pages::BoardJobPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}
