//! The pipeline's addresses and navigation entry.

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
        <Route path=path!("jobs/:id/pipeline") view=pages::PipelinePage ssr=SsrMode::Async />
        <Route path=path!("jobs/:id/stages") view=pages::StagesPage ssr=SsrMode::Async />
        <Route path=path!("applications/:id") view=pages::ApplicationPage ssr=SsrMode::Async />
        <Route path=path!("settings/pipeline") view=pages::PipelineSettingsPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

pub const NAV: &[NavItem] = &[NavItem { href: "/settings/pipeline", label: "Pipeline settings", roles: &[Role::TenantAdmin], group: NavGroup::Own }];
