use leptos::prelude::*;
use leptos_meta::Title;

use super::api::organization_overview;
use crate::access::{loaded, signed_in_user, RoleGate};
use crate::console::tenants::pages::TenantsPage;
use crate::identity::pages::MembersPage;
use crate::interviews::pages::InterviewsHomePage;
use crate::platform::Role;
use crate::ui::{Card, PageHeader, LINK_CLASS};

/// `/`: each role's home.
#[component]
pub fn HomePage() -> impl IntoView {
    match signed_in_user().role {
        Role::Superadmin => view! { <TenantsPage /> }.into_any(),
        Role::TenantAdmin => view! { <MembersPage /> }.into_any(),
        Role::Interviewer => view! { <InterviewsHomePage /> }.into_any(),
        Role::Seeker => view! { <crate::seekers::pages::SeekerHomePage /> }.into_any(),
        Role::DelegationAdmin => view! { <crate::delegation::pages::admin::AdminDashboardPage /> }.into_any(),
        Role::DelegationEmployee => view! { <crate::delegation::pages::employee::EmployeeQueuePage /> }.into_any(),
        _ => view! { <OverviewPage /> }.into_any(),
    }
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::TENANT_ROLES>
            <Overview />
        </RoleGate>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let me = signed_in_user();
    let data = Resource::new(|| (), |_| organization_overview());
    let first_name = me.display_name.split_whitespace().next().unwrap_or_default().to_owned();
    view! {
        <Title text="Overview" />
        <PageHeader title=format!("Welcome, {first_name}") description="Your organization at a glance." />
        {loaded(data, |overview| {
            if overview.role == Role::Candidate {
                return view! {
                    <Card title=overview.tenant_name.clone()>
                        <p class="text-sm text-slate-700 dark:text-slate-300">
                            "You are a candidate with " {overview.tenant_name.clone()} ". Assessments they invite you to arrive by email, and will be listed here."
                        </p>
                    </Card>
                }.into_any();
            }
            let total: i64 = overview.members_by_role.iter().map(|(_, n)| n).sum();
            let max = overview.members_by_role.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
            let bars = overview.members_by_role.iter().enumerate().map(|(i, (role, count))| {
                let width = 260.0 * *count as f64 / max as f64;
                let y = i as f64 * 36.0;
                view! {
                    <g>
                        <text x="0" y=y + 18.0 class="fill-slate-700 text-xs dark:fill-slate-300">{role.label()}</text>
                        <rect x="100" y=y + 4.0 width=width.max(2.0) height="20" rx="4" class="fill-indigo-500 dark:fill-indigo-400" />
                        <text x=108.0 + width.max(2.0) y=y + 18.0 class="fill-slate-900 text-xs font-semibold dark:fill-slate-100">{*count}</text>
                    </g>
                }
            }).collect_view();
            let summary = overview.members_by_role.iter().map(|(role, n)| format!("{n} {}", role.label().to_lowercase())).collect::<Vec<_>>().join(", ");
            view! {
                <div class="grid gap-6 md:grid-cols-3">
                    <Card title="Organization">
                        <p class="text-lg font-semibold">{overview.tenant_name.clone()}</p>
                        <p class="text-sm text-slate-600 dark:text-slate-400">{format!("{} plan", overview.plan)}</p>
                    </Card>
                    <Card title="People">
                        <p class="text-3xl font-bold">{total}</p>
                        <p class="text-sm text-slate-600 dark:text-slate-400">{format!("members, {} invitations pending", overview.pending_invitations)}</p>
                    </Card>
                    <Card title="Your role">
                        <p class="text-lg font-semibold">{overview.role.label()}</p>
                        <p class="text-sm"><a href="/account" class=LINK_CLASS>"Your account and sessions"</a></p>
                    </Card>
                </div>
                <div class="mt-6">
                    <Card title="Members by role">
                        <svg role="img" aria-label=format!("Members by role: {summary}") viewBox="0 0 420 144" class="h-auto w-full max-w-xl">
                            {bars}
                        </svg>
                    </Card>
                </div>
            }.into_any()
        })}
    }
}
