//! The candidate's page: the invitation's landing, then the test player. Every
//! answer is kept in this browser until the server acknowledges it, so a reload,
//! a lost connection or a closed tab loses nothing.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::time::Duration;

use super::browser;
use crate::assessments::grading::Response;
use crate::assessments::queue::{next_seq, PendingSave, Queue};
use crate::assessments::taking::{assessment_landing, is_excused, is_taken_over, record_events, save_answer, start_test, submit_test, AnswerAndGo, Go, ProctoringEvent, StartTest, SubmitTest};
use leptos::server_fn::ServerFn;
use crate::assessments::types::{Landing, QuestionKind, SessionState};
use crate::platform::AppError;
use crate::ui::{action_error, textarea_text, ActionError, FormMessage, BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, INPUT_CLASS};
use uuid::Uuid;

const OPTION_CLASS: &str = "flex min-h-11 cursor-pointer items-center gap-3 rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800";

#[component]
pub fn TakePage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    // Without the page's code, the player's form moves between questions by address.
    let shown = move || query.read().get("q").and_then(|q| q.parse::<usize>().ok()).unwrap_or(1).saturating_sub(1);
    let confirm = move || query.read().get("confirm").is_some();
    let landing = Resource::new(token, assessment_landing);
    // Started (or taken back) in this page without reloading it.
    let player = RwSignal::new(None::<(SessionState, Uuid)>);
    let finished = RwSignal::new(false);
    let start = ServerAction::<StartTest>::new();
    let start_error = action_error(start.value());
    Effect::new(move |_| {
        if let Some(Ok(state)) = start.value().get() {
            if let Some(client) = landing.with_untracked(|l| l.as_ref().and_then(|l| l.as_ref().ok()).map(|l| l.client_id)) {
                player.set(Some((state, client)));
            }
        }
    });
    view! {
        <Title text="Assessment" />
        <main id="main" class="min-h-screen bg-slate-50 px-4 py-8 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
            <div class="mx-auto max-w-3xl">
                <p class="mb-6 text-lg font-bold text-indigo-700 dark:text-indigo-300">"Hirevoo"</p>
                {move || {
                    if finished.get() {
                        return view! { <Submitted /> }.into_any();
                    }
                    if let Some((state, client)) = player.get() {
                        return view! { <Player token=token() client state player finished start_at=0 confirm=false /> }.into_any();
                    }
                    view! {
                        <Suspense fallback=|| view! { <p role="status">"Loading…"</p> }>
                            {move || Suspend::new(async move {
                                match landing.await {
                                    Err(error) => view! {
                                        <h1 class="mb-4 text-2xl font-bold">"This link cannot be used"</h1>
                                        <FormMessage success=false message=error.to_string() />
                                    }.into_any(),
                                    Ok(Landing { session: Some(state), client_id, notices, .. }) => view! {
                                        <crate::incidents::pages::IncidentNotices banners=notices />
                                        <Player token=token() client=client_id state player finished start_at=shown() confirm=confirm() />
                                    }.into_any(),
                                    Ok(landing) if landing.submitted && landing.attempts_left == 0 => view! { <Submitted /> }.into_any(),
                                    Ok(landing) => view! {
                                        <crate::incidents::pages::IncidentNotices banners=landing.notices.clone() />
                                        <LandingView landing token=token() start start_error />
                                    }.into_any(),
                                }
                            })}
                        </Suspense>
                    }.into_any()
                }}
            </div>
        </main>
    }
}

#[component]
fn Submitted() -> impl IntoView {
    view! {
        <section class="rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <h1 class="text-2xl font-bold">"Thank you"</h1>
            <p class="mt-3 text-slate-700 dark:text-slate-300">"Your answers have been submitted. The recruiter will be in touch. You can close this page."</p>
        </section>
    }
}

/// What the test is, what is recorded, and the form that starts it: a real form, so a
/// candidate whose connection is slow can tick and start before the page's code arrives.
#[component]
fn LandingView(landing: Landing, token: String, start: ServerAction<StartTest>, start_error: Signal<Option<AppError>>) -> impl IntoView {
    let blocked = landing.attempts_left == 0 && !landing.in_progress;
    let consent_error = Memo::new(move |_| start_error.get().filter(|e| e.field() == Some("consent")).map(|e| e.to_string()));
    // A plain form that the browser sends by itself until the page's code runs; then the code
    // sends it (no reload), which spares the candidate's bundle the form-decoding machinery.
    let consent_box = NodeRef::<leptos::html::Input>::new();
    let (client_id, submitted_token) = (landing.client_id, token.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let consent = consent_box.get_untracked().is_some_and(|input| input.checked()).then(|| "yes".to_owned());
        start.dispatch(StartTest { token: submitted_token.clone(), client_id, consent });
    };
    view! {
        <section class="rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <p class="text-sm text-slate-600 dark:text-slate-400">{landing.tenant_name.clone()}</p>
            <h1 class="mt-1 text-2xl font-bold">{landing.title.clone()}</h1>
            <dl class="mt-4 grid grid-cols-2 gap-2 text-sm">
                <dt class="text-slate-600 dark:text-slate-400">"Time"</dt>
                <dd>{format!("{} minutes", landing.minutes)}</dd>
                <dt class="text-slate-600 dark:text-slate-400">"Questions"</dt>
                <dd>{landing.question_count}</dd>
                <dt class="text-slate-600 dark:text-slate-400">"Attempts left"</dt>
                <dd>{landing.attempts_left}</dd>
            </dl>
            {(!landing.instructions.is_empty()).then(|| view! {
                <p class="mt-4 whitespace-pre-wrap text-sm">{landing.instructions.clone()}</p>
            })}
            <ul class="mt-4 list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
                <li>"The timer starts when you press Start and keeps running if you close the page."</li>
                <li>"Every answer is saved as you go. If your connection drops, answers are kept on this device and sent when it returns."</li>
                <li>"You can move between questions and flag some to review before you submit."</li>
            </ul>
            {landing.submitted.then(|| view! {
                <div class="mt-4"><FormMessage success=true message="Your last attempt was submitted." /></div>
            })}
            {landing.in_progress.then(|| view! {
                <p class="mt-4 text-sm font-semibold">"This test is open in another browser. Continuing here moves it to this browser; your saved answers come with it."</p>
            })}
            <noscript>
                <p class="mt-4 font-semibold">"Without JavaScript, each answer is saved when you move to another question, and the clock on the page does not count down: the time limit still holds."</p>
            </noscript>
            <form method="post" action=StartTest::PATH class="mt-6" on:submit=on_submit>
                <input type="hidden" name="token" value=token />
                <input type="hidden" name="client_id" value=landing.client_id.to_string() />
                <label class="flex items-start gap-3 text-sm">
                    <input type="checkbox" name="consent" value="yes" required class="mt-1 h-5 w-5" node_ref=consent_box
                        aria-invalid=move || consent_error.with(Option::is_some).then_some("true")
                        aria-describedby=move || consent_error.with(Option::is_some).then_some("consent-error") />
                    <span>"I understand that leaving this tab or window, copying and pasting, and reloading during the test are recorded and shown to the recruiter. They never fail anyone by themselves."</span>
                </label>
                {move || consent_error.get().map(|message| view! { <p id="consent-error" class="mt-2 text-sm text-red-700 dark:text-red-300">{message}</p> })}
                <div class="mt-4"><ActionError error=start_error /></div>
                <button type="submit" class=format!("{BUTTON_PRIMARY_CLASS} mt-6") disabled=move || blocked || start.pending().get()>
                    {if landing.in_progress { "Continue the test" } else { "Start the test" }}
                </button>
            </form>
        </section>
    }
}

fn clock(ms: i64) -> String {
    let seconds = (ms.max(0) + 999) / 1000;
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

#[component]
#[allow(clippy::too_many_arguments)]
fn Player(
    token: String,
    client: Uuid,
    state: SessionState,
    player: RwSignal<Option<(SessionState, Uuid)>>,
    finished: RwSignal<bool>,
    /// The question shown first (from 0).
    start_at: usize,
    /// Open on the confirmation before submitting.
    confirm: bool,
) -> impl IntoView {
    let session_id = state.session_id;
    let token = StoredValue::new(token);
    let count = state.questions.len();
    // The first render is what the server holds, exactly as the server rendered it; what this
    // browser kept or the candidate did before the page's code loaded is applied once hydrated.
    let responses: Vec<Option<Response>> = state.questions.iter().map(|q| q.response.clone()).collect();
    let flags: Vec<bool> = state.questions.iter().map(|q| q.flagged).collect();
    let seqs: Vec<i64> = state.questions.iter().map(|q| q.seq).collect();
    let start_at = start_at.min(count.saturating_sub(1));
    let answered_early = state.questions.get(start_at).and_then(|q| {
        let (checked, text) = browser::answer_on_page(q.version_id)?;
        let response = Response::from_page(q.kind, checked, &text);
        (response != q.response).then_some(response)
    });
    let questions = StoredValue::new(state.questions.clone());
    let unflagged = StoredValue::new(state.unflagged_signals.clone());
    let responses = RwSignal::new(responses);
    let flags = RwSignal::new(flags);
    let seqs = StoredValue::new(seqs);
    let pending = RwSignal::new(0);
    let queue = StoredValue::new(Queue::default());
    // Bumped when answers change other than by the inputs on screen: they show again.
    let redraw = RwSignal::new(0u32);
    let typing = StoredValue::new(vec![0u64; count]);
    let current = RwSignal::new(start_at);
    // Time on each question: what earlier visits added up to, and when the current one began.
    let spent = StoredValue::new(vec![0i64; count]);
    let shown_since = StoredValue::new((start_at, browser::now_ms()));
    let time_on = move |index: usize| {
        let (shown, since) = shown_since.get_value();
        spent.with_value(|s| s[index]) + if shown == index { browser::now_ms() - since } else { 0 }
    };
    let online = RwSignal::new(true);
    let taken_over = RwSignal::new(false);
    let flushing = StoredValue::new(false);
    let events = StoredValue::new(Vec::<ProctoringEvent>::new());
    let end_at = browser::now_ms() + state.remaining_ms;
    let remaining = RwSignal::new(state.remaining_ms);
    let announcement = RwSignal::new(String::new());
    let confirming = RwSignal::new(confirm);
    let submit_error = RwSignal::new(None::<String>);

    let flush = move || {
        if flushing.get_value() || taken_over.get_untracked() {
            return;
        }
        flushing.set_value(true);
        spawn_local(async move {
            while let Some(save) = queue.with_value(|q| q.saves.first().cloned()) {
                let sent = save_answer(token.get_value(), client, save.version_id, save.response.clone(), save.flagged, save.seq, save.time_spent_ms).await;
                match sent {
                    Ok(ack) => {
                        online.set(true);
                        queue.update_value(|q| q.acknowledge(ack.version_id, ack.seq));
                    }
                    Err(error) if is_taken_over(&error) => {
                        taken_over.set(true);
                        break;
                    }
                    Err(AppError::Unavailable | AppError::Internal) => {
                        online.set(false);
                        break;
                    }
                    // Refused for good (time up, malformed): retrying cannot help.
                    Err(_) => queue.update_value(|q| q.acknowledge(save.version_id, save.seq)),
                }
                queue.with_value(|q| browser::store_queue(session_id, q));
                pending.set(queue.with_value(|q| q.saves.len()));
            }
            flushing.set_value(false);
        });
    };

    let save = move |index: usize| {
        let version_id = questions.with_value(|qs| qs[index].version_id);
        let seq = seqs.with_value(|s| next_seq(s[index], browser::now_ms()));
        seqs.update_value(|s| s[index] = seq);
        let entry = PendingSave {
            version_id,
            response: responses.with_untracked(|r| r[index].clone()),
            flagged: flags.with_untracked(|f| f[index]),
            seq,
            time_spent_ms: time_on(index).clamp(0, 86_400_000),
        };
        queue.update_value(|q| q.push(entry));
        queue.with_value(|q| browser::store_queue(session_id, q));
        pending.set(queue.with_value(|q| q.saves.len()));
        flush();
    };
    let answer = move |index: usize, response: Option<Response>| {
        responses.update(|r| r[index] = response);
        save(index);
    };
    // Typing saves once the candidate pauses.
    let answer_typed = move |index: usize, response: Option<Response>| {
        responses.update(|r| r[index] = response);
        let generation = typing.with_value(|t| t[index]) + 1;
        typing.update_value(|t| t[index] = generation);
        set_timeout(
            move || {
                if typing.with_value(|t| t[index]) == generation {
                    save(index);
                }
            },
            Duration::from_millis(600),
        );
    };

    let finish = move || {
        spawn_local(async move {
            flush();
            for _ in 0..20 {
                if queue.with_value(|q| q.is_empty()) || !online.get_untracked() {
                    break;
                }
                sleep(150).await;
            }
            if !queue.with_value(|q| q.is_empty()) {
                submit_error.set(Some("Some answers are still on this device only. Check your connection: they will be sent, then you can submit.".into()));
                return;
            }
            match submit_test(token.get_value(), client).await {
                Ok(_) => finished.set(true),
                Err(error) => submit_error.set(Some(error.to_string())),
            }
        });
    };

    Effect::new(move |_| {
        let now_showing = current.get();
        let (shown, since) = shown_since.get_value();
        if shown != now_showing {
            spent.update_value(|s| s[shown] += browser::now_ms() - since);
            shown_since.set_value((now_showing, browser::now_ms()));
        }
    });

    Effect::new(move |_| {
        let mut kept = browser::load_queue(session_id);
        questions.with_value(|qs| {
            for (index, q) in qs.iter().enumerate() {
                match kept.latest(q.version_id).filter(|save| save.seq > q.seq).cloned() {
                    Some(save) => {
                        responses.update(|r| r[index] = save.response);
                        flags.update(|f| f[index] = save.flagged);
                        seqs.update_value(|s| s[index] = save.seq);
                    }
                    None => kept.acknowledge(q.version_id, q.seq),
                }
            }
        });
        browser::store_queue(session_id, &kept);
        pending.set(kept.saves.len());
        queue.set_value(kept);
        redraw.update(|n| *n += 1);
        if let Some(response) = answered_early.clone() {
            answer(start_at, response);
        }
        if browser::seen_before(session_id) {
            events.update_value(|e| e.push(ProctoringEvent { kind: "reload".into(), at_ms: browser::now_ms(), details: Default::default() }));
        }
        let stop_watching = browser::watch_page(move |kind| {
            if !unflagged.with_value(|u| is_excused(u, kind)) {
                events.update_value(|e| {
                    if e.len() < 500 {
                        e.push(ProctoringEvent { kind: kind.into(), at_ms: browser::now_ms(), details: Default::default() })
                    }
                });
            }
        });
        let online = window_event_listener(leptos::ev::online, move |_| flush());
        let announced = StoredValue::new(Vec::<i64>::new());
        let last_contact = StoredValue::new(browser::now_ms());
        let submitted = StoredValue::new(false);
        let clock = set_interval_with_handle(
            move || {
                let left = end_at - browser::now_ms();
                remaining.set(left);
                for threshold in [10 * 60_000, 5 * 60_000, 60_000] {
                    if left <= threshold && left > threshold - 60_000 && !announced.with_value(|a| a.contains(&threshold)) {
                        announced.update_value(|a| a.push(threshold));
                        announcement.set(format!("{} minute{} left.", threshold / 60_000, if threshold == 60_000 { "" } else { "s" }));
                    }
                }
                if left <= 0 && !submitted.get_value() {
                    submitted.set_value(true);
                    announcement.set("Time is up. Your answers are being submitted.".into());
                    finish();
                }
            },
            Duration::from_secs(1),
        );
        let sender = set_interval_with_handle(
            move || {
                if pending.get_untracked() > 0 {
                    flush();
                }
                // Events go in batches; with none for a while, an empty batch still tells
                // this browser at once if another one has taken the test over.
                let batch = events.with_value(|e| e.clone());
                let quiet = browser::now_ms() - last_contact.get_value() > 10_000;
                if (!batch.is_empty() || quiet) && !taken_over.get_untracked() {
                    last_contact.set_value(browser::now_ms());
                    spawn_local(async move {
                        match record_events(token.get_value(), client, batch.clone()).await {
                            Ok(_) => events.update_value(|e| e.drain(..batch.len().min(e.len())).for_each(drop)),
                            Err(error) if is_taken_over(&error) => taken_over.set(true),
                            Err(_) => {}
                        }
                    });
                }
            },
            Duration::from_secs(3),
        );
        // The player goes away once the test is submitted; its timers and listeners go with it.
        on_cleanup(move || {
            for handle in [clock, sender].into_iter().flatten() {
                handle.clear();
            }
            stop_watching();
            online.remove();
        });
        flush();
    });

    let take_back = move |_| {
        spawn_local(async move {
            if let Ok(state) = start_test(token.get_value(), client, Some("yes".into())).await {
                player.set(Some((state, client)));
            }
        });
    };

    let navigator = move || {
        (0..count)
            .map(|i| {
                let answered = move || responses.with(|r| r[i].is_some());
                let flagged = move || flags.with(|f| f[i]);
                let label = move || format!("Question {}{}{}", i + 1, if answered() { ", answered" } else { ", not answered" }, if flagged() { ", flagged" } else { "" });
                view! {
                    <li>
                        <button type="submit" name="go" value=Go::To(i + 1).value() aria-label=label aria-current=move || (current.get() == i).then_some("step")
                            class="h-10 w-10 rounded-lg border border-slate-300 text-sm font-medium aria-[current=step]:border-indigo-600 aria-[current=step]:ring-2 aria-[current=step]:ring-indigo-600 dark:border-slate-600"
                            class=("bg-indigo-100", answered) class=("dark:bg-indigo-900", answered)
                            on:click=move |ev| { ev.prevent_default(); current.set(i) }>
                            {i + 1}{move || flagged().then_some("⚑")}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    // Moving between questions reuses the same input elements: their checked and value
    // properties (not just attributes) must be set, or one question's answer shows on the next.
    let question_view = move || {
        redraw.track();
        let index = current.get();
        let question = questions.with_value(|qs| qs[index].clone());
        let initial = responses.with_untracked(|r| r[index].clone());
        let legend = format!("Question {} of {}", index + 1, count);
        let input = match question.kind {
            QuestionKind::SingleChoice | QuestionKind::TrueFalse | QuestionKind::MultipleChoice => {
                let multiple = question.kind == QuestionKind::MultipleChoice;
                let chosen = match &initial { Some(Response::Choice(ids)) => ids.clone(), _ => Vec::new() };
                question.options.iter().enumerate().map(|(n, option)| {
                    let id = option.id.clone();
                    let checked = chosen.contains(&id);
                    let on_change = move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        let mut ids = match responses.with_untracked(|r| r[index].clone()) { Some(Response::Choice(ids)) if multiple => ids, _ => Vec::new() };
                        ids.retain(|x| x != &id);
                        if on {
                            ids.push(id.clone());
                        }
                        answer(index, (!ids.is_empty()).then_some(Response::Choice(ids)));
                    };
                    view! {
                        <label class=OPTION_CLASS>
                            <input type=if multiple { "checkbox" } else { "radio" } name=if multiple { format!("choice[{n}]") } else { "choice[0]".to_owned() } value=option.id.clone() checked=checked prop:checked=checked class="h-5 w-5" on:change=on_change />
                            <span>{option.text.clone()}</span>
                        </label>
                    }
                }).collect_view().into_any()
            }
            QuestionKind::Numeric => {
                let value = match initial { Some(Response::Number(n)) => n.to_string(), _ => String::new() };
                view! {
                    <label class="block text-sm font-medium" for="answer">"Your answer (a number)"</label>
                    <input id="answer" name="text" type="number" step="any" inputmode="decimal" class=INPUT_CLASS value=value.clone() prop:value=value
                        on:input=move |ev| answer_typed(index, Response::from_page(QuestionKind::Numeric, Vec::new(), &event_target_value(&ev))) />
                }.into_any()
            }
            QuestionKind::ShortText => {
                let value = match initial { Some(Response::Text(t)) => t, _ => String::new() };
                view! {
                    <label class="block text-sm font-medium" for="answer">"Your answer"</label>
                    <input id="answer" name="text" type="text" maxlength="10000" autocomplete="off" class=INPUT_CLASS value=value.clone() prop:value=value
                        on:input=move |ev| answer_typed(index, Response::from_page(QuestionKind::ShortText, Vec::new(), &event_target_value(&ev))) />
                }.into_any()
            }
            QuestionKind::LongText => {
                let value = match initial { Some(Response::Text(t)) => t, _ => String::new() };
                let child = textarea_text(value.clone());
                view! {
                    <label class="block text-sm font-medium" for="answer">"Your answer"</label>
                    <textarea id="answer" name="text" rows="10" maxlength="10000" class=INPUT_CLASS prop:value=value
                        on:input=move |ev| answer_typed(index, Response::from_page(QuestionKind::LongText, Vec::new(), &event_target_value(&ev)))>{child}</textarea>
                }.into_any()
            }
        };
        view! {
            <fieldset id=browser::ANSWER_AREA_ID data-version=question.version_id.to_string() class="space-y-3">
                <legend class="mb-2 text-sm font-medium text-slate-600 dark:text-slate-400">{legend}</legend>
                <p class="mb-4 whitespace-pre-wrap text-lg">{question.prompt.clone()}</p>
                {input}
            </fieldset>
        }
    };

    let unanswered = move || responses.with(|r| r.iter().filter(|x| x.is_none()).count());
    let flagged_count = move || flags.with(|f| f.iter().filter(|x| **x).count());

    let version_shown = move || questions.with_value(|qs| qs[current.get()].version_id.to_string());
    view! {
        // Once hydrated, every button below does its work here and the form is never sent.
        // Before that, or without JavaScript, the form saves the answer on screen and moves on.
        <form method="post" action=AnswerAndGo::PATH class="space-y-4">
            <input type="hidden" name="token" value=token.get_value() />
            <input type="hidden" name="client_id" value=client.to_string() />
            <input type="hidden" name="version_id" value=version_shown />
            <header class="flex flex-wrap items-center justify-between gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
                <h1 class="text-lg font-semibold">{state.title.clone()}</h1>
                <p role="timer" aria-label="Time left" class="font-mono text-xl font-bold tabular-nums" class=("text-red-700", move || remaining.get() < 60_000)>
                    {move || clock(remaining.get())}
                </p>
            </header>
            <div aria-live="polite" class="sr-only">{move || announcement.get()}</div>
            <div role="status" aria-live="polite">
                {move || (!online.get()).then(|| view! {
                    <FormMessage success=false message=format!(
                        "{} Your answers are kept on this device ({} waiting) and will be sent by themselves.",
                        if browser::has_network() { "The server is busy: answers are waiting a moment." } else { "You are offline." },
                        pending.get(),
                    ) />
                })}
                {move || (online.get() && pending.get() == 0).then(|| view! { <p class="text-xs text-slate-600 dark:text-slate-400">"All answers saved."</p> })}
            </div>
            {move || taken_over.get().then(|| view! {
                <div role="alert" class="rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
                    <p>"This test is now open in another browser or tab. Continue there, or take it back here."</p>
                    <button type="button" class=format!("{BUTTON_SECONDARY_CLASS} mt-3") on:click=take_back>"Continue here"</button>
                </div>
            })}
            <nav aria-label="Questions"><ol class="flex flex-wrap gap-2">{navigator}</ol></nav>
            <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
                {question_view}
            </section>
            <div class="flex flex-wrap items-center justify-between gap-3">
                <div class="flex gap-2">
                    <button type="submit" name="go" value=Go::Previous.value() class=BUTTON_SECONDARY_CLASS disabled=move || current.get() == 0
                        on:click=move |ev| { ev.prevent_default(); current.update(|c| *c = Go::Previous.target(*c, count)) }>"Previous"</button>
                    <button type="submit" name="go" value=Go::Next.value() class=BUTTON_SECONDARY_CLASS disabled=move || { current.get() + 1 >= count }
                        on:click=move |ev| { ev.prevent_default(); current.update(|c| *c = Go::Next.target(*c, count)) }>"Next"</button>
                </div>
                <button type="submit" name="go" value=Go::Flag.value() class=BUTTON_SECONDARY_CLASS aria-pressed=move || flags.with(|f| f[current.get()]).to_string()
                    on:click=move |ev| { ev.prevent_default(); let i = current.get_untracked(); flags.update(|f| f[i] = !f[i]); save(i); }>
                    {move || if flags.with(|f| f[current.get()]) { "Remove flag" } else { "Flag for review" }}
                </button>
                <button type="submit" name="go" value=Go::Finish.value() class=BUTTON_PRIMARY_CLASS on:click=move |ev| { ev.prevent_default(); confirming.set(true) }>"Finish the test"</button>
            </div>
            {move || confirming.get().then(|| view! {
                <section role="dialog" aria-labelledby="confirm-title" class="rounded-xl border border-indigo-300 bg-indigo-50 p-6 dark:border-indigo-800 dark:bg-indigo-950">
                    <h2 id="confirm-title" class="text-lg font-semibold">"Submit your answers?"</h2>
                    <p class="mt-2 text-sm">{move || format!("{} unanswered, {} flagged for review. You cannot change answers after submitting.", unanswered(), flagged_count())}</p>
                    {move || submit_error.get().map(|message| view! { <div class="mt-3"><FormMessage success=false message /></div> })}
                    <div class="mt-4 flex gap-2">
                        <button type="submit" formaction=SubmitTest::PATH class=BUTTON_PRIMARY_CLASS on:click=move |ev| { ev.prevent_default(); finish() }>"Submit answers"</button>
                        <button type="submit" name="go" value=move || Go::To(current.get() + 1).value() class=BUTTON_SECONDARY_CLASS
                            on:click=move |ev| { ev.prevent_default(); confirming.set(false) }>"Keep working"</button>
                    </div>
                </section>
            })}
        </form>
    }
}

/// Waits `ms` milliseconds without blocking the page.
async fn sleep(ms: u64) {
    let (sender, receiver) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = sender.send(());
        },
        Duration::from_millis(ms),
    );
    let _ = receiver.await;
}
