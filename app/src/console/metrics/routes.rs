//! The platform metrics' address and navigation entry.

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! { <Route path=path!("console/metrics") view=pages::MetricsPage ssr=SsrMode::Async /> }.into_inner()
}

pub const NAV: &[NavItem] = &[NavItem { href: "/console/metrics", label: "Metrics", roles: &[Role::Superadmin], group: NavGroup::Own }];
