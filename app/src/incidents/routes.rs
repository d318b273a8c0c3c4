//! The incidents' addresses and navigation entry.

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

/// The status page, open to everyone.
#[component(transparent)]
pub fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! { <Route path=path!("/status") view=pages::StatusPage ssr=SsrMode::Async /> }.into_inner()
}

#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! { <Route path=path!("console/incidents") view=pages::IncidentsPage ssr=SsrMode::Async /> }.into_inner()
}

pub const NAV: &[NavItem] = &[NavItem { href: "/console/incidents", label: "Incidents", roles: &[Role::Superadmin], group: NavGroup::Own }];
