//! The job sources' addresses and navigation entry.

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
        <Route path=path!("console/sources") view=pages::SourcesPage ssr=SsrMode::Async />
        <Route path=path!("console/sources/:id") view=pages::SourcePage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

pub const NAV: &[NavItem] = &[NavItem { href: "/console/sources", label: "Job sources", roles: &[Role::Superadmin], group: NavGroup::Own }];
