use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

use crate::access::{loaded, RoleGate};
use crate::platform::{AppError, Role};
use crate::ui::path_id;
use crate::recruiting::pipeline::api::{pipeline_board, pipeline_defaults, ChangeRequisitionStages, SavePipelineDefaults};
use crate::recruiting::pipeline::types::*;
use crate::seekers::types::ApplicationStatus;
use crate::ui::{action_error, successes, ActionError, Card, PageHeader, SubmitButton, TextArea, BUTTON_DANGER_CLASS, BUTTON_SECONDARY_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS};

const INLINE_INPUT_CLASS: &str = "min-h-8 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

fn stage_fields(requisition_id: Uuid, stage_id: Uuid, change: &'static str) -> impl IntoView {
    view! {
        <input type="hidden" name="requisition_id" value=requisition_id.to_string() />
        <input type="hidden" name="stage_id" value=stage_id.to_string() />
        <input type="hidden" name="change" value=change />
    }
}

fn auto_of(stage: &Stage) -> Option<Uuid> {
    stage.auto_assessment.as_ref().map(|(id, _)| *id)
}

fn kind_options(selected: StageKind) -> impl IntoView {
    StageKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=*k == selected>{k.label()}</option> }).collect_view()
}

/// A requisition's own stages: rename, reorder, add, remove an empty one, and the assessment
/// each sends on entry.
#[component]
pub fn StagesPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Stages />
        </RoleGate>
    }
}

#[component]
fn Stages() -> impl IntoView {
    let id = path_id();
    let change = ServerAction::<ChangeRequisitionStages>::new();
    let changed = successes(change.value(), change.version());
    let error = action_error(change.value());
    let board = Resource::new(move || (id(), changed.get()), |(id, _)| async move {
        match id {
            Some(id) => pipeline_board(id, String::new(), Some(1)).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text="Stages" />
        {loaded(board, move |board| {
            let requisition_id = board.requisition_id.to_string();
            let last = board.stages.len().saturating_sub(1);
            view! {
                <PageHeader title=format!("Stages of {}", board.title) description="Each stage counts as one step of the funnel. A stage can send an assessment to everyone who enters it." />
                <nav class="mb-4 text-sm"><a class=LINK_CLASS href=format!("/jobs/{}/pipeline", board.requisition_id)>"Back to the pipeline"</a></nav>
                <ActionError error />
                {if !board.can_move {
                    view! { <p class=HINT_CLASS>"Only the requisition's hiring team or an admin can change its stages."</p> }.into_any()
                } else {
                    let assessments = board.assessments.clone();
                    view! {
                        <ol class="space-y-3">
                            {board.stages.clone().into_iter().enumerate().map(|(i, stage)| {
                                let (rid, sid) = (board.requisition_id, stage.id);
                                let hidden = move |change: &'static str| stage_fields(rid, sid, change);
                                let (earlier, later, remove) = (format!("Move {} earlier", stage.name), format!("Move {} later", stage.name), format!("Remove {}", stage.name));
                                let options = assessments.iter().map(|(id, title)| view! { <option value=id.to_string() selected=auto_of(&stage) == Some(*id)>{title.clone()}</option> }).collect_view();
                                let (name_id, kind_id, assessment_id, shown_id) = (format!("name-{}", stage.id), format!("kind-{}", stage.id), format!("auto-{}", stage.id), format!("shown-{}", stage.id));
                                let shown_hint = format!("shown-hint-{}", stage.id);
                                let shown_options = ApplicationStatus::FOR_STAGES.iter().map(|status| view! {
                                    <option value=status.as_str() selected=stage.shown_as == Some(*status)>{status.label()}</option>
                                }).collect_view();
                                let auto = auto_of(&stage);
                                view! {
                                    <li class="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                                        <div class="flex flex-wrap items-end gap-3">
                                            <ActionForm action=change attr:class="flex flex-wrap items-end gap-2">
                                                {hidden("rename")}
                                                <div><label for=name_id.clone() class=LABEL_CLASS>"Name"</label><input id=name_id name="name" value=stage.name.clone() maxlength="60" class=INLINE_INPUT_CLASS /></div>
                                                <div><label for=kind_id.clone() class=LABEL_CLASS>"Counts as"</label><select id=kind_id name="kind" class=INLINE_INPUT_CLASS>{kind_options(stage.kind)}</select></div>
                                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Save"</button>
                                            </ActionForm>
                                            <ActionForm action=change attr:class="flex flex-wrap items-end gap-2">
                                                {hidden("assessment")}
                                                <div>
                                                    <label for=assessment_id.clone() class=LABEL_CLASS>"Send on entry"</label>
                                                    <select id=assessment_id name="assessment_id" class=INLINE_INPUT_CLASS>
                                                        <option value="" selected=auto.is_none()>"Nothing"</option>
                                                        {options}
                                                    </select>
                                                </div>
                                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Set"</button>
                                            </ActionForm>
                                            <ActionForm action=change attr:class="flex flex-wrap items-end gap-2">
                                                {hidden("shown_as")}
                                                <div>
                                                    <label for=shown_id.clone() class=LABEL_CLASS>"Applicants see"</label>
                                                    <select id=shown_id name="shown_as" aria-describedby=shown_hint.clone() class=INLINE_INPUT_CLASS>
                                                        <option value="" selected=stage.shown_as.is_none()>"The word for its step"</option>
                                                        {shown_options}
                                                    </select>
                                                    <p id=shown_hint class="sr-only">"What people who applied from the job board read while their application is in this stage; never the stage's name."</p>
                                                </div>
                                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Show"</button>
                                            </ActionForm>
                                            {(i > 0).then(|| view! { <ActionForm action=change>{hidden("up")}<button type="submit" class=BUTTON_SECONDARY_CLASS aria-label=earlier>"Earlier"</button></ActionForm> })}
                                            {(i < last).then(|| view! { <ActionForm action=change>{hidden("down")}<button type="submit" class=BUTTON_SECONDARY_CLASS aria-label=later>"Later"</button></ActionForm> })}
                                            <ActionForm action=change>{hidden("remove")}<button type="submit" class=BUTTON_DANGER_CLASS aria-label=remove>"Remove"</button></ActionForm>
                                        </div>
                                        <p class=format!("{HINT_CLASS} mt-2")>{format!("{} in it now", stage.count)}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        <Card title="Add a stage">
                            <ActionForm action=change attr:class="flex flex-wrap items-end gap-3">
                                <input type="hidden" name="requisition_id" value=requisition_id.clone() />
                                <input type="hidden" name="change" value="add" />
                                <div><label for="new-stage-name" class=LABEL_CLASS>"Name"</label><input id="new-stage-name" name="name" maxlength="60" required class=INPUT_CLASS /></div>
                                <div><label for="new-stage-kind" class=LABEL_CLASS>"Counts as"</label><select id="new-stage-kind" name="kind" class=INPUT_CLASS>{kind_options(StageKind::Screening)}</select></div>
                                <SubmitButton label="Add" pending=change.pending() />
                            </ActionForm>
                        </Card>
                    }.into_any()
                }}
            }
        })}
    }
}

/// The tenant's default stages for new requisitions and its reasons for rejecting.
#[component]
pub fn PipelineSettingsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::TenantAdmin]>
            <Settings />
        </RoleGate>
    }
}

#[component]
fn Settings() -> impl IntoView {
    let save = ServerAction::<SavePipelineDefaults>::new();
    let saved = successes(save.value(), save.version());
    let error = action_error(save.value());
    let defaults = Resource::new(move || saved.get(), |_| pipeline_defaults());
    view! {
        <Title text="Pipeline settings" />
        <PageHeader title="Pipeline settings" description="The stages every new requisition starts with, and the reasons recruiters choose from when rejecting." />
        {loaded(defaults, move |defaults| {
            let stages = defaults.stages.iter().map(|(name, kind)| format!("{name}: {}", kind.as_str())).collect::<Vec<_>>().join("\n");
            view! {
                <ActionForm action=save attr:class="max-w-2xl space-y-4">
                    <TextArea label="Stages, in order" name="stages" rows=8 value=stages hint="One per line as Name: step, where the step is applied, screening, assessment, interview, offer or hired. Existing requisitions keep their stages." error />
                    <TextArea label="Reasons for rejecting" name="rejection_reasons" rows=8 value=defaults.rejection_reasons.join("\n") hint="One per line." error />
                    <ActionError error />
                    <SubmitButton label="Save" pending=save.pending() />
                    {move || save.value().get().and_then(Result::ok).map(|_| view! { <p role="status" class="text-sm text-emerald-800 dark:text-emerald-300">"Saved."</p> })}
                </ActionForm>
            }
        })}
    }
}
