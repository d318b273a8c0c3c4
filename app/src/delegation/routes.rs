//! The delegation service's addresses and navigation entries. A delegation admin's home and an
//! employee's home (`/`) are the service's (see `home`). The files are plain routes:
//! `/delegation/resumes/{id}` and `/delegation/proofs/{id}` are theirs, never a page's.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, SsrMode};

use super::pages::{admin, client, detail, people, DelegationPage};
use crate::platform::Role;
use crate::ui::{NavGroup, NavItem};

#[component(transparent)]
pub fn SignedInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("delegation") view=DelegationPage ssr=SsrMode::Async />
        <Route path=path!("delegation/new") view=client::NewDelegationPage ssr=SsrMode::Async />
        <Route path=path!("delegation/resumes") view=client::ResumesPage ssr=SsrMode::Async />
        <Route path=path!("delegation/mine") view=client::MyDelegationsPage ssr=SsrMode::Async />
        <Route path=path!("delegation/all") view=admin::AllDelegationsPage ssr=SsrMode::Async />
        <Route path=path!("delegation/clients") view=people::ClientsPage ssr=SsrMode::Async />
        <Route path=path!("delegation/employees") view=people::EmployeesPage ssr=SsrMode::Async />
        <Route path=path!("delegation/assignments") view=people::AssignmentsPage ssr=SsrMode::Async />
        <Route path=path!("delegation/admins") view=people::ServiceAdminsPage ssr=SsrMode::Async />
        <Route path=path!("delegation/settings") view=people::ServiceSettingsPage ssr=SsrMode::Async />
        // After the pages above, whose names it would otherwise take for an id.
        <Route path=path!("delegation/:id") view=detail::DelegationDetailPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The résumés and the proofs' screenshots.
#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use axum::routing::get;
    axum::Router::new()
        .route("/delegation/resumes/{id}", get(super::files::download_resume))
        .route("/delegation/proofs/{id}", get(super::files::screenshot))
}

/// The forms that carry a file, with their own body limits: mounted outside the site-wide one.
#[cfg(feature = "ssr")]
pub fn upload_routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    use super::types::{MAX_RESUME_BYTES, MAX_SCREENSHOT_BYTES};
    use axum::extract::DefaultBodyLimit;
    use axum::routing::post;
    axum::Router::new()
        .route("/delegation/resumes", post(super::files::upload_resume).layer(DefaultBodyLimit::max(MAX_RESUME_BYTES + 64 * 1024)))
        .route("/delegation/{id}/complete", post(super::files::upload_proof).layer(DefaultBodyLimit::max(MAX_SCREENSHOT_BYTES + 64 * 1024)))
}

/// An employee's home is their queue, and a delegation admin's the dashboard; superadmins reach
/// the dashboard's other pages from it.
pub const NAV: &[NavItem] = &[
    NavItem { href: "/delegation", label: "Delegation", roles: &[Role::Seeker, Role::Superadmin], group: NavGroup::Own },
    NavItem { href: "/delegation/admins", label: "Delegation admins", roles: &[Role::Superadmin], group: NavGroup::Own },
    NavItem { href: "/delegation/settings", label: "Delegation settings", roles: &[Role::Superadmin], group: NavGroup::Own },
    NavItem { href: "/", label: "Your queue", roles: &[Role::DelegationEmployee], group: NavGroup::Own },
    NavItem { href: "/", label: "Delegation", roles: &[Role::DelegationAdmin], group: NavGroup::Own },
    NavItem { href: "/delegation/all", label: "Delegations", roles: &[Role::DelegationAdmin], group: NavGroup::Own },
    NavItem { href: "/delegation/clients", label: "Clients", roles: &[Role::DelegationAdmin], group: NavGroup::Own },
    NavItem { href: "/delegation/employees", label: "Employees", roles: &[Role::DelegationAdmin], group: NavGroup::Own },
    NavItem { href: "/delegation/assignments", label: "Assignments", roles: &[Role::DelegationAdmin], group: NavGroup::Own },
];
