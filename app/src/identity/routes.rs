//! Identity's addresses: its pages and its navigation entry.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

/// Signing in and joining, for people not signed in.
#[component(transparent)]
pub fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/sign-in") view=pages::SignInPage ssr=SsrMode::Async />
        <Route path=path!("/sign-in/two-step") view=super::two_step::pages::TwoStepSignInPage ssr=SsrMode::Async />
        <Route path=path!("/forgot-password") view=pages::ForgotPasswordPage ssr=SsrMode::Async />
        <Route path=path!("/reset-password") view=pages::ResetPasswordPage ssr=SsrMode::Async />
        <Route path=path!("/join") view=pages::JoinPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("members") view=pages::MembersPage ssr=SsrMode::Async />
        <Route path=path!("account") view=pages::AccountPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

pub const NAV: &[NavItem] = &[NavItem {
    href: "/account",
    label: "Account",
    roles: &[Role::Superadmin, Role::TenantAdmin, Role::Recruiter, Role::Interviewer, Role::Candidate, Role::Seeker, Role::DelegationAdmin, Role::DelegationEmployee],
    group: NavGroup::Account,
}];
