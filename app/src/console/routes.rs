//! The console's own pages (the development outbox, the background jobs) and their entries.

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
        <Route path=path!("console/outbox") view=pages::OutboxPage ssr=SsrMode::Async />
        <Route path=path!("console/jobs") view=pages::JobsPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The outbox's old address.
#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use crate::platform::moved_pages::moved;
    axum::Router::new().route("/outbox", axum::routing::get(|| async { moved(Some("/console/outbox".into())) }))
}

pub const NAV: &[NavItem] = &[
    NavItem { href: "/console/outbox", label: "Outbox", roles: &[Role::Superadmin], group: NavGroup::Own },
    NavItem { href: "/console/jobs", label: "Background jobs", roles: &[Role::Superadmin], group: NavGroup::Own },
];
