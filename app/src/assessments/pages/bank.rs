use leptos::prelude::*;
use leptos_meta::Title;

use super::question::QuestionEditor;
use crate::access::{loaded, RoleGate};
use crate::assessments::api::{question_bank, AddToSet, CreateQuestionSet, CreateSkill, SaveQuestion};
use crate::platform::Role;
use crate::ui::{action_error, successes, ActionError, Card, Field, PageHeader, Select, SubmitButton, Table, LINK_CLASS, TD_CLASS};

/// The question bank: skills, questions (written and edited), and the sets assessments draw from.
#[component]
pub fn BankPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Bank />
        </RoleGate>
    }
}

#[component]
fn Bank() -> impl IntoView {
    let skill = ServerAction::<CreateSkill>::new();
    let question = ServerAction::<SaveQuestion>::new();
    let set = ServerAction::<CreateQuestionSet>::new();
    let add = ServerAction::<AddToSet>::new();
    let changes = (
        successes(skill.value(), skill.version()),
        successes(question.value(), question.version()),
        successes(set.value(), set.version()),
        successes(add.value(), add.version()),
    );
    let bank = Resource::new(move || (changes.0.get(), changes.1.get(), changes.2.get(), changes.3.get()), |_| question_bank());
    let (skill_error, set_error, add_error) = (action_error(skill.value()), action_error(set.value()), action_error(add.value()));
    view! {
        <Title text="Question bank" />
        <PageHeader title="Question bank" description="Write questions, group them in sets, and draw assessments from the sets." />
        {loaded(bank, move |bank| {
            let set_options: Vec<(String, String)> = bank.sets.iter().map(|s| (s.id.to_string(), s.label())).collect();
            let question_options: Vec<(String, String)> = bank.questions.iter().map(|q| (q.question_id.to_string(), q.prompt.chars().take(80).collect())).collect();
            let skills = bank.skills.clone();
            view! {
                <Card title="Questions">
                    {if bank.questions.is_empty() {
                        view! { <p class="text-sm text-slate-600 dark:text-slate-400">"No questions yet: write the first one below."</p> }.into_any()
                    } else {
                        view! {
                            <Table columns=&["Question", "Type", "Skill", "Difficulty", "Points", "Version", ""]>
                                {bank.questions.iter().map(|q| view! {
                                    <tr>
                                        <td class=TD_CLASS>{q.prompt.clone()}</td>
                                        <td class=TD_CLASS>{q.kind.label()}</td>
                                        <td class=TD_CLASS>{q.skill.clone().unwrap_or_default()}</td>
                                        <td class=TD_CLASS>{q.difficulty.clone()}</td>
                                        <td class=TD_CLASS>{q.points}</td>
                                        <td class=TD_CLASS>{q.version}</td>
                                        <td class=TD_CLASS>
                                            <a class=LINK_CLASS href=format!("/assessments/questions/{}", q.question_id)
                                                aria-label=format!("Edit: {}", q.prompt.chars().take(80).collect::<String>())>
                                                "Edit"
                                            </a>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </Table>
                        }.into_any()
                    }}
                </Card>
                <div class="mt-6">
                    <Card title="Write a question">
                        <QuestionEditor action=question skills draft=None />
                    </Card>
                </div>
                <div class="mt-6 grid gap-6 md:grid-cols-2">
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
                        {(!set_options.is_empty()).then(|| view! {
                            <ActionForm action=add attr:class="mt-6 space-y-4">
                                <ActionError error=add_error />
                                <Select label="Set" name="set_id" options=set_options />
                                <Select label="Question to add" name="question_id" options=question_options />
                                <SubmitButton label="Add to set" pending=add.pending() />
                            </ActionForm>
                        })}
                    </Card>
                </div>
            }
        })}
    }
}
