use leptos::prelude::*;
use uuid::Uuid;

use super::{when, AttributeTable, ScorecardView};
use crate::access::loaded;
use crate::interviews::api::*;
use crate::interviews::types::*;
use crate::recruiting::requisitions::types::Member;
use crate::ui::{
    action_error, successes, ActionError, Card, Field, SubmitButton, TextArea, BUTTON_DANGER_CLASS, CHECK_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS,
    LINK_CLASS,
};

/// The application's interviews: scheduling, the calendar of each, and all the feedback.
#[component]
pub fn InterviewsCard(application_id: Uuid, requisition_id: Uuid) -> impl IntoView {
    let schedule = ServerAction::<ScheduleInterview>::new();
    let reschedule = ServerAction::<RescheduleInterview>::new();
    let cancel = ServerAction::<CancelInterview>::new();
    let status = ServerAction::<SetInterviewStatus>::new();
    let offer = ServerAction::<OfferInterviewTimes>::new();
    let self_scheduling = crate::access::signed_in_user().has_feature(crate::platform::flags::keys::SELF_SCHEDULING);
    let changed = (
        successes(schedule.value(), schedule.version()),
        successes(reschedule.value(), reschedule.version()),
        successes(cancel.value(), cancel.version()),
        successes(status.value(), status.version()),
        successes(offer.value(), offer.version()),
    );
    let data = Resource::new(
        move || (changed.0.get(), changed.1.get(), changed.2.get(), changed.3.get(), changed.4.get()),
        move |_| interviews_for_application(application_id),
    );
    let message = move || {
        let scheduled = schedule.value().get().and_then(Result::ok).map(|o| o.message);
        [scheduled, reschedule.value().get().and_then(Result::ok), cancel.value().get().and_then(Result::ok), status.value().get().and_then(Result::ok), offer.value().get().and_then(Result::ok)]
            .into_iter()
            .flatten()
            .next()
            .map(|m| view! { <p role="status" class="mb-3 text-sm text-emerald-800 dark:text-emerald-300">{m}</p> })
    };
    view! {
        <Card title="Interviews">
            {message}
            <ActionError error=action_error(cancel.value()) />
            <ActionError error=action_error(status.value()) />
            {loaded(data, move |data| {
                let can_act = data.can_schedule;
                let panel = data.panel.clone();
                view! {
                    {if data.interviews.is_empty() {
                        view! { <p class=HINT_CLASS>"No interviews yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mb-4 space-y-4">
                                {data.interviews.iter().map(|i| view! { <InterviewItem interview=i.clone() can_act reschedule cancel status /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {(!data.offers.is_empty()).then(|| view! {
                        <h3 class="mt-4 text-sm font-semibold text-slate-900 dark:text-slate-100">"Times offered to the candidate"</h3>
                        <ul class="mb-4 space-y-1 text-sm text-slate-900 dark:text-slate-100">
                            {data.offers.iter().map(|o| view! {
                                <li>{format!("{} · {}", o.slots.join("; "), if o.used { "a time was chosen".to_owned() } else { format!("link valid until {}", when(o.expires_at)) })}</li>
                            }).collect_view()}
                        </ul>
                    })}
                    {match (can_act, data.in_interview_stage, data.types.is_empty()) {
                        (false, _, _) => view! { <p class=HINT_CLASS>"Only the requisition's hiring team or an admin schedules interviews."</p> }.into_any(),
                        (true, false, _) => view! { <p class=HINT_CLASS>"Move the application to an interview stage to schedule interviews."</p> }.into_any(),
                        (true, true, true) => view! {
                            <p class=HINT_CLASS>"The requisition has no interview plan yet. "<a class=LINK_CLASS href=format!("/jobs/{requisition_id}/interviews")>"Plan its interviews"</a></p>
                        }.into_any(),
                        (true, true, false) => view! {
                            <details class="mt-2" open=data.interviews.is_empty()>
                                <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>"Schedule an interview"</summary>
                                <ScheduleForm application_id types=data.types.clone() panel=panel.clone() zones=data.panel_zones.clone() zone=data.scheduler_time_zone.clone() candidate_zone=data.candidate_time_zone.clone() schedule />
                            </details>
                            {self_scheduling.then(|| view! {
                                <details class="mt-2">
                                    <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>"Let the candidate choose a time"</summary>
                                    <OfferForm application_id types=data.types.clone() panel=panel.clone() zones=data.panel_zones.clone() zone=data.scheduler_time_zone.clone() candidate_zone=data.candidate_time_zone.clone() offer />
                                </details>
                            })}
                        }.into_any(),
                    }}
                    <h3 class="mt-6 text-base font-semibold text-slate-900 dark:text-slate-100">"Feedback"</h3>
                    {if data.scorecards.iter().all(|s| s.submitted_at.is_none()) {
                        view! { <p class=HINT_CLASS>"No scorecard submitted yet."</p> }.into_any()
                    } else {
                        view! {
                            <p class="mb-2 text-sm text-slate-900 dark:text-slate-100">
                                {data.scorecards.iter().filter(|s| s.submitted_at.is_some())
                                    .filter_map(|s| Some(format!("{}: {}", s.interviewer, recommendation_label(s.content.recommendation?))))
                                    .collect::<Vec<_>>().join(" · ")}
                            </p>
                            {(!data.summary.is_empty()).then(|| view! { <AttributeTable rows=data.summary.clone() caption="Ratings per attribute across the submitted scorecards" /> })}
                            <div class="mt-3 space-y-3">
                                {data.scorecards.iter().filter(|s| s.submitted_at.is_some()).map(|s| view! { <ScorecardView card=s.clone() /> }).collect_view()}
                            </div>
                        }.into_any()
                    }}
                }
            })}
        </Card>
    }
}

#[component]
fn InterviewItem(
    interview: ScheduledInterview,
    can_act: bool,
    reschedule: ServerAction<RescheduleInterview>,
    cancel: ServerAction<CancelInterview>,
    status: ServerAction<SetInterviewStatus>,
) -> impl IntoView {
    let i = interview;
    let id = i.summary.id;
    let live = i.summary.status.is_live();
    let error = action_error(reschedule.value());
    view! {
        <li class="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
            <p class="font-medium text-slate-900 dark:text-slate-100">
                <a class=LINK_CLASS href=format!("/interviews/{id}")>{format!("{} · {}", i.summary.title, i.summary.status.label())}</a>
            </p>
            <ul class="text-slate-800 dark:text-slate-200">
                {i.times.iter().map(|(who, time)| view! { <li>{format!("{who}: {time}")}</li> }).collect_view()}
            </ul>
            <p class="text-slate-800 dark:text-slate-200">{format!("{} minutes{}", i.duration_minutes, if i.summary.place.is_empty() { String::new() } else { format!(" · {}", i.summary.place) })}</p>
            <p class="text-slate-800 dark:text-slate-200">{format!("Interviewers: {}", i.summary.interviewers.join(", "))}</p>
            <details class="mt-1">
                <summary class=format!("{LINK_CLASS} cursor-pointer")>{format!("History (calendar version {})", i.sequence)}</summary>
                <ul class="mt-1 space-y-1">
                    {i.history.iter().map(|e| view! { <li>{format!("{} · {} · {}", e.what, e.actor.clone().unwrap_or_else(|| "the candidate".into()), when(e.at))}</li> }).collect_view()}
                </ul>
            </details>
            {(can_act && live).then(|| {
                let prefix = format!("re-{id}");
                view! {
                    <details class="mt-2">
                        <summary class=format!("{LINK_CLASS} cursor-pointer")>"Reschedule"</summary>
                        <ActionForm action=reschedule attr:class="mt-2 space-y-3">
                            <input type="hidden" name="interview_id" value=id.to_string() />
                            <div class="grid gap-3 md:grid-cols-3">
                                <Field label="New date and time" name="starts_at" id=format!("{prefix}-start") kind="datetime-local" value=String::new() error />
                                <Field label="In time zone" name="time_zone" id=format!("{prefix}-zone") value=i.time_zone.clone() error />
                                <Field label="Minutes" name="duration_minutes" id=format!("{prefix}-minutes") kind="number" value=i.duration_minutes.to_string() error />
                            </div>
                            <div class="grid gap-3 md:grid-cols-2">
                                <Field label="Location" name="location" id=format!("{prefix}-location") value=i.location.clone() error />
                                <Field label="Video link" name="video_url" id=format!("{prefix}-video") value=i.video_url.clone() error />
                            </div>
                            <Field label="Reason (shown in the history)" name="reason" id=format!("{prefix}-reason") error />
                            <label class="flex items-center gap-2 text-slate-900 dark:text-slate-100">
                                <input type="checkbox" name="despite_conflicts" value="on" class=CHECK_CLASS />
                                "Reschedule despite the conflicts"
                            </label>
                            <ConflictMessage error />
                            <ActionError error />
                            <SubmitButton label="Move the interview" pending=reschedule.pending() />
                        </ActionForm>
                    </details>
                    <div class="mt-2 flex flex-wrap items-end gap-2">
                        <super::StatusButtons interview_id=id current=i.summary.status status />
                        <ActionForm action=cancel attr:class="flex items-end gap-2">
                            <input type="hidden" name="interview_id" value=id.to_string() />
                            <div>
                                <label for=format!("cancel-{id}") class=LABEL_CLASS>"Reason"</label>
                                <input id=format!("cancel-{id}") name="reason" maxlength="500" class=INPUT_CLASS />
                            </div>
                            <button type="submit" class=BUTTON_DANGER_CLASS>"Cancel the interview"</button>
                        </ActionForm>
                    </div>
                }
            })}
        </li>
    }
}

/// The conflicts a scheduling form was refused for, which the person may confirm.
#[component]
fn ConflictMessage(error: Signal<Option<crate::platform::AppError>>) -> impl IntoView {
    move || {
        error.get().filter(|e| e.field() == Some("despite_conflicts")).map(|e| view! {
            <p role="alert" class="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">{e.to_string()}</p>
        })
    }
}

fn type_options(types: &[InterviewType]) -> impl IntoView + use<> {
    types.iter().map(|t| view! { <option value=t.id.to_string()>{format!("{} ({} min)", t.name, t.duration_minutes)}</option> }).collect_view()
}

fn panel_boxes(panel: &[Member], zones: &[(Uuid, String)], chosen: &[Uuid], prefix: &str) -> impl IntoView + use<> {
    let prefix = prefix.to_owned();
    view! {
        <fieldset>
            <legend class=LABEL_CLASS>"Interviewers"</legend>
            <div class="mt-1 grid gap-2 sm:grid-cols-2">
                {panel.iter().map(|m| view! {
                    <label class="flex items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
                        <input type="checkbox" name="interviewer_ids[]" id=format!("{prefix}-{}", m.id) value=m.id.to_string() checked=chosen.contains(&m.id) class=CHECK_CLASS />
                        {m.name.clone()}
                        <span class=HINT_CLASS>{zones.iter().find(|(id, _)| *id == m.id).map(|(_, zone)| zone.clone()).unwrap_or_default()}</span>
                    </label>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn ScheduleForm(application_id: Uuid, types: Vec<InterviewType>, panel: Vec<Member>, zones: Vec<(Uuid, String)>, zone: String, candidate_zone: String, schedule: ServerAction<ScheduleInterview>) -> impl IntoView {
    let error = action_error(schedule.value());
    let chosen = types.first().map(|t| t.default_interviewers.clone()).unwrap_or_default();
    view! {
        <ActionForm action=schedule attr:class="mt-3 space-y-3">
            <input type="hidden" name="application_id" value=application_id.to_string() />
            <div>
                <label for="schedule-type" class=LABEL_CLASS>"Interview"</label>
                <select id="schedule-type" name="interview_type_id" class=INPUT_CLASS>{type_options(&types)}</select>
            </div>
            <div class="grid gap-3 md:grid-cols-3">
                <Field label="Date and time" name="starts_at" id="schedule-start" kind="datetime-local" error />
                <Field label="In time zone" name="time_zone" id="schedule-zone" value=zone hint="Yours by default." error />
                <Field label="Minutes (empty: the plan's)" name="duration_minutes" id="schedule-minutes" kind="number" error />
            </div>
            <Field label="The candidate's time zone" name="candidate_time_zone" id="schedule-candidate-zone" value=candidate_zone hint="Their invitation shows the time in it." error />
            {panel_boxes(&panel, &zones, &chosen, "schedule")}
            <div class="grid gap-3 md:grid-cols-2">
                <Field label="Location" name="location" id="schedule-location" error />
                <Field label="Video link" name="video_url" id="schedule-video" kind="url" error />
            </div>
            <TextArea label="Notes for the candidate" name="candidate_notes" id="schedule-notes" rows=2 max_length=4000 error />
            <label class="flex items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
                <input type="checkbox" name="despite_conflicts" value="on" class=CHECK_CLASS />
                "Schedule despite the conflicts"
            </label>
            <ConflictMessage error />
            <ActionError error />
            <SubmitButton label="Schedule and send invitations" pending=schedule.pending() />
        </ActionForm>
    }
}

#[component]
fn OfferForm(application_id: Uuid, types: Vec<InterviewType>, panel: Vec<Member>, zones: Vec<(Uuid, String)>, zone: String, candidate_zone: String, offer: ServerAction<OfferInterviewTimes>) -> impl IntoView {
    let error = action_error(offer.value());
    let chosen = types.first().map(|t| t.default_interviewers.clone()).unwrap_or_default();
    let minutes = types.first().map(|t| t.duration_minutes).unwrap_or(45);
    view! {
        <ActionForm action=offer attr:class="mt-3 space-y-3">
            <input type="hidden" name="application_id" value=application_id.to_string() />
            <p class=HINT_CLASS>"Offer times that suit every interviewer; the candidate picks one from an emailed link, and a time taken disappears for everyone else."</p>
            <div>
                <label for="offer-type" class=LABEL_CLASS>"Interview"</label>
                <select id="offer-type" name="interview_type_id" class=INPUT_CLASS>{type_options(&types)}</select>
            </div>
            {panel_boxes(&panel, &zones, &chosen, "offer")}
            <div class="grid gap-3 md:grid-cols-3">
                <Field label="Minutes" name="duration_minutes" id="offer-minutes" kind="number" value=minutes.to_string() error />
                <Field label="Times are in time zone" name="time_zone" id="offer-zone" value=zone error />
                <Field label="The candidate's time zone" name="candidate_time_zone" id="offer-candidate-zone" value=candidate_zone error />
            </div>
            <fieldset>
                <legend class=LABEL_CLASS>"Times to offer"</legend>
                <div class="mt-1 grid gap-2 sm:grid-cols-2">
                    {(1..=4).map(|n| view! {
                        <div>
                            <label for=format!("offer-slot-{n}") class="sr-only">{format!("Time {n}")}</label>
                            <input id=format!("offer-slot-{n}") type="datetime-local" name="slots[]" class=INPUT_CLASS />
                        </div>
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="grid gap-3 md:grid-cols-2">
                <Field label="Location" name="location" id="offer-location" error />
                <Field label="Video link" name="video_url" id="offer-video" kind="url" error />
            </div>
            <TextArea label="Notes for the candidate" name="candidate_notes" id="offer-notes" rows=2 max_length=4000 error />
            <ActionError error />
            <SubmitButton label="Email the times" pending=offer.pending() />
        </ActionForm>
    }
}
