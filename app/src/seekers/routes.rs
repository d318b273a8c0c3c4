//! The seekers' addresses and navigation entries. Their home is `/` (see `home`); their
//! profile is under `/profile`.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;
use super::profile::pages as profile;
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

#[component(transparent)]
pub fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/sign-up") view=pages::SignUpPage ssr=SsrMode::Async />
        <Route path=path!("/sign-up/confirm") view=pages::ConfirmSignUpPage ssr=SsrMode::Async />
        <Route path=path!("/account-deleted") view=profile::AccountDeletedPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("profile") view=profile::ProfilePage ssr=SsrMode::Async />
        <Route path=path!("profile/experience/:id") view=profile::ExperienceEditPage ssr=SsrMode::Async />
        <Route path=path!("profile/education/:id") view=profile::EducationEditPage ssr=SsrMode::Async />
        <Route path=path!("profile/resume") view=profile::ResumePage ssr=SsrMode::Async />
        <Route path=path!("profile/delete") view=profile::DeleteAccountPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The profile's download and an interview's calendar file.
#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new()
        .route("/profile/resume.json", axum::routing::get(super::profile::json_resume::download))
        .route("/job-search/interviews/{id}/calendar", axum::routing::get(super::calendar::interview_ics))
}

/// The profile's JSON Resume file, with its own body limit: mounted outside the site-wide one.
#[cfg(feature = "ssr")]
pub fn upload_routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use super::profile::types::MAX_RESUME_FILE_BYTES;
    axum::Router::new().route(
        "/profile/resume/file",
        axum::routing::post(super::profile::json_resume::upload).layer(axum::extract::DefaultBodyLimit::max(MAX_RESUME_FILE_BYTES + 64 * 1024)),
    )
}

/// The board itself is linked from the home page: it is a public page, outside this frame.
pub const NAV: &[NavItem] = &[
    NavItem { href: "/", label: "Your job search", roles: &[Role::Seeker], group: NavGroup::Own },
    NavItem { href: "/profile", label: "Your profile", roles: &[Role::Seeker], group: NavGroup::Own },
];
