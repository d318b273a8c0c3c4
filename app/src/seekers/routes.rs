//! The seekers' addresses and navigation entries. Their home is `/` (see `home`).

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

#[component(transparent)]
pub fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/sign-up") view=pages::SignUpPage ssr=SsrMode::Async />
        <Route path=path!("/sign-up/confirm") view=pages::ConfirmSignUpPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new().route("/job-search/interviews/{id}/calendar", axum::routing::get(super::calendar::interview_ics))
}

/// The board itself is linked from the home page: it is a public page, outside this frame.
pub const NAV: &[NavItem] = &[
    NavItem { href: "/", label: "Your job search", roles: &[Role::Seeker], group: NavGroup::Own },
];
