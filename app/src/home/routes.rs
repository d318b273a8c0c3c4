//! The home pages' addresses and navigation entries.

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
        <Route path=path!("") view=pages::HomePage ssr=SsrMode::Async />
        <Route path=path!("overview") view=pages::OverviewPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// A tenant admin's home lists the members; a recruiter's is the overview.
pub const NAV: &[NavItem] = &[
    NavItem { href: "/", label: "Members", roles: &[Role::TenantAdmin], group: NavGroup::Own },
    NavItem { href: "/overview", label: "Overview", roles: &[Role::TenantAdmin, Role::Interviewer], group: NavGroup::Own },
    NavItem { href: "/", label: "Overview", roles: &[Role::Recruiter], group: NavGroup::Own },
    NavItem { href: "/", label: "Home", roles: &[Role::Candidate], group: NavGroup::Own },
];
