use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::ui::path_id;
use crate::access::{loaded, RoleGate};
use crate::platform::{AppError, Role};
use crate::recruiting::requisitions::bulk::{bulk_dry_run, bulk_progress, BulkRequest, StartBulkOperation, UndoBulkOperation};
use crate::recruiting::requisitions::types::*;
use crate::ui::{action_error, ActionError, Card, PageHeader, SubmitButton, Table, LINK_CLASS, TD_CLASS};

/// The dry run of a bulk operation chosen on the dashboard, and the button that applies it.
#[component]
pub fn BulkPreviewPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Preview />
        </RoleGate>
    }
}

fn outcome_rows(outcomes: Vec<BulkOutcome>) -> impl IntoView {
    view! {
        <Table columns=&["Requisition", "Outcome", ""]>
            {outcomes.into_iter().map(|o| view! {
                <tr>
                    <td class=TD_CLASS>
                        {if o.title.is_empty() { view! { <span>{o.id.to_string()}</span> }.into_any() } else { view! { <a class=LINK_CLASS href=format!("/jobs/{}", o.id)>{o.title.clone()}</a> }.into_any() }}
                    </td>
                    <td class=TD_CLASS>{if o.ok { "✓ ".to_owned() } else { "✗ ".to_owned() }}{if o.ok { "Yes" } else { "No" }}</td>
                    <td class=TD_CLASS>{o.message}</td>
                </tr>
            }).collect_view()}
        </Table>
    }
}

#[component]
fn Preview() -> impl IntoView {
    let query = use_query_map();
    let request = Memo::new(move |_| {
        let q = query.read();
        let one = |key: &str| q.get(key).unwrap_or_default();
        BulkRequest { ids: q.get_all("ids").unwrap_or_default(), operation: one("operation"), to: one("to"), reason: one("reason"), manager: one("manager"), deadline: one("deadline") }
    });
    let dry_run = Resource::new(move || request.get(), |r| async move {
        let action = r.parse()?.1.describe();
        let outcomes = bulk_dry_run(r.ids.clone(), r.operation.clone(), r.to.clone(), r.reason.clone(), r.manager.clone(), r.deadline.clone()).await?;
        Ok::<_, AppError>((r, action, outcomes))
    });
    let start = ServerAction::<StartBulkOperation>::new();
    let error = action_error(start.value());
    view! {
        <Title text="Preview a bulk change" />
        <PageHeader title="Preview the changes" description="Nothing has changed yet. Check what will happen to each requisition, then apply." />
        <p class="mb-4"><a class=LINK_CLASS href="/jobs">"Back to jobs"</a></p>
        {loaded(dry_run, move |(request, action, outcomes)| {
            let ready = outcomes.iter().filter(|o| o.ok).count();
            let refused = outcomes.len() - ready;
            view! {
                <Card title=action>
                    <p class="mb-4 text-sm" role="status">{format!("{ready} will change; {refused} cannot.")}</p>
                    {outcome_rows(outcomes)}
                    <ActionForm action=start attr:class="mt-6 space-y-3">
                        {request.ids.iter().map(|id| view! { <input type="hidden" name="ids[]" value=id.clone() /> }).collect_view()}
                        <input type="hidden" name="operation" value=request.operation.clone() />
                        <input type="hidden" name="to" value=request.to.clone() />
                        <input type="hidden" name="reason" value=request.reason.clone() />
                        <input type="hidden" name="manager" value=request.manager.clone() />
                        <input type="hidden" name="deadline" value=request.deadline.clone() />
                        <ActionError error />
                        {(ready > 0).then(|| view! { <SubmitButton label=format!("Apply to {ready}") pending=start.pending() /> })}
                    </ActionForm>
                </Card>
            }
        })}
    }
}

/// A bulk operation's live progress and per-requisition outcome, with undo for status changes.
#[component]
pub fn BulkProgressPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Progress />
        </RoleGate>
    }
}

#[component]
fn Progress() -> impl IntoView {
    let id = path_id();
    let (tick, set_tick) = signal(0u32);
    let finished = RwSignal::new(false);
    let operation = Resource::new(move || (id(), tick.get()), |(id, _)| async move { bulk_progress(id.ok_or(AppError::NotFound)?).await });
    // Hydrated, the page asks again every second until the work is done, and then stops: a
    // page redrawn under the pointer could drop the undo form as it is used.
    Effect::new(move |_| {
        let ask_again = move || {
            if !finished.get_untracked() {
                set_tick.update(|t| *t += 1);
            }
        };
        if let Ok(handle) = set_interval_with_handle(ask_again, std::time::Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    });
    let undo = ServerAction::<UndoBulkOperation>::new();
    let undo_error = action_error(undo.value());
    // The undo's page is the place to watch it, whatever became of the form.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(undo_id)) = undo.value().get() {
            navigate(&format!("/jobs/bulk/{undo_id}"), Default::default());
        }
    });
    view! {
        <Title text="Bulk operation" />
        <PageHeader title="Bulk operation" />
        <p class="mb-4"><a class=LINK_CLASS href="/jobs">"Back to jobs"</a></p>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match operation.await {
                    Err(error) => view! { <crate::ui::FormMessage success=false message=error.to_string() /> }.into_any(),
                    Ok(op) => {
                        let done = matches!(op.status, BulkStatus::Done | BulkStatus::Failed);
                        finished.set(done);
                        let processed = op.succeeded + op.failed;
                        let label = match op.status {
                            BulkStatus::Queued => "Waiting to start".to_owned(),
                            BulkStatus::Running => format!("Working: {processed} of {}", op.total),
                            BulkStatus::Done => format!("Done: {} changed, {} could not be", op.succeeded, op.failed),
                            BulkStatus::Failed => "Stopped by an error".to_owned(),
                        };
                        view! {
                            {(!done).then(|| view! { <noscript><meta http-equiv="refresh" content="2" /></noscript> })}
                            <Card title=op.kind.replace('_', " ")>
                                <div class="space-y-4">
                                    <label for="bulk-progress" class="block text-sm font-medium">{label.clone()}</label>
                                    <progress id="bulk-progress" class="h-3 w-full" max=op.total value=processed aria-valuetext=label></progress>
                                    <p role="status" aria-live="polite" class="sr-only">{if done { "Finished." } else { "" }}</p>
                                    {op.undo_until.map(|until| view! {
                                        <ActionForm action=undo attr:class="flex flex-wrap items-center gap-3">
                                            <input type="hidden" name="id" value=op.id.to_string() />
                                            <SubmitButton label="Undo this change" pending=undo.pending() />
                                            <span class="text-sm text-slate-700 dark:text-slate-300">{format!("Possible until {}", until.format("%H:%M UTC"))}</span>
                                        </ActionForm>
                                    })}
                                    {op.undone_by.map(|undo_id| view! { <p class="text-sm">"Undone: " <a class=LINK_CLASS href=format!("/jobs/bulk/{undo_id}")>"see the undo"</a></p> })}
                                    <ActionError error=undo_error />
                                    {outcome_rows(op.outcomes)}
                                </div>
                            </Card>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
