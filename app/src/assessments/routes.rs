//! The assessments' addresses: pages, the old addresses of moved pages, navigation entries.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages;
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

/// The test page, reached with a candidate's link; the candidate bundle holds it alone (see
/// `CandidateApp`).
#[component(transparent)]
pub fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! { <Route path=path!("/take") view=pages::TakePage ssr=SsrMode::Async /> }.into_inner()
}

#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("assessments") view=pages::AssessmentsPage ssr=SsrMode::Async />
        <Route path=path!("assessments/bank") view=pages::BankPage ssr=SsrMode::Async />
        <Route path=path!("assessments/questions/:id") view=pages::QuestionPage ssr=SsrMode::Async />
        <Route path=path!("assessments/:id/results") view=pages::ResultsPage ssr=SsrMode::Async />
        <Route path=path!("assessments/sessions/:id/review") view=pages::ReviewPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The pages' old addresses, when the record was in the query string.
#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use crate::platform::moved_pages::{id, moved, Pairs};
    use axum::extract::Query;
    use axum::routing::get;
    axum::Router::new()
        .route(
            "/assessments/results",
            get(|Query(q): Pairs| async move {
                let attention = if q.get("attention").is_some_and(|v| v == "1") { "?attention=1" } else { "" };
                moved(id(&q, "id").map(|id| format!("/assessments/{id}/results{attention}")))
            }),
        )
        .route("/assessments/question", get(|Query(q): Pairs| async move { moved(id(&q, "id").map(|id| format!("/assessments/questions/{id}"))) }))
        .route("/assessments/review", get(|Query(q): Pairs| async move { moved(id(&q, "session").map(|id| format!("/assessments/sessions/{id}/review"))) }))
}

pub const NAV: &[NavItem] = &[
    NavItem { href: "/assessments", label: "Assessments", roles: &Role::RECRUITING, group: NavGroup::Recruiting },
    NavItem { href: "/assessments/bank", label: "Question bank", roles: &Role::RECRUITING, group: NavGroup::Recruiting },
];
