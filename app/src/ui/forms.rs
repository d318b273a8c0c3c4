use leptos::prelude::*;

use super::INPUT_CLASS;
use crate::platform::AppError;

/// A labelled input whose error, when the last submission had one for it, is tied to it for screen readers.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    /// Needed when two forms on a page share a field name.
    #[prop(into, optional)] id: Option<String>,
    #[prop(into, default = "text".into())] kind: String,
    #[prop(into, optional)] autocomplete: Option<String>,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(into, optional)] value: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let field_name = name.clone();
    let message = move || error.get().filter(|e| e.field() == Some(field_name.as_str())).map(|e| e.to_string());
    let has_error = {
        let message = message.clone();
        move || message().is_some()
    };
    let described_by = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        let has_error = has_error.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if has_error() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-800 dark:text-slate-200">{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=required
                maxlength="254"
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=described_by
                class=INPUT_CLASS
            />
            {hint.map(|hint| view! { <p id=hint_id class="text-xs text-slate-600 dark:text-slate-400">{hint}</p> })}
            {move || message().map(|m| view! { <p id=error_id.clone() class="text-sm text-red-700 dark:text-red-300">{m}</p> })}
        </div>
    }
}

/// The latest error of a server action, for its form's fields and message.
pub fn action_error<O: 'static>(
    value: impl Get<Value = Option<Result<O, AppError>>> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    Signal::derive(move || value.get().and_then(|result| result.err()))
}

/// The form-level error of a submission: shown unless it belongs to one field.
#[component]
pub fn ActionError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().filter(|e| e.field().is_none()).map(|e| {
            view! { <FormMessage success=false message=e.to_string() /> }
        })
    }
}

/// A message announced to screen readers: a success in green, an error in red.
#[component]
pub fn FormMessage(success: bool, #[prop(into)] message: String) -> impl IntoView {
    const SUCCESS_CLASS: &str = "rounded-lg border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100";
    const ERROR_CLASS: &str = "rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100";
    let (role, class) = if success { ("status", SUCCESS_CLASS) } else { ("alert", ERROR_CLASS) };
    view! { <div role=role class=class>{message}</div> }
}

#[component]
pub fn SubmitButton(#[prop(into)] label: String, #[prop(into)] pending: Signal<bool>) -> impl IntoView {
    view! {
        <button type="submit" class=super::BUTTON_PRIMARY_CLASS disabled=move || pending.get() aria-busy=move || pending.get().then_some("true")>
            {label}
        </button>
    }
}

const LABEL_CLASS: &str = "block text-sm font-medium text-slate-800 dark:text-slate-200";
const TEXTAREA_CLASS: &str = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

/// A labelled select of (value, text) pairs; `selected` is the value chosen at first.
#[component]
pub fn Select(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    /// Needed when two forms on a page share a field name.
    #[prop(into, optional)] id: Option<String>,
    options: Vec<(String, String)>,
    #[prop(into, optional)] selected: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("select-{name}"));
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <select id=id name=name class=super::INPUT_CLASS>
                {options.into_iter().map(|(value, text)| {
                    let chosen = selected.as_deref() == Some(value.as_str());
                    view! { <option value=value selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A labelled multi-line field; its error shows when the last submission had one for it.
#[component]
pub fn TextArea(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into, optional)] id: Option<String>,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(into, optional)] value: Option<String>,
    #[prop(default = 5000)] max_length: usize,
    #[prop(default = 3)] rows: usize,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("text-{name}"));
    let (error_id, hint_id) = (format!("{id}-error"), format!("{id}-hint"));
    let field = name.clone();
    let message = Memo::new(move |_| error.get().filter(|e| e.field() == Some(field.as_str())).map(|e| e.to_string()));
    let described_by = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        move || {
            let ids: Vec<&str> = [has_hint.then_some(hint_id.as_str()), message.with(Option::is_some).then_some(error_id.as_str())].into_iter().flatten().collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <textarea id=id name=name rows=rows maxlength=max_length class=TEXTAREA_CLASS
                aria-invalid=move || message.with(Option::is_some).then_some("true") aria-describedby=described_by>
                {value}
            </textarea>
            {hint.map(|hint| view! { <p id=hint_id class="text-xs text-slate-600 dark:text-slate-400">{hint}</p> })}
            {move || message.get().map(|m| view! { <p id=error_id.clone() class="text-sm text-red-700 dark:text-red-300">{m}</p> })}
        </div>
    }
}
