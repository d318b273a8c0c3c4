use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

use crate::access::{loaded, RoleGate};
use crate::interviews::api::*;
use crate::interviews::types::*;
use crate::platform::Role;
use crate::recruiting::requisitions::types::Member;
use crate::ui::{
    action_error, path_id, successes, ActionError, Card, Field, PageHeader, SubmitButton, TextArea, BUTTON_DANGER_CLASS, BUTTON_SECONDARY_CLASS, CHECK_CLASS, HINT_CLASS,
    INPUT_CLASS, LABEL_CLASS, LINK_CLASS,
};

/// `/jobs/{id}/interviews`: the requisition's interview plan and the tenant's templates.
#[component]
pub fn InterviewPlanPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <PlanEditor />
        </RoleGate>
    }
}

#[component]
fn PlanEditor() -> impl IntoView {
    let id = path_id();
    let save = ServerAction::<SaveInterviewType>::new();
    let remove = ServerAction::<RemoveInterviewType>::new();
    let reorder = ServerAction::<MoveInterviewType>::new();
    let keep = ServerAction::<SavePlanTemplate>::new();
    let apply = ServerAction::<ApplyPlanTemplate>::new();
    let drop_template = ServerAction::<DeletePlanTemplate>::new();
    let changed = (
        successes(save.value(), save.version()),
        successes(remove.value(), remove.version()),
        successes(reorder.value(), reorder.version()),
        successes(keep.value(), keep.version()),
        successes(apply.value(), apply.version()),
        successes(drop_template.value(), drop_template.version()),
    );
    let plan = Resource::new(
        move || (id(), changed.0.get(), changed.1.get(), changed.2.get(), changed.3.get(), changed.4.get(), changed.5.get()),
        |(id, ..)| async move {
            match id {
                Some(id) => interview_plan(id).await,
                None => Err(crate::platform::AppError::NotFound),
            }
        },
    );
    let message = move || {
        [save.value().get(), remove.value().get(), keep.value().get(), apply.value().get(), drop_template.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::ok)
            .map(|m| view! { <p role="status" class="mb-4 text-sm text-emerald-800 dark:text-emerald-300">{m}</p> })
    };
    view! {
        <Title text="Interview plan" />
        {loaded(plan, move |plan| {
            let requisition_id = plan.requisition_id;
            let can_edit = plan.can_edit;
            let panel = plan.panel.clone();
            let options = plan.templates.iter().map(|t| view! { <option value=t.id.to_string()>{format!("{} ({} interviews)", t.name, t.types.len())}</option> }).collect_view();
            let listed = plan.templates.clone().into_iter().map(|t| {
                let (id, label) = (t.id.to_string(), format!("Delete the template {}", t.name));
                view! {
                    <li class="flex items-center justify-between gap-2 text-slate-900 dark:text-slate-100">
                        <span>{t.name}</span>
                        <ActionForm action=drop_template>
                            <input type="hidden" name="template_id" value=id />
                            <button type="submit" class=BUTTON_DANGER_CLASS aria-label=label>"Delete"</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view();
            let has_templates = !plan.templates.is_empty();
            let new_attributes = plan.required_skills.iter().cloned().chain(std::iter::once("Communication".to_owned())).collect::<Vec<_>>().join("\n");
            view! {
                <Title text=format!("Interview plan · {}", plan.title) />
                <PageHeader title=format!("Interview plan: {}", plan.title) description="The interviews every candidate goes through, in order: what each rates, what to focus on, and who usually interviews." />
                <nav aria-label="Requisition" class="mb-6 flex flex-wrap gap-4 text-sm">
                    <a class=LINK_CLASS href=format!("/jobs/{requisition_id}")>"Requisition"</a>
                    <a class=LINK_CLASS href=format!("/jobs/{requisition_id}/pipeline")>"Pipeline"</a>
                </nav>
                {message}
                <ActionError error=action_error(reorder.value()) />
                <ActionError error=action_error(remove.value()) />
                <div class="grid gap-6 lg:grid-cols-3">
                    <div class="space-y-6 lg:col-span-2">
                        {if plan.types.is_empty() {
                            view! { <Card><p class=HINT_CLASS>"No interviews in the plan yet. Add the first below, or start from a template."</p></Card> }.into_any()
                        } else {
                            let count = plan.types.len();
                            plan.types.iter().enumerate().map(|(i, t)| view! {
                                <TypeCard interview_type=t.clone() requisition_id panel=panel.clone() can_edit first=i == 0 last=i + 1 == count save remove reorder />
                            }).collect_view().into_any()
                        }}
                        {can_edit.then(|| view! {
                            <Card title="Add an interview">
                                <TypeForm requisition_id type_id=None name=String::new() duration=45 attributes=new_attributes.clone() focus=String::new() questions=String::new()
                                    chosen=Vec::new() panel=panel.clone() prefix="new".to_owned() label="Add to the plan" save />
                            </Card>
                        })}
                    </div>
                    <div class="space-y-6">
                        <Card title="Templates">
                            <p class=format!("{HINT_CLASS} mb-3")>"Plans your organization reuses. Applying one adds its interviews (without people) to this plan."</p>
                            {(has_templates && can_edit).then(|| view! {
                                <ActionForm action=apply attr:class="mb-4 space-y-2">
                                    <input type="hidden" name="requisition_id" value=requisition_id.to_string() />
                                    <label for="template-id" class=LABEL_CLASS>"Start from a template"</label>
                                    <select id="template-id" name="template_id" class=INPUT_CLASS>
                                        {options}
                                    </select>
                                    <SubmitButton label="Add its interviews" pending=apply.pending() />
                                    <ActionError error=action_error(apply.value()) />
                                </ActionForm>
                            })}
                            <ActionForm action=keep attr:class="mb-4 space-y-2">
                                <input type="hidden" name="requisition_id" value=requisition_id.to_string() />
                                <Field label="Keep this plan as a template named" name="name" id="template-name" error=action_error(keep.value()) />
                                <ActionError error=action_error(keep.value()) />
                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Save as template"</button>
                            </ActionForm>
                            <ul class="space-y-2 text-sm">{listed}</ul>
                        </Card>
                    </div>
                </div>
            }
        })}
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn TypeCard(
    interview_type: InterviewType,
    requisition_id: Uuid,
    panel: Vec<Member>,
    can_edit: bool,
    first: bool,
    last: bool,
    save: ServerAction<SaveInterviewType>,
    remove: ServerAction<RemoveInterviewType>,
    reorder: ServerAction<MoveInterviewType>,
) -> impl IntoView {
    let t = interview_type;
    let people: Vec<String> = panel.iter().filter(|m| t.default_interviewers.contains(&m.id)).map(|m| m.name.clone()).collect();
    view! {
        <Card title=format!("{}. {} · {} minutes", t.position, t.name, t.duration_minutes)>
            <dl class="space-y-2 text-sm text-slate-900 dark:text-slate-100">
                <div><dt class="font-medium">"Rates"</dt><dd>{if t.attributes.is_empty() { "Overall recommendation only".to_owned() } else { t.attributes.join(", ") }}</dd></div>
                {(!t.focus.is_empty()).then(|| view! { <div><dt class="font-medium">"Focus"</dt><dd class="whitespace-pre-line">{t.focus.clone()}</dd></div> })}
                {(!t.questions.is_empty()).then(|| view! { <div><dt class="font-medium">"Suggested questions"</dt><dd class="whitespace-pre-line">{t.questions.clone()}</dd></div> })}
                <div><dt class="font-medium">"Usual interviewers"</dt><dd>{if people.is_empty() { "—".to_owned() } else { people.join(", ") }}</dd></div>
            </dl>
            {can_edit.then(|| {
                let id = t.id.to_string();
                let (id2, id3) = (id.clone(), id.clone());
                let (earlier, later, remove_label) = (format!("Move {} earlier", t.name), format!("Move {} later", t.name), format!("Remove {} from the plan", t.name));
                view! {
                    <div class="mt-4 flex flex-wrap gap-2">
                        {(!first).then(|| view! {
                            <ActionForm action=reorder>
                                <input type="hidden" name="type_id" value=id.clone() />
                                <input type="hidden" name="up" value="true" />
                                <button type="submit" class=BUTTON_SECONDARY_CLASS aria-label=earlier.clone()>"Earlier"</button>
                            </ActionForm>
                        })}
                        {(!last).then(|| view! {
                            <ActionForm action=reorder>
                                <input type="hidden" name="type_id" value=id2.clone() />
                                <input type="hidden" name="up" value="false" />
                                <button type="submit" class=BUTTON_SECONDARY_CLASS aria-label=later.clone()>"Later"</button>
                            </ActionForm>
                        })}
                        <ActionForm action=remove>
                            <input type="hidden" name="type_id" value=id3 />
                            <button type="submit" class=BUTTON_DANGER_CLASS aria-label=remove_label>"Remove"</button>
                        </ActionForm>
                    </div>
                    <details class="mt-4">
                        <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>{format!("Edit {}", t.name)}</summary>
                        <div class="mt-3">
                            <TypeForm requisition_id type_id=Some(t.id) name=t.name.clone() duration=t.duration_minutes attributes=t.attributes.join("\n") focus=t.focus.clone()
                                questions=t.questions.clone() chosen=t.default_interviewers.clone() panel=panel.clone() prefix=t.id.to_string() label="Save changes" save />
                        </div>
                    </details>
                }
            })}
        </Card>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn TypeForm(
    requisition_id: Uuid,
    type_id: Option<Uuid>,
    name: String,
    duration: i32,
    attributes: String,
    focus: String,
    questions: String,
    chosen: Vec<Uuid>,
    panel: Vec<Member>,
    prefix: String,
    label: &'static str,
    save: ServerAction<SaveInterviewType>,
) -> impl IntoView {
    let error = action_error(save.value());
    view! {
        <ActionForm action=save attr:class="space-y-4">
            <input type="hidden" name="requisition_id" value=requisition_id.to_string() />
            {type_id.map(|id| view! { <input type="hidden" name="type_id" value=id.to_string() /> })}
            <div class="grid gap-4 md:grid-cols-2">
                <Field label="Name" name="name" id=format!("{prefix}-name") value=name hint="Such as Phone screen, Technical, Culture, Hiring manager." error />
                <Field label="Minutes" name="duration_minutes" id=format!("{prefix}-duration") kind="number" value=duration.to_string() error />
            </div>
            <TextArea label="Attributes to rate, one per line" name="attributes" id=format!("{prefix}-attributes") value=attributes rows=4 max_length=2000
                hint=format!("The requisition's required skills and free attributes such as {}.", SUGGESTED_ATTRIBUTES.join(", ")) error />
            <TextArea label="Focus for the interviewer" name="focus" id=format!("{prefix}-focus") value=focus rows=3 max_length=4000 error />
            <TextArea label="Suggested questions" name="questions" id=format!("{prefix}-questions") value=questions rows=4 max_length=8000 error />
            <fieldset>
                <legend class=LABEL_CLASS>"Usual interviewers"</legend>
                <div class="mt-2 grid gap-2 sm:grid-cols-2">
                    {panel.iter().map(|m| view! {
                        <label class="flex items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
                            <input type="checkbox" name="default_interviewers[]" value=m.id.to_string() checked=chosen.contains(&m.id) class=CHECK_CLASS />
                            {m.name.clone()}
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <ActionError error />
            <SubmitButton label=label pending=save.pending() />
        </ActionForm>
    }
}
