use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::{percent, since, when};
use crate::access::{loaded, RoleGate};
use crate::platform::{AppError, Role};
use crate::recruiting::pipeline::api::*;
use crate::recruiting::pipeline::types::*;
use crate::ui::{
    action_error, paragraphs, successes, ActionError, Card, PageHeader, SubmitButton, TextArea, BUTTON_DANGER_CLASS, BUTTON_SECONDARY_CLASS, CHECK_CLASS, HINT_CLASS,
    INPUT_CLASS, LABEL_CLASS, LINK_CLASS,
};

/// An application: where it stands, its history, the team's notes, assessments and match.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Application />
        </RoleGate>
    }
}

#[component]
fn Application() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<Uuid>().ok());
    let moves = ServerAction::<MoveApplication>::new();
    let reject = ServerAction::<RejectApplication>::new();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let reopen = ServerAction::<ReopenApplication>::new();
    let note = ServerAction::<AddApplicationNote>::new();
    let edit = ServerAction::<EditApplicationNote>::new();
    let follow = ServerAction::<FollowApplication>::new();
    let send = ServerAction::<SendApplicationAssessment>::new();
    let changed = (
        successes(moves.value(), moves.version()),
        successes(reject.value(), reject.version()),
        successes(withdraw.value(), withdraw.version()),
        successes(reopen.value(), reopen.version()),
        successes(note.value(), note.version()),
        successes(edit.value(), edit.version()),
        successes(follow.value(), follow.version()),
        successes(send.value(), send.version()),
    );
    let heard = RwSignal::new(0usize);
    Effect::new(move |_| {
        crate::ui::live::on_live_events(move |event| {
            if event.kind == "reconnect" || (event.kind == "application" && Some(event.id) == id()) {
                heard.update(|n| *n += 1);
            }
        });
    });
    let page = Resource::new(
        move || {
            (id(), changed.0.get(), changed.1.get(), changed.2.get(), changed.3.get(), changed.4.get(), changed.5.get(), changed.6.get(), changed.7.get(), heard.get())
        },
        |(id, ..)| async move {
            match id {
                Some(id) => application_details(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text="Application" />
        {loaded(page, move |page| {
            view! {
                <Title text=format!("{} · {}", page.name, page.requisition_title) />
                <PageHeader title=page.name.clone() description=format!("{} · {}", page.requisition_title, stage_line(&page)) />
                <nav aria-label="Application" class="mb-6 flex flex-wrap gap-4 text-sm">
                    <a class=LINK_CLASS href=format!("/jobs/{}/pipeline", page.requisition_id)>"Back to the pipeline"</a>
                    <a class=LINK_CLASS href=format!("/candidates/{}", page.candidate_id)>"Candidate profile"</a>
                    <a class=LINK_CLASS href=format!("/jobs/{}", page.requisition_id)>"Requisition"</a>
                </nav>
                <div class="grid gap-6 lg:grid-cols-3">
                    <div class="space-y-6 lg:col-span-2">
                        <StageCard page=page.clone() moves reject withdraw reopen follow />
                        <AssessmentsCard page=page.clone() send />
                        <crate::interviews::pages::InterviewsCard application_id=page.id requisition_id=page.requisition_id />
                        <NotesCard page=page.clone() note edit />
                        <HistoryCard history=page.history.clone() />
                    </div>
                    <div class="space-y-6">
                        <CandidateCard page=page.clone() />
                        <MatchCard page=page.clone() />
                    </div>
                </div>
            }
        })}
    }
}

/// The hidden fields that name an application and the version its page shows.
fn version_fields(id: Uuid, version: i32) -> impl IntoView {
    view! {
        <input type="hidden" name="application_id" value=id.to_string() />
        <input type="hidden" name="version" value=version.to_string() />
    }
}

fn stage_line(page: &ApplicationPage) -> String {
    match page.status {
        ApplicationStatus::Active => format!("{} for {}", page.stage_name, since(page.entered_at, page.now)),
        ApplicationStatus::Rejected => format!("Rejected at {} ({})", page.stage_name, page.rejection_reason),
        ApplicationStatus::Withdrawn => format!("Withdrawn at {}", page.stage_name),
    }
}

#[component]
fn StageCard(
    page: ApplicationPage,
    moves: ServerAction<MoveApplication>,
    reject: ServerAction<RejectApplication>,
    withdraw: ServerAction<WithdrawApplication>,
    reopen: ServerAction<ReopenApplication>,
    follow: ServerAction<FollowApplication>,
) -> impl IntoView {
    let errors = [action_error(moves.value()), action_error(reject.value()), action_error(withdraw.value()), action_error(reopen.value())];
    let hidden = move || version_fields(page.id, page.version);
    let line = stage_line(&page);
    let reopen_label = format!("Reopen in {}", page.stage_name);
    let controls = if !page.can_move {
        view! { <p class=HINT_CLASS>"Only the requisition's hiring team or an admin can move this application."</p> }.into_any()
    } else if page.status == ApplicationStatus::Active {
        view! {
            <div class="grid gap-4 md:grid-cols-3">
                <ActionForm action=moves attr:class="space-y-2">
                    {hidden()}
                    <label for="move-stage" class=LABEL_CLASS>"Move to"</label>
                    <select id="move-stage" name="stage_id" class=INPUT_CLASS>
                        {page.stages.iter().filter(|s| s.id != page.stage_id).map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Move"</button>
                </ActionForm>
                <ActionForm action=reject attr:class="space-y-2">
                    {hidden()}
                    <label for="reject-reason" class=LABEL_CLASS>"Reject because"</label>
                    <select id="reject-reason" name="reason" class=INPUT_CLASS>
                        {page.rejection_reasons.iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class=BUTTON_DANGER_CLASS>"Reject"</button>
                </ActionForm>
                <ActionForm action=withdraw attr:class="space-y-2">
                    {hidden()}
                    <label for="withdraw-reason" class=LABEL_CLASS>"Candidate withdrew (reason, optional)"</label>
                    <input id="withdraw-reason" name="reason" maxlength="500" class=INPUT_CLASS />
                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Mark withdrawn"</button>
                </ActionForm>
            </div>
        }
        .into_any()
    } else {
        view! {
            <ActionForm action=reopen>
                {hidden()}
                <button type="submit" class=BUTTON_SECONDARY_CLASS>{reopen_label}</button>
            </ActionForm>
        }
        .into_any()
    };
    let message = move || {
        [moves.value().get(), reject.value().get(), withdraw.value().get(), reopen.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::ok)
            .map(|r| view! { <p role="status" class="text-sm text-emerald-800 dark:text-emerald-300">{r.message}</p> })
    };
    view! {
        <Card title="Stage">
            <p class="mb-4 text-sm text-slate-900 dark:text-slate-100">{line}</p>
            {controls}
            <div class="mt-3 space-y-1">
                {errors.map(|error| view! { <ActionError error /> }).into_iter().collect_view()}
                {message}
            </div>
            <ActionForm action=follow attr:class="mt-4">
                <input type="hidden" name="application_id" value=page.id.to_string() />
                <input type="hidden" name="follow" value=(!page.following).to_string() />
                <button type="submit" class=BUTTON_SECONDARY_CLASS>{if page.following { "Stop following" } else { "Follow: hear of every move" }}</button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn AssessmentsCard(page: ApplicationPage, send: ServerAction<SendApplicationAssessment>) -> impl IntoView {
    let error = action_error(send.value());
    view! {
        <Card title="Assessments">
            {if page.assessments.is_empty() {
                view! { <p class=HINT_CLASS>"None sent yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="mb-4 space-y-3">
                        {page.assessments.iter().map(|a| {
                            let score = a.brief.percent.map(percent).unwrap_or_else(|| "—".into());
                            view! {
                                <li class="text-sm text-slate-900 dark:text-slate-100">
                                    <span class="font-medium">{a.brief.title.clone()}</span>
                                    {format!(" · {} · score {score}{} · sent {}", a.brief.state, match a.brief.passed { Some(true) => " (passed)", Some(false) => " (below the bar)", None => "" }, when(a.brief.sent_at))}
                                    {a.integrity.clone().map(|tier| view! { <span class="block">{format!("Integrity: {tier}")}</span> })}
                                    {(!a.skills.is_empty()).then(|| view! {
                                        <span class="block text-slate-700 dark:text-slate-300">{a.skills.iter().map(|(skill, p)| format!("{skill} {}", percent(*p))).collect::<Vec<_>>().join(" · ")}</span>
                                    })}
                                    {a.session_id.map(|session| view! { <a class=LINK_CLASS href=format!("/assessments/sessions/{session}/review")>"Review answers and integrity"</a> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(page.can_move && page.status == ApplicationStatus::Active).then(|| view! {
                <ActionForm action=send attr:class="flex flex-wrap items-end gap-3">
                    <input type="hidden" name="application_id" value=page.id.to_string() />
                    <div>
                        <label for="send-assessment" class=LABEL_CLASS>"Send an assessment"</label>
                        <select id="send-assessment" name="assessment_id" class=INPUT_CLASS>
                            {page.assessment_choices.iter().map(|(id, title)| view! { <option value=id.to_string()>{title.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <SubmitButton label="Send" pending=send.pending() />
                </ActionForm>
            })}
            <ActionError error />
            {move || send.value().get().and_then(Result::ok).map(|m| view! { <p role="status" class="mt-2 text-sm text-emerald-800 dark:text-emerald-300">{m}</p> })}
        </Card>
    }
}

#[component]
fn NotesCard(page: ApplicationPage, note: ServerAction<AddApplicationNote>, edit: ServerAction<EditApplicationNote>) -> impl IntoView {
    let error = action_error(note.value());
    let edit_error = action_error(edit.value());
    let handles = page.mentionable.iter().map(|(handle, name)| format!("@{handle} ({name})")).collect::<Vec<_>>().join(", ");
    let application_id = page.id.to_string();
    view! {
        <Card title="Notes">
            <ol class="mb-4 space-y-4">
                {page.notes.into_iter().map(|n| {
                    let author = n.author.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| "A former member".into());
                    let meta = format!("{author} · {}{}{}", when(n.created_at), if n.edited_at.is_some() { " · edited" } else { "" }, if n.private { " · private" } else { "" });
                    let field = format!("note-{}", n.id);
                    view! {
                        <li class="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
                            <p class="mb-1 text-xs text-slate-700 dark:text-slate-300">{meta}</p>
                            <div class="text-sm text-slate-900 dark:text-slate-100">{paragraphs(&n.body)}</div>
                            {n.can_edit.then(|| view! {
                                <details class="mt-2">
                                    <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>"Edit (for 15 minutes after writing)"</summary>
                                    <ActionForm action=edit attr:class="mt-2 space-y-2">
                                        <input type="hidden" name="note_id" value=n.id.to_string() />
                                        <TextArea label="Note" name="body" id=field rows=3 max_length=NOTE_MAX_CHARS value=n.body.clone() error=edit_error />
                                        <SubmitButton label="Save the note" pending=edit.pending() />
                                    </ActionForm>
                                </details>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <ActionForm action=note attr:class="space-y-3">
                <input type="hidden" name="application_id" value=application_id />
                <TextArea label="Add a note" name="body" rows=4 max_length=NOTE_MAX_CHARS hint=format!("Mention someone to notify them: {handles}.") error />
                <label class="flex items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
                    <input type="checkbox" name="private" value="on" class=CHECK_CLASS />
                    "Private: only I can read it"
                </label>
                <ActionError error />
                <SubmitButton label="Add note" pending=note.pending() />
            </ActionForm>
        </Card>
    }
}

#[component]
fn HistoryCard(history: Vec<StageEvent>) -> impl IntoView {
    view! {
        <Card title="History">
            <ol class="space-y-2 text-sm">
                {history.into_iter().map(|e| {
                    let what = match (e.from_status, e.to_status) {
                        (None, _) => format!("Applied, in {}", e.to_stage),
                        (Some(ApplicationStatus::Active), ApplicationStatus::Active) => format!("{} → {}", e.from_stage, e.to_stage),
                        (Some(_), ApplicationStatus::Active) => format!("Reopened in {}", e.to_stage),
                        (_, ApplicationStatus::Rejected) => format!("Rejected at {}", e.to_stage),
                        (_, ApplicationStatus::Withdrawn) => format!("Withdrawn at {}", e.to_stage),
                    };
                    view! {
                        <li class="text-slate-900 dark:text-slate-100">
                            <span class="font-medium">{what}</span>
                            {format!(" · {} · {}", e.actor.unwrap_or_else(|| "Hirevoo".into()), when(e.at))}
                            {(!e.reason.is_empty()).then(|| view! { <span class="block text-slate-700 dark:text-slate-300">{format!("Reason: {}", e.reason)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </Card>
    }
}

#[component]
fn CandidateCard(page: ApplicationPage) -> impl IntoView {
    let rows = [
        ("Email", page.email.clone()),
        ("Phone", if page.phone.is_empty() { "—".into() } else { page.phone.clone() }),
        ("Location", if page.location.is_empty() { "—".into() } else { page.location.clone() }),
        ("Source", page.source.replace('_', " ")),
        ("Applied", when(page.applied_at)),
    ];
    view! {
        <Card title="Candidate">
            <dl class="space-y-2 text-sm">
                {rows.into_iter().map(|(term, value)| view! {
                    <div>
                        <dt class="font-medium text-slate-700 dark:text-slate-300">{term}</dt>
                        <dd class="break-words text-slate-900 dark:text-slate-100">{value}</dd>
                    </div>
                }).collect_view()}
            </dl>
            {page.resume_file_id.map(|file| view! { <a class=format!("{LINK_CLASS} mt-3 inline-block text-sm") href=format!("/files/{file}")>"Download the résumé"</a> })}
            {(!page.cover_note.is_empty()).then(|| view! {
                <h3 class="mt-4 text-sm font-semibold text-slate-900 dark:text-slate-100">"Cover note"</h3>
                <div class="text-sm text-slate-900 dark:text-slate-100">{paragraphs(&page.cover_note)}</div>
            })}
        </Card>
    }
}

#[component]
fn MatchCard(page: ApplicationPage) -> impl IntoView {
    view! {
        <Card title="Match">
            <p class="text-2xl font-semibold text-slate-900 dark:text-slate-100">{page.match_score.map(percent).unwrap_or_else(|| "—".into())}</p>
            {(!page.coverage.is_empty()).then(|| view! {
                <table class="mt-3 w-full text-left text-sm">
                    <caption class="sr-only">"How each required skill counted"</caption>
                    <thead><tr class="text-xs text-slate-700 dark:text-slate-300"><th scope="col">"Skill"</th><th scope="col">"Measured"</th><th scope="col">"Stated"</th><th scope="col">"Counted"</th></tr></thead>
                    <tbody>
                        {page.coverage.iter().map(|c| view! {
                            <tr class="text-slate-900 dark:text-slate-100">
                                <th scope="row" class="font-normal">{c.skill.clone()}</th>
                                <td>{c.measured.map(percent).unwrap_or_else(|| "—".into())}</td>
                                <td>{c.stated.map(|s| format!("{s}/5")).unwrap_or_else(|| "—".into())}</td>
                                <td>{percent(c.counted)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <p class=format!("{HINT_CLASS} mt-3")>{MATCH_RULE}</p>
        </Card>
    }
}
