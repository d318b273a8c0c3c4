use leptos::prelude::*;
use uuid::Uuid;

use crate::access::{loaded, signed_in_user};
use crate::recruiting::requisitions::postings::{requisition_postings, PostRequisition, WithdrawPosting};
use crate::recruiting::requisitions::types::{Portal, PostingStatus};
use crate::ui::{action_error, successes, ActionError, Card, SubmitButton, Table, CHECK_CLASS, BUTTON_SECONDARY_CLASS, HINT_CLASS, LINK_CLASS, TD_CLASS};

/// Where the requisition is posted: each job board's status, posting to more, and withdrawing.
#[component]
pub fn PostingsCard(requisition_id: Uuid, can_edit: bool) -> impl IntoView {
    let post = ServerAction::<PostRequisition>::new();
    let withdraw = ServerAction::<WithdrawPosting>::new();
    let changes = (successes(post.value(), post.version()), successes(withdraw.value(), withdraw.version()));
    let postings = Resource::new(move || (changes.0.get(), changes.1.get()), move |_| requisition_postings(requisition_id));
    let (post_error, withdraw_error) = (action_error(post.value()), action_error(withdraw.value()));
    let slug = signed_in_user().tenant.map(|t| t.slug).unwrap_or_default();
    let day = |at: Option<chrono::DateTime<chrono::Utc>>| at.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into());
    view! {
        <Card title="Job boards">
            <p class=format!("{HINT_CLASS} mb-3")>
                "A posted job appears in the feed job boards read, "
                <a class=LINK_CLASS href=format!("/careers/{slug}/jobs.xml")>"jobs.xml"</a>
                ", until it expires (30 days) or the requisition closes."
            </p>
            {loaded(postings, move |postings| {
                let posted: Vec<Portal> = postings.iter().filter(|p| p.status == PostingStatus::Posted).map(|p| p.portal).collect();
                view! {
                    {(!postings.is_empty()).then(move || view! {
                        <Table columns=&["Board", "Status", "Posted", "Expires", ""]>
                            {postings.clone().into_iter().map(|p| view! {
                                <tr>
                                    <td class=TD_CLASS>{p.portal.label()}</td>
                                    <td class=TD_CLASS>{p.status.as_str()}{p.error.map(|e| format!(": {e}"))}</td>
                                    <td class=TD_CLASS>{day(p.posted_at)}</td>
                                    <td class=TD_CLASS>{day(p.expires_at)}</td>
                                    <td class=TD_CLASS>
                                        {(can_edit && p.status == PostingStatus::Posted).then(|| view! {
                                            <ActionForm action=withdraw>
                                                <input type="hidden" name="requisition_id" value=requisition_id.to_string() />
                                                <input type="hidden" name="portal" value=p.portal.as_str() />
                                                <button type="submit" class=BUTTON_SECONDARY_CLASS aria-label=format!("Withdraw from {}", p.portal.label())>"Withdraw"</button>
                                            </ActionForm>
                                        })}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </Table>
                    })}
                    {can_edit.then(|| view! {
                        <ActionForm action=post attr:class="mt-4 space-y-3">
                            <input type="hidden" name="requisition_id" value=requisition_id.to_string() />
                            <fieldset>
                                <legend class="text-sm font-medium text-slate-800 dark:text-slate-200">"Post to"</legend>
                                <div class="mt-2 flex flex-wrap gap-x-6 gap-y-2">
                                    {Portal::ALL.into_iter().filter(|p| !posted.contains(p)).map(|portal| view! {
                                        <label class="flex items-center gap-2 text-sm">
                                            <input type="checkbox" name="portals[]" value=portal.as_str() class=CHECK_CLASS />
                                            {portal.label()}
                                        </label>
                                    }).collect_view()}
                                </div>
                            </fieldset>
                            <ActionError error=post_error />
                            <SubmitButton label="Post" pending=post.pending() />
                        </ActionForm>
                    })}
                    <ActionError error=withdraw_error />
                }
            })}
        </Card>
    }
}
