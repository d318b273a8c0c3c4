use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::console::tenants::api::{list_plans, SavePlan};
use crate::console::tenants::types::{Plan, Quota};
use crate::platform::Role;
use crate::ui::{action_error, successes, ActionError, Card, Field, FormMessage, PageHeader, SubmitButton, HINT_CLASS};

/// `/console/plans`: the plans, their quotas, and custom plans.
#[component]
pub fn PlansPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Plans />
        </RoleGate>
    }
}

#[component]
fn Plans() -> impl IntoView {
    let save = ServerAction::<SavePlan>::new();
    let saved = successes(save.value(), save.version());
    let plans = Resource::new(move || saved.get(), |_| list_plans());
    let error = action_error(save.value());
    let done = move || save.value().get().and_then(Result::ok).map(|message| view! { <FormMessage success=true message /> });
    view! {
        <Title text="Plans" />
        <PageHeader title="Plans" description="What each plan allows. An empty quota is unlimited. Lowering a quota below what a tenant already uses is allowed: nothing is removed, but nothing more can be added." />
        <div class="mb-4 space-y-2"><ActionError error />{done}</div>
        <div class="grid gap-6 lg:grid-cols-2">
            {loaded(plans, move |plans| plans.into_iter().map(|plan| view! { <PlanForm plan=Some(plan) save /> }).collect_view())}
            <PlanForm plan=None save />
        </div>
    }
}

#[component]
fn PlanForm(plan: Option<Plan>, save: ServerAction<SavePlan>) -> impl IntoView {
    let error = action_error(save.value());
    let existing = plan.as_ref().map(|p| p.key.clone()).unwrap_or_default();
    let prefix = if existing.is_empty() { "new-plan".to_owned() } else { format!("plan-{existing}") };
    let title = match &plan {
        Some(p) => format!("{}{} · {} tenants", p.name, if p.custom { " (custom)" } else { "" }, p.tenants),
        None => "New custom plan".to_owned(),
    };
    let quotas: Vec<(Quota, String)> =
        Quota::ALL.into_iter().map(|q| (q, plan.as_ref().and_then(|p| p.quota(q)).map(|n| q.shown(n).to_string()).unwrap_or_default())).collect();
    let (is_new, name) = (plan.is_none(), plan.map(|p| p.name).unwrap_or_default());
    view! {
        <Card title=title>
            <ActionForm action=save attr:class="grid gap-3 md:grid-cols-2">
                <input type="hidden" name="existing" value=existing.clone() />
                {is_new.then(|| view! { <Field label="Key" id=format!("{prefix}-key") name="key" hint="Lowercase letters, digits and hyphens." required=true error /> })}
                <Field label="Name" id=format!("{prefix}-name") name="name" value=name required=true error />
                {quotas.into_iter().map(|(quota, value)| view! {
                    <Field label=quota.label() id=format!("{prefix}-{}", quota.as_str()) name=quota.as_str() kind="number" value error />
                }).collect_view()}
                <div class="md:col-span-2 flex items-center gap-3">
                    <SubmitButton label=if is_new { "Create plan" } else { "Save plan" } pending=save.pending() />
                    <span class=HINT_CLASS>"Empty means unlimited."</span>
                </div>
            </ActionForm>
        </Card>
    }
}
