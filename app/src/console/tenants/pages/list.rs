use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::console::tenants::api::{list_plans, list_tenants, CreateTenant};
use crate::platform::Role;
use crate::ui::{action_error, successes, ActionError, Card, Field, FormMessage, PageHeader, SubmitButton, Table, INPUT_CLASS, LABEL_CLASS, LINK_CLASS, TD_CLASS};

use super::status_badge;

/// The superadmin's home: every tenant, and a form to create one with its first admin.
#[component]
pub fn TenantsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Tenants />
        </RoleGate>
    }
}

#[component]
fn Tenants() -> impl IntoView {
    let create = ServerAction::<CreateTenant>::new();
    let created_version = successes(create.value(), create.version());
    let tenants = Resource::new(move || created_version.get(), |_| list_tenants());
    let plans = Resource::new(|| (), |_| list_plans());
    let error = action_error(create.value());
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <Title text="Tenants" />
        <PageHeader title="Tenants" description="The organizations on the platform. Open one for its plan, quotas and usage, flags, members, audit trail and suspension." />
        <crate::console::metrics::pages::OpenAlerts />
        <div class="space-y-6">
            <Card title="Create a tenant">
                <ActionForm action=create attr:class="grid gap-4 md:grid-cols-2">
                    <Field label="Organization name" name="name" autocomplete="organization" required=true error />
                    <Field label="Address (slug)" name="slug" autocomplete="off" hint="Lowercase letters, digits and hyphens, e.g. acme-hiring." required=true error />
                    <div class="space-y-1">
                        <label for="tenant-plan" class=LABEL_CLASS>"Plan"</label>
                        <select id="tenant-plan" name="plan" class=INPUT_CLASS>
                            {loaded(plans, |plans| plans.into_iter().map(|plan| view! { <option value=plan.key.clone()>{plan.name.clone()}</option> }).collect_view())}
                        </select>
                    </div>
                    <Field label="First admin's email" name="admin_email" kind="email" autocomplete="off" required=true error />
                    <div class="md:col-span-2"><SubmitButton label="Create tenant" pending=create.pending() /></div>
                </ActionForm>
                <div class="mt-4">
                    <ActionError error />
                    {move || created().map(|message| view! { <FormMessage success=true message /> })}
                </div>
            </Card>
            {loaded(tenants, move |tenants| {
                let rows = tenants.into_iter().map(|tenant| view! {
                    <tr>
                        <td class=TD_CLASS>
                            <a href=format!("/console/tenants/{}", tenant.id) class=LINK_CLASS>{tenant.name.clone()}</a>
                            <div class="text-xs text-slate-600 dark:text-slate-400">{tenant.slug.clone()}</div>
                        </td>
                        <td class=TD_CLASS>{tenant.plan.clone()}</td>
                        <td class=TD_CLASS>{tenant.members}</td>
                        <td class=TD_CLASS>{status_badge(&tenant.status)}</td>
                    </tr>
                }).collect_view();
                view! {
                    <Card title="All tenants">
                        <Table columns=&["Organization", "Plan", "Members", "Status"]>{rows}</Table>
                    </Card>
                }
            })}
        </div>
    }
}
