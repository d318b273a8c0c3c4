//! The usage dashboards' addresses and navigation entries.

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
        <Route path=path!("console/usage") view=pages::PlatformUsagePage ssr=SsrMode::Async />
        <Route path=path!("usage") view=pages::TenantUsagePage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

pub const NAV: &[NavItem] = &[
    NavItem { href: "/console/usage", label: "Usage", roles: &[Role::Superadmin], group: NavGroup::Own },
    NavItem { href: "/usage", label: "Usage", roles: &[Role::TenantAdmin], group: NavGroup::Own },
];
