use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

use crate::ui::path_id;
use crate::access::{loaded, RoleGate};
use crate::platform::{AppError, Role};
use crate::recruiting::requisitions::api::{editable_fields, requisition_form_choices, RequisitionFields, SaveRequisition, CURRENCIES, MAX_DESCRIPTION};
use crate::recruiting::requisitions::types::*;
use crate::ui::{action_error, CHECK_CLASS, ActionError, Card, Field, PageHeader, Select, SubmitButton, TextArea, ERROR_TEXT_CLASS, HINT_CLASS, LINK_CLASS};

/// A new requisition, saved as a draft.
#[component]
pub fn NewRequisitionPage() -> impl IntoView {
    let choices = Resource::new(|| (), |_| requisition_form_choices());
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Title text="New requisition" />
            <PageHeader title="New requisition" description="It starts as a draft: open it when it is ready, and publish it to show it on your careers site." />
            {loaded(choices, |choices| view! { <RequisitionForm id=None fields=RequisitionFields::default() choices /> })}
        </RoleGate>
    }
}

/// Editing a requisition (its creator, hiring manager, recruiter or an admin).
#[component]
pub fn EditRequisitionPage() -> impl IntoView {
    let id = path_id();
    let loaded_form = Resource::new(id, |id| async move {
        let id = id.ok_or(AppError::NotFound)?;
        let (fields, choices) = futures::future::join(editable_fields(id), requisition_form_choices()).await;
        Ok::<_, AppError>((id, fields?, choices?))
    });
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Title text="Edit requisition" />
            {loaded(loaded_form, |(id, fields, choices)| view! {
                <PageHeader title=format!("Edit: {}", fields.title) />
                <p class="mb-4"><a class=LINK_CLASS href=format!("/jobs/{id}")>"Back to the requisition"</a></p>
                <RequisitionForm id=Some(id) fields choices />
            })}
        </RoleGate>
    }
}

fn options<T: Copy>(all: &[T], value: impl Fn(T) -> &'static str, label: impl Fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|t| (value(*t).to_owned(), label(*t).to_owned())).collect()
}

#[component]
fn RequisitionForm(id: Option<Uuid>, fields: RequisitionFields, choices: EditorChoices) -> impl IntoView {
    let save = ServerAction::<SaveRequisition>::new();
    let error = action_error(save.value());
    let people: Vec<(String, String)> =
        std::iter::once((String::new(), "Nobody yet".to_owned())).chain(choices.members.iter().map(|m| (m.id.to_string(), m.name.clone()))).collect();
    let currencies: Vec<(String, String)> = std::iter::once((String::new(), "—".to_owned())).chain(CURRENCIES.iter().map(|c| (c.to_string(), c.to_string()))).collect();
    let group_error = move |field: &'static str| move || error.get().filter(|e| e.field() == Some(field)).map(|e| e.to_string());
    const LEGEND_CLASS: &str = "text-sm font-semibold text-slate-900 dark:text-slate-100";
    view! {
        <ActionForm action=save attr:class="space-y-6">
            {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string() /> })}
            <ActionError error />
            <Card title="The job">
                <div class="space-y-4">
                    <Field label="Job title" name="title" value=fields.title.clone() required=true error />
                    <TextArea label="Description" name="description" value=fields.description.clone() rows=10 max_length=MAX_DESCRIPTION
                        hint="Plain text: a blank line starts a paragraph; lines starting with “- ” become a list." error />
                    <div class="grid gap-4 md:grid-cols-2">
                        <Field label="Department" name="department" value=fields.department.clone() error />
                        <Select label="Employment type" name="employment_type" options=options(&EmploymentType::ALL, EmploymentType::as_str, EmploymentType::label) selected=fields.employment_type.clone() error />
                        <Field label="City" name="location_city" value=fields.location_city.clone() autocomplete="address-level2" error />
                        <Field label="Country" name="location_country" value=fields.location_country.clone() autocomplete="country-name" error />
                        <Select label="Workplace" name="workplace" options=options(&Workplace::ALL, Workplace::as_str, Workplace::label) selected=fields.workplace.clone() error />
                        <Field label="Openings" name="openings" kind="number" value=if fields.openings.is_empty() { "1".to_owned() } else { fields.openings.clone() } error />
                        <Field label="Application deadline" name="deadline" kind="date" value=fields.deadline.clone() hint="Optional. An open requisition closes itself the day after." error />
                    </div>
                </div>
            </Card>
            <Card title="Salary">
                <div class="grid gap-4 md:grid-cols-3">
                    <Field label="Minimum" name="salary_min" kind="number" step="any" value=fields.salary_min.clone() error />
                    <Field label="Maximum" name="salary_max" kind="number" step="any" value=fields.salary_max.clone() error />
                    <Select label="Currency" name="salary_currency" options=currencies selected=fields.salary_currency.clone() error />
                </div>
                <label class="mt-4 flex items-center gap-2 text-sm">
                    <input type="checkbox" name="salary_visible" checked=fields.salary_visible.is_some() class=CHECK_CLASS />
                    "Show the salary range on the careers site"
                </label>
            </Card>
            <Card title="People">
                <div class="grid gap-4 md:grid-cols-2">
                    <Select label="Hiring manager" name="hiring_manager_id" options=people.clone() selected=fields.hiring_manager_id.clone() error />
                    <Select label="Recruiter" name="recruiter_id" options=people selected=fields.recruiter_id.clone() error />
                </div>
                <fieldset class="mt-4" aria-describedby="team-error">
                    <legend class=LEGEND_CLASS>"Hiring team"</legend>
                    <p class=HINT_CLASS>"They are emailed when the status changes."</p>
                    <p id="team-error" class=ERROR_TEXT_CLASS>{group_error("team_ids")}</p>
                    <div class="mt-2 flex flex-wrap gap-x-6 gap-y-2">
                        {choices.members.iter().map(|m| view! {
                            <label class="flex items-center gap-2 text-sm">
                                <input type="checkbox" name="team_ids[]" value=m.id.to_string() checked=fields.team_ids.contains(&m.id) class=CHECK_CLASS />
                                {m.name.clone()}
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
            </Card>
            <Card title="Required skills">
                <fieldset aria-describedby="skills-error">
                    <legend class="sr-only">"Required skills"</legend>
                    <p id="skills-error" class=ERROR_TEXT_CLASS>{group_error("skill_ids")}</p>
                    {if choices.skills.is_empty() {
                        view! { <p class=HINT_CLASS>"Your skill catalog is empty: add skills on the question bank page."</p> }.into_any()
                    } else {
                        view! {
                            <div class="flex flex-wrap gap-x-6 gap-y-2">
                                {choices.skills.iter().map(|s| view! {
                                    <label class="flex items-center gap-2 text-sm">
                                        <input type="checkbox" name="skill_ids[]" value=s.id.to_string() checked=fields.skill_ids.contains(&s.id) class=CHECK_CLASS />
                                        {s.name.clone()}
                                    </label>
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }}
                </fieldset>
            </Card>
            <Card title="Careers site">
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="published" checked=fields.published.is_some() class=CHECK_CLASS />
                    "Publish on the careers site (it shows while the requisition is open)"
                </label>
            </Card>
            <SubmitButton label=if id.is_some() { "Save changes" } else { "Create the draft" } pending=save.pending() />
        </ActionForm>
    }
}
