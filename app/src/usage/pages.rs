//! The usage dashboards: the platform's (`/console/usage`) and a tenant's (`/usage`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::read_usage;
use super::types::*;
use crate::access::{loaded, RoleGate};
use crate::platform::Role;
use crate::ui::charts::{BarChart, LineChart};
use crate::ui::{Card, PageHeader, BUTTON_SECONDARY_CLASS, HINT_CLASS, LABEL_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS};

const SELECT_CLASS: &str = "min-h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

#[component]
pub fn PlatformUsagePage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Usage />
        </RoleGate>
    }
}

#[component]
pub fn TenantUsagePage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::TenantAdmin]>
            <Usage />
        </RoleGate>
    }
}

fn percent(value: Option<f64>) -> String {
    value.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "—".into())
}

/// The period form: works without JavaScript, keeps the period in the address.
fn period_form(days: i64) -> impl IntoView {
    view! {
        <form method="get" class="mb-6 flex flex-wrap items-end gap-3" aria-label="Period">
            <div>
                <label for="usage-days" class=LABEL_CLASS>"Period"</label>
                <select id="usage-days" name="days" class=SELECT_CLASS>
                    {PERIODS.iter().map(|n| view! { <option value=n.to_string() selected=*n == days>{format!("The last {n} days")}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class=BUTTON_SECONDARY_CLASS>"Show"</button>
        </form>
    }
}

fn figures(report: &UsageReport) -> impl IntoView {
    let searches = report.total(|d| d.searches);
    let sign_ins = report.total(|d| d.sign_ins);
    let failures = report.total(|d| d.sign_in_failures);
    let days = report.days.len().max(1) as f64;
    let mut figures = vec![
        ("Page views", report.total(|d| d.page_views).to_string()),
        ("Daily active users, on average", format!("{:.1}", report.total(|d| d.active_users) as f64 / days)),
        ("Weekly active users, latest", report.days.last().map_or(0, |d| d.weekly_active_users).to_string()),
        ("Applications", report.total(|d| d.applications).to_string()),
        ("Sign-ins", sign_ins.to_string()),
    ];
    if report.platform {
        // A failed sign-in belongs to no organization: nobody is signed in yet.
        figures.push(("Sign-ins that failed", format!("{failures} ({})", percent(UsageReport::share(failures, sign_ins + failures)))));
        figures.push(("Job board searches", searches.to_string()));
        figures.push(("Searches without results", percent(UsageReport::share(report.total(|d| d.searches_without_results), searches))));
        figures.push(("Click-through (jobs opened per search)", percent(UsageReport::share(report.total(|d| d.search_clicks), searches))));
    } else {
        figures.push(("Your jobs opened from job board searches", report.total(|d| d.search_clicks).to_string()));
    }
    view! {
        <dl class="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {figures.into_iter().map(|(term, value)| view! {
                <div class="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                    <dt class="text-sm text-slate-700 dark:text-slate-300">{term}</dt>
                    <dd class="text-xl font-semibold text-slate-900 dark:text-slate-100">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

fn per_day_table(days: Vec<UsageDay>) -> impl IntoView {
    view! {
        <details class="mt-4">
            <summary class="cursor-pointer text-sm font-medium text-indigo-700 underline dark:text-indigo-300">"The numbers per day"</summary>
            <div class="mt-2 overflow-x-auto" tabindex="0" role="region" aria-label="The numbers per day">
                <table class=TABLE_CLASS>
                    <thead><tr>
                        <th scope="col" class=TH_CLASS>"Day"</th><th scope="col" class=TH_CLASS>"Active users"</th><th scope="col" class=TH_CLASS>"Weekly active"</th>
                        <th scope="col" class=TH_CLASS>"Page views"</th><th scope="col" class=TH_CLASS>"Sign-ins"</th>
                        <th scope="col" class=TH_CLASS>"Applications"</th><th scope="col" class=TH_CLASS>"Searches"</th>
                    </tr></thead>
                    <tbody>
                        {days.into_iter().rev().map(|d| view! {
                            <tr>
                                <th scope="row" class=TD_CLASS>{d.day.to_string()}</th><td class=TD_CLASS>{d.active_users}</td><td class=TD_CLASS>{d.weekly_active_users}</td>
                                <td class=TD_CLASS>{d.page_views}</td><td class=TD_CLASS>{d.sign_ins}</td>
                                <td class=TD_CLASS>{d.applications}</td><td class=TD_CLASS>{d.searches}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

fn searches_view(platform: bool, top_searches: Vec<SearchFigure>) -> impl IntoView {
    let (title, caption) = if platform { ("Top searches", "Job board searches by how often they were made") } else { ("Searches that led to your jobs", "Job board searches after which one of your jobs was opened") };
    let bars = top_searches.iter().map(|s| (s.query.clone(), if platform { s.searches } else { s.clicks })).collect();
    view! {
        <Card title=title>
            {if top_searches.is_empty() {
                view! { <p class="text-sm">"No searches in this period."</p> }.into_any()
            } else {
                view! {
                    <BarChart title=caption bars />
                    <table class=format!("{TABLE_CLASS} mt-3")>
                        <caption class="sr-only">{caption}</caption>
                        <thead><tr>
                            <th scope="col" class=TH_CLASS>"Search"</th>
                            {platform.then(|| view! { <th scope="col" class=TH_CLASS>"Searches"</th> })}
                            <th scope="col" class=TH_CLASS>"Jobs opened"</th>
                            {platform.then(|| view! { <th scope="col" class=TH_CLASS>"Click-through"</th> })}
                        </tr></thead>
                        <tbody>
                            {top_searches.into_iter().map(|s| view! {
                                <tr>
                                    <th scope="row" class=TD_CLASS>{s.query.clone()}</th>
                                    {platform.then(|| view! { <td class=TD_CLASS>{s.searches}</td> })}
                                    <td class=TD_CLASS>{s.clicks}</td>
                                    {platform.then(|| view! { <td class=TD_CLASS>{percent(s.click_through())}</td> })}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </Card>
    }
}

fn counted_table(title: &'static str, first_column: &'static str, rows: Vec<(String, i64)>, none: &'static str) -> impl IntoView {
    view! {
        <Card title=title>
            {if rows.is_empty() {
                view! { <p class="text-sm">{none}</p> }.into_any()
            } else {
                view! {
                    <table class=TABLE_CLASS>
                        <caption class="sr-only">{title}</caption>
                        <thead><tr><th scope="col" class=TH_CLASS>{first_column}</th><th scope="col" class=TH_CLASS>"Times"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(name, count)| view! { <tr><th scope="row" class=TD_CLASS>{name}</th><td class=TD_CLASS>{count}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </Card>
    }
}

fn cohorts_view(cohorts: Vec<Cohort>, platform: bool) -> impl IntoView {
    let weeks = cohorts.iter().map(|c| c.active.len()).max().unwrap_or(0);
    let who = if platform { "accounts made" } else { "members who joined" };
    view! {
        <Card title="Retention by sign-up week">
            <p class=format!("{HINT_CLASS} mb-3")>{format!("Each row: the {who} in a week, and the share of them active in that week and each week after.")}</p>
            <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Retention by sign-up week">
                <table class=TABLE_CLASS>
                    <caption class="sr-only">"Retention by sign-up week"</caption>
                    <thead><tr>
                        <th scope="col" class=TH_CLASS>"Week of"</th><th scope="col" class=TH_CLASS>"Signed up"</th>
                        {(0..weeks).map(|k| view! { <th scope="col" class=TH_CLASS>{if k == 0 { "Same week".to_owned() } else { format!("Week {k}") }}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {cohorts.into_iter().map(|c| {
                            let cells = (0..weeks).map(|k| match c.active.get(k) {
                                Some(active) => view! { <td class=TD_CLASS>{format!("{} ({active})", percent(c.percent(k)))}</td> }.into_any(),
                                None => view! { <td class=TD_CLASS></td> }.into_any(),
                            }).collect_view();
                            view! { <tr><th scope="row" class=TD_CLASS>{c.week.to_string()}</th><td class=TD_CLASS>{c.size}</td>{cells}</tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Card>
    }
}

#[component]
fn Usage() -> impl IntoView {
    let query = use_query_map();
    let days = move || query.read().get("days").and_then(|d| d.parse::<i64>().ok());
    let report = Resource::new(days, read_usage);
    view! {
        <Title text="Usage" />
        {loaded(report, move |report| {
            let (first, last) = (report.from.to_string(), report.to.to_string());
            let period = (report.to - report.from).num_days() + 1;
            let description = format!(
                "{}, {first} to {last}. Figures rolled up hourly{}.",
                if report.platform { "Everyone on the platform, job seekers and visitors included" } else { "Your organization's members and the people who applied to it" },
                report.rolled_at.map(|at| format!(", last at {} UTC", at.format("%Y-%m-%d %H:%M"))).unwrap_or_default(),
            );
            let active = vec![
                ("Daily active users", report.days.iter().map(|d| d.active_users).collect()),
                ("Weekly active users", report.days.iter().map(|d| d.weekly_active_users).collect()),
            ];
            let activity = vec![
                ("Page views", report.days.iter().map(|d| d.page_views).collect()),
                ("Sign-ins", report.days.iter().map(|d| d.sign_ins).collect()),
                ("Applications", report.days.iter().map(|d| d.applications).collect()),
            ];
            let header = view! { <PageHeader title="Usage" description=description /> };
            let summary = figures(&report);
            let daily = per_day_table(report.days.clone());
            let active_chart = view! { <LineChart title="Daily and weekly active users" first=first.clone() last=last.clone() series=active /> };
            let activity_chart = view! { <LineChart title="Page views, sign-ins and applications per day" first=first last=last series=activity /> };
            let searches = searches_view(report.platform, report.top_searches.clone());
            let without_results = report.platform.then(|| counted_table("Searches without results", "Search", report.searches_without_results.clone(), "Every search found something."));
            let pages = counted_table("Most viewed pages", "Page", report.top_pages.clone(), "No page views in this period.");
            let cohorts = cohorts_view(report.cohorts.clone(), report.platform);
            view! {
                {header}
                {period_form(period)}
                {summary}
                <div class="grid gap-6 xl:grid-cols-2">
                    <Card title="Active users">
                        {active_chart}
                        {daily}
                    </Card>
                    <Card title="Activity">
                        {activity_chart}
                    </Card>
                    {searches}
                    {without_results}
                    {pages}
                </div>
                <div class="mt-6">{cohorts}</div>
            }
        })}
    }
}
