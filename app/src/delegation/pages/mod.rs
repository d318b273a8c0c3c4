//! The delegation service's pages. Every form works without JavaScript: server actions post as
//! plain forms, files go to the plain routes of `files`, filters are GET forms. Times are shown
//! as the server gave them, in UTC, so that the browser's first render matches the server's.

pub mod admin;
pub mod client;
pub mod detail;
pub mod employee;
pub mod people;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::types::*;
use crate::access::{loaded, signed_in_user, AppErrorPage};
use crate::platform::{AppError, Role};
use crate::ui::{query_string, Card, FormMessage, Table, BUTTON_SECONDARY_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS, TD_CLASS};

pub(crate) const MUTED_CLASS: &str = "text-sm text-slate-700 dark:text-slate-300";
pub(crate) const FILE_INPUT_CLASS: &str = "block w-full text-sm text-slate-900 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 dark:text-slate-100 dark:file:bg-slate-800";
pub(crate) const ROW_CONTROL_CLASS: &str = "min-h-8 rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900";

const BADGE_CLASS: &str = "inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold";
const PENDING_CLASS: &str = "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100";
const IN_PROGRESS_CLASS: &str = "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100";
const COMPLETED_CLASS: &str = "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100";
const FAILED_CLASS: &str = "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100";
const CANCELLED_CLASS: &str = "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200";
const FIGURE_CLASS: &str = "rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

/// A moment as every page of the service shows it.
pub(crate) fn at(moment: DateTime<Utc>) -> String {
    moment.format("%Y-%m-%d %H:%M UTC").to_string()
}

pub(crate) fn percent(rate: Option<f64>) -> String {
    rate.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "—".into())
}

/// The (value, label) pairs of one of the service's text enums, for a select.
pub(crate) fn choices<T: Copy>(all: &[T], word: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|v| (word(*v).to_owned(), label(*v).to_owned())).collect()
}

/// A select inside a table row: its label, which names the row, is for screen readers only.
pub(crate) fn row_select(id: String, name: &'static str, label: String, options: Vec<(String, String)>, selected: &'static str) -> impl IntoView {
    view! {
        <label for=id.clone() class="sr-only">{label}</label>
        <select id=id name=name class=ROW_CONTROL_CLASS>
            {options.into_iter().map(|(value, text)| {
                let chosen = value == selected;
                view! { <option value=value selected=chosen>{text}</option> }
            }).collect_view()}
        </select>
    }
}

/// Any error of a form in a table row, whichever field it concerns: the row's fields show none.
#[component]
pub(crate) fn RowError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || error.get().map(|e| view! { <div class="mb-4"><FormMessage success=false message=e.to_string() /></div> })
}

/// The message of an action once it succeeded.
pub(crate) fn done_message<O: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<O, AppError>>> + Send + Sync + 'static,
    message: impl Fn(O) -> String + Send + Sync + 'static,
) -> impl IntoView {
    move || value.get().and_then(Result::ok).map(|done| view! { <FormMessage success=true message=message(done) /> })
}

/// What a plain form's route answered, from the address it sent the browser back to: `key`
/// equal to `done` (the route's success), or `problem` (a `FileProblem`'s code).
#[component]
pub(crate) fn RouteOutcome(key: &'static str, done: &'static str, #[prop(into)] message: String) -> impl IntoView {
    let query = use_query_map();
    move || {
        let query = query.read();
        if let Some(problem) = query.get("problem").and_then(|code| FileProblem::from_code(&code)) {
            Some(view! { <div class="mb-4"><FormMessage success=false message=problem.message() /></div> }.into_any())
        } else if query.get(key).as_deref() == Some(done) {
            Some(view! { <div class="mb-4"><FormMessage success=true message=message.clone() /></div> }.into_any())
        } else {
            None
        }
    }
}

#[component]
pub(crate) fn StatusBadge(status: DelegationStatus) -> impl IntoView {
    let tone = match status {
        DelegationStatus::Pending => PENDING_CLASS,
        DelegationStatus::InProgress => IN_PROGRESS_CLASS,
        DelegationStatus::Completed => COMPLETED_CLASS,
        DelegationStatus::Failed => FAILED_CLASS,
        DelegationStatus::Cancelled => CANCELLED_CLASS,
    };
    view! { <span class=format!("{BADGE_CLASS} {tone}")>{status.label()}</span> }
}

/// Labelled figures in a row of tiles.
pub(crate) fn figure_tiles(figures: Vec<(String, String)>) -> impl IntoView {
    view! {
        <dl class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {figures.into_iter().map(|(term, value)| view! {
                <div class=FIGURE_CLASS>
                    <dt class="text-sm text-slate-700 dark:text-slate-300">{term}</dt>
                    <dd class="text-xl font-semibold text-slate-900 dark:text-slate-100">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// The count of each status, as figures.
pub(crate) fn status_figures(counts: &StatusCounts) -> Vec<(String, String)> {
    DelegationStatus::ALL.iter().map(|status| (status.label().to_owned(), counts.of(*status).to_string())).collect()
}

/// Whose list it is: the columns that say what the reader does not know already.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// A client's own delegations: no client column.
    Client,
    /// An employee's queue: no employee column.
    Employee,
    Admin,
}

impl Reader {
    fn columns(self) -> &'static [&'static str] {
        match self {
            Reader::Client => &["Job", "Employee", "Status", "Priority", "Deadline", "Delegated"],
            Reader::Employee => &["Job", "Client", "Status", "Priority", "Deadline", "Delegated"],
            Reader::Admin => &["Job", "Client", "Employee", "Status", "Priority", "Deadline", "Delegated"],
        }
    }
}

/// Delegations as a table, each linked to its page.
#[component]
pub(crate) fn DelegationTable(items: Vec<DelegationItem>, reader: Reader, #[prop(into)] empty: String) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class=MUTED_CLASS>{empty}</p> }.into_any();
    }
    let rows = items
        .into_iter()
        .map(|item| {
            let employee = item.employee_name.clone().unwrap_or_else(|| "Not given yet".into());
            view! {
                <tr>
                    <td class=TD_CLASS>
                        <a href=format!("/delegation/{}", item.id) class=LINK_CLASS>{item.title.clone()}</a>
                        <div class=HINT_CLASS>{item.company.clone()}</div>
                    </td>
                    {(reader != Reader::Client).then(|| view! { <td class=TD_CLASS>{item.client_name.clone()}</td> })}
                    {(reader != Reader::Employee).then(|| view! { <td class=TD_CLASS>{employee}</td> })}
                    <td class=TD_CLASS>
                        <StatusBadge status=item.status />
                        {item.review.map(|review| view! { <div class=HINT_CLASS>{review.label()}</div> })}
                    </td>
                    <td class=TD_CLASS>{item.priority.label()}</td>
                    <td class=TD_CLASS>{at(item.deadline)}</td>
                    <td class=TD_CLASS>{at(item.delegated_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! { <Table columns=reader.columns()>{rows}</Table> }.into_any()
}

/// How many delegations a list shows at a time (the server functions' page).
const PAGE_SIZE: usize = 50;

/// A list of delegations at `here`, filtered by status and paged by the address's query
/// (`?status=`, `?before=` the last one's delegation time): `fetch` reads one page.
pub(crate) fn delegation_list<F, Fut>(here: &'static str, reader: Reader, fetch: F) -> impl IntoView
where
    F: Fn(String, String) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Vec<DelegationItem>, AppError>> + Send + 'static,
{
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        (query.get("status").unwrap_or_default(), query.get("before").unwrap_or_default())
    });
    let items = Resource::new(move || filter.get(), move |(status, before)| fetch(status, before));
    let filter_form = move || {
        let (status, before) = filter.get();
        let options = choices(DelegationStatus::ALL, DelegationStatus::as_str, DelegationStatus::label);
        view! {
            <form method="get" action=here class="mb-6 flex flex-wrap items-end gap-3">
                <div class="space-y-1">
                    <label for="delegations-status" class=LABEL_CLASS>"Status"</label>
                    <select id="delegations-status" name="status" class=INPUT_CLASS>
                        <option value="" selected=status.is_empty()>"All"</option>
                        {options.into_iter().map(|(value, text)| {
                            let chosen = value == status;
                            view! { <option value=value selected=chosen>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Show"</button>
                {(!before.is_empty()).then(|| {
                    let newest = format!("{here}?{}", query_string([("status", status.as_str())]));
                    view! { <a href=newest class=LINK_CLASS>"Back to the newest"</a> }
                })}
            </form>
        }
    };
    view! {
        {filter_form}
        {loaded(items, move |items| {
            let (status, _) = filter.get_untracked();
            let older = (items.len() >= PAGE_SIZE).then(|| items.last().map(|last| {
                format!("{here}?{}", query_string([("status", status.as_str()), ("before", last.delegated_at.to_rfc3339().as_str())]))
            })).flatten();
            view! {
                <Card>
                    <DelegationTable items reader empty="No delegation here." />
                    {older.map(|href| view! { <p class="mt-4 text-sm"><a href=href class=LINK_CLASS>"Older"</a></p> })}
                </Card>
            }
        })}
    }
}

/// `/delegation`: the service's home for whoever reaches it: a seeker's (as a client or not
/// yet), an employee's queue, the admins' dashboard.
#[component]
pub fn DelegationPage() -> impl IntoView {
    match signed_in_user().role {
        Role::Seeker => view! { <client::ClientHome /> }.into_any(),
        Role::DelegationEmployee => view! { <employee::EmployeeQueuePage /> }.into_any(),
        Role::DelegationAdmin | Role::Superadmin => view! { <admin::AdminDashboardPage /> }.into_any(),
        _ => view! { <AppErrorPage error=AppError::Forbidden /> }.into_any(),
    }
}
