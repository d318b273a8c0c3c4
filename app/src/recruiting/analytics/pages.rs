//! The funnel reports: a requisition's (`/jobs/{id}/analytics`) and the tenant's (`/analytics`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{requisition_funnel, tenant_funnel};
use super::types::*;
use crate::access::{loaded, RoleGate};
use crate::platform::{AppError, Role};
use crate::ui::path_id;
use crate::ui::charts::{BarChart, LineChart};
use crate::ui::{Card, PageHeader, BUTTON_SECONDARY_CLASS, HINT_CLASS, LABEL_CLASS, LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS};

const DATE_CLASS: &str = "min-h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

fn period_query() -> (impl Fn() -> String + Copy + Send + Sync, impl Fn() -> String + Copy + Send + Sync) {
    let query = use_query_map();
    (move || query.read().get("from").unwrap_or_default(), move || query.read().get("to").unwrap_or_default())
}

/// The period form: works without JavaScript, keeps the period in the URL.
fn period_form(from: String, to: String) -> impl IntoView {
    view! {
        <form method="get" class="mb-6 flex flex-wrap items-end gap-3" aria-label="Period">
            <div><label for="period-from" class=LABEL_CLASS>"From"</label><input id="period-from" type="date" name="from" value=from class=DATE_CLASS /></div>
            <div><label for="period-to" class=LABEL_CLASS>"To"</label><input id="period-to" type="date" name="to" value=to class=DATE_CLASS /></div>
            <button type="submit" class=BUTTON_SECONDARY_CLASS>"Show"</button>
        </form>
    }
}

fn days(value: Option<f64>) -> String {
    value.map(|d| format!("{d:.1} days")).unwrap_or_else(|| "—".into())
}

fn funnel_view(funnel: Funnel) -> impl IntoView {
    let bars: Vec<(String, i64)> = std::iter::once(("Views".to_owned(), funnel.views))
        .chain(funnel.steps.iter().map(|s| (s.kind.label().to_owned(), s.count)))
        .collect();
    let first = funnel.from.to_string();
    let last = funnel.to.to_string();
    let series = vec![
        ("Applications", funnel.days.iter().map(|d| d.applications).collect()),
        ("Moves", funnel.days.iter().map(|d| d.moves).collect()),
        ("Hires", funnel.days.iter().map(|d| d.hires).collect()),
    ];
    let figures = [
        ("Time to first application", days(funnel.days_to_first_application)),
        ("Time to fill", days(funnel.days_to_fill)),
        ("Average match score", funnel.average_match.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())),
        ("Median match score", funnel.median_match.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())),
    ];
    view! {
        <div class="grid gap-6 xl:grid-cols-2">
            <Card title="Funnel">
                <BarChart title="Funnel" bars />
                <div class="mt-4 overflow-x-auto" tabindex="0" role="region" aria-label="The funnel's numbers">
                    <table class=TABLE_CLASS>
                        <caption class="sr-only">"The funnel's numbers"</caption>
                        <thead><tr><th scope="col" class=TH_CLASS>"Step"</th><th scope="col" class=TH_CLASS>"Count"</th><th scope="col" class=TH_CLASS>"From the step before"</th><th scope="col" class=TH_CLASS>"Median time in it"</th><th scope="col" class=TH_CLASS>"Rejected there"</th></tr></thead>
                        <tbody>
                            <tr><th scope="row" class=TD_CLASS>"Views"</th><td class=TD_CLASS>{funnel.views}</td><td class=TD_CLASS>"—"</td><td class=TD_CLASS>"—"</td><td class=TD_CLASS>"—"</td></tr>
                            {funnel.steps.iter().map(|s| view! {
                                <tr>
                                    <th scope="row" class=TD_CLASS>{s.kind.label()}</th>
                                    <td class=TD_CLASS>{s.count}</td>
                                    <td class=TD_CLASS>{s.conversion.map(|c| format!("{c:.1}%")).unwrap_or_else(|| "—".into())}</td>
                                    <td class=TD_CLASS>{days(s.median_days_in_step)}</td>
                                    <td class=TD_CLASS>{s.rejected}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Card>
            <Card title="Per day">
                <LineChart title="Applications, moves and hires per day" first=first last=last series />
                <dl class="mt-4 grid grid-cols-2 gap-3 text-sm">
                    {figures.into_iter().map(|(term, value)| view! {
                        <div><dt class="text-slate-700 dark:text-slate-300">{term}</dt><dd class="text-lg font-semibold text-slate-900 dark:text-slate-100">{value}</dd></div>
                    }).collect_view()}
                </dl>
                <details class="mt-4">
                    <summary class=format!("{LINK_CLASS} cursor-pointer text-sm")>"The numbers per day"</summary>
                    <table class=format!("{TABLE_CLASS} mt-2")>
                        <thead><tr><th scope="col" class=TH_CLASS>"Day"</th><th scope="col" class=TH_CLASS>"Applications"</th><th scope="col" class=TH_CLASS>"Moves"</th><th scope="col" class=TH_CLASS>"Hires"</th></tr></thead>
                        <tbody>
                            {funnel.days.iter().filter(|d| d.applications + d.moves + d.hires > 0).map(|d| view! {
                                <tr><th scope="row" class=TD_CLASS>{d.day.to_string()}</th><td class=TD_CLASS>{d.applications}</td><td class=TD_CLASS>{d.moves}</td><td class=TD_CLASS>{d.hires}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            </Card>
        </div>
        <p class=format!("{HINT_CLASS} mt-4 max-w-3xl")>{FUNNEL_RULE}</p>
    }
}

/// A requisition's funnel over a period.
#[component]
pub fn RequisitionAnalyticsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <RequisitionAnalytics />
        </RoleGate>
    }
}

#[component]
fn RequisitionAnalytics() -> impl IntoView {
    let id = path_id();
    let (from, to) = period_query();
    let report = Resource::new(move || (id(), from(), to()), |(id, from, to)| async move {
        match id {
            Some(id) => requisition_funnel(id, from, to).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text="Analytics" />
        {loaded(report, move |report| view! {
            <Title text=format!("{} · analytics", report.title) />
            <PageHeader title=format!("Analytics: {}", report.title) description=format!("{} to {}", report.funnel.from, report.funnel.to) />
            <nav aria-label="Requisition" class="mb-4 flex gap-4 text-sm">
                <a class=LINK_CLASS href=format!("/jobs/{}", report.requisition_id)>"Requisition"</a>
                <a class=LINK_CLASS href=format!("/jobs/{}/pipeline", report.requisition_id)>"Pipeline"</a>
            </nav>
            {period_form(report.funnel.from.to_string(), report.funnel.to.to_string())}
            {funnel_view(report.funnel)}
        })}
    }
}

/// The tenant's funnel, and by department, source and recruiter.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <TenantAnalytics />
        </RoleGate>
    }
}

fn breakdown_table(caption: &'static str, rows: Vec<Breakdown>) -> impl IntoView {
    view! {
        <Card title=caption>
            <BarChart title=format!("Applications {}", caption.to_lowercase()) bars=rows.iter().map(|r| (r.name.clone(), r.applications)).collect() />
            <table class=format!("{TABLE_CLASS} mt-3")>
                <caption class="sr-only">{caption}</caption>
                <thead><tr><th scope="col" class=TH_CLASS>"Name"</th><th scope="col" class=TH_CLASS>"Applications"</th><th scope="col" class=TH_CLASS>"Interviews"</th><th scope="col" class=TH_CLASS>"Hires"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr><th scope="row" class=TD_CLASS>{r.name}</th><td class=TD_CLASS>{r.applications}</td><td class=TD_CLASS>{r.interviews}</td><td class=TD_CLASS>{r.hires}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Card>
    }
}

#[component]
fn TenantAnalytics() -> impl IntoView {
    let (from, to) = period_query();
    let report = Resource::new(move || (from(), to()), |(from, to)| tenant_funnel(from, to));
    view! {
        <Title text="Analytics" />
        {loaded(report, move |report| view! {
            <PageHeader title="Analytics" description=format!("All requisitions, {} to {}", report.funnel.from, report.funnel.to) />
            {period_form(report.funnel.from.to_string(), report.funnel.to.to_string())}
            {funnel_view(report.funnel)}
            <p class=format!("{HINT_CLASS} mt-2 max-w-3xl")>{TENANT_MEDIAN_RULE}</p>
            <div class="mt-6 grid gap-6 xl:grid-cols-3">
                {breakdown_table("By department", report.by_department)}
                {breakdown_table("By source", report.by_source)}
                {breakdown_table("By recruiter", report.by_recruiter)}
            </div>
        })}
    }
}
