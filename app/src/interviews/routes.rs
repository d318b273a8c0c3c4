//! The interviews' addresses and navigation entries.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

/// Where a candidate picks one of the offered times, with the link they were sent.
#[component(transparent)]
pub fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! { <Route path=path!("/schedule") view=pages::PickTimePage ssr=SsrMode::Async /> }.into_inner()
}

#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("jobs/:id/interviews") view=pages::InterviewPlanPage ssr=SsrMode::Async />
        <Route path=path!("interviews") view=pages::InterviewsHomePage ssr=SsrMode::Async />
        <Route path=path!("interviews/calibration") view=pages::CalibrationPage ssr=SsrMode::Async />
        <Route path=path!("interviews/:id") view=pages::KitPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// An interviewer's own page first; for the recruiting roles, one of their work's.
pub const NAV: &[NavItem] = &[
    NavItem { href: "/interviews", label: "Interviews", roles: &[Role::Interviewer], group: NavGroup::Own },
    NavItem { href: "/interviews", label: "Interviews", roles: &Role::RECRUITING, group: NavGroup::Recruiting },
];
