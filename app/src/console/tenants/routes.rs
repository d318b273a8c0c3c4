//! The tenants' and plans' addresses: pages, a deleted tenant's export, navigation entries.

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
        <Route path=path!("console/tenants") view=pages::TenantsPage ssr=SsrMode::Async />
        <Route path=path!("console/tenants/:id") view=pages::TenantPage ssr=SsrMode::Async />
        <Route path=path!("console/plans") view=pages::PlansPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The export of a tenant being deleted, and the tenants page's old address.
#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use crate::platform::moved_pages::moved;
    use axum::routing::get;
    axum::Router::new()
        .route("/console/tenants/{id}/export.tar", get(super::deletion::download))
        .route("/tenants", get(|| async { moved(Some("/console/tenants".into())) }))
}

pub const NAV: &[NavItem] = &[
    NavItem { href: "/console/tenants", label: "Tenants", roles: &[Role::Superadmin], group: NavGroup::Own },
    NavItem { href: "/console/plans", label: "Plans", roles: &[Role::Superadmin], group: NavGroup::Own },
];
