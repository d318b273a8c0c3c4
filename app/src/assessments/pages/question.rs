use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

use crate::access::{loaded, RoleGate};
use crate::assessments::api::{question_bank, question_to_edit, SaveQuestion};
use crate::assessments::authoring::{accepted_field, option_text_field, QuestionForm, MAX_ACCEPTED, MAX_ACCEPTED_CHARS, MAX_OPTIONS, MAX_OPTION_CHARS};
use crate::assessments::types::{QuestionDraft, QuestionKind, Skill, DIFFICULTIES};
use crate::platform::{AppError, Role};
use crate::ui::{
    action_error, field_error, path_id, successes, ActionError, Card, Field, FormMessage, PageHeader, Select, SubmitButton, TextArea, BUTTON_DANGER_CLASS,
    BUTTON_SECONDARY_CLASS, ERROR_TEXT_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS,
};

/// Empty rows a list starts with; without JavaScript, `?rows=N` asks for more.
const BLANK_ROWS: usize = 4;
const MORE_ROWS: usize = 4;

const HIDDEN_CLASS: &str = "hidden";
const ROW_CLASS: &str = "space-y-1 rounded-lg border border-slate-200 p-2 dark:border-slate-700";
const ROW_TOOLS_CLASS: &str = "flex gap-1";
const MARK_CLASS: &str = "flex min-h-10 items-center gap-2 text-sm text-slate-800 dark:text-slate-200";
const CHECK_CLASS: &str = "h-6 w-6";
const CHOICE_CLASS: &str = "flex min-h-10 items-center gap-2 rounded-lg border border-slate-300 px-3 py-2 text-sm text-slate-800 dark:border-slate-600 dark:text-slate-200";
const PREVIEW_OPTION_CLASS: &str = "flex min-h-11 items-center gap-3 rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
const PREVIEW_CLASS: &str = "rounded-xl border border-dashed border-slate-300 p-4 dark:border-slate-600";

/// One row of a list the recruiter edits in place: an option (with its right-answer mark) or an accepted answer.
#[derive(Clone, Copy)]
struct Row {
    id: usize,
    text: RwSignal<String>,
    correct: RwSignal<bool>,
}

/// An ordered list of rows. Ids are handed out in order from 0, so the server and the browser
/// number the first rows alike.
#[derive(Clone, Copy)]
struct Rows {
    list: RwSignal<Vec<Row>>,
    next_id: StoredValue<usize>,
    owner: StoredValue<Owner>,
}

impl Rows {
    fn new() -> Self {
        Rows { list: RwSignal::new(Vec::new()), next_id: StoredValue::new(0), owner: StoredValue::new(Owner::current().unwrap_or_default()) }
    }

    fn row(&self, text: String, correct: bool) -> Row {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        // Rows added by a click belong to the editor, not to the click.
        self.owner.with_value(|owner| owner.with(|| Row { id, text: RwSignal::new(text), correct: RwSignal::new(correct) }))
    }

    /// The rows `items`, then empty ones up to `len`.
    fn fill(&self, items: Vec<(String, bool)>, len: usize) {
        let mut rows: Vec<Row> = items.into_iter().map(|(text, correct)| self.row(text, correct)).collect();
        while rows.len() < len {
            rows.push(self.row(String::new(), false));
        }
        self.list.set(rows);
    }

    fn snapshot(&self) -> Vec<(String, bool)> {
        self.list.with_untracked(|list| list.iter().map(|r| (r.text.get_untracked(), r.correct.get_untracked())).collect())
    }

    fn position(&self, id: usize) -> Option<usize> {
        self.list.with(|list| list.iter().position(|r| r.id == id))
    }

    fn add(&self) -> usize {
        let row = self.row(String::new(), false);
        self.list.update(|list| list.push(row));
        row.id
    }

    /// Removes a row; answers the row that takes its place on screen, if any.
    fn remove(&self, id: usize) -> Option<usize> {
        let mut next = None;
        self.list.update(|list| {
            if let Some(at) = list.iter().position(|r| r.id == id) {
                list.remove(at);
                next = list.get(at).or_else(|| at.checked_sub(1).and_then(|before| list.get(before))).map(|r| r.id);
            }
        });
        next
    }

    /// Moves a row one place up or down; answers its new place.
    fn shift(&self, id: usize, up: bool) -> Option<usize> {
        let mut moved = None;
        self.list.update(|list| {
            let Some(at) = list.iter().position(|r| r.id == id) else { return };
            let to = if up { at.checked_sub(1) } else { Some(at + 1).filter(|to| *to < list.len()) };
            if let Some(to) = to {
                list.swap(at, to);
                moved = Some(to);
            }
        });
        moved
    }

    fn mark_only(&self, id: usize) {
        self.list.with_untracked(|list| list.iter().for_each(|r| set_changed(r.correct, r.id == id)));
    }

    /// A single-choice question has one right answer: the first one marked stays.
    fn keep_first_mark(&self) {
        if let Some(first) = self.list.with_untracked(|list| list.iter().find(|r| r.correct.get_untracked()).map(|r| r.id)) {
            self.mark_only(first);
        }
    }
}

fn set_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|current| *current != value) {
        signal.set(value);
    }
}

fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn choice_rows(form: &QuestionForm) -> Vec<(String, bool)> {
    form.options.iter().enumerate().map(|(i, o)| (o.text.clone(), form.marked(i))).collect()
}

/// How many rows a list shows: all written ones and one empty at least, or as many as asked for.
fn shown_rows(written: usize, asked: Option<usize>, max: usize) -> usize {
    asked.unwrap_or(BLANK_ROWS).max(written + 1).min(max).max(written)
}

/// What the recruiter is writing, field by field: every type's fields are kept, so that
/// switching the type back and forth loses nothing.
#[derive(Clone, Copy)]
struct Draft {
    kind: RwSignal<QuestionKind>,
    prompt: RwSignal<String>,
    options: Rows,
    truth: RwSignal<String>,
    scoring: RwSignal<String>,
    penalty: RwSignal<String>,
    numeric_value: RwSignal<String>,
    tolerance: RwSignal<String>,
    accepted: Rows,
    pattern: RwSignal<String>,
}

impl Draft {
    fn new(form: &QuestionForm, kind: QuestionKind, rows: Option<usize>) -> Self {
        let scoring = if form.scoring == "proportional" { "proportional" } else { "all_or_nothing" };
        let draft = Draft {
            kind: RwSignal::new(kind),
            prompt: RwSignal::new(form.prompt.clone()),
            options: Rows::new(),
            truth: RwSignal::new(if kind == QuestionKind::TrueFalse { form.correct.clone() } else { String::new() }),
            scoring: RwSignal::new(scoring.to_owned()),
            penalty: RwSignal::new(number(form.penalty)),
            numeric_value: RwSignal::new(number(form.numeric_value)),
            tolerance: RwSignal::new(number(form.tolerance)),
            accepted: Rows::new(),
            pattern: RwSignal::new(form.pattern.clone()),
        };
        let options = choice_rows(form);
        let len = shown_rows(options.len(), rows, MAX_OPTIONS);
        draft.options.fill(options, len);
        let accepted: Vec<(String, bool)> = form.accepted.iter().map(|a| (a.clone(), false)).collect();
        let len = shown_rows(accepted.len(), rows, MAX_ACCEPTED);
        draft.accepted.fill(accepted, len);
        if kind == QuestionKind::SingleChoice {
            draft.options.keep_first_mark();
        }
        draft
    }

    fn switch(&self, kind: QuestionKind) {
        if kind == QuestionKind::SingleChoice {
            self.options.keep_first_mark();
        }
        set_changed(self.kind, kind);
    }

    /// Takes in what the page's fields hold: what was typed before the page became interactive.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn absorb(&self, typed: &QuestionForm, picked: Option<QuestionKind>) {
        let shown = self.kind.get_untracked();
        // The fields on the page are those of the type shown, whatever the type list says now.
        let typed_as_shown = QuestionForm { kind: shown.as_str().to_owned(), ..typed.clone() };
        set_changed(self.prompt, typed.prompt.clone());
        match shown {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                let rows = choice_rows(&typed_as_shown);
                if rows != self.options.snapshot() {
                    let len = rows.len();
                    self.options.fill(rows, len);
                }
                if shown == QuestionKind::MultipleChoice {
                    set_changed(self.scoring, if typed.scoring == "proportional" { "proportional" } else { "all_or_nothing" }.to_owned());
                    set_changed(self.penalty, number(typed.penalty));
                }
            }
            QuestionKind::TrueFalse => set_changed(self.truth, typed.correct.clone()),
            QuestionKind::Numeric => {
                set_changed(self.numeric_value, number(typed.numeric_value));
                set_changed(self.tolerance, number(typed.tolerance));
            }
            QuestionKind::ShortText => {
                let rows: Vec<(String, bool)> = typed.accepted.iter().map(|a| (a.clone(), false)).collect();
                if rows != self.accepted.snapshot() {
                    let len = rows.len();
                    self.accepted.fill(rows, len);
                }
                set_changed(self.pattern, typed.pattern.clone());
            }
            QuestionKind::LongText => {}
        }
        if let Some(kind) = picked {
            self.switch(kind);
        }
    }
}

fn describe(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice => "Candidates pick one option; one is right.",
        QuestionKind::MultipleChoice => "Candidates tick every option they think is right.",
        QuestionKind::TrueFalse => "Candidates say whether a statement is true or false.",
        QuestionKind::Numeric => "Candidates type a number; answers close enough to yours count.",
        QuestionKind::ShortText => "Candidates type a word or phrase; it counts when it is one you accept.",
        QuestionKind::LongText => "Candidates write freely; a person grades the answer.",
    }
}

/// Moves keyboard focus to an element once the page has been redrawn.
fn focus(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// The question editor: one form per question type. Blank for a new question, filled in from
/// `draft` for an edit. Without JavaScript, the type is chosen first (`?kind=`), and `?rows=`
/// shows more rows; with it, the type's fields switch in place and rows are added, moved and
/// removed on the spot, with a preview of the question as the candidate will see it.
#[component]
pub fn QuestionEditor(action: ServerAction<SaveQuestion>, skills: Vec<Skill>, draft: Option<QuestionDraft>) -> impl IntoView {
    let error = action_error(action.value());
    let path = use_location().pathname.get_untracked();
    let (asked_kind, asked_rows) = use_query_map().with_untracked(|q| {
        (q.get("kind").and_then(|k| QuestionKind::parse(&k)), q.get("rows").and_then(|n| n.parse::<usize>().ok()))
    });
    let form = draft.as_ref().map(|d| d.form.clone()).unwrap_or_else(|| QuestionForm { points: 1.0, ..Default::default() });
    let kind = asked_kind.or_else(|| QuestionKind::parse(&form.kind)).unwrap_or(QuestionKind::SingleChoice);
    let state = Draft::new(&form, kind, asked_rows);
    let question_id = draft.as_ref().map(|d| d.question_id.to_string());
    // The address that shows this editor with another type or more rows, without JavaScript.
    let page_for = {
        let (path, question_id) = (path.clone(), question_id.clone());
        move |kind: QuestionKind, rows: usize| {
            let id = question_id.as_ref().map(|id| format!("id={id}&")).unwrap_or_default();
            format!("{path}?{id}kind={}&rows={rows}", kind.as_str())
        }
    };

    let interactive = RwSignal::new(false);
    let kind_form = NodeRef::<html::Form>::new();
    let question_form = NodeRef::<html::Form>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let (Some(kind_form), Some(question_form)) = (kind_form.get(), question_form.get()) else { return };
        let picked = web_sys::FormData::new_with_form(&kind_form).ok().and_then(|data| data.get("kind").as_string()).and_then(|k| QuestionKind::parse(&k));
        if let Ok(data) = web_sys::FormData::new_with_form(&question_form)
            && let Ok(typed) = <QuestionForm as leptos::form::FromFormData>::from_form_data(&data)
        {
            state.absorb(&typed, picked);
        }
        interactive.set(true);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (kind_form, question_form);

    let kinds: Vec<(String, String)> = QuestionKind::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned())).collect();
    let difficulties: Vec<(String, String)> = DIFFICULTIES.iter().map(|d| (d.to_string(), d.to_string())).collect();
    let skill_options: Vec<(String, String)> =
        std::iter::once((String::new(), "No skill".to_owned())).chain(skills.into_iter().map(|s| (s.id.to_string(), s.name))).collect();
    let fields = move || {
        let kind = state.kind.get();
        let more = page_for.clone();
        match kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                view! { <ChoiceFields state single=kind == QuestionKind::SingleChoice error interactive more=move |rows| more(kind, rows) /> }.into_any()
            }
            QuestionKind::TrueFalse => view! { <TruthFields state error /> }.into_any(),
            QuestionKind::Numeric => view! { <NumberFields state error /> }.into_any(),
            QuestionKind::ShortText => view! { <TextFields state error interactive more=move |rows| more(kind, rows) /> }.into_any(),
            QuestionKind::LongText => view! {
                <p class=HINT_CLASS>"There is no answer key: you grade each answer when you read the results. The explanation below can say what a good answer covers."</p>
            }.into_any(),
        }
    };
    view! {
        <div class="grid gap-6 lg:grid-cols-5">
            <div class="space-y-4 lg:col-span-3">
                <form node_ref=kind_form method="get" action=path class="flex flex-wrap items-end gap-2">
                    {question_id.clone().map(|id| view! { <input type="hidden" name="id" value=id /> })}
                    <div class="min-w-0 flex-1" on:change=move |ev| if let Some(kind) = QuestionKind::parse(&event_target_value(&ev)) { state.switch(kind) }>
                        <Select label="Type" name="kind" options=kinds selected=kind.as_str() error />
                    </div>
                    <button type="submit" class=move || if interactive.get() { HIDDEN_CLASS } else { BUTTON_SECONDARY_CLASS }>"Show its fields"</button>
                </form>
                <p class=HINT_CLASS>{move || describe(state.kind.get())}</p>
                <ActionForm action node_ref=question_form attr:class="space-y-4">
                    <ActionError error />
                    {question_id.map(|id| view! { <input type="hidden" name="question_id" value=id /> })}
                    <input type="hidden" name="kind" value=move || state.kind.get().as_str() />
                    <div on:input=move |ev| state.prompt.set(event_target_value(&ev))>
                        <TextArea label="Question" name="prompt" value=form.prompt.clone() error />
                    </div>
                    {fields}
                    <Select label="Skill" name="skill_id" options=skill_options selected=draft.as_ref().and_then(|d| d.skill_id).map(|id| id.to_string()).unwrap_or_default() error />
                    <Select label="Difficulty" name="difficulty" options=difficulties selected=form.difficulty.clone() error />
                    <Field label="Points" name="points" kind="number" step="any" value=form.points.to_string() required=true error />
                    <TextArea label="Explanation" name="explanation" value=form.explanation.clone() hint="Shown to recruiters with the results." error />
                    <SubmitButton label="Save question" pending=action.pending() />
                </ActionForm>
            </div>
            <div class="lg:col-span-2">
                <Preview state />
            </div>
        </div>
    }
}

/// The options of a single- or multiple-choice question, and how a multiple-choice question gives credit.
#[component]
fn ChoiceFields(
    state: Draft,
    single: bool,
    error: Signal<Option<AppError>>,
    interactive: RwSignal<bool>,
    more: impl Fn(usize) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let hint = if single { "Write the options, and mark the one right answer." } else { "Write the options, and tick every right answer." };
    let group_error = Signal::derive(move || error.with(|e| e.as_ref().filter(|e| matches!(e.field(), Some("options" | "correct"))).map(ToString::to_string)));
    let mark = if single { Mark::Pick } else { Mark::Tick };
    let proportional = move || state.scoring.get() == "proportional";
    let scoring = state.scoring.get_untracked();
    let set_scoring = move |ev: leptos::ev::Event| state.scoring.set(event_target_value(&ev));
    view! {
        <fieldset class="space-y-2" aria-describedby="options-hint options-error">
            <legend class=LABEL_CLASS>"Options"</legend>
            <p id="options-hint" class=HINT_CLASS>{hint}</p>
            <RowList rows=state.options noun="Option" slug="option" add_label="Add an option" name=option_text_field mark max=MAX_OPTIONS max_chars=MAX_OPTION_CHARS
                movable=true error interactive more />
            <p id="options-error" class=ERROR_TEXT_CLASS>{move || group_error.get()}</p>
        </fieldset>
        {(!single).then(|| view! {
            <fieldset class="space-y-2">
                <legend class=LABEL_CLASS>"Credit"</legend>
                <label class=CHOICE_CLASS>
                    <input type="radio" name="scoring" value="all_or_nothing" checked=scoring != "proportional" class=CHECK_CLASS on:change=set_scoring />
                    "All or nothing: full points only for exactly the right options"
                </label>
                <label class=CHOICE_CLASS>
                    <input type="radio" name="scoring" value="proportional" checked=scoring == "proportional" class=CHECK_CLASS on:change=set_scoring />
                    "Partial credit: each right pick earns its share of the points"
                </label>
            </fieldset>
            // Hidden, not removed, while it does not apply: what was typed in it stays.
            <div class=move || if interactive.get() && !proportional() { HIDDEN_CLASS } else { "" } on:input=move |ev| state.penalty.set(event_target_value(&ev))>
                <Field label="Penalty per wrong pick (partial credit)" name="penalty" kind="number" step="any" value=state.penalty.get_untracked()
                    hint="The share of a right pick taken away for each wrong one, from 0 to 1; 0 for none." error />
            </div>
        })}
    }
}

#[component]
fn TruthFields(state: Draft, error: Signal<Option<AppError>>) -> impl IntoView {
    let truth = state.truth.get_untracked();
    let message = field_error(error, || "correct".to_owned());
    let set = move |ev: leptos::ev::Event| state.truth.set(event_target_value(&ev));
    view! {
        <fieldset class="space-y-2" aria-describedby="truth-error">
            <legend class=LABEL_CLASS>"The statement is"</legend>
            <div class="flex gap-3">
                <label class=CHOICE_CLASS><input type="radio" name="correct" value="true" checked=truth == "true" class=CHECK_CLASS on:change=set />"True"</label>
                <label class=CHOICE_CLASS><input type="radio" name="correct" value="false" checked=truth == "false" class=CHECK_CLASS on:change=set />"False"</label>
            </div>
            <p id="truth-error" class=ERROR_TEXT_CLASS>{move || message.get()}</p>
        </fieldset>
    }
}

#[component]
fn NumberFields(state: Draft, error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <div class="grid gap-4 sm:grid-cols-2">
            <div on:input=move |ev| state.numeric_value.set(event_target_value(&ev))>
                <Field label="Right number" name="numeric_value" kind="number" step="any" value=state.numeric_value.get_untracked() required=true error />
            </div>
            <div on:input=move |ev| state.tolerance.set(event_target_value(&ev))>
                <Field label="Tolerance (±)" name="tolerance" kind="number" step="any" value=state.tolerance.get_untracked()
                    hint="How far an answer may be from the right number and still count; empty or 0 for exactly." error />
            </div>
        </div>
    }
}

#[component]
fn TextFields(state: Draft, error: Signal<Option<AppError>>, interactive: RwSignal<bool>, more: impl Fn(usize) -> String + Send + Sync + 'static) -> impl IntoView {
    let group_error = field_error(error, || "accepted".to_owned());
    view! {
        <fieldset class="space-y-2" aria-describedby="accepted-hint accepted-error">
            <legend class=LABEL_CLASS>"Accepted answers"</legend>
            <p id="accepted-hint" class=HINT_CLASS>"Case and extra spaces do not matter."</p>
            <RowList rows=state.accepted noun="Accepted answer" slug="accepted" add_label="Add an accepted answer" name=accepted_field mark=Mark::None
                max=MAX_ACCEPTED max_chars=MAX_ACCEPTED_CHARS movable=false error interactive more />
            <p id="accepted-error" class=ERROR_TEXT_CLASS>{move || group_error.get()}</p>
        </fieldset>
        <div on:input=move |ev| state.pattern.set(event_target_value(&ev))>
            <Field label="Pattern (optional)" name="pattern" value=state.pattern.get_untracked()
                hint="* stands for any text: \"order by*\" accepts every answer that starts with order by." error />
        </div>
    }
}

/// How a row marks a right answer.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    None,
    /// A checkbox per row: any number of right answers.
    Tick,
    /// A radio button per row: one right answer.
    Pick,
}

/// A list of rows edited in place. Field names follow each row's place (`name(0)`, `name(1)`…),
/// so the server reads them in the order shown.
#[component]
#[allow(clippy::too_many_arguments)]
fn RowList(
    rows: Rows,
    noun: &'static str,
    slug: &'static str,
    add_label: &'static str,
    name: fn(usize) -> String,
    mark: Mark,
    max: usize,
    max_chars: usize,
    movable: bool,
    error: Signal<Option<AppError>>,
    interactive: RwSignal<bool>,
    more: impl Fn(usize) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let count = Memo::new(move |_| rows.list.with(Vec::len));
    let add_id = format!("{slug}-add");
    let row_add_id = add_id.clone();
    view! {
        <ol class="space-y-2">
            <For each=move || rows.list.get() key=|row| row.id let:row>
                <RowView row rows noun slug name mark max_chars movable error interactive add_id=row_add_id.clone() />
            </For>
        </ol>
        {move || if interactive.get() {
            view! {
                <button type="button" id=add_id.clone() class=BUTTON_SECONDARY_CLASS on:click=move |_| focus(format!("{slug}-{}", rows.add()))
                    disabled=move || { count.get() >= max }>{add_label}</button>
            }.into_any()
        } else {
            let len = count.get_untracked();
            (len < max).then(|| view! { <a class=LINK_CLASS href=more((len + MORE_ROWS).min(max))>"Show more rows"</a> }).into_any()
        }}
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn RowView(
    row: Row,
    rows: Rows,
    noun: &'static str,
    slug: &'static str,
    name: fn(usize) -> String,
    mark: Mark,
    max_chars: usize,
    movable: bool,
    error: Signal<Option<AppError>>,
    interactive: RwSignal<bool>,
    add_id: String,
) -> impl IntoView {
    let position = Memo::new(move |_| rows.position(row.id).unwrap_or(0));
    let last = Memo::new(move |_| rows.list.with(|list| list.last().map(|r| r.id)) == Some(row.id));
    let number = move || position.get() + 1;
    let lower = noun.to_lowercase();
    let input_id = format!("{slug}-{}", row.id);
    let error_id = format!("{input_id}-error");
    let (up_id, down_id) = (format!("{input_id}-up"), format!("{input_id}-down"));
    let message = field_error(error, move || name(position.get()));
    let marker = match mark {
        Mark::None => None,
        Mark::Tick => Some(view! {
            <input type="checkbox" name=move || format!("options[{}][correct]", position.get()) value="true" checked=row.correct.get_untracked() class=CHECK_CLASS
                on:change=move |ev| row.correct.set(event_target_checked(&ev)) />
        }.into_any()),
        Mark::Pick => Some(view! {
            <input type="radio" name="correct" value=move || position.get().to_string() checked=row.correct.get_untracked() class=CHECK_CLASS
                on:change=move |_| rows.mark_only(row.id) />
        }.into_any()),
    };
    let shift = {
        let (up_id, down_id) = (up_id.clone(), down_id.clone());
        move |up: bool| {
            if let Some(to) = rows.shift(row.id, up) {
                // Keep focus on the button pressed, or on its pair once the row reaches an end.
                let at_end = if up { to == 0 } else { to + 1 == rows.list.with_untracked(Vec::len) };
                focus(if up != at_end { up_id.clone() } else { down_id.clone() });
            }
        }
    };
    let shift_down = shift.clone();
    let remove = move |_| match rows.remove(row.id) {
        Some(next) => focus(format!("{slug}-{next}")),
        None => focus(add_id.clone()),
    };
    let (label_up, label_down, label_remove) = {
        let (a, b, c) = (lower.clone(), lower.clone(), lower.clone());
        (move || format!("Move {a} {} up", number()), move || format!("Move {b} {} down", number()), move || format!("Remove {c} {}", number()))
    };
    view! {
        <li class=ROW_CLASS>
            <div class="flex flex-wrap items-center gap-2">
                <label for=input_id.clone() class="w-full text-sm font-medium text-slate-800 dark:text-slate-200 sm:w-36">{move || format!("{noun} {}", number())}</label>
                <div class="min-w-0 grow basis-48">
                    <input id=input_id type="text" name=move || name(position.get()) value=row.text.get_untracked() maxlength=max_chars.to_string() class=INPUT_CLASS
                        aria-invalid=move || message.with(Option::is_some).then_some("true")
                        aria-describedby=move || message.with(Option::is_some).then(|| error_id.clone())
                        on:input=move |ev| row.text.set(event_target_value(&ev)) />
                </div>
                {marker.map(|marker| view! {
                    <label class=MARK_CLASS>
                        {marker}
                        "Right answer"
                        <span class="sr-only">{move || format!(" (option {})", number())}</span>
                    </label>
                })}
                <div class=move || if interactive.get() { ROW_TOOLS_CLASS } else { HIDDEN_CLASS }>
                    {movable.then(|| view! {
                        <button type="button" id=up_id class=BUTTON_SECONDARY_CLASS aria-label=label_up disabled=move || position.get() == 0 on:click=move |_| shift(true)>"Up"</button>
                        <button type="button" id=down_id class=BUTTON_SECONDARY_CLASS aria-label=label_down disabled=move || last.get() on:click=move |_| shift_down(false)>"Down"</button>
                    })}
                    <button type="button" class=BUTTON_DANGER_CLASS aria-label=label_remove on:click=remove>"Remove"</button>
                </div>
            </div>
            <p id=format!("{slug}-{}-error", row.id) class=ERROR_TEXT_CLASS>{move || message.get()}</p>
        </li>
    }
}

/// The question as the candidate will see it, updated as the recruiter types. Its inputs do nothing.
#[component]
fn Preview(state: Draft) -> impl IntoView {
    let options = move || state.options.list.get().into_iter().map(|r| r.text.get()).filter(|t| !t.trim().is_empty()).collect::<Vec<_>>();
    let answer = move || match state.kind.get() {
        kind @ (QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::TrueFalse) => {
            let input = if kind == QuestionKind::MultipleChoice { "checkbox" } else { "radio" };
            let texts = if kind == QuestionKind::TrueFalse { vec!["True".to_owned(), "False".to_owned()] } else { options() };
            if texts.is_empty() {
                view! { <p class=HINT_CLASS>"The options appear here."</p> }.into_any()
            } else {
                texts.into_iter().map(|text| view! {
                    <label class=PREVIEW_OPTION_CLASS><input type=input disabled=true class=CHECK_CLASS /><span>{text}</span></label>
                }).collect_view().into_any()
            }
        }
        QuestionKind::Numeric => view! {
            <label class=LABEL_CLASS>"Your answer (a number)"<input type="number" disabled=true class=INPUT_CLASS /></label>
        }.into_any(),
        QuestionKind::ShortText => view! {
            <label class=LABEL_CLASS>"Your answer"<input type="text" disabled=true class=INPUT_CLASS /></label>
        }.into_any(),
        QuestionKind::LongText => view! {
            <label class=LABEL_CLASS>"Your answer"<textarea rows="6" disabled=true class=INPUT_CLASS></textarea></label>
        }.into_any(),
    };
    view! {
        <section aria-labelledby="preview-title" class=PREVIEW_CLASS>
            <h3 id="preview-title" class="text-sm font-semibold text-slate-800 dark:text-slate-200">"Preview"</h3>
            <p class=HINT_CLASS>"The question as the candidate will see it."</p>
            <p class="mt-3 whitespace-pre-wrap text-lg text-slate-900 dark:text-slate-100">
                {move || { let prompt = state.prompt.get(); if prompt.trim().is_empty() { "Your question appears here.".to_owned() } else { prompt } }}
            </p>
            <div class="mt-4 space-y-2">{answer}</div>
        </section>
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
    let id = path_id();
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
