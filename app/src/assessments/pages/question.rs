use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::assessments::api::{question_bank, question_to_edit, SaveQuestion};
use crate::assessments::types::{QuestionDraft, QuestionKind, Skill, DIFFICULTIES};
use crate::platform::{AppError, Role};
use crate::ui::{action_error, query_id, successes, ActionError, Card, Field, FormMessage, PageHeader, Select, SubmitButton, TextArea, LINK_CLASS};

/// The question form: blank for a new question, filled in from `draft` for an edit.
#[component]
pub fn QuestionEditor(action: ServerAction<SaveQuestion>, skills: Vec<Skill>, draft: Option<QuestionDraft>) -> impl IntoView {
    let error = action_error(action.value());
    let form = draft.as_ref().map(|d| d.form.clone()).unwrap_or_default();
    let number = |value: Option<f64>| value.map(|v| v.to_string()).unwrap_or_default();
    let text = |value: &str| value.to_owned();
    let kinds: Vec<(String, String)> = QuestionKind::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned())).collect();
    let difficulties: Vec<(String, String)> = DIFFICULTIES.iter().map(|d| (d.to_string(), d.to_string())).collect();
    let skill_options: Vec<(String, String)> =
        std::iter::once((String::new(), "No skill".to_owned())).chain(skills.into_iter().map(|s| (s.id.to_string(), s.name))).collect();
    let scorings = vec![("all_or_nothing".to_owned(), "All or nothing".to_owned()), ("proportional".to_owned(), "Proportional".to_owned())];
    view! {
        <ActionForm action attr:class="space-y-4">
            <ActionError error />
            {draft.as_ref().map(|d| view! { <input type="hidden" name="question_id" value=d.question_id.to_string() /> })}
            <Select label="Type" name="kind" options=kinds selected=text(&form.kind) error />
            <TextArea label="Question" name="prompt" value=text(&form.prompt) error />
            <TextArea label="Options" name="options" value=text(&form.options) max_length=12_000 hint="Choice questions: one option per line." error />
            <Field label="Right answer" name="correct" value=text(&form.correct) hint="Choice: the right options by number, e.g. 1, 3. True or false: true or false." error />
            <Select label="Multiple-choice credit" name="scoring" options=scorings selected=text(&form.scoring) />
            <Field label="Penalty per wrong pick (proportional)" name="penalty" kind="number" value=number(form.penalty) hint="Between 0 and 1." error />
            <Field label="Right number (numeric)" name="numeric_value" kind="number" value=number(form.numeric_value) error />
            <Field label="Tolerance (numeric)" name="tolerance" kind="number" value=number(form.tolerance) error />
            <TextArea label="Accepted answers (short text)" name="accepted" value=text(&form.accepted) max_length=12_000 hint="One per line; case does not matter." error />
            <Field label="Pattern (short text)" name="pattern" value=text(&form.pattern) hint="* stands for any text." error />
            <Select label="Skill" name="skill_id" options=skill_options selected=draft.as_ref().and_then(|d| d.skill_id).map(|id| id.to_string()).unwrap_or_default() error />
            <Select label="Difficulty" name="difficulty" options=difficulties selected=text(&form.difficulty) error />
            <Field label="Points" name="points" kind="number" value=if draft.is_some() { form.points.to_string() } else { "1".to_owned() } required=true error />
            <TextArea label="Explanation" name="explanation" value=text(&form.explanation) hint="Shown to recruiters with the results." error />
            <SubmitButton label="Save question" pending=action.pending() />
        </ActionForm>
    }
}

/// Editing a question already in the bank.
#[component]
pub fn QuestionPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <EditQuestion />
        </RoleGate>
    }
}

#[component]
fn EditQuestion() -> impl IntoView {
    let id = query_id("id");
    let save = ServerAction::<SaveQuestion>::new();
    let saved_versions = successes(save.value(), save.version());
    let draft = Resource::new(move || (id(), saved_versions.get()), |(id, _)| async move {
        let Some(id) = id else { return Err(AppError::NotFound) };
        let (draft, bank) = futures::future::join(question_to_edit(id), question_bank()).await;
        Ok((draft?, bank?.skills))
    });
    let saved = move || save.value().get().is_some_and(|r| r.is_ok());
    view! {
        <Title text="Edit question" />
        <PageHeader title="Edit question" description="Changes apply to candidates who start after you save." />
        <p class="mb-6"><a class=LINK_CLASS href="/assessments/bank">"Back to the question bank"</a></p>
        {loaded(draft, move |(draft, skills)| view! {
            <Card title=format!("Version {}", draft.version)>
                {draft.seen.then(|| view! {
                    <p class="mb-4 text-sm text-amber-900 dark:text-amber-200">
                        "Candidates have already answered this version. Saving makes a new version; their results keep the one they saw."
                    </p>
                })}
                <QuestionEditor action=save skills draft=Some(draft) />
                <div class="mt-4">{move || saved().then(|| view! { <FormMessage success=true message="Question saved." /> })}</div>
            </Card>
        })}
    }
}
