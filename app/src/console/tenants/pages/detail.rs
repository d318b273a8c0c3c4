use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

use super::{status_badge, UsageTable};
use crate::access::{loaded, RoleGate};
use crate::console::flags::api::{tenant_flags, SetTenantFlag};
use crate::console::flags::pages::Badge;
use crate::console::impersonation::pages::ViewAsForm;
use super::deletion::DeletionCard;
use crate::console::tenants::api::{tenant_detail, CancelTenantDeletion, ChangeTenantPlan, ScheduleTenantDeletion, SetQuotaOverride, SetTenantStatus};
use crate::console::tenants::types::{Quota, TenantOverview};
use crate::platform::{AppError, Role};
use crate::ui::{
    action_error, path_id, successes, ActionError, Card, Field, FormMessage, PageHeader, SubmitButton, Table, TextArea, BUTTON_DANGER_CLASS,
    BUTTON_SECONDARY_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS, TD_CLASS,
};

/// `/console/tenants/{id}`: one tenant's profile, plan and quotas, usage, flags, members and audit trail.
#[component]
pub fn TenantPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Tenant />
        </RoleGate>
    }
}

fn message<T: Clone + Send + Sync + 'static>(action: ServerAction<T>) -> impl Fn() -> Option<AnyView> + Copy
where
    T: leptos::server_fn::ServerFn<Output = String, Error = AppError>,
{
    move || action.value().get().and_then(Result::ok).map(|message| view! { <FormMessage success=true message /> }.into_any())
}

#[component]
fn Tenant() -> impl IntoView {
    let id = path_id();
    let status = ServerAction::<SetTenantStatus>::new();
    let plan = ServerAction::<ChangeTenantPlan>::new();
    let quota = ServerAction::<SetQuotaOverride>::new();
    let flag = ServerAction::<SetTenantFlag>::new();
    let schedule = ServerAction::<ScheduleTenantDeletion>::new();
    let cancel = ServerAction::<CancelTenantDeletion>::new();
    let changed = (
        successes(status.value(), status.version()),
        successes(plan.value(), plan.version()),
        successes(quota.value(), quota.version()),
        successes(flag.value(), flag.version()),
        successes(schedule.value(), schedule.version()),
        successes(cancel.value(), cancel.version()),
    );
    let detail = Resource::new(
        move || (id(), changed.0.get(), changed.1.get(), changed.2.get(), changed.4.get(), changed.5.get()),
        |(id, ..)| async move { tenant_detail(id.ok_or(AppError::NotFound)?).await },
    );
    let flags = Resource::new(move || (id(), changed.3.get()), |(id, _)| async move { tenant_flags(id.ok_or(AppError::NotFound)?).await });
    view! {
        <Title text="Tenant" />
        <p class="mb-4"><a href="/" class=LINK_CLASS>"All tenants"</a></p>
        {loaded(detail, move |detail| {
            let (tenant_id, slug, deletion) = (detail.summary.id, detail.summary.slug.clone(), detail.deletion.clone());
            view! {
                <Profile detail status plan quota />
                <section class="mt-6"><DeletionCard tenant_id slug deletion schedule cancel /></section>
            }
        })}
        <section class="mt-6">
            <Card title="Feature flags in effect">
                <p class=format!("{HINT_CLASS} mb-3")>"As the server evaluates them for this organization. Switch one on or off here for this organization alone, or let it follow the flag's rules."</p>
                <ActionError error=action_error(flag.value()) />
                {message(flag)}
                {loaded(flags, move |flags| {
                    let rows = flags.into_iter().map(|f| {
                        let select_id = format!("flag-{}", f.key);
                        view! {
                            <tr>
                                <td class=TD_CLASS><a href=format!("/console/flags/{}", f.key) class=LINK_CLASS>{f.key.clone()}</a><div class=HINT_CLASS>{f.description.clone()}</div></td>
                                <td class=TD_CLASS><Badge text=if f.on { "on" } else { "off" } tone=if f.on { "on" } else { "off" } /><div class=HINT_CLASS>{f.because.clone()}</div></td>
                                <td class=TD_CLASS>
                                    <ActionForm action=flag attr:class="flex flex-wrap items-center gap-2">
                                        <input type="hidden" name="tenant_id" value=id().map(|i| i.to_string()).unwrap_or_default() />
                                        <input type="hidden" name="key" value=f.key.clone() />
                                        <label for=select_id.clone() class="sr-only">{format!("{} for this organization", f.key)}</label>
                                        <select id=select_id name="state" class=INPUT_CLASS>
                                            <option value="rules" selected=f.overridden.is_empty()>"Follow the rules"</option>
                                            <option value="on" selected=f.overridden == "on">"On for this organization"</option>
                                            <option value="off" selected=f.overridden == "off">"Off for this organization"</option>
                                        </select>
                                        <button type="submit" class=BUTTON_SECONDARY_CLASS>"Apply"<span class="sr-only">{format!(" to {}", f.key)}</span></button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view();
                    view! { <Table columns=&["Flag", "Now", "For this organization"]>{rows}</Table> }
                })}
            </Card>
        </section>
    }
}

#[component]
fn Profile(detail: TenantOverview, status: ServerAction<SetTenantStatus>, plan: ServerAction<ChangeTenantPlan>, quota: ServerAction<SetQuotaOverride>) -> impl IntoView {
    let TenantOverview { summary, suspended_reason, suspended_at, usage, plans, members, audit, .. } = detail;
    let tenant_id: Uuid = summary.id;
    let active = summary.status == "active";
    let status_error = action_error(status.value());
    let plan_error = action_error(plan.value());
    let quota_error = action_error(quota.value());
    let careers = format!("/careers/{}", summary.slug);
    let current_plan = summary.plan.clone();
    let view_as = active.then(|| {
        let members = members.clone();
        view! {
            <h3 class="mb-2 mt-6 text-sm font-semibold">"View as a member"</h3>
            <ViewAsForm tenant_id members />
        }
    });
    view! {
        <PageHeader title=summary.name.clone() description=format!("{} · created {}", summary.slug, summary.created_at.format("%Y-%m-%d")) />
        <div class="grid gap-6 lg:grid-cols-2">
            <Card title="Profile">
                <dl class="grid grid-cols-2 gap-2 text-sm">
                    <dt class="font-medium">"Status"</dt><dd>{status_badge(&summary.status)}</dd>
                    <dt class="font-medium">"Plan"</dt><dd>{summary.plan.clone()}</dd>
                    <dt class="font-medium">"Members"</dt><dd>{summary.members}</dd>
                    <dt class="font-medium">"Careers site"</dt><dd><a href=careers.clone() class=LINK_CLASS>{careers.clone()}</a></dd>
                </dl>
                {suspended_reason.clone().map(|reason| view! {
                    <p class="mt-3 text-sm">{format!("Suspended {}: {reason}", suspended_at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default())}</p>
                })}
                <div class="mt-4">
                    <ActionForm action=status attr:class="space-y-3">
                        <input type="hidden" name="tenant_id" value=tenant_id.to_string() />
                        <input type="hidden" name="status" value=if active { "suspended" } else { "active" } />
                        {active.then(|| view! { <TextArea label="Reason for suspending" name="reason" hint="Its people see this, with whom to contact." max_length=500 rows=2 error=status_error /> })}
                        <button type="submit" class=if active { BUTTON_DANGER_CLASS } else { BUTTON_SECONDARY_CLASS }>{if active { "Suspend" } else { "Reactivate" }}</button>
                    </ActionForm>
                    <ActionError error=status_error />
                    {message(status)}
                </div>
            </Card>
            <Card title="Plan">
                <ActionForm action=plan attr:class="flex flex-wrap items-end gap-3">
                    <input type="hidden" name="tenant_id" value=tenant_id.to_string() />
                    <div class="space-y-1">
                        <label for="tenant-plan" class=LABEL_CLASS>"Plan"</label>
                        <select id="tenant-plan" name="plan" class=INPUT_CLASS>
                            {plans.iter().map(|p| view! { <option value=p.key.clone() selected=p.key == current_plan>{format!("{}{}", p.name, if p.custom { " (custom)" } else { "" })}</option> }).collect_view()}
                        </select>
                    </div>
                    <SubmitButton label="Change plan" pending=plan.pending() />
                </ActionForm>
                <div class="mt-2"><ActionError error=plan_error />{message(plan)}</div>
                <p class=format!("{HINT_CLASS} mt-2")><a href="/console/plans" class=LINK_CLASS>"Plans and their quotas"</a></p>
            </Card>
        </div>
        <section class="mt-6">
            <Card title="Usage and quotas">
                <UsageTable usage />
                <h3 class="mt-6 text-sm font-semibold">"Override a quota for this organization"</h3>
                <ActionForm action=quota attr:class="mt-2 grid gap-3 md:grid-cols-4">
                    <input type="hidden" name="tenant_id" value=tenant_id.to_string() />
                    <div class="space-y-1">
                        <label for="quota-resource" class=LABEL_CLASS>"Quota"</label>
                        <select id="quota-resource" name="resource" class=INPUT_CLASS>
                            {Quota::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="space-y-1">
                        <label for="quota-mode" class=LABEL_CLASS>"Set to"</label>
                        <select id="quota-mode" name="mode" class=INPUT_CLASS>
                            <option value="limit">"A limit"</option>
                            <option value="unlimited">"Unlimited"</option>
                            <option value="plan">"The plan's quota"</option>
                        </select>
                    </div>
                    <Field label="Limit" name="quota" kind="number" hint="For storage, in MB." error=quota_error />
                    <div class="self-end"><SubmitButton label="Save quota" pending=quota.pending() /></div>
                </ActionForm>
                <div class="mt-2"><ActionError error=quota_error />{message(quota)}</div>
            </Card>
        </section>
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <Card title="Members">
                <Table columns=&["Name", "Role", "Joined"]>
                    {members.into_iter().map(|m| view! {
                        <tr>
                            <td class=TD_CLASS>{m.name}<div class=HINT_CLASS>{m.email}</div></td>
                            <td class=TD_CLASS>{m.role}</td>
                            <td class=TD_CLASS>{m.joined.format("%Y-%m-%d").to_string()}</td>
                        </tr>
                    }).collect_view()}
                </Table>
                {view_as}
            </Card>
            <Card title="Recent audit entries">
                <ul class="space-y-2 text-sm">
                    {audit.into_iter().map(|a| view! {
                        <li>
                            <span class="font-mono text-xs">{a.at.format("%Y-%m-%d %H:%M").to_string()}</span>" "
                            <span class="font-medium">{a.action}</span>" "{a.target}
                            <div class=HINT_CLASS>{a.actor.unwrap_or_else(|| "system".into())}</div>
                        </li>
                    }).collect_view()}
                </ul>
            </Card>
        </div>
    }
}
