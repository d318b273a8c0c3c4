use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::assessments::api::{
    list_assessments, question_bank, AddToSet, CreateAssessment, CreateQuestionSet, CreateSkill, InviteCandidates, SaveQuestion,
};
use crate::assessments::types::{QuestionKind, DIFFICULTIES};
use crate::platform::{AppError, Role};
use crate::ui::{action_error, ActionError, Card, Field, FormMessage, PageHeader, SubmitButton, Table, INPUT_CLASS, LINK_CLASS, TD_CLASS};

const LABEL_CLASS: &str = "block text-sm font-medium text-slate-800 dark:text-slate-200";
const TEXTAREA_CLASS: &str = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

/// A labelled select.
#[component]
fn Choice(#[prop(into)] label: String, #[prop(into)] name: String, options: Vec<(String, String)>) -> impl IntoView {
    let id = format!("choice-{name}");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <select id=id name=name class=INPUT_CLASS>
                {options.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// A labelled multi-line field; its error shows when the last submission had one for it.
#[component]
fn LongField(#[prop(into)] label: String, #[prop(into)] name: String, #[prop(into, optional)] hint: Option<String>, #[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let id = format!("long-{name}");
    let field = name.clone();
    let message = move || error.get().filter(|e| e.field() == Some(field.as_str())).map(|e| e.to_string());
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <textarea id=id name=name rows="3" maxlength="5000" class=TEXTAREA_CLASS></textarea>
            {hint.map(|hint| view! { <p class="text-xs text-slate-600 dark:text-slate-400">{hint}</p> })}
            {move || message().map(|m| view! { <p class="text-sm text-red-700 dark:text-red-300">{m}</p> })}
        </div>
    }
}

/// The recruiter's assessments: the skill catalog, the question bank, sets, assessments and invitations.
#[component]
pub fn AssessmentsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Recruiter, Role::TenantAdmin]>
            <Assessments />
        </RoleGate>
    }
}

#[component]
fn Assessments() -> impl IntoView {
    let skill = ServerAction::<CreateSkill>::new();
    let question = ServerAction::<SaveQuestion>::new();
    let set = ServerAction::<CreateQuestionSet>::new();
    let add = ServerAction::<AddToSet>::new();
    let assessment = ServerAction::<CreateAssessment>::new();
    let invite = ServerAction::<InviteCandidates>::new();
    let bank = Resource::new(
        move || (skill.version().get(), question.version().get(), set.version().get(), add.version().get()),
        |_| question_bank(),
    );
    let assessments = Resource::new(move || (assessment.version().get(), invite.version().get()), |_| list_assessments());
    let (skill_error, question_error, set_error, add_error, assessment_error, invite_error) = (
        action_error(skill.value()),
        action_error(question.value()),
        action_error(set.value()),
        action_error(add.value()),
        action_error(assessment.value()),
        action_error(invite.value()),
    );
    let invited = move || invite.value().get().and_then(Result::ok);
    let kinds: Vec<(String, String)> = QuestionKind::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned())).collect();
    let difficulties: Vec<(String, String)> = DIFFICULTIES.iter().map(|d| (d.to_string(), d.to_string())).collect();
    view! {
        <Title text="Assessments" />
        <PageHeader title="Assessments" description="Build tests from your question bank and invite candidates to take them." />
        <div class="space-y-6">
            {loaded(assessments, move |list| view! {
                <Card title="Your assessments">
                    {if list.is_empty() {
                        view! { <p class="text-sm text-slate-600 dark:text-slate-400">"No assessments yet: add questions to a set below, then create one."</p> }.into_any()
                    } else {
                        view! {
                            <Table columns=&["Title", "Time limit", "Pass mark", "Invited", "Submitted"]>
                                {list.into_iter().map(|a| view! {
                                    <tr>
                                        <td class=TD_CLASS><a class=LINK_CLASS href=format!("/assessments/results?id={}", a.id)>{a.title}</a></td>
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
            {loaded(bank, move |bank| {
                let skill_options: Vec<(String, String)> = std::iter::once((String::new(), "No skill".to_owned()))
                    .chain(bank.skills.iter().map(|s| (s.id.to_string(), s.name.clone())))
                    .collect();
                let set_options: Vec<(String, String)> = bank.sets.iter().map(|s| (s.id.to_string(), format!("{} ({} questions)", s.name, s.question_ids.len()))).collect();
                let question_options: Vec<(String, String)> = bank.questions.iter().map(|q| (q.question_id.to_string(), q.prompt.chars().take(80).collect())).collect();
                let has_sets = !set_options.is_empty();
                let sets_to_fill = set_options.clone();
                let (kinds, difficulties) = (kinds.clone(), difficulties.clone());
                view! {
                    <Card title="Question bank">
                        <Table columns=&["Question", "Type", "Skill", "Difficulty", "Points", "Version"]>
                            {bank.questions.iter().map(|q| view! {
                                <tr>
                                    <td class=TD_CLASS>{q.prompt.clone()}</td>
                                    <td class=TD_CLASS>{q.kind.label()}</td>
                                    <td class=TD_CLASS>{q.skill.clone().unwrap_or_default()}</td>
                                    <td class=TD_CLASS>{q.difficulty.clone()}</td>
                                    <td class=TD_CLASS>{q.points}</td>
                                    <td class=TD_CLASS>{q.version}</td>
                                </tr>
                            }).collect_view()}
                        </Table>
                    </Card>
                    <div class="mt-6 grid gap-6 md:grid-cols-2">
                        <Card title="Write a question">
                            <ActionForm action=question attr:class="space-y-4">
                                <ActionError error=question_error />
                                <Choice label="Type" name="kind" options=kinds />
                                <LongField label="Question" name="prompt" error=question_error />
                                <LongField label="Options" name="options" hint="Choice questions: one option per line." error=question_error />
                                <Field label="Right answer" name="correct" hint="Choice: the right options by number, e.g. 1, 3. True or false: true or false." error=question_error />
                                <Choice label="Multiple-choice credit" name="scoring" options=vec![("all_or_nothing".into(), "All or nothing".into()), ("proportional".into(), "Proportional".into())] />
                                <Field label="Penalty per wrong pick (proportional)" name="penalty" kind="number" hint="Between 0 and 1." error=question_error />
                                <Field label="Right number (numeric)" name="numeric_value" kind="number" error=question_error />
                                <Field label="Tolerance (numeric)" name="tolerance" kind="number" error=question_error />
                                <LongField label="Accepted answers (short text)" name="accepted" hint="One per line; case does not matter." error=question_error />
                                <Field label="Pattern (short text)" name="pattern" hint="* stands for any text." error=question_error />
                                <Choice label="Skill" name="skill_id" options=skill_options />
                                <Choice label="Difficulty" name="difficulty" options=difficulties />
                                <Field label="Points" name="points" kind="number" value="1" required=true error=question_error />
                                <LongField label="Explanation" name="explanation" hint="Shown to recruiters with the results." error=question_error />
                                <SubmitButton label="Save question" pending=question.pending() />
                            </ActionForm>
                        </Card>
                        <div class="space-y-6">
                            <Card title="Skills">
                                <p class="mb-3 text-sm text-slate-600 dark:text-slate-400">
                                    {if bank.skills.is_empty() { "No skills yet.".to_owned() } else { bank.skills.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ") }}
                                </p>
                                <ActionForm action=skill attr:class="space-y-4">
                                    <Field label="New skill" name="name" id="skill-name" required=true error=skill_error />
                                    <SubmitButton label="Add skill" pending=skill.pending() />
                                </ActionForm>
                            </Card>
                            <Card title="Question sets">
                                <ActionForm action=set attr:class="space-y-4">
                                    <Field label="Set name" name="name" id="set-name" required=true error=set_error />
                                    <SubmitButton label="Create set" pending=set.pending() />
                                </ActionForm>
                                {has_sets.then(|| view! {
                                    <ActionForm action=add attr:class="mt-6 space-y-4">
                                        <ActionError error=add_error />
                                        <Choice label="Set" name="set_id" options=sets_to_fill />
                                        <Choice label="Question to add" name="question_id" options=question_options />
                                        <SubmitButton label="Add to set" pending=add.pending() />
                                    </ActionForm>
                                })}
                            </Card>
                        </div>
                    </div>
                    {has_sets.then(|| view! {
                        <div class="mt-6">
                            <Card title="Create an assessment">
                                <ActionForm action=assessment attr:class="grid gap-4 md:grid-cols-2">
                                    <div class="md:col-span-2"><ActionError error=assessment_error /></div>
                                    <Field label="Title" name="title" required=true error=assessment_error />
                                    <Choice label="Questions from set" name="set_id" options=set_options />
                                    <Field label="Draw at random (leave empty for all)" name="draw" kind="number" error=assessment_error />
                                    <Choice label="Only of difficulty" name="difficulty" options=vec![(String::new(), "Any".into()), ("easy".into(), "easy".into()), ("medium".into(), "medium".into()), ("hard".into(), "hard".into())] />
                                    <Field label="Time limit (minutes)" name="time_limit_minutes" kind="number" value="30" required=true error=assessment_error />
                                    <Field label="Passing score (%)" name="passing_percent" kind="number" value="60" required=true error=assessment_error />
                                    <Field label="Attempts allowed" name="attempts_allowed" kind="number" value="1" error=assessment_error />
                                    <Field label="Opens at (UTC, optional)" name="opens_at" kind="datetime-local" error=assessment_error />
                                    <Field label="Closes at (UTC, optional)" name="closes_at" kind="datetime-local" error=assessment_error />
                                    <div class="flex items-center gap-6 text-sm">
                                        <label class="flex items-center gap-2"><input type="checkbox" name="shuffle_questions" checked=true class="h-5 w-5" />"Shuffle questions"</label>
                                        <label class="flex items-center gap-2"><input type="checkbox" name="shuffle_options" checked=true class="h-5 w-5" />"Shuffle options"</label>
                                    </div>
                                    <div class="md:col-span-2"><LongField label="Instructions for candidates" name="instructions" error=assessment_error /></div>
                                    <div class="md:col-span-2"><SubmitButton label="Create assessment" pending=assessment.pending() /></div>
                                </ActionForm>
                            </Card>
                        </div>
                    })}
                }
            })}
            {loaded(assessments, move |list| {
                (!list.is_empty()).then(|| view! {
                    <Card title="Invite candidates">
                        <ActionForm action=invite attr:class="grid gap-4 md:grid-cols-2">
                            <Choice label="Assessment" name="assessment_id" options=list.iter().map(|a| (a.id.to_string(), a.title.clone())).collect() />
                            <Field label="Extra time (multiplier)" name="time_multiplier" kind="number" value="1" hint="1.5 gives half as much time again, on every timer." error=invite_error />
                            <div class="md:col-span-2"><LongField label="Email addresses" name="emails" hint="One or many, separated by commas or new lines." error=invite_error /></div>
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
