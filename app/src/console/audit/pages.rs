use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{audit_log, VerifyAuditChain};
use super::types::AuditFilters;
use crate::access::{loaded, signed_in_user, RoleGate};
use crate::platform::Role;
use crate::ui::{Card, FormMessage, PageHeader, SubmitButton, Table, BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS, TD_CLASS};

/// The audit log, filtered by the address's query: `/console/audit` for superadmins (every
/// organization's), `/audit` for a tenant admin (their own).
#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin, Role::TenantAdmin]>
            <AuditLog />
        </RoleGate>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        AuditFilters::from_pairs(|key| query.get(key))
    });
    let page = Resource::new(move || filters.get(), audit_log);
    let verify = ServerAction::<VerifyAuditChain>::new();
    // From the role, not from the page's answer: the form renders outside the page's Suspense,
    // and the server (before the answer) and the browser (after it) must build the same form.
    let everyone = signed_in_user().role == Role::Superadmin;
    let here = if everyone { "/console/audit" } else { "/audit" };
    view! {
        <Title text="Audit log" />
        <PageHeader title="Audit log" description="Every sensitive change: who, what, on what, when, with the details. Entries are chained by hash: changing or removing one breaks the chain from there." />
        <div class="space-y-6">
            <Card title="Filter">
                {move || {
                    let f = filters.get();
                    let field = |label: &'static str, name: &'static str, value: String, hint: &'static str| view! {
                        <div class="space-y-1">
                            <label for=format!("audit-{name}") class=LABEL_CLASS>{label}</label>
                            <input id=format!("audit-{name}") name=name value=value class=INPUT_CLASS aria-describedby=format!("audit-{name}-hint") />
                            <p id=format!("audit-{name}-hint") class=HINT_CLASS>{hint}</p>
                        </div>
                    };
                    view! {
                        <form method="get" action=here class="grid gap-3 md:grid-cols-3">
                            {everyone.then(|| field("Organization", "tenant", f.tenant.clone(), "Its address, e.g. acme."))}
                            {field("Actor", "actor", f.actor.clone(), "Part of their email.")}
                            {field("Action", "action", f.action.clone(), "Exact, or its start: flag. for every flag change.")}
                            {field("Target", "target", f.target.clone(), "Exact, e.g. tenant:… or flag:careers-site.")}
                            <div class="space-y-1">
                                <label for="audit-from" class=LABEL_CLASS>"From"</label>
                                <input id="audit-from" type="date" name="from" value=f.from.clone() class=INPUT_CLASS />
                            </div>
                            <div class="space-y-1">
                                <label for="audit-to" class=LABEL_CLASS>"To"</label>
                                <input id="audit-to" type="date" name="to" value=f.to.clone() class=INPUT_CLASS />
                            </div>
                            <div class="flex flex-wrap items-end gap-3 md:col-span-3">
                                <button type="submit" class=BUTTON_PRIMARY_CLASS>"Show entries"</button>
                                <a href=here class=LINK_CLASS>"Clear"</a>
                                <a href=format!("/audit/export.csv?{}", f.query()) class=BUTTON_SECONDARY_CLASS download="audit-log.csv">"Export CSV"</a>
                            </div>
                        </form>
                    }
                }}
            </Card>
            <Card title="Verify the chain">
                <ActionForm action=verify attr:class="flex flex-wrap items-center gap-3">
                    <SubmitButton label="Verify chain" pending=verify.pending() />
                    <span class=HINT_CLASS>"Recomputes every entry's hash from the first one."</span>
                </ActionForm>
                {move || verify.value().get().map(|result| match result {
                    Ok(message) => view! { <div class="mt-3"><FormMessage success=!message.contains("broken") message /></div> },
                    Err(error) => view! { <div class="mt-3"><FormMessage success=false message=error.to_string() /></div> },
                })}
            </Card>
            {loaded(page, move |page| {
                let next = page.next.map(|id| {
                    let query = filters.get_untracked().query();
                    format!("{here}?{}{}before={id}", query, if query.is_empty() { "" } else { "&" })
                });
                let everyone = page.everyone;
                let rows = page.entries.into_iter().map(|e| view! {
                    <tr>
                        <td class=TD_CLASS><span class="font-mono text-xs">{format!("#{}", e.id)}</span><div class="text-xs">{e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string()}</div></td>
                        {everyone.then(|| view! { <td class=TD_CLASS>{e.tenant.clone().unwrap_or_else(|| "platform".into())}</td> })}
                        <td class=TD_CLASS>{e.actor.clone().unwrap_or_else(|| "system".into())}</td>
                        <td class=TD_CLASS><span class="font-medium">{e.action.clone()}</span><div class="break-all text-xs">{e.target.clone()}</div></td>
                        <td class=TD_CLASS>
                            <details>
                                <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>"Details"<span class="sr-only">{format!(" of entry {}", e.id)}</span></summary>
                                <pre class="mt-2 max-w-xl overflow-x-auto whitespace-pre-wrap break-all text-xs">{serde_json::to_string_pretty(&e.details).unwrap_or_default()}</pre>
                            </details>
                        </td>
                    </tr>
                }).collect_view();
                let columns: &'static [&'static str] = if everyone { &["Entry", "Organization", "Actor", "Action and target", ""] } else { &["Entry", "Actor", "Action and target", ""] };
                view! {
                    <Card title="Entries">
                        <Table columns=columns>{rows}</Table>
                        {next.map(|href| view! { <p class="mt-4"><a href=href class=LINK_CLASS>"Older entries"</a></p> })}
                    </Card>
                }
            })}
        </div>
    }
}
