use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::access::{loaded, RoleGate};
use crate::assessments::api::{list_assessments, question_bank, CreateAssessment, InviteCandidates};
use crate::assessments::types::DIFFICULTIES;
use crate::recruiting::requisitions::api::requisition_choices;
use crate::platform::{AppError, Role};
use crate::ui::{action_error, successes, ActionError, Card, Field, FormMessage, PageHeader, Select, SubmitButton, Table, TextArea, LINK_CLASS, TD_CLASS};

const MAX_RULES: usize = 5;

/// The recruiter's assessments: the list, a new one drawn from question sets, and invitations.
#[component]
pub fn AssessmentsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Assessments />
        </RoleGate>
    }
}

#[component]
fn Assessments() -> impl IntoView {
    let assessment = ServerAction::<CreateAssessment>::new();
    let invite = ServerAction::<InviteCandidates>::new();
    let changes = (successes(assessment.value(), assessment.version()), successes(invite.value(), invite.version()));
    let assessments = Resource::new(move || (changes.0.get(), changes.1.get()), |_| list_assessments());
    let sources = Resource::new(
        || (),
        |_| async move {
            let (bank, jobs) = futures::future::join(question_bank(), requisition_choices()).await;
            Ok::<_, AppError>((bank?.sets, jobs?))
        },
    );
    let (assessment_error, invite_error) = (action_error(assessment.value()), action_error(invite.value()));
    let invited = move || invite.value().get().and_then(Result::ok);
    // Without JavaScript, "another set" is a link that asks for one more row; with it, a click adds the row in place.
    let query = use_query_map();
    let rule_rows = RwSignal::new(query.read_untracked().get("sets").and_then(|n| n.parse().ok()).unwrap_or(1usize).clamp(1, MAX_RULES));
    view! {
        <Title text="Assessments" />
        <PageHeader title="Assessments" description="Draw tests from your question sets, tie them to a job, and invite candidates." />
        <div class="space-y-6">
            {loaded(assessments, move |list| view! {
                <Card title="Your assessments">
                    {if list.is_empty() {
                        view! {
                            <p class="text-sm text-slate-600 dark:text-slate-400">
                                "No assessments yet: put questions in a set on the " <a class=LINK_CLASS href="/assessments/bank">"question bank"</a> " page, then create one below."
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            <Table columns=&["Title", "Job", "Time limit", "Pass mark", "Invited", "Submitted"]>
                                {list.into_iter().map(|a| view! {
                                    <tr>
                                        <td class=TD_CLASS><a class=LINK_CLASS href=format!("/assessments/{}/results", a.id)>{a.title}</a></td>
                                        <td class=TD_CLASS>{a.job.unwrap_or_default()}</td>
                                        <td class=TD_CLASS>{format!("{} min", a.time_limit_minutes)}</td>
                                        <td class=TD_CLASS>{format!("{}%", a.passing_percent)}</td>
                                        <td class=TD_CLASS>{a.invited}</td>
                                        <td class=TD_CLASS>{a.submitted}</td>
                                    </tr>
                                }).collect_view()}
                            </Table>
                        }.into_any()
                    }}
                </Card>
            })}
            {loaded(sources, move |(sets, jobs)| {
                let set_options: Vec<(String, String)> = sets.iter().map(|s| (s.id.to_string(), s.label())).collect();
                let job_options: Vec<(String, String)> =
                    std::iter::once((String::new(), "None".to_owned())).chain(jobs.into_iter().map(|(id, title)| (id.to_string(), title))).collect();
                (!set_options.is_empty()).then(|| view! {
                    <Card title="Create an assessment">
                        <ActionForm action=assessment attr:class="grid gap-4 md:grid-cols-2">
                            <div class="md:col-span-2"><ActionError error=assessment_error /></div>
                            <Field label="Title" name="title" required=true error=assessment_error />
                            <Select label="For the job" name="requisition_id" options=job_options error=assessment_error />
                            <fieldset class="space-y-3 md:col-span-2" aria-describedby="rules-hint rules-error">
                                <legend class="text-sm font-medium text-slate-800 dark:text-slate-200">"Questions"</legend>
                                <p id="rules-hint" class="text-xs text-slate-600 dark:text-slate-400">
                                    "Each row draws from one set: all of its questions, or a number of them at random, of one difficulty if you choose one."
                                </p>
                                <For each=move || 0..rule_rows.get() key=|row| *row let:row>
                                    <RuleRow row set_options=set_options.clone() />
                                </For>
                                {move || (rule_rows.get() < MAX_RULES).then(|| view! {
                                    <a class=LINK_CLASS href=format!("/assessments?sets={}", rule_rows.get() + 1)
                                        on:click=move |ev| { ev.prevent_default(); rule_rows.update(|n| *n += 1); }>
                                        "Draw from another set"
                                    </a>
                                })}
                                <p id="rules-error" class="text-sm text-red-700 dark:text-red-300">
                                    {move || assessment_error.get().filter(|e| e.field() == Some("rules")).map(|e| e.to_string())}
                                </p>
                            </fieldset>
                            <Field label="Time limit (minutes)" name="time_limit_minutes" kind="number" value="30" required=true error=assessment_error />
                            <Field label="Passing score (%)" name="passing_percent" kind="number" value="60" required=true error=assessment_error />
                            <Field label="Attempts allowed" name="attempts_allowed" kind="number" value="1" error=assessment_error />
                            <Field label="Opens at (UTC, optional)" name="opens_at" kind="datetime-local" error=assessment_error />
                            <Field label="Closes at (UTC, optional)" name="closes_at" kind="datetime-local" error=assessment_error />
                            <div class="flex items-center gap-6 text-sm">
                                <label class="flex items-center gap-2"><input type="checkbox" name="shuffle_questions" checked=true class="h-5 w-5" />"Shuffle questions"</label>
                                <label class="flex items-center gap-2"><input type="checkbox" name="shuffle_options" checked=true class="h-5 w-5" />"Shuffle options"</label>
                            </div>
                            <div class="md:col-span-2"><TextArea label="Instructions for candidates" name="instructions" error=assessment_error /></div>
                            <div class="md:col-span-2"><SubmitButton label="Create assessment" pending=assessment.pending() /></div>
                        </ActionForm>
                    </Card>
                })
            })}
            {loaded(assessments, move |list| {
                (!list.is_empty()).then(|| view! {
                    <Card title="Invite candidates">
                        <ActionForm action=invite attr:class="grid gap-4 md:grid-cols-2">
                            <Select label="Assessment" name="assessment_id" options=list.iter().map(|a| (a.id.to_string(), a.title.clone())).collect() />
                            <Field label="Extra time (multiplier)" name="time_multiplier" kind="number" value="1" hint="1.5 gives half as much time again, on every timer." error=invite_error />
                            <div class="md:col-span-2"><TextArea label="Email addresses" name="emails" hint="One or many, separated by commas or new lines." error=invite_error /></div>
                            <label class="flex items-center gap-2 text-sm md:col-span-2"><input type="checkbox" name="unflag_window_blur" class="h-5 w-5" />"Do not flag leaving the window (e.g. for a screen magnifier)"</label>
                            <div class="md:col-span-2"><SubmitButton label="Send invitations" pending=invite.pending() /></div>
                        </ActionForm>
                        <div class="mt-4">
                            {move || invited().map(|message| view! { <FormMessage success=true message /> })}
                        </div>
                    </Card>
                })
            })}
        </div>
    }
}

/// One draw rule of the new assessment: which set, how many, of what difficulty.
#[component]
fn RuleRow(row: usize, set_options: Vec<(String, String)>) -> impl IntoView {
    let n = row + 1;
    // Every row after the first may stay empty.
    let sets: Vec<(String, String)> = if row == 0 { set_options } else { std::iter::once((String::new(), "No set".to_owned())).chain(set_options).collect() };
    let difficulties = std::iter::once((String::new(), "Any".to_owned())).chain(DIFFICULTIES.map(|d| (d.to_owned(), d.to_owned()))).collect();
    let no_error = Signal::derive(|| None);
    view! {
        <div class="grid gap-3 rounded-lg border border-slate-200 p-3 dark:border-slate-700 md:grid-cols-3">
            <Select label=format!("Set {n}") name=format!("rules[{row}][set_id]") options=sets />
            <Field label=format!("Set {n}: how many at random (empty for all)") name=format!("rules[{row}][draw]") kind="number" error=no_error />
            <Select label=format!("Set {n}: difficulty") name=format!("rules[{row}][difficulty]") options=difficulties />
        </div>
    }
}
