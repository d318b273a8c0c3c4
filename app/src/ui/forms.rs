use leptos::prelude::*;

use super::{INPUT_CLASS, LABEL_CLASS};
use crate::platform::AppError;

/// What a field tells screen readers: its hint, and the error of the last submission if it was this field's.
#[derive(Clone)]
struct Feedback {
    message: Memo<Option<String>>,
    hint: Option<(String, String)>,
    error_id: String,
}

impl Feedback {
    fn new(id: &str, name: &str, hint: Option<String>, error: Signal<Option<AppError>>) -> Self {
        let name = name.to_owned();
        let message = Memo::new(move |_| error.get().filter(|e| e.field() == Some(name.as_str())).map(|e| e.to_string()));
        Feedback { message, hint: hint.map(|text| (format!("{id}-hint"), text)), error_id: format!("{id}-error") }
    }

    fn invalid(&self) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
        let message = self.message;
        move || message.with(Option::is_some).then_some("true")
    }

    fn described_by(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        let (message, hint_id, error_id) = (self.message, self.hint.as_ref().map(|(id, _)| id.clone()), self.error_id.clone());
        move || {
            let error = message.with(Option::is_some).then(|| error_id.clone());
            let ids: Vec<String> = hint_id.clone().into_iter().chain(error).collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    /// The hint and the error, under the field.
    fn view(self) -> impl IntoView {
        let Feedback { message, hint, error_id } = self;
        view! {
            {hint.map(|(id, text)| view! { <p id=id class="text-xs text-slate-600 dark:text-slate-400">{text}</p> })}
            {move || message.get().map(|m| view! { <p id=error_id.clone() class="text-sm text-red-700 dark:text-red-300">{m}</p> })}
        }
    }
}

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
    /// For numbers: "any" accepts decimals.
    #[prop(into, optional)] step: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let feedback = Feedback::new(&id, &name, hint, error);
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                step=step
                autocomplete=autocomplete
                required=required
                maxlength="254"
                aria-invalid=feedback.invalid()
                aria-describedby=feedback.described_by()
                class=INPUT_CLASS
            />
            {feedback.view()}
        </div>
    }
}

/// The message of the last submission's error if it concerns the field named `name` now: for
/// rows whose field names follow their place in a list that can change.
pub fn field_error(error: Signal<Option<AppError>>, name: impl Fn() -> String + Send + Sync + 'static) -> Signal<Option<String>> {
    Signal::derive(move || error.with(|e| e.as_ref().filter(|e| e.field() == Some(name().as_str())).map(ToString::to_string)))
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
    #[prop(into, optional)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("select-{name}"));
    let feedback = Feedback::new(&id, &name, None, error);
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <select id=id name=name class=INPUT_CLASS aria-invalid=feedback.invalid() aria-describedby=feedback.described_by()>
                {options.into_iter().map(|(value, text)| {
                    let chosen = selected.as_deref() == Some(value.as_str());
                    view! { <option value=value selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
            {feedback.view()}
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
    let feedback = Feedback::new(&id, &name, hint, error);
    let text = value.map(textarea_text);
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <textarea id=id name=name rows=rows maxlength=max_length class=TEXTAREA_CLASS
                aria-invalid=feedback.invalid() aria-describedby=feedback.described_by()>
                {text}
            </textarea>
            {feedback.view()}
        </div>
    }
}

/// A textarea's text as its child. The server writes that child into the page unescaped:
/// escape it there. In the browser it becomes a text node, which needs no escaping.
pub fn textarea_text(text: String) -> String {
    if cfg!(feature = "ssr") { escape_text(&text) } else { text }
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Counts an action's successful submissions only: a page that reloads its data on this
/// keeps what the person typed when a submission is refused.
pub fn successes<O: Send + Sync + 'static>(
    value: impl With<Value = Option<Result<O, AppError>>> + Send + Sync + 'static,
    version: impl Get<Value = usize> + Send + Sync + 'static,
) -> Memo<usize> {
    Memo::new(move |previous: Option<&usize>| {
        let version = version.get();
        if value.with(|v| matches!(v, Some(Ok(_)))) { version } else { previous.copied().unwrap_or(0) }
    })
}

/// Loads the address a server function answered with (`platform::context::reload_at`) as a
/// whole new page, once it succeeds.
pub fn load_page_on_success(value: impl Get<Value = Option<Result<String, AppError>>> + Send + Sync + 'static) {
    Effect::new(move || {
        if let Some(Ok(path)) = value.get() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_href(&path);
            #[cfg(not(feature = "hydrate"))]
            let _ = path;
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn textarea_text_cannot_close_its_element() {
        assert_eq!(super::escape_text("</textarea><b>a &lt; b</b>"), "&lt;/textarea&gt;&lt;b&gt;a &amp;lt; b&lt;/b&gt;");
    }
}
