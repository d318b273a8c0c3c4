//! The requisitions' addresses: pages, the CSV export, the navigation entry.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

/// The named pages under `jobs/` come before `jobs/:id`, which would take their names for ids.
#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("jobs") view=pages::JobsPage ssr=SsrMode::Async />
        <Route path=path!("jobs/new") view=pages::NewRequisitionPage ssr=SsrMode::Async />
        <Route path=path!("jobs/deleted") view=pages::DeletedRequisitionsPage ssr=SsrMode::Async />
        <Route path=path!("jobs/bulk") view=pages::BulkPreviewPage ssr=SsrMode::Async />
        <Route path=path!("jobs/bulk/:id") view=pages::BulkProgressPage ssr=SsrMode::Async />
        <Route path=path!("jobs/:id") view=pages::RequisitionPage ssr=SsrMode::Async />
        <Route path=path!("jobs/:id/edit") view=pages::EditRequisitionPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new().route("/jobs/export.csv", axum::routing::get(super::export::requisitions_csv))
}

pub const NAV: &[NavItem] = &[NavItem { href: "/jobs", label: "Jobs", roles: &Role::RECRUITING, group: NavGroup::Recruiting }];
