//! The notifications' addresses and navigation entry.

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
        <Route path=path!("notifications") view=pages::NotificationsPage ssr=SsrMode::Async />
        <Route path=path!("notifications/preferences") view=pages::NotificationPreferencesPage ssr=SsrMode::Async />
        <Route path=path!("settings/notifications") view=pages::NotificationTemplatesPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

pub const NAV: &[NavItem] = &[NavItem { href: "/settings/notifications", label: "Email templates", roles: &[Role::TenantAdmin], group: NavGroup::Own }];
