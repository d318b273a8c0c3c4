use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{requisitions, DeleteJobDescription, SaveJobDescription};
use crate::access::{loaded, RoleGate};
use crate::platform::Role;
use crate::ui::{action_error, query_id, successes, ActionError, Card, Field, FormMessage, PageHeader, SubmitButton, Table, TextArea, BUTTON_DANGER_CLASS, LINK_CLASS, TD_CLASS};

/// Job descriptions: what each role asks for, and the skills its assessments should measure.
#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Jobs />
        </RoleGate>
    }
}

#[component]
fn Jobs() -> impl IntoView {
    let save = ServerAction::<SaveJobDescription>::new();
    let delete = ServerAction::<DeleteJobDescription>::new();
    let changes = (successes(save.value(), save.version()), successes(delete.value(), delete.version()));
    let jobs = Resource::new(move || (changes.0.get(), changes.1.get()), |_| requisitions());
    let delete_error = action_error(delete.value());
    let editing = query_id("edit");
    let error = action_error(save.value());
    let just_saved = move || save.value().get().is_some_and(|r| r.is_ok());
    view! {
        <Title text="Jobs" />
        <PageHeader title="Jobs" description="Describe each job and the skills it requires; tie assessments to a job to see how candidates measure up to it." />
        {loaded(jobs, move |jobs| {
            let editing = editing().and_then(|id| jobs.jobs.iter().find(|j| j.id == id).cloned());
            let chosen: Vec<_> = editing.as_ref().map(|j| j.required_skills.iter().map(|s| s.id).collect()).unwrap_or_default();
            let heading = if editing.is_some() { "Edit the job" } else { "Add a job" };
            let job_id = editing.as_ref().map(|j| j.id.to_string());
            let (title, body) = editing.map(|j| (j.title, j.body)).unwrap_or_default();
            view! {
                <div class="space-y-6">
                    <ActionError error=delete_error />
                    <Card title="Your jobs">
                        {if jobs.jobs.is_empty() {
                            view! { <p class="text-sm text-slate-600 dark:text-slate-400">"No jobs yet: add the first one below."</p> }.into_any()
                        } else {
                            view! {
                                <Table columns=&["Job", "Required skills", "Assessments", ""]>
                                    {jobs.jobs.iter().map(|job| {
                                        let (id, delete_label) = (job.id.to_string(), format!("Delete: {}", job.title));
                                        view! {
                                            <tr>
                                                <td class=TD_CLASS>{job.title.clone()}</td>
                                                <td class=TD_CLASS>{job.required_skills.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ")}</td>
                                                <td class=TD_CLASS>{job.assessments}</td>
                                                <td class=TD_CLASS>
                                                    <div class="flex items-center gap-4">
                                                        <a class=LINK_CLASS href=format!("/jobs?edit={}", job.id) aria-label=format!("Edit: {}", job.title)>"Edit"</a>
                                                        <ActionForm action=delete>
                                                            <input type="hidden" name="job_id" value=id />
                                                            <button type="submit" class=BUTTON_DANGER_CLASS aria-label=delete_label>"Delete"</button>
                                                        </ActionForm>
                                                    </div>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </Table>
                            }.into_any()
                        }}
                    </Card>
                    <Card title=heading>
                        <ActionForm action=save attr:class="space-y-4">
                            <ActionError error />
                            {job_id.map(|id| view! { <input type="hidden" name="job_id" value=id /> })}
                            <Field label="Job title" name="title" value=title required=true error />
                            <TextArea label="Description" name="body" value=body rows=6 max_length=20_000 hint="What the job involves; candidates do not see it." error />
                            <fieldset class="space-y-2" aria-describedby="skills-error">
                                <legend class="text-sm font-medium text-slate-800 dark:text-slate-200">"Required skills"</legend>
                                <p id="skills-error" class="text-sm text-red-700 dark:text-red-300">
                                    {move || error.get().filter(|e| e.field() == Some("skill_ids")).map(|e| e.to_string())}
                                </p>
                                {if jobs.skills.is_empty() {
                                    view! { <p class="text-sm text-slate-600 dark:text-slate-400">"Your skill catalog is empty: add skills on the question bank page."</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="flex flex-wrap gap-x-6 gap-y-2">
                                            {jobs.skills.iter().map(|skill| view! {
                                                <label class="flex items-center gap-2 text-sm">
                                                    <input type="checkbox" name="skill_ids[]" value=skill.id.to_string() checked=chosen.contains(&skill.id) class="h-5 w-5" />
                                                    {skill.name.clone()}
                                                </label>
                                            }).collect_view()}
                                        </div>
                                    }.into_any()
                                }}
                            </fieldset>
                            <SubmitButton label="Save job" pending=save.pending() />
                            {move || just_saved().then(|| view! { <FormMessage success=true message="Job saved." /> })}
                        </ActionForm>
                    </Card>
                </div>
            }
        })}
    }
}
