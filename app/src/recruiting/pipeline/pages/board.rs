use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::{percent, since};
use crate::access::{loaded, RoleGate};
use crate::platform::{AppError, Role};
use crate::ui::path_id;
use crate::recruiting::pipeline::api::{pipeline_board, BulkMoveApplications, MoveApplication, BULK_MOVE_LIMIT};
use crate::recruiting::pipeline::types::*;
use crate::ui::{action_error, successes, ActionError, PageHeader, BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, CHECK_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS};

const COLUMN_CLASS: &str = "flex w-72 shrink-0 flex-col rounded-xl border border-slate-200 bg-slate-100 p-3 dark:border-slate-800 dark:bg-slate-900";
const COLUMN_TARGET_CLASS: &str = "flex w-72 shrink-0 flex-col rounded-xl border-2 border-dashed border-indigo-500 bg-indigo-50 p-3 dark:bg-indigo-950";
const CARD_CLASS: &str = "rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-800";
const SMALL_SELECT_CLASS: &str = "min-h-8 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
const BADGE_CLASS: &str = "inline-flex items-center rounded-full bg-indigo-100 px-2 py-0.5 text-xs font-semibold text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100";

/// A requisition's pipeline: one column per stage; cards move by dragging, by each card's
/// "Move to" form (keyboard and no JavaScript), or several at once.
#[component]
pub fn PipelinePage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Pipeline />
        </RoleGate>
    }
}

#[component]
fn Pipeline() -> impl IntoView {
    let id = path_id();
    let query = use_query_map();
    let sort = move || query.read().get("sort").unwrap_or_default();
    let per_column = move || query.read().get("per_column").and_then(|n| n.parse::<i64>().ok());
    let moves = ServerAction::<MoveApplication>::new();
    let bulk = ServerAction::<BulkMoveApplications>::new();
    let moved = successes(moves.value(), moves.version());
    let bulk_moved = successes(bulk.value(), bulk.version());
    // Raised by other people's moves, heard over the live channel.
    let heard = RwSignal::new(0usize);
    Effect::new(move |_| {
        crate::ui::live::on_live_events(move |event| {
            if event.kind == "reconnect" || (event.kind == "application" && event.requisition == id()) {
                heard.update(|n| *n += 1);
            }
        });
    });
    let board = Resource::new(move || (id(), sort(), per_column(), moved.get(), bulk_moved.get(), heard.get()), |(id, sort, per_column, ..)| async move {
        match id {
            Some(id) => pipeline_board(id, sort, per_column).await,
            None => Err(AppError::NotFound),
        }
    });
    let announcement = move || match moves.value().get() {
        Some(Ok(result)) => result.message,
        Some(Err(error)) => error.to_string(),
        None => String::new(),
    };
    view! {
        <Title text="Pipeline" />
        <p role="status" aria-live="polite" class="sr-only">{announcement}</p>
        {loaded(board, move |board| view! { <BoardView board moves bulk /> })}
    }
}

#[component]
fn BoardView(board: Board, moves: ServerAction<MoveApplication>, bulk: ServerAction<BulkMoveApplications>) -> impl IntoView {
    let requisition_id = board.requisition_id;
    let dragged: RwSignal<Option<(Uuid, i32, Uuid)>> = RwSignal::new(None);
    let target: RwSignal<Option<Uuid>> = RwSignal::new(None);
    let move_error = action_error(moves.value());
    let bulk_form = format!("bulk-{requisition_id}");
    let stages = board.stages.clone();
    let title = board.title.clone();
    view! {
        <Title text=format!("{title} · pipeline") />
        <PageHeader title=title.clone() description=format!("Pipeline · {} in it, {} rejected, {} withdrawn", board.stages.iter().map(|s| s.count).sum::<i64>(), board.rejected, board.withdrawn) />
        <nav aria-label="Requisition" class="mb-4 flex flex-wrap items-center gap-4 text-sm">
            <a class=LINK_CLASS href=format!("/jobs/{requisition_id}")>"Requisition"</a>
            <a class=LINK_CLASS href=format!("/jobs/{requisition_id}/analytics")>"Analytics"</a>
            {board.can_move.then(|| view! { <a class=LINK_CLASS href=format!("/jobs/{requisition_id}/stages")>"Edit stages"</a> })}
        </nav>
        <form method="get" class="mb-4 flex flex-wrap items-end gap-3" aria-label="Order the board">
            <div>
                <label for="board-sort" class=LABEL_CLASS>"Order cards by"</label>
                <select id="board-sort" name="sort" class=SMALL_SELECT_CLASS>
                    {BoardSort::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == board.sort>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="board-per-column" class=LABEL_CLASS>"Cards per stage"</label>
                <input id="board-per-column" name="per_column" type="number" min="1" max=MAX_CARDS_PER_COLUMN.to_string() value=board.per_column.to_string() class=format!("{SMALL_SELECT_CLASS} w-24") />
            </div>
            <button type="submit" class=BUTTON_SECONDARY_CLASS>"Show"</button>
        </form>
        <ActionError error=move_error />
        {move || moves.value().get().and_then(Result::ok).map(|r| view! { <p class="mb-3 text-sm text-emerald-800 dark:text-emerald-300">{r.message}</p> })}
        <p class=format!("{HINT_CLASS} mb-3")>{MATCH_RULE}</p>
        <div class="flex gap-4 overflow-x-auto pb-4">
            {board.stages.iter().map(|stage| {
                let stage_id = stage.id;
                let cards: Vec<BoardCard> = board.cards.iter().filter(|c| c.stage_id == stage_id).cloned().collect();
                let hidden = stage.count - cards.len() as i64;
                let heading = format!("stage-{stage_id}");
                let drop = move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    target.set(None);
                    if let Some((application_id, version, from)) = dragged.get_untracked() {
                        dragged.set(None);
                        if from != stage_id {
                            moves.dispatch(MoveApplication { application_id, version, stage_id });
                        }
                    }
                };
                view! {
                    <section
                        aria-labelledby=heading.clone()
                        class=move || if target.get() == Some(stage_id) { COLUMN_TARGET_CLASS } else { COLUMN_CLASS }
                        on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); target.set(Some(stage_id)); }
                        on:dragleave=move |_| target.set(None)
                        on:drop=drop
                    >
                        <h2 id=heading.clone() class="mb-1 flex items-baseline justify-between text-sm font-semibold text-slate-900 dark:text-slate-100">
                            <span>{stage.name.clone()}</span>
                            <span class="text-slate-700 dark:text-slate-300">{stage.count}</span>
                        </h2>
                        {stage.auto_assessment.clone().map(|(_, title)| view! { <p class=HINT_CLASS>{format!("Sends “{title}” on entry")}</p> })}
                        <ul class="mt-2 space-y-2">
                            {cards.into_iter().map(|card| view! { <Card card stages=stages.clone() can_move=board.can_move now=board.now moves dragged bulk_form=bulk_form.clone() /> }).collect_view()}
                        </ul>
                        {(hidden > 0).then(|| view! {
                            <a class=format!("{LINK_CLASS} mt-2 text-sm") href=format!("?sort={}&per_column={}", board.sort.as_str(), (board.per_column * 2).min(MAX_CARDS_PER_COLUMN))>
                                {format!("{hidden} more — show more")}
                            </a>
                        })}
                    </section>
                }
            }).collect_view()}
        </div>
        {board.can_move.then(|| view! { <BulkForm board=board.clone() bulk form_id=bulk_form.clone() /> })}
    }
}

#[component]
fn Card(
    card: BoardCard,
    stages: Vec<Stage>,
    can_move: bool,
    now: chrono::DateTime<chrono::Utc>,
    moves: ServerAction<MoveApplication>,
    dragged: RwSignal<Option<(Uuid, i32, Uuid)>>,
    bulk_form: String,
) -> impl IntoView {
    let (id, version, stage_id) = (card.id, card.version, card.stage_id);
    let select_id = format!("move-{id}");
    let name = card.name.clone();
    let assessment = card.assessment.clone().map(|a| match a.percent {
        Some(p) => format!("{}: {}", a.title, percent(p)),
        None => format!("{}: {}", a.title, a.state.to_lowercase()),
    });
    view! {
        <li
            class=CARD_CLASS
            draggable=if can_move { "true" } else { "false" }
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                dragged.set(Some((id, version, stage_id)));
                // Some browsers start a drag only when it carries data.
                #[cfg(feature = "hydrate")]
                if let Some(transfer) = ev.data_transfer() {
                    let _ = transfer.set_data("text/plain", &id.to_string());
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = ev;
            }
            on:dragend=move |_| dragged.set(None)
        >
            <div class="flex items-start gap-2">
                {can_move.then(|| view! {
                    <input type="checkbox" name="picks[]" form=bulk_form value=format!("{id}.{version}") aria-label=format!("Select {name}") class=CHECK_CLASS />
                })}
                <div class="min-w-0 flex-1">
                    <a class=LINK_CLASS href=format!("/applications/{id}")>{card.name.clone()}</a>
                    <p class="truncate text-xs text-slate-700 dark:text-slate-300">{card.email.clone()}</p>
                </div>
                {card.match_score.map(|m| view! { <span class=BADGE_CLASS title="Match score">{format!("{m:.0}")}</span> })}
            </div>
            <p class="mt-1 text-xs text-slate-700 dark:text-slate-300">{format!("In stage {} · {}", since(card.entered_at, now), card.source.replace('_', " "))}</p>
            {assessment.map(|text| view! { <p class="mt-1 text-xs text-slate-800 dark:text-slate-200">{text}</p> })}
            {(!card.recommendations.is_empty()).then(|| view! {
                <p class="mt-1 text-xs text-slate-800 dark:text-slate-200">
                    {format!("Scorecards: {}", card.recommendations.iter().map(|r| crate::interviews::types::recommendation_label(*r)).collect::<Vec<_>>().join(", "))}
                </p>
            })}
            {can_move.then(|| view! {
                <ActionForm action=moves attr:class="mt-2 flex items-center gap-2">
                    <input type="hidden" name="application_id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    <label for=select_id.clone() class="sr-only">{format!("Move {} to", card.name)}</label>
                    <select id=select_id name="stage_id" class=SMALL_SELECT_CLASS>
                        {stages.iter().filter(|s| s.id != stage_id).map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Move"</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn BulkForm(board: Board, bulk: ServerAction<BulkMoveApplications>, form_id: String) -> impl IntoView {
    let error = action_error(bulk.value());
    view! {
        <section aria-labelledby="bulk-heading" class="mt-4 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 id="bulk-heading" class="mb-2 text-base font-semibold text-slate-900 dark:text-slate-100">"Selected candidates"</h2>
            <p class=format!("{HINT_CLASS} mb-3")>{format!("Tick cards on the board, then move or reject them together (up to {BULK_MOVE_LIMIT}).")}</p>
            <ActionForm action=bulk attr:id=form_id attr:class="grid gap-3 md:grid-cols-2">
                <input type="hidden" name="requisition_id" value=board.requisition_id.to_string() />
                <fieldset class="space-y-2">
                    <legend class=LABEL_CLASS>"Do"</legend>
                    <label class="flex items-center gap-2 text-sm"><input type="radio" name="action" value="move" checked=true class=CHECK_CLASS />"Move to the stage"</label>
                    <label class="flex items-center gap-2 text-sm"><input type="radio" name="action" value="reject" class=CHECK_CLASS />"Reject with the reason"</label>
                </fieldset>
                <div class="space-y-2">
                    <label for="bulk-stage" class=LABEL_CLASS>"Stage"</label>
                    <select id="bulk-stage" name="stage_id" class=INPUT_CLASS>
                        {board.stages.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                    <label for="bulk-reason" class=LABEL_CLASS>"Reason for rejecting"</label>
                    <select id="bulk-reason" name="reason" class=INPUT_CLASS>
                        {board.rejection_reasons.iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="space-y-2 md:col-span-2">
                    <label for="bulk-subject" class=LABEL_CLASS>"Email to each candidate (optional)"</label>
                    <input id="bulk-subject" name="email_subject" maxlength="200" placeholder="Subject" class=INPUT_CLASS />
                    <label for="bulk-body" class="sr-only">"Message"</label>
                    <textarea id="bulk-body" name="email_body" rows="4" maxlength="5000" placeholder="Hello {{name}}, about {{job}} at {{company}}…" class=INPUT_CLASS aria-describedby="bulk-body-hint"></textarea>
                    <p id="bulk-body-hint" class=HINT_CLASS>"{{name}}, {{job}} and {{company}} are filled in for each candidate. Leave both empty to send nothing."</p>
                </div>
                <div class="md:col-span-2">
                    <ActionError error />
                    {move || bulk.value().get().and_then(Result::ok).map(|summary| view! { <p role="status" class="mb-2 text-sm text-emerald-800 dark:text-emerald-300">{summary}</p> })}
                    <button type="submit" class=BUTTON_PRIMARY_CLASS>"Apply to the selected"</button>
                </div>
            </ActionForm>
        </section>
    }
}
