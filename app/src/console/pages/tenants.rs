use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::console::api::{list_tenants, CreateTenant, SetTenantStatus};
use crate::console::types::PLANS;
use crate::platform::Role;
use crate::ui::{
    action_error, ActionError, Card, Field, FormMessage, PageHeader, SubmitButton, BUTTON_DANGER_CLASS,
    BUTTON_SECONDARY_CLASS, INPUT_CLASS, Table, TD_CLASS,
};

const ACTIVE_BADGE_CLASS: &str = "rounded-full bg-emerald-100 px-2 py-1 text-xs font-medium text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100";
const SUSPENDED_BADGE_CLASS: &str = "rounded-full bg-amber-100 px-2 py-1 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100";

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
    let set_status = ServerAction::<SetTenantStatus>::new();
    let tenants = Resource::new(move || (create.version().get(), set_status.version().get()), |_| list_tenants());
    let error = action_error(create.value());
    let status_error = action_error(set_status.value());
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <Title text="Tenants" />
        <PageHeader title="Tenants" description="The organizations on the platform. Suspending one signs its people out and keeps them out until it is active again." />
        <div class="space-y-6">
            <Card title="Create a tenant">
                <ActionForm action=create attr:class="grid gap-4 md:grid-cols-2">
                    <Field label="Organization name" name="name" autocomplete="organization" required=true error />
                    <Field label="Address (slug)" name="slug" autocomplete="off" hint="Lowercase letters, digits and hyphens, e.g. acme-hiring." required=true error />
                    <div class="space-y-1">
                        <label for="tenant-plan" class="block text-sm font-medium text-slate-800 dark:text-slate-200">"Plan"</label>
                        <select id="tenant-plan" name="plan" class=INPUT_CLASS>
                            {PLANS.into_iter().map(|plan| view! { <option value=plan>{plan}</option> }).collect_view()}
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
            <ActionError error=status_error />
            {loaded(tenants, move |tenants| {
                let rows = tenants.into_iter().map(|tenant| {
                    let active = tenant.status == "active";
                    let (next, label, class) = if active {
                        ("suspended", "Suspend", BUTTON_DANGER_CLASS)
                    } else {
                        ("active", "Reactivate", BUTTON_SECONDARY_CLASS)
                    };
                    view! {
                        <tr>
                            <td class=TD_CLASS>
                                <div class="font-medium">{tenant.name.clone()}</div>
                                <div class="text-xs text-slate-600 dark:text-slate-400">{tenant.slug.clone()}</div>
                            </td>
                            <td class=TD_CLASS>{tenant.plan.clone()}</td>
                            <td class=TD_CLASS>{tenant.members}</td>
                            <td class=TD_CLASS>
                                <span class=if active { ACTIVE_BADGE_CLASS } else { SUSPENDED_BADGE_CLASS }>
                                    {tenant.status.clone()}
                                </span>
                            </td>
                            <td class=TD_CLASS>
                                <ActionForm action=set_status>
                                    <input type="hidden" name="tenant_id" value=tenant.id.to_string() />
                                    <input type="hidden" name="status" value=next />
                                    <button type="submit" class=class>{label}<span class="sr-only">{format!(" {}", tenant.name)}</span></button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <Card title="All tenants">
                        <Table columns=&["Organization", "Plan", "Members", "Status", ""]>{rows}</Table>
                    </Card>
                }
            })}
        </div>
    }
}
