use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::status_badge;
use crate::access::{loaded, signed_in_user, RoleGate};
use crate::platform::Role;
use crate::recruiting::requisitions::api::{
    deleted_requisitions, requisition_details, requisition_trail, ChangeRequisitionStatus, DeleteRequisition, DuplicateRequisition, RestoreRequisition,
};
use crate::recruiting::requisitions::types::*;
use crate::ui::{
    action_error, paragraphs, path_id, successes, ActionError, Card, CHECK_CLASS, FormMessage, PageHeader, SubmitButton, Table, TextArea, BUTTON_DANGER_CLASS,
    BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, HINT_CLASS, LINK_CLASS, TD_CLASS,
};

/// A requisition: its details, status and history, postings, and audit trail.
#[component]
pub fn RequisitionPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Requisition />
        </RoleGate>
    }
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[component]
fn Requisition() -> impl IntoView {
    let id = path_id();
    let change = ServerAction::<ChangeRequisitionStatus>::new();
    let changed = successes(change.value(), change.version());
    let page = Resource::new(move || (id(), changed.get()), |(id, _)| async move {
        match id {
            Some(id) => requisition_details(id).await,
            None => Err(crate::platform::AppError::NotFound),
        }
    });
    let slug = signed_in_user().tenant.map(|t| t.slug).unwrap_or_default();
    view! {
        <Title text="Requisition" />
        {loaded(page, move |page| {
            let r = page.requisition.clone();
            let description = if r.description.is_empty() {
                view! { <p class=HINT_CLASS>"No description yet."</p> }.into_any()
            } else {
                paragraphs(&r.description).into_any()
            };
            let careers = (r.published && r.status == Status::Open).then(|| format!("/careers/{slug}/jobs/{}", r.id));
            view! {
                <Title text=r.title.clone() />
                <PageHeader title=r.title.clone() description=format!("{} · {}", if r.department.is_empty() { "No department".to_owned() } else { r.department.clone() }, r.location()) />
                <div class="mb-6 flex flex-wrap items-center gap-3">
                    {status_badge(r.status)}
                    <span class="text-sm text-slate-700 dark:text-slate-300">{if r.published { "Published on the careers site" } else { "Not on the careers site" }}</span>
                    {careers.map(|href| view! { <a class=LINK_CLASS href=href>"View on the careers site"</a> })}
                    <a class=LINK_CLASS href="/jobs">"Back to jobs"</a>
                </div>
                <Actions requisition=r.clone() />
                <div class="grid gap-6 lg:grid-cols-3">
                    <div class="space-y-6 lg:col-span-2">
                        <Card title="Description">{description}</Card>
                        <StatusCard requisition=r.clone() history=page.history.clone() change />
                        <super::postings::PostingsCard requisition_id=r.id can_edit=r.can_edit />
                        <TrailCard id=r.id />
                    </div>
                    <Details requisition=r.clone() />
                </div>
            }
        })}
    }
}

#[component]
fn Actions(requisition: crate::recruiting::requisitions::types::Requisition) -> impl IntoView {
    let duplicate = ServerAction::<DuplicateRequisition>::new();
    let delete = ServerAction::<DeleteRequisition>::new();
    let errors = (action_error(duplicate.value()), action_error(delete.value()));
    let id = requisition.id.to_string();
    view! {
        <div class="mb-6 flex flex-wrap items-center gap-3">
            <a class=BUTTON_PRIMARY_CLASS href=format!("/jobs/{}/pipeline", requisition.id)>{format!("Pipeline ({})", requisition.applications)}</a>
            <a class=BUTTON_SECONDARY_CLASS href=format!("/jobs/{}/analytics", requisition.id)>"Analytics"</a>
            <a class=BUTTON_SECONDARY_CLASS href=format!("/jobs/{}/interviews", requisition.id)>"Interview plan"</a>
            {requisition.can_edit.then(|| view! { <a class=BUTTON_SECONDARY_CLASS href=format!("/jobs/{}/edit", requisition.id)>"Edit"</a> })}
            <ActionForm action=duplicate>
                <input type="hidden" name="id" value=requisition.id.to_string() />
                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Duplicate as a new draft"</button>
            </ActionForm>
            {requisition.can_edit.then(move || view! {
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class=BUTTON_DANGER_CLASS>"Delete"</button>
                </ActionForm>
            })}
            <ActionError error=errors.0 />
            <ActionError error=errors.1 />
        </div>
    }
}

#[component]
fn Details(requisition: crate::recruiting::requisitions::types::Requisition) -> impl IntoView {
    let r = requisition;
    let person = |m: &Option<Member>| m.as_ref().map(|m| m.name.clone()).unwrap_or_else(|| "—".into());
    let salary = r.salary.as_ref().map(|s| {
        let amount = |n: Option<f64>| n.map(|n| format!("{n:.0}")).unwrap_or_else(|| "…".into());
        format!("{} – {} {}{}", amount(s.min), amount(s.max), s.currency, if s.visible { " (shown to candidates)" } else { " (internal)" })
    });
    let rows: Vec<(&str, String)> = vec![
        ("Employment", r.employment_type.label().to_owned()),
        ("Openings", r.openings.to_string()),
        ("Salary", salary.unwrap_or_else(|| "—".into())),
        ("Application deadline", r.deadline.map(|d| d.to_string()).unwrap_or_else(|| "None".into())),
        ("Hiring manager", person(&r.hiring_manager)),
        ("Recruiter", person(&r.recruiter)),
        ("Hiring team", if r.team.is_empty() { "—".into() } else { r.team.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(", ") }),
        ("Required skills", if r.required_skills.is_empty() { "—".into() } else { r.required_skills.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ") }),
        ("Applications", r.applications.to_string()),
        ("Careers page views", r.view_count.to_string()),
        ("Created", format!("{} by {}", when(r.created_at), person(&r.created_by))),
        ("Last changed", when(r.updated_at)),
    ];
    view! {
        <Card title="Details">
            <dl class="space-y-3 text-sm">
                {rows.into_iter().map(|(term, value)| view! {
                    <div>
                        <dt class="font-medium text-slate-600 dark:text-slate-400">{term}</dt>
                        <dd class="text-slate-900 dark:text-slate-100">{value}</dd>
                    </div>
                }).collect_view()}
                <div>
                    <dt class="font-medium text-slate-600 dark:text-slate-400">"Assessments"</dt>
                    <dd>
                        {if r.assessments.is_empty() {
                            view! { <span class="text-slate-900 dark:text-slate-100">"None tied to it"</span> }.into_any()
                        } else {
                            view! {
                                <ul>{r.assessments.iter().map(|(id, title)| view! {
                                    <li><a class=LINK_CLASS href=format!("/assessments/{id}/results")>{title.clone()}</a></li>
                                }).collect_view()}</ul>
                            }.into_any()
                        }}
                    </dd>
                </div>
            </dl>
        </Card>
    }
}

#[component]
fn StatusCard(requisition: crate::recruiting::requisitions::types::Requisition, history: Vec<StatusChange>, change: ServerAction<ChangeRequisitionStatus>) -> impl IntoView {
    let error = action_error(change.value());
    let from = requisition.status;
    let moves = from.moves();
    view! {
        <section id="status" aria-labelledby="status-heading" class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <h2 id="status-heading" class="mb-4 text-lg font-semibold text-slate-900 dark:text-slate-100">"Status"</h2>
            {if requisition.can_edit {
                view! {
                    <ActionForm action=change attr:class="mb-6 space-y-4">
                        <input type="hidden" name="id" value=requisition.id.to_string() />
                        <fieldset>
                            <legend class="text-sm font-medium text-slate-800 dark:text-slate-200">{format!("It is {}. Move it to:", from.label().to_lowercase())}</legend>
                            <div class="mt-2 flex flex-wrap gap-x-6 gap-y-2">
                                {moves.iter().enumerate().map(|(i, to)| view! {
                                    <label class="flex items-center gap-2 text-sm">
                                        <input type="radio" name="to" value=to.as_str() checked=i == 0 class=CHECK_CLASS />
                                        {to.action_label(from)}
                                    </label>
                                }).collect_view()}
                            </div>
                        </fieldset>
                        <TextArea label="Reason" name="reason" rows=2 max_length=500 hint="Needed for on hold and closed; the hiring team is emailed." error />
                        <ActionError error />
                        <SubmitButton label="Change status" pending=change.pending() />
                        {move || change.value().get().and_then(Result::ok).map(|_| view! { <FormMessage success=true message="Status changed; the hiring team has been told." /> })}
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class=format!("{HINT_CLASS} mb-4")>"Only its creator, hiring manager, recruiter or an admin can change its status."</p> }.into_any()
            }}
            <h3 class="mb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">"History"</h3>
            <ol class="space-y-2 text-sm">
                {history.into_iter().map(|h| view! {
                    <li class="text-slate-800 dark:text-slate-200">
                        <span class="font-medium">{match h.from { Some(from) => format!("{} → {}", from.label(), h.to.label()), None => format!("Created as {}", h.to.label().to_lowercase()) }}</span>
                        {format!(" · {} · {}", h.by.unwrap_or_else(|| "Hirevoo (automatic)".into()), when(h.at))}
                        {(!h.reason.is_empty()).then(|| view! { <span class="block text-slate-600 dark:text-slate-400">{format!("Reason: {}", h.reason)}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn TrailCard(id: Uuid) -> impl IntoView {
    let query = use_query_map();
    let page = move || query.read().get("trail_page").and_then(|p| p.parse::<i64>().ok()).filter(|p| *p >= 1);
    let trail = Resource::new(page, move |page| requisition_trail(id, page));
    view! {
        <Card title="Audit trail">
            {loaded(trail, move |trail| view! {
                <p class="mb-3 text-sm" role="status">
                    {if trail.chain_intact {
                        "The audit chain verifies: these entries have not been altered."
                    } else {
                        "Warning: the audit chain does not verify. An entry was altered or removed."
                    }}
                </p>
                <Table columns=&["When", "Who", "What", "Changes"]>
                    {trail.entries.into_iter().map(|entry| view! {
                        <tr>
                            <td class=TD_CLASS>{when(entry.at)}</td>
                            <td class=TD_CLASS>
                                {entry.actor.clone().unwrap_or_else(|| "Hirevoo".into())}
                                {entry.ip.clone().map(|ip| view! { <span class="block text-xs text-slate-600 dark:text-slate-400">{ip}</span> })}
                            </td>
                            <td class=TD_CLASS>{entry.action.trim_start_matches("requisition.").replace('_', " ")}</td>
                            <td class=TD_CLASS>
                                <ul class="space-y-1">
                                    {entry.changes.into_iter().map(|c| view! {
                                        <li>
                                            <span class="font-medium">{c.field}": "</span>
                                            <del class="text-rose-800 dark:text-rose-300">{if c.old.is_empty() { "(empty)".to_owned() } else { shorten(&c.old) }}</del>
                                            " → "
                                            <ins class="text-emerald-800 no-underline dark:text-emerald-300">{if c.new.is_empty() { "(empty)".to_owned() } else { shorten(&c.new) }}</ins>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </td>
                        </tr>
                    }).collect_view()}
                </Table>
                <nav class="mt-3 flex gap-4 text-sm" aria-label="Audit trail pages">
                    <span>{format!("Page {} of {}", trail.page, trail.pages)}</span>
                    {(trail.page > 1).then(|| view! { <a class=LINK_CLASS href=format!("?trail_page={}#trail", trail.page - 1)>"Newer"</a> })}
                    {(trail.page < trail.pages).then(|| view! { <a class=LINK_CLASS href=format!("?trail_page={}#trail", trail.page + 1)>"Older"</a> })}
                </nav>
            })}
        </Card>
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 160;
    if text.chars().count() > MAX { format!("{}…", text.chars().take(MAX).collect::<String>()) } else { text.to_owned() }
}

/// Requisitions deleted in the last 30 days, for a tenant admin to restore.
#[component]
pub fn DeletedRequisitionsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::TenantAdmin]>
            <Deleted />
        </RoleGate>
    }
}

#[component]
fn Deleted() -> impl IntoView {
    let restore = ServerAction::<RestoreRequisition>::new();
    let restored = successes(restore.value(), restore.version());
    let error = action_error(restore.value());
    let deleted = Resource::new(move || restored.get(), |_| deleted_requisitions());
    view! {
        <Title text="Recently deleted requisitions" />
        <PageHeader title="Recently deleted" description=format!("Deleted requisitions can be restored for {RESTORE_DAYS} days; after that they are removed for good.") />
        <ActionError error />
        {loaded(deleted, move |rows| {
            if rows.is_empty() {
                return view! { <Card><p class="text-sm">"Nothing was deleted in the last 30 days."</p></Card> }.into_any();
            }
            view! {
                <Table columns=&["Requisition", "Deleted", ""]>
                    {rows.into_iter().map(|(id, title, at)| view! {
                        <tr>
                            <td class=TD_CLASS>{title.clone()}</td>
                            <td class=TD_CLASS>{when(at)}</td>
                            <td class=TD_CLASS>
                                <ActionForm action=restore>
                                    <input type="hidden" name="id" value=id.to_string() />
                                    <button type="submit" class=BUTTON_SECONDARY_CLASS aria-label=format!("Restore {title}")>"Restore"</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }).collect_view()}
                </Table>
            }.into_any()
        })}
    }
}
