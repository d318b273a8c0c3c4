use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::access::loaded;
use crate::interviews::api::{interview_slot_choice, PickInterviewSlot};
use crate::ui::{action_error, ActionError, Card, PageHeader, SubmitButton, CHECK_CLASS, HINT_CLASS};

/// `/schedule?token=…`: a candidate picks one of the times offered, without an account.
#[component]
pub fn PickTimePage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let pick = ServerAction::<PickInterviewSlot>::new();
    // After any attempt, taken or not, the list is read again: a time someone else took disappears.
    let choice = Resource::new(move || (token(), pick.version().get()), |(token, _)| interview_slot_choice(token));
    let error = action_error(pick.value());
    view! {
        <Title text="Choose your interview time" />
        <main id="main" class="mx-auto max-w-xl px-4 py-10">
            {loaded(choice, move |choice| {
                let heading = format!("{}: {} interview", choice.organization, choice.interview_title);
                view! {
                    <PageHeader title=heading description=format!("For {} · {} minutes · times in {}", choice.requisition_title, choice.duration_minutes, choice.time_zone) />
                    <Card>
                        {move || pick.value().get().and_then(Result::ok).map(|m| view! { <p role="status" class="mb-3 text-sm font-medium text-emerald-800 dark:text-emerald-300">{m}</p> })}
                        {match (choice.chosen.clone(), choice.slots.is_empty()) {
                            (Some(chosen), _) => view! { <p class="text-sm text-slate-900 dark:text-slate-100">{format!("Your interview is booked for {chosen}. The calendar invitation is in your email.")}</p> }.into_any(),
                            (None, true) => view! { <p class="text-sm text-slate-900 dark:text-slate-100">"All the times offered have been taken or have passed. Please reply to the email so the recruiter can offer new ones."</p> }.into_any(),
                            (None, false) => view! {
                                <ActionForm action=pick attr:class="space-y-4">
                                    <input type="hidden" name="token" value=token() />
                                    <fieldset>
                                        <legend class="text-sm font-semibold text-slate-900 dark:text-slate-100">"Choose the time that suits you"</legend>
                                        <div class="mt-2 space-y-2">
                                            {choice.slots.iter().enumerate().map(|(i, (id, text))| view! {
                                                <label class="flex items-center gap-3 text-sm text-slate-900 dark:text-slate-100">
                                                    <input type="radio" name="slot_id" value=id.to_string() checked=i == 0 class=CHECK_CLASS />
                                                    {text.clone()}
                                                </label>
                                            }).collect_view()}
                                        </div>
                                    </fieldset>
                                    <ActionError error />
                                    {move || error.get().filter(|e| e.field().is_some()).map(|e| view! { <p role="alert" class="text-sm text-red-700 dark:text-red-300">{e.to_string()}</p> })}
                                    <SubmitButton label="Book this time" pending=pick.pending() />
                                    <p class=HINT_CLASS>"A time someone else books first disappears from this list."</p>
                                </ActionForm>
                            }.into_any(),
                        }}
                    </Card>
                }
            })}
        </main>
    }
}
