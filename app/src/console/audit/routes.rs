//! The audit log's addresses: the page (a tenant admin's and the console's), its CSV export,
//! the navigation entries.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("audit") view=pages::AuditPage ssr=SsrMode::Async />
        <Route path=path!("console/audit") view=pages::AuditPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new().route("/audit/export.csv", axum::routing::get(super::export::audit_csv))
}

pub const NAV: &[NavItem] = &[
    NavItem { href: "/console/audit", label: "Audit log", roles: &[Role::Superadmin], group: NavGroup::Own },
    NavItem { href: "/audit", label: "Audit log", roles: &[Role::TenantAdmin], group: NavGroup::Own },
];
