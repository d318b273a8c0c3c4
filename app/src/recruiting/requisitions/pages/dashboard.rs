use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::{status_badge, STATUS_CHOICES};
use crate::access::{loaded, signed_in_user, RoleGate};
use crate::platform::Role;
use crate::recruiting::requisitions::api::{requisition_dashboard, DuplicateRequisition};
use crate::recruiting::requisitions::types::*;
use crate::ui::{CHECK_CLASS, ActionError, action_error, Card, PageHeader, BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS, TD_CLASS, TH_CLASS, TABLE_CLASS};

/// The jobs dashboard: every requisition of the tenant, filtered, sorted and paged by the URL query.
#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Dashboard />
        </RoleGate>
    }
}

fn params_of(query: &leptos_router::params::ParamsMap) -> DashboardParams {
    DashboardParams::from_query(|key| query.get(key), |key| query.get_all(key).unwrap_or_default())
}

#[component]
fn Dashboard() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| params_of(&query.read()));
    let dashboard = Resource::new(move || params.get(), requisition_dashboard);
    let duplicate = ServerAction::<DuplicateRequisition>::new();
    let duplicate_error = action_error(duplicate.value());
    let is_admin = signed_in_user().role == Role::TenantAdmin;
    let first = params.get_untracked();
    let navigate = use_navigate();
    // Typing filters at once (hydrated); the form's button does the same without JavaScript.
    let search_as_you_type = move |event: leptos::ev::Event| {
        let mut next = params.get_untracked();
        next.q = event_target_value(&event);
        next.page = String::new();
        navigate(&format!("/jobs?{}", next.query_string()), NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    view! {
        <Title text="Jobs" />
        <PageHeader title="Jobs" description="Every requisition of your organization: filter, sort, act on several at once, and export what you see." />
        <div class="mb-4 flex flex-wrap items-center gap-3">
            <a class=BUTTON_PRIMARY_CLASS href="/jobs/new">"New requisition"</a>
            <a class=BUTTON_SECONDARY_CLASS href=move || format!("/jobs/export.csv?{}", params.get().query_string()) download="requisitions.csv">"Export CSV"</a>
            {is_admin.then(|| view! { <a class=LINK_CLASS href="/jobs/deleted">"Recently deleted"</a> })}
        </div>
        <form method="get" action="/jobs" class="mb-6 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" role="search" aria-label="Filter requisitions">
            <div class="grid gap-4 md:grid-cols-3">
                <div class="space-y-1 md:col-span-3">
                    <label for="filter-q" class=LABEL_CLASS>"Search titles and departments"</label>
                    <input id="filter-q" name="q" type="search" value=first.q.clone() maxlength="200" class=INPUT_CLASS autocomplete="off" on:input=search_as_you_type />
                    <p class=HINT_CLASS>"Matches parts of words and forgives typos."</p>
                </div>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move { dashboard.await.ok().map(|d| filter_menus(d, params.get_untracked())) })}
                </Transition>
            </div>
            <fieldset class="mt-4">
                <legend class=LABEL_CLASS>"Status"</legend>
                <div class="mt-2 flex flex-wrap gap-x-6 gap-y-2">
                    {Status::ALL.into_iter().map(|status| {
                        let checked = first.status.iter().any(|s| s == status.as_str());
                        view! {
                            <label class="flex items-center gap-2 text-sm">
                                <input type="checkbox" name="status" value=status.as_str() checked=checked class=CHECK_CLASS />
                                {status.label()}
                            </label>
                        }
                    }).collect_view()}
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" name="mine" value="1" checked=!first.mine.is_empty() class=CHECK_CLASS />
                        "Only mine"
                    </label>
                </div>
            </fieldset>
            <input type="hidden" name="sort" value=first.sort.clone() />
            <input type="hidden" name="dir" value=first.dir.clone() />
            <div class="mt-4 flex gap-3">
                <button type="submit" class=BUTTON_PRIMARY_CLASS>"Apply filters"</button>
                <a class=BUTTON_SECONDARY_CLASS href="/jobs">"Clear"</a>
            </div>
        </form>
        <ActionError error=duplicate_error />
        {loaded(dashboard, move |d| {
            let params = params.get_untracked();
            view! {
                <SummaryCards dashboard=d.clone() params=params.clone() />
                <BulkForm dashboard=d params duplicate />
            }
        })}
    }
}

fn filter_menus(d: Dashboard, params: DashboardParams) -> impl IntoView {
    let options = |values: &[String]| -> Vec<(String, String)> {
        std::iter::once((String::new(), "Any".to_owned())).chain(values.iter().map(|v| (v.clone(), v.clone()))).collect()
    };
    let managers: Vec<(String, String)> =
        std::iter::once((String::new(), "Anyone".to_owned())).chain(d.managers.iter().map(|m| (m.id.to_string(), m.name.clone()))).collect();
    let sizes: Vec<(String, String)> = [10, 25, 50, 100].iter().map(|n| (n.to_string(), format!("{n} per page"))).collect();
    let limit = if params.limit.is_empty() { DEFAULT_PAGE_SIZE.to_string() } else { d.limit.to_string() };
    view! {
        {menu("filter", "department", "Department", options(&d.departments), params.department.clone())}
        {menu("filter", "location", "Location", options(&d.locations), params.location.clone())}
        {menu("filter", "manager", "Hiring manager", managers, params.manager.clone())}
        {menu("filter", "limit", "Page size", sizes, limit)}
    }
}

fn menu(prefix: &'static str, name: &'static str, label: &'static str, options: Vec<(String, String)>, selected: String) -> impl IntoView {
    let id = format!("{prefix}-{name}");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <select id=id name=name class=INPUT_CLASS>
                {options.into_iter().map(|(value, text)| {
                    let chosen = value == selected;
                    view! { <option value=value selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Total and per-status counts under the other filters; each card filters to its status.
#[component]
fn SummaryCards(dashboard: Dashboard, params: DashboardParams) -> impl IntoView {
    let all: i64 = dashboard.counts.iter().map(|(_, n)| n).sum();
    let link = move |status: Option<Status>| {
        let mut next = params.clone();
        next.status = status.map(|s| vec![s.as_str().to_owned()]).unwrap_or_default();
        next.page = String::new();
        format!("/jobs?{}", next.query_string())
    };
    const CARD_CLASS: &str = "block rounded-xl border border-slate-200 bg-white p-4 hover:border-indigo-400 dark:border-slate-800 dark:bg-slate-900";
    view! {
        <ul class="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Requisitions by status">
            <li>
                <a class=CARD_CLASS href=link(None)>
                    <span class="block text-sm text-slate-600 dark:text-slate-400">"All"</span>
                    <span class="block text-2xl font-semibold text-slate-900 dark:text-slate-100">{all}</span>
                </a>
            </li>
            {dashboard.counts.iter().map(|(status, count)| view! {
                <li>
                    <a class=CARD_CLASS href=link(Some(*status))>
                        <span class="block text-sm text-slate-600 dark:text-slate-400">{status.label()}</span>
                        <span class="block text-2xl font-semibold text-slate-900 dark:text-slate-100">{*count}</span>
                    </a>
                </li>
            }).collect_view()}
        </ul>
    }
}

fn sort_link(params: &DashboardParams, column: SortColumn) -> (String, Option<&'static str>) {
    let current = params.parse().map(|q| (q.sort, q.descending)).unwrap_or_default();
    let mut next = params.clone();
    next.sort = column.as_str().to_owned();
    let descending_now = current.0 == column && current.1;
    next.dir = if current.0 == column && !current.1 { "desc" } else { "asc" }.to_owned();
    next.page = String::new();
    let sorted = (current.0 == column).then_some(if descending_now { "descending" } else { "ascending" });
    (format!("/jobs?{}", next.query_string()), sorted)
}

/// The table inside the bulk form: tick rows, choose an operation, preview it.
#[component]
fn BulkForm(dashboard: Dashboard, params: DashboardParams, duplicate: ServerAction<DuplicateRequisition>) -> impl IntoView {
    if dashboard.rows.is_empty() {
        return view! {
            <Card>
                <p class="text-sm text-slate-700 dark:text-slate-300">
                    {if dashboard.total == 0 && params.query_string().is_empty() {
                        "No requisitions yet: create the first one."
                    } else {
                        "No requisition matches these filters."
                    }}
                </p>
            </Card>
        }
        .into_any();
    }
    let columns: [(&str, SortColumn); 8] = [
        ("Title", SortColumn::Title),
        ("Department", SortColumn::Department),
        ("Status", SortColumn::Status),
        ("Hiring manager", SortColumn::HiringManager),
        ("Applications", SortColumn::Applications),
        ("Views", SortColumn::Views),
        ("Days open", SortColumn::DaysOpen),
        ("Deadline", SortColumn::Deadline),
    ];
    let managers: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose…".to_owned())).chain(dashboard.managers.iter().map(|m| (m.id.to_string(), m.name.clone()))).collect();
    let page_link = {
        let params = params.clone();
        move |page: i64| {
            let mut next = params.clone();
            next.page = page.to_string();
            format!("/jobs?{}", next.query_string())
        }
    };
    let (page, pages) = (dashboard.page, dashboard.pages);
    let duplicate_ids: Vec<uuid::Uuid> = dashboard.rows.iter().map(|r| r.id).collect();
    view! {
        <form method="get" action="/jobs/bulk" class="space-y-4">
            <div class="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                <table class=TABLE_CLASS>
                    <caption class="sr-only">"Requisitions"</caption>
                    <thead class="bg-slate-50 dark:bg-slate-800">
                        <tr>
                            <th scope="col" class=TH_CLASS><span class="sr-only">"Select"</span></th>
                            {columns.into_iter().map(|(label, column)| {
                                let (href, sorted) = sort_link(&params, column);
                                view! {
                                    <th scope="col" class=TH_CLASS aria-sort=sorted.unwrap_or("none")>
                                        <a class="inline-flex min-h-6 items-center hover:underline" href=href>
                                            {label}
                                            {sorted.map(|s| if s == "ascending" { " ▲" } else { " ▼" })}
                                        </a>
                                    </th>
                                }
                            }).collect_view()}
                            <th scope="col" class=TH_CLASS>"Actions"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-200 dark:divide-slate-700">
                        {dashboard.rows.into_iter().map(|row| {
                            let id = row.id.to_string();
                            let select_label = format!("Select {}", row.title);
                            view! {
                                <tr>
                                    <td class=TD_CLASS><input type="checkbox" name="ids" value=id.clone() aria-label=select_label class=CHECK_CLASS /></td>
                                    <td class=TD_CLASS>
                                        <a class=LINK_CLASS href=format!("/jobs/{id}")>{row.title.clone()}</a>
                                        <span class="block text-xs text-slate-600 dark:text-slate-400">
                                            {row.location.clone()}{row.published.then_some(" · on the careers site")}
                                        </span>
                                    </td>
                                    <td class=TD_CLASS>{row.department.clone()}</td>
                                    <td class=TD_CLASS>{status_badge(row.status)}</td>
                                    <td class=TD_CLASS>{row.hiring_manager.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td class=TD_CLASS>{row.applications}</td>
                                    <td class=TD_CLASS>{row.views}</td>
                                    <td class=TD_CLASS>{row.days_open.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                    <td class=TD_CLASS>{row.deadline.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                    <td class=TD_CLASS>
                                        <div class="flex flex-wrap items-center gap-3">
                                            <a class=LINK_CLASS href=format!("/jobs/{id}") aria-label=format!("Open {}", row.title)>"Open"</a>
                                            {row.can_edit.then(|| view! {
                                                <a class=LINK_CLASS href=format!("/jobs/{id}#status") aria-label=format!("Change the status of {}", row.title)>"Status"</a>
                                            })}
                                            <button type="submit" form=format!("duplicate-{id}") class=LINK_CLASS aria-label=format!("Duplicate {}", row.title)>"Duplicate"</button>
                                        </div>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <nav class="flex flex-wrap items-center gap-4 text-sm" aria-label="Pages">
                <span>{format!("Page {page} of {pages} · {} requisitions", dashboard.total)}</span>
                {(page > 1).then(|| view! { <a class=LINK_CLASS href=page_link(page - 1) rel="prev">"Previous page"</a> })}
                {(page < pages).then(|| view! { <a class=LINK_CLASS href=page_link(page + 1) rel="next">"Next page"</a> })}
            </nav>
            <fieldset class="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                <legend class="px-1 text-sm font-semibold text-slate-900 dark:text-slate-100">{format!("With the selected requisitions (up to {BULK_LIMIT})")}</legend>
                <div class="grid gap-4 md:grid-cols-3">
                    {menu("bulk", "operation", "Operation", vec![
                        ("change_status".into(), "Change status".into()),
                        ("set_hiring_manager".into(), "Set hiring manager".into()),
                        ("set_deadline".into(), "Set deadline".into()),
                        ("publish".into(), "Publish on the careers site".into()),
                        ("unpublish".into(), "Take off the careers site".into()),
                        ("archive".into(), "Archive".into()),
                        ("delete".into(), "Delete".into()),
                    ], "change_status".into())}
                    {menu("bulk", "to", "New status (for a status change)", STATUS_CHOICES.iter().map(|s| (s.as_str().to_owned(), s.label().to_owned())).collect(), "closed".into())}
                    <div class="space-y-1">
                        <label for="bulk-reason" class=LABEL_CLASS>"Reason (for on hold and closed)"</label>
                        <input id="bulk-reason" name="reason" maxlength="500" class=INPUT_CLASS />
                    </div>
                    {menu("bulk", "manager", "Hiring manager (for setting one)", managers, String::new())}
                    <div class="space-y-1">
                        <label for="bulk-deadline" class=LABEL_CLASS>"Deadline (for setting one; empty removes it)"</label>
                        <input id="bulk-deadline" name="deadline" type="date" class=INPUT_CLASS />
                    </div>
                </div>
                <button type="submit" class=format!("{BUTTON_PRIMARY_CLASS} mt-4")>"Preview the changes"</button>
                <p class=format!("{HINT_CLASS} mt-2")>"Nothing changes until you confirm on the next page."</p>
            </fieldset>
        </form>
        // Outside the bulk form, since forms cannot nest: each row's Duplicate button names its form.
        {duplicate_ids.into_iter().map(|id| view! {
            <ActionForm action=duplicate attr:id=format!("duplicate-{id}") attr:class="hidden">
                <input type="hidden" name="id" value=id.to_string() />
            </ActionForm>
        }).collect_view()}
    }
    .into_any()
}
