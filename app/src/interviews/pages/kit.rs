use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{when, ScorecardView};
use crate::access::{loaded, RoleGate};
use crate::interviews::api::*;
use crate::interviews::types::*;
use crate::platform::{AppError, Role};
use crate::ui::{
    action_error, paragraphs, path_id, successes, ActionError, Card, PageHeader, SubmitButton, CHECK_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS,
    LINK_CLASS,
};

/// `/interviews/{id}`: the interview kit, with the scorecard beside it.
#[component]
pub fn KitPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::TENANT_STAFF>
            <KitView />
        </RoleGate>
    }
}

#[component]
fn KitView() -> impl IntoView {
    let id = path_id();
    let submit = ServerAction::<SubmitScorecard>::new();
    let amend = ServerAction::<AmendScorecard>::new();
    let status = ServerAction::<SetInterviewStatus>::new();
    let changed = (successes(submit.value(), submit.version()), successes(amend.value(), amend.version()), successes(status.value(), status.version()));
    let kit = Resource::new(
        move || (id(), changed.0.get(), changed.1.get(), changed.2.get()),
        |(id, ..)| async move {
            match id {
                Some(id) => interview_kit(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let colleagues = Resource::new(
        move || (id(), changed.0.get(), changed.1.get()),
        |(id, ..)| async move {
            match id {
                Some(id) => colleague_scorecards(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    Effect::new(move |_| {
        if changed.0.get() > 0 {
            if let Some(id) = id() {
                drafts::forget(id);
            }
        }
    });
    view! {
        <Title text="Interview kit" />
        {loaded(kit, move |kit| {
            let i = kit.interview.summary.clone();
            let heading = format!("{} with {}", i.title, kit.candidate_name);
            let facts = format!("{} · {} minutes · {}", i.local_time, kit.interview.duration_minutes, i.status.label());
            view! {
                <Title text=heading.clone() />
                <PageHeader title=heading description=facts />
                <nav aria-label="Interview" class="mb-6 flex flex-wrap gap-4 text-sm">
                    <a class=LINK_CLASS href="/interviews">"Your interviews"</a>
                    {(!kit.on_panel).then(|| view! { <a class=LINK_CLASS href=format!("/applications/{}", i.application_id)>"The application"</a> })}
                </nav>
                <div class="grid gap-6 lg:grid-cols-2">
                    <div class="space-y-6">
                        <InterviewFacts kit=kit.clone() status />
                        <GuidanceCard kit=kit.clone() />
                        <CandidateCard kit=kit.clone() />
                        <AssessmentCard kit=kit.clone() />
                        <RequisitionCard kit=kit.clone() />
                    </div>
                    <div class="space-y-6">
                        {kit.on_panel.then(|| view! { <ScorecardCard kit=kit.clone() submit amend /> })}
                        <Card title="Colleagues' scorecards">
                            {loaded(colleagues, |(cards, hidden)| {
                                if hidden > 0 {
                                    view! { <p class="text-sm text-slate-900 dark:text-slate-100">{format!("{hidden} colleague scorecard{} will open to you once you submit yours: your view first, unswayed.", if hidden == 1 { "" } else { "s" })}</p> }.into_any()
                                } else if cards.is_empty() {
                                    view! { <p class=HINT_CLASS>"No colleague has submitted a scorecard yet."</p> }.into_any()
                                } else {
                                    view! { <div class="space-y-3">{cards.into_iter().map(|card| view! { <ScorecardView card /> }).collect_view()}</div> }.into_any()
                                }
                            })}
                        </Card>
                    </div>
                </div>
            }
        })}
    }
}

#[component]
fn InterviewFacts(kit: Kit, status: ServerAction<SetInterviewStatus>) -> impl IntoView {
    let i = kit.interview;
    let id = i.summary.id;
    let live = i.summary.status.is_live();
    view! {
        <Card title="The interview">
            <ul class="space-y-1 text-sm text-slate-900 dark:text-slate-100">
                {i.times.iter().map(|(who, time)| view! { <li>{format!("{who}: {time}")}</li> }).collect_view()}
                <li>{format!("Interviewers: {}", i.summary.interviewers.join(", "))}</li>
                {(!i.location.is_empty()).then(|| view! { <li>{format!("Where: {}", i.location)}</li> })}
                {(!i.video_url.is_empty()).then(|| view! { <li>"Video: "<a class=LINK_CLASS href=i.video_url.clone() rel="noopener noreferrer">{i.video_url.clone()}</a></li> })}
            </ul>
            {(kit.on_panel && live).then(|| view! {
                <div class="mt-3 flex flex-wrap gap-2">
                    <super::StatusButtons interview_id=id current=i.summary.status status />
                </div>
            })}
            <ActionError error=action_error(status.value()) />
        </Card>
    }
}

#[component]
fn GuidanceCard(kit: Kit) -> impl IntoView {
    view! {
        <Card title="What to assess">
            <p class="text-sm text-slate-900 dark:text-slate-100">{if kit.attributes.is_empty() { "An overall recommendation.".to_owned() } else { format!("Rate: {}.", kit.attributes.join(", ")) }}</p>
            {(!kit.focus.is_empty()).then(|| view! {
                <h3 class="mt-3 text-sm font-semibold text-slate-900 dark:text-slate-100">"Focus"</h3>
                <div class="text-sm text-slate-900 dark:text-slate-100">{paragraphs(&kit.focus)}</div>
            })}
            {(!kit.questions.is_empty()).then(|| view! {
                <h3 class="mt-3 text-sm font-semibold text-slate-900 dark:text-slate-100">"Suggested questions"</h3>
                <div class="text-sm text-slate-900 dark:text-slate-100">{paragraphs(&kit.questions)}</div>
            })}
        </Card>
    }
}

#[component]
fn CandidateCard(kit: Kit) -> impl IntoView {
    view! {
        <Card title=format!("Candidate: {}", kit.candidate_name)>
            <ul class="space-y-1 text-sm text-slate-900 dark:text-slate-100">
                <li>{kit.candidate_email.clone()}</li>
                {(!kit.candidate_location.is_empty()).then(|| view! { <li>{kit.candidate_location.clone()}</li> })}
                {kit.candidate_links.iter().map(|l| view! { <li><a class=LINK_CLASS href=l.clone() rel="noopener noreferrer">{l.clone()}</a></li> }).collect_view()}
                {(!kit.candidate_skills.is_empty()).then(|| view! {
                    <li>{format!("Stated skills: {}", kit.candidate_skills.iter().map(|(s, p)| format!("{s} {p}/5")).collect::<Vec<_>>().join(", "))}</li>
                })}
            </ul>
            {kit.resume_file_id.map(|file| view! { <a class=format!("{LINK_CLASS} mt-3 inline-block text-sm") href=format!("/files/{file}")>"Download the résumé"</a> })}
            <h3 class="mt-4 text-sm font-semibold text-slate-900 dark:text-slate-100">"Applications"</h3>
            <ul class="text-sm text-slate-900 dark:text-slate-100">
                {kit.applications.iter().map(|(r, s, status)| view! { <li>{format!("{r}: {s} ({})", status.replace('_', " "))}</li> }).collect_view()}
            </ul>
            <h3 class="mt-4 text-sm font-semibold text-slate-900 dark:text-slate-100">"This application's stages"</h3>
            <ol class="text-sm text-slate-900 dark:text-slate-100">
                {kit.stage_history.iter().map(|(stage, at)| view! { <li>{format!("{stage} · {}", when(*at))}</li> }).collect_view()}
            </ol>
        </Card>
    }
}

#[component]
fn AssessmentCard(kit: Kit) -> impl IntoView {
    view! {
        <Card title="Assessment results">
            {if kit.assessments.is_empty() {
                view! { <p class=HINT_CLASS>"No assessment was sent from this application."</p> }.into_any()
            } else {
                view! {
                    <ul class="space-y-3 text-sm text-slate-900 dark:text-slate-100">
                        {kit.assessments.iter().map(|a| view! {
                            <li>
                                <span class="font-medium">{a.brief.title.clone()}</span>
                                {format!(" · {} · score {}", a.brief.state, a.brief.percent.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "—".into()))}
                                {(!a.skills.is_empty()).then(|| view! { <span class="block">{a.skills.iter().map(|(s, p)| format!("{s} {p:.0}%")).collect::<Vec<_>>().join(" · ")}</span> })}
                                {a.integrity.clone().map(|tier| view! { <span class="block">{format!("Integrity: {tier}")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                    <p class=format!("{HINT_CLASS} mt-3")>{crate::assessments::results::INTEGRITY_RULE}</p>
                }.into_any()
            }}
        </Card>
    }
}

#[component]
fn RequisitionCard(kit: Kit) -> impl IntoView {
    view! {
        <Card title=format!("Requisition: {}", kit.requisition_title)>
            {(!kit.required_skills.is_empty()).then(|| view! { <p class="text-sm text-slate-900 dark:text-slate-100">{format!("Required skills: {}", kit.required_skills.join(", "))}</p> })}
            <details class="mt-2">
                <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>"The description"</summary>
                <div class="mt-2 text-sm text-slate-900 dark:text-slate-100">{paragraphs(&kit.requisition_description)}</div>
            </details>
        </Card>
    }
}

/// The scorecard's fields, filled with `content`; `prefix` keeps ids apart when two forms show.
fn scorecard_fields(content: &ScorecardContent, prefix: &str) -> impl IntoView + use<> {
    let prefix = prefix.to_owned();
    let recommendation = content.recommendation;
    view! {
        {content.ratings.iter().enumerate().map(|(i, r)| {
            let name = format!("ratings[{i}]");
            let current = r.rating;
            view! {
                <fieldset class="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
                    <legend class="px-1 text-sm font-semibold text-slate-900 dark:text-slate-100">{r.attribute.clone()}</legend>
                    <div class="flex flex-wrap gap-x-4 gap-y-2">
                        {(1..=4i16).map(|n| view! {
                            <label class="flex items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
                                <input type="radio" name=name.clone() value=n.to_string() checked=current == Some(n) class=CHECK_CLASS />
                                {format!("{n} {}", rating_label(n))}
                            </label>
                        }).collect_view()}
                        <label class="flex items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
                            <input type="radio" name=name.clone() value="na" checked=current.is_none() class=CHECK_CLASS />
                            "Not assessed"
                        </label>
                    </div>
                    <label for=format!("{prefix}-note-{i}") class=format!("{LABEL_CLASS} mt-2")>{format!("Note on {}", r.attribute)}</label>
                    <textarea id=format!("{prefix}-note-{i}") name=format!("notes[{i}]") rows="2" maxlength=RATING_NOTE_MAX class=INPUT_CLASS>{crate::ui::textarea_text(r.note.clone())}</textarea>
                </fieldset>
            }
        }).collect_view()}
        <div>
            <label for=format!("{prefix}-takeaways") class=LABEL_CLASS>"Key take-aways"</label>
            <textarea id=format!("{prefix}-takeaways") name="takeaways" rows="4" maxlength=SCORECARD_TEXT_MAX class=INPUT_CLASS>{crate::ui::textarea_text(content.takeaways.clone())}</textarea>
        </div>
        <fieldset>
            <legend class=LABEL_CLASS>"Overall recommendation"</legend>
            <div class="mt-1 flex flex-wrap gap-x-4 gap-y-2">
                {(1..=4i16).map(|n| view! {
                    <label class="flex items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
                        <input type="radio" name="recommendation" value=n.to_string() checked=recommendation == Some(n) class=CHECK_CLASS />
                        {recommendation_label(n)}
                    </label>
                }).collect_view()}
            </div>
        </fieldset>
        <div>
            <label for=format!("{prefix}-private") class=LABEL_CLASS>"Private notes for the hiring team"</label>
            <textarea id=format!("{prefix}-private") name="private_notes" rows="3" maxlength=SCORECARD_TEXT_MAX class=INPUT_CLASS>{crate::ui::textarea_text(content.private_notes.clone())}</textarea>
            <p class=HINT_CLASS>"Recruiters, the hiring manager and admins read these; other interviewers do not."</p>
        </div>
    }
}

#[component]
fn ScorecardCard(kit: Kit, submit: ServerAction<SubmitScorecard>, amend: ServerAction<AmendScorecard>) -> impl IntoView {
    let interview_id = kit.interview.summary.id;
    let mine = kit.mine.clone();
    if mine.submitted_at.is_some() {
        let error = action_error(amend.value());
        return view! {
            <Card title="Your scorecard">
                {move || submit.value().get().and_then(Result::ok).map(|m| view! { <p role="status" class="mb-3 text-sm text-emerald-800 dark:text-emerald-300">{m}</p> })}
                {move || amend.value().get().and_then(Result::ok).map(|m| view! { <p role="status" class="mb-3 text-sm text-emerald-800 dark:text-emerald-300">{m}</p> })}
                <ScorecardView card=mine.clone() />
                <details class="mt-4">
                    <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>"Amend your scorecard"</summary>
                    <ActionForm action=amend attr:class="mt-3 space-y-4">
                        <input type="hidden" name="interview_id" value=interview_id.to_string() />
                        {scorecard_fields(&mine.content, "amend")}
                        <div>
                            <label for="amend-reason" class=LABEL_CLASS>"Why you change it"</label>
                            <input id="amend-reason" name="reason" maxlength="1000" class=INPUT_CLASS />
                        </div>
                        <ActionError error />
                        {move || error.get().filter(|e| e.field().is_some()).map(|e| view! { <p role="alert" class="text-sm text-red-700 dark:text-red-300">{e.to_string()}</p> })}
                        <SubmitButton label="Save the amendment" pending=amend.pending() />
                    </ActionForm>
                </details>
            </Card>
        }
        .into_any();
    }
    let error = action_error(submit.value());
    let attributes = kit.attributes.clone();
    let saved = RwSignal::new(String::new());
    drafts::keep_in_sync(interview_id, attributes, saved);
    view! {
        <Card title="Your scorecard">
            <ActionForm action=submit attr:id=drafts::FORM_ID attr:class="space-y-4">
                <input type="hidden" name="interview_id" value=interview_id.to_string() />
                {scorecard_fields(&mine.content, "card")}
                <p role="status" aria-live="polite" class=HINT_CLASS>{move || saved.get()}</p>
                <ActionError error />
                {move || error.get().filter(|e| e.field().is_some()).map(|e| view! { <p role="alert" class="text-sm text-red-700 dark:text-red-300">{e.to_string()}</p> })}
                <SubmitButton label="Submit the scorecard" pending=submit.pending() />
                <p class=HINT_CLASS>"Your draft saves as you type, also on this device while the connection is down. Submitting locks it; a later change is an amendment with its reason."</p>
            </ActionForm>
        </Card>
    }
    .into_any()
}

/// A draft kept on this device until the server holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LocalDraft {
    seq: i64,
    content: ScorecardContent,
}

/// Scorecard drafts: read from the form as the interviewer types, kept in localStorage, and
/// sent until the server acknowledges them (the test player's queue-and-replay idea).
mod drafts {
    use super::*;

    pub const FORM_ID: &str = "scorecard-form";

    #[cfg(feature = "hydrate")]
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    fn key(id: Uuid) -> String {
        format!("hirevoo:scorecard:{id}")
    }

    fn load(id: Uuid) -> Option<LocalDraft> {
        #[cfg(feature = "hydrate")]
        return storage().and_then(|s| s.get_item(&key(id)).ok().flatten()).and_then(|text| serde_json::from_str(&text).ok());
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = key(id);
            None
        }
    }

    fn store(id: Uuid, draft: &LocalDraft) {
        #[cfg(feature = "hydrate")]
        if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(draft)) {
            let _ = s.set_item(&key(id), &text);
        }
        let _ = (id, draft);
    }

    /// Drops the kept draft once the server holds `seq` or later.
    fn acknowledge(id: Uuid, seq: i64) {
        if load(id).is_some_and(|d| d.seq <= seq) {
            forget(id);
        }
    }

    pub fn forget(id: Uuid) {
        #[cfg(feature = "hydrate")]
        if let Some(s) = storage() {
            let _ = s.remove_item(&key(id));
        }
        let _ = id;
    }

    /// What the form holds now.
    fn read_form(attributes: &[String]) -> Option<ScorecardContent> {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let form = web_sys::window()?.document()?.get_element_by_id(FORM_ID)?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
            let data = web_sys::FormData::new_with_form(&form).ok()?;
            let text = |name: &str| data.get(name).as_string().unwrap_or_default();
            let ratings = attributes
                .iter()
                .enumerate()
                .map(|(i, attribute)| RatingEntry { attribute: attribute.clone(), rating: text(&format!("ratings[{i}]")).parse().ok(), note: text(&format!("notes[{i}]")) })
                .collect();
            return Some(ScorecardContent { ratings, takeaways: text("takeaways"), recommendation: text("recommendation").parse().ok(), private_notes: text("private_notes") });
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = attributes;
            None
        }
    }

    /// Puts a kept draft back into the form (after a reload while offline).
    fn fill_form(content: &ScorecardContent) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
            let check = |name: &str, value: &str| {
                if let Some(input) = document.query_selector(&format!("#{FORM_ID} input[name=\"{name}\"][value=\"{value}\"]")).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    input.set_checked(true);
                }
            };
            let write = |name: &str, value: &str| {
                if let Some(area) = document.query_selector(&format!("#{FORM_ID} textarea[name=\"{name}\"]")).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                    area.set_value(value);
                }
            };
            for (i, r) in content.ratings.iter().enumerate() {
                check(&format!("ratings[{i}]"), &r.rating.map(|n| n.to_string()).unwrap_or_else(|| "na".into()));
                write(&format!("notes[{i}]"), &r.note);
            }
            write("takeaways", &content.takeaways);
            write("private_notes", &content.private_notes);
            if let Some(n) = content.recommendation {
                check("recommendation", &n.to_string());
            }
        }
        let _ = content;
    }

    /// The browser's time of day.
    fn clock() -> String {
        #[cfg(feature = "hydrate")]
        return js_sys::Date::new_0().to_locale_time_string("en-GB").as_string().unwrap_or_default();
        #[cfg(not(feature = "hydrate"))]
        return String::new();
    }

    /// Sends the kept draft, if any; says on `saved` how it went.
    fn flush(id: Uuid, saved: RwSignal<String>) {
        let Some(draft) = load(id) else { return };
        let Ok(text) = serde_json::to_string(&draft.content) else { return };
        leptos::task::spawn_local(async move {
            match save_scorecard_draft(id, draft.seq, text).await {
                Ok((held, submitted)) => {
                    acknowledge(id, held);
                    if submitted {
                        forget(id);
                    }
                    saved.set(format!("Draft saved at {}.", clock()));
                }
                Err(AppError::Invalid { message, .. }) => {
                    forget(id);
                    saved.set(message);
                }
                Err(_) => saved.set("Not saved yet: the connection is down. Your draft is kept on this device and will be saved when it is back.".into()),
            }
        });
    }

    /// Once hydrated: restores a draft kept from an earlier visit, saves on every change, and
    /// retries every few seconds and when the connection returns.
    pub fn keep_in_sync(id: Uuid, attributes: Vec<String>, saved: RwSignal<String>) {
        #[cfg(feature = "hydrate")]
        {
            let last = StoredValue::new(0i64);
            Effect::new(move |ran: Option<()>| {
                if ran.is_some() {
                    return;
                }
                if let Some(kept) = load(id) {
                    fill_form(&kept.content);
                    last.set_value(kept.seq);
                    flush(id, saved);
                }
                let attributes = attributes.clone();
                let on_change = move |_: web_sys::Event| {
                    let Some(content) = read_form(&attributes) else { return };
                    let seq = crate::assessments::queue::next_seq(last.get_value(), js_sys::Date::now() as i64);
                    last.set_value(seq);
                    store(id, &LocalDraft { seq, content });
                    flush(id, saved);
                };
                let input = window_event_listener_untyped("input", on_change.clone());
                let change = window_event_listener_untyped("change", on_change);
                let online = window_event_listener_untyped("online", move |_| flush(id, saved));
                let retry = set_interval_with_handle(move || flush(id, saved), std::time::Duration::from_secs(3)).ok();
                on_cleanup(move || {
                    input.remove();
                    change.remove();
                    online.remove();
                    if let Some(retry) = retry {
                        retry.clear();
                    }
                });
            });
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (id, attributes, saved, fill_form as fn(&ScorecardContent), read_form as fn(&[String]) -> Option<ScorecardContent>, store as fn(Uuid, &LocalDraft));
            let _ = flush;
        }
    }
}
