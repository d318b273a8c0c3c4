//! `/delegation/{id}`: one delegation for whoever may see it (its client, the employee holding
//! it, admins), with what each of them may do to it now.

use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

use super::super::api::*;
use super::super::types::*;
use super::{at, done_message, RouteOutcome, StatusBadge, FILE_INPUT_CLASS, MUTED_CLASS};
use crate::access::{loaded, signed_in_user};
use crate::platform::AppError;
use crate::ui::{
    action_error, paragraphs, path_id, successes, ActionError, Card, PageHeader, SubmitButton, TextArea, BUTTON_DANGER_CLASS, BUTTON_PRIMARY_CLASS,
    BUTTON_SECONDARY_CLASS, HINT_CLASS, LABEL_CLASS, LINK_CLASS,
};

const TERM_CLASS: &str = "text-sm font-medium text-slate-600 dark:text-slate-400";
const DEFINITION_CLASS: &str = "text-sm text-slate-900 dark:text-slate-100";

/// The page's server actions: each reloads the delegation once it succeeds.
#[derive(Clone, Copy)]
struct Actions {
    cancel: ServerAction<CancelDelegation>,
    review: ServerAction<ReviewProof>,
    start: ServerAction<StartDelegation>,
    fail: ServerAction<FailDelegation>,
    reassign: ServerAction<ReassignDelegation>,
}

#[component]
pub fn DelegationDetailPage() -> impl IntoView {
    let id = path_id();
    let me = signed_in_user().user_id;
    let actions = Actions {
        cancel: ServerAction::new(),
        review: ServerAction::new(),
        start: ServerAction::new(),
        fail: ServerAction::new(),
        reassign: ServerAction::new(),
    };
    let changed = (
        successes(actions.cancel.value(), actions.cancel.version()),
        successes(actions.review.value(), actions.review.version()),
        successes(actions.start.value(), actions.start.version()),
        successes(actions.fail.value(), actions.fail.version()),
        successes(actions.reassign.value(), actions.reassign.version()),
    );
    let shown = Resource::new(
        move || (id(), changed.0.get(), changed.1.get(), changed.2.get(), changed.3.get(), changed.4.get()),
        |(id, ..)| async move {
            match id {
                Some(id) => delegation(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text="Delegation" />
        <p class="mb-4 text-sm"><a href="/delegation" class=LINK_CLASS>"Back to delegation"</a></p>
        <RouteOutcome key="proof" done="sent" message="The proof is sent: the client will review it." />
        {loaded(shown, move |shown| detail_view(shown, me, actions))}
    }
}

fn detail_view(shown: DelegationView, me: Uuid, actions: Actions) -> impl IntoView {
    let DelegationView { detail: DelegationDetail { item, reason, events, proofs }, actor, resume_type_id } = shown;
    let waiting_proof = item.status == DelegationStatus::Completed && proofs.first().is_some_and(|proof| proof.review == Review::Waiting);
    let controls = match actor {
        Actor::Client => client_actions(item.id, item.status, waiting_proof, actions).into_any(),
        Actor::Employee if item.employee_id == Some(me) => employee_actions(item.id, item.status, actions).into_any(),
        Actor::Employee => ().into_any(),
        Actor::Admin(_) | Actor::Superadmin => admin_actions(item.id, item.status, actions).into_any(),
    };
    let heading = format!("{} at {}", item.title, item.company);
    let facts = vec![
        ("Company", item.company.clone().into_any()),
        ("Job title", item.title.clone().into_any()),
        ("Status", view! { <StatusBadge status=item.status /> }.into_any()),
        ("Priority", item.priority.label().into_any()),
        ("Deadline", at(item.deadline).into_any()),
        ("Delegated", at(item.delegated_at).into_any()),
        ("Client", item.client_name.clone().into_any()),
        ("Employee", item.employee_name.clone().unwrap_or_else(|| "Waiting for an employee with room".into()).into_any()),
        (
            "Résumé",
            view! { <a href=format!("/delegation/resumes/{resume_type_id}") rel="external" class=LINK_CLASS>{item.resume_type.clone()}</a> }.into_any(),
        ),
    ];
    view! {
        <Title text=heading.clone() />
        <PageHeader title=heading />
        <div class="space-y-6">
            <Card title="The job">
                <p class="mb-4 break-all text-sm">
                    <a href=item.job_url.clone() target="_blank" rel="noopener noreferrer" class=LINK_CLASS>{item.job_url.clone()}<span class="sr-only">" (opens in a new tab)"</span></a>
                </p>
                <dl class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                    {facts.into_iter().map(|(term, definition)| view! {
                        <div>
                            <dt class=TERM_CLASS>{term}</dt>
                            <dd class=DEFINITION_CLASS>{definition}</dd>
                        </div>
                    }).collect_view()}
                </dl>
                {reason.map(|reason| view! {
                    <div class="mt-4">
                        <p class=TERM_CLASS>"Reason given"</p>
                        <div class="mt-1">{paragraphs(&reason)}</div>
                    </div>
                })}
            </Card>
            {controls}
            <Card title="Proofs">
                {proofs_view(proofs)}
            </Card>
            <Card title="History">
                {history_view(events)}
            </Card>
        </div>
    }
}

fn proofs_view(proofs: Vec<Proof>) -> impl IntoView {
    if proofs.is_empty() {
        return view! { <p class=MUTED_CLASS>"No proof yet: the employee sends a screenshot once the application is sent."</p> }.into_any();
    }
    view! {
        <ul class="space-y-6">
            {proofs.into_iter().map(|proof| {
                let by = proof.completed_by_name.clone().unwrap_or_else(|| "the employee".into());
                let alt = format!("Screenshot of the sent application, by {by}, {}", at(proof.completed_at));
                view! {
                    <li class="space-y-2 border-b border-slate-200 pb-6 last:border-b-0 dark:border-slate-800">
                        <p class="text-sm font-medium">{format!("Sent by {by}, {}", at(proof.completed_at))}</p>
                        <a href=format!("/delegation/proofs/{}", proof.id) rel="external" target="_blank" class="block max-w-2xl">
                            <img src=format!("/delegation/proofs/{}", proof.id) alt=alt class="h-auto w-full rounded-lg border border-slate-200 dark:border-slate-700" />
                            <span class="sr-only">" (full size, in a new tab)"</span>
                        </a>
                        {(!proof.notes.is_empty()).then(|| view! { <div>{paragraphs(&proof.notes)}</div> })}
                        <p class="text-sm">
                            <span class="font-medium">{proof.review.label()}</span>
                            {proof.reviewed_at.map(|reviewed| format!(", {}", at(reviewed)))}
                        </p>
                        {proof.review_reason.clone().map(|reason| view! {
                            <div>
                                <p class=TERM_CLASS>"Why it was rejected"</p>
                                {paragraphs(&reason)}
                            </div>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

fn history_view(events: Vec<DelegationEvent>) -> impl IntoView {
    view! {
        <ol class="space-y-3">
            {events.into_iter().map(|event| {
                let what = match (event.kind, event.employee_name.as_deref()) {
                    (EventKind::Assigned | EventKind::Reassigned, Some(employee)) => format!("{} {employee}", event.kind.label()),
                    (kind, _) => kind.label().to_owned(),
                };
                let by = event.actor_name.map(|actor| format!(" by {actor}")).unwrap_or_default();
                view! {
                    <li class="text-sm">
                        <p><span class="font-medium">{what}</span>{by}</p>
                        <p class=HINT_CLASS>{at(event.at)}</p>
                        {event.note.map(|note| view! { <p class="whitespace-pre-line text-slate-700 dark:text-slate-300">{note}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// Cancelling, with an optional reason: the client's and the admins'.
fn cancel_form(id: Uuid, actions: Actions) -> impl IntoView {
    let error = action_error(actions.cancel.value());
    view! {
        <ActionForm action=actions.cancel attr:class="space-y-3">
            <ActionError error />
            <input type="hidden" name="id" value=id.to_string() />
            <TextArea label="Why (optional)" name="reason" id="cancel-reason" max_length=MAX_REASON_CHARS rows=2 error />
            <button type="submit" class=BUTTON_DANGER_CLASS disabled=move || actions.cancel.pending().get()>"Cancel the delegation"</button>
        </ActionForm>
    }
}

fn client_actions(id: Uuid, status: DelegationStatus, waiting_proof: bool, actions: Actions) -> impl IntoView {
    let review_error = action_error(actions.review.value());
    view! {
        {waiting_proof.then(|| view! {
            <Card title="Review the proof">
                <div class="space-y-4">
                    <p class=MUTED_CLASS>"Look at the screenshot below. Accept it if the application was sent as you asked; reject it with what is wrong, and it goes back to the employee."</p>
                    <ActionError error=review_error />
                    <ActionForm action=actions.review>
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="decision" value="accept" />
                        <button type="submit" class=BUTTON_PRIMARY_CLASS disabled=move || actions.review.pending().get()>"Accept the proof"</button>
                    </ActionForm>
                    <ActionForm action=actions.review attr:class="space-y-3">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="decision" value="reject" />
                        <TextArea label="What is wrong" name="reason" id="reject-reason" max_length=MAX_REASON_CHARS rows=3
                            hint="Required to reject: the employee reads it to send the application again." error=review_error />
                        <button type="submit" class=BUTTON_DANGER_CLASS disabled=move || actions.review.pending().get()>"Reject the proof"</button>
                    </ActionForm>
                </div>
            </Card>
        })}
        {status.is_open().then(|| view! {
            <Card title="Cancel">
                <div class="space-y-3">
                    <p class=MUTED_CLASS>"Withdraw it while it is not sent yet."</p>
                    {cancel_form(id, actions)}
                </div>
            </Card>
        })}
    }
}

fn employee_actions(id: Uuid, status: DelegationStatus, actions: Actions) -> impl IntoView {
    let start_error = action_error(actions.start.value());
    let fail_error = action_error(actions.fail.value());
    // The proof goes to a plain route, which answers in the page's address (`RouteOutcome`).
    let no_error = Signal::derive(|| None);
    status.is_open().then(|| view! {
        <Card title="Your work">
            <div class="space-y-6">
                {(status == DelegationStatus::Pending).then(|| view! {
                    <div class="space-y-2">
                        <ActionError error=start_error />
                        <ActionForm action=actions.start>
                            <input type="hidden" name="id" value=id.to_string() />
                            <SubmitButton label="Start" pending=actions.start.pending() />
                        </ActionForm>
                        <p class=HINT_CLASS>"Tells the client you are on it; you may also send the proof straight away."</p>
                    </div>
                })}
                <form method="post" action=format!("/delegation/{id}/complete") enctype="multipart/form-data" class="space-y-3">
                    <h3 class="text-base font-semibold">"Mark as completed"</h3>
                    <div class="space-y-1">
                        <label for="proof-screenshot" class=LABEL_CLASS>"Screenshot of the sent application"</label>
                        <input id="proof-screenshot" name="screenshot" type="file" accept="image/png,image/jpeg" required aria-describedby="proof-screenshot-hint" class=FILE_INPUT_CLASS />
                        <p id="proof-screenshot-hint" class=HINT_CLASS>{format!("PNG or JPEG, at most {} MB: the confirmation the site showed.", MAX_SCREENSHOT_BYTES / 1024 / 1024)}</p>
                    </div>
                    <TextArea label="Notes (optional)" name="notes" id="proof-notes" max_length=MAX_NOTE_CHARS rows=3
                        hint="What the client should know: the account you applied with, answers you gave." error=no_error />
                    <button type="submit" class=BUTTON_PRIMARY_CLASS>"Send the proof"</button>
                </form>
                <ActionForm action=actions.fail attr:class="space-y-3">
                    <h3 class="text-base font-semibold">"Could not apply"</h3>
                    <ActionError error=fail_error />
                    <input type="hidden" name="id" value=id.to_string() />
                    <TextArea label="Why" name="reason" id="fail-reason" max_length=MAX_REASON_CHARS rows=3
                        hint="Required: the posting closed, the site refused the application… The delegation ends as failed." error=fail_error />
                    <button type="submit" class=BUTTON_DANGER_CLASS disabled=move || actions.fail.pending().get()>"Could not apply"</button>
                </ActionForm>
            </div>
        </Card>
    })
}

fn admin_actions(id: Uuid, status: DelegationStatus, actions: Actions) -> impl IntoView {
    let reassign_error = action_error(actions.reassign.value());
    status.is_open().then(|| view! {
        <Card title="Administration">
            <div class="space-y-6">
                <div class="space-y-2">
                    <ActionError error=reassign_error />
                    {done_message(actions.reassign.value(), |message| message)}
                    <ActionForm action=actions.reassign>
                        <input type="hidden" name="id" value=id.to_string() />
                        <button type="submit" class=BUTTON_SECONDARY_CLASS disabled=move || actions.reassign.pending().get()>"Give to another employee"</button>
                    </ActionForm>
                    <p class=HINT_CLASS>"The next of the client's employees in turn who has room today; it starts over as pending."</p>
                </div>
                {cancel_form(id, actions)}
            </div>
        </Card>
    })
}
