use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::platform_metrics;
use super::types::{Alert, Chart, Level, MetricsOverview, Range, THRESHOLDS};
use crate::access::{loaded, RoleGate};
use crate::platform::Role;
use crate::ui::charts::LineChart;
use crate::ui::{Card, PageHeader, Table, HINT_CLASS, LINK_CLASS, TD_CLASS};

/// `/console/metrics`: the platform's own figures over the last hour, day or 30 days, and its alerts.
#[component]
pub fn MetricsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Metrics />
        </RoleGate>
    }
}

#[component]
fn Metrics() -> impl IntoView {
    let query = use_query_map();
    let range = move || query.read().get("range").unwrap_or_default();
    let overview = Resource::new(range, platform_metrics);
    view! {
        <Title text="Metrics" />
        <PageHeader title="Metrics" description="What the servers measure of themselves, sampled every minute by each instance. Prometheus can scrape the same figures, and more, at /metrics." />
        {loaded(overview, |overview| view! { <Overview overview /> })}
    }
}

fn number(value: f64, unit: &str) -> String {
    let shown = if value >= 100.0 || value == value.trunc() { format!("{value:.0}") } else { format!("{value:.1}") };
    if unit.is_empty() { shown } else { format!("{shown} {unit}") }
}

#[component]
fn Overview(overview: MetricsOverview) -> impl IntoView {
    let MetricsOverview { range, from, to, charts, alerts, instances } = overview;
    let (open, resolved): (Vec<Alert>, Vec<Alert>) = alerts.into_iter().partition(|a| a.resolved_at.is_none());
    let format = if range == Range::Month { "%Y-%m-%d" } else { "%H:%M UTC" };
    let (first, last) = (from.format(format).to_string(), to.format(format).to_string());
    view! {
        <nav aria-label="Range" class="mb-6">
            <ul class="flex flex-wrap gap-2">
                {Range::ALL.into_iter().map(|r| view! {
                    <li>
                        <a href=format!("/console/metrics?range={}", r.as_str()) aria-current=(r == range).then_some("page")
                            class="inline-flex min-h-10 items-center rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium aria-[current=page]:border-indigo-700 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-900 dark:border-slate-600 dark:aria-[current=page]:bg-slate-800 dark:aria-[current=page]:text-indigo-100">
                            {r.label()}
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
        <section aria-labelledby="alerts-heading" class="mb-6">
            <h2 id="alerts-heading" class="mb-2 text-lg font-semibold">"Alerts"</h2>
            {if open.is_empty() {
                view! { <p class="text-sm">"No open alerts: every figure is within its thresholds."</p> }.into_any()
            } else {
                view! {
                    <ul class="space-y-2">
                        {open.into_iter().map(|a| {
                            let tone = if a.level == Level::Critical { "border-red-500 bg-red-50 text-red-950 dark:bg-red-950 dark:text-red-50" } else { "border-amber-500 bg-amber-50 text-amber-950 dark:bg-amber-950 dark:text-amber-50" };
                            view! {
                                <li class=format!("rounded-lg border-l-4 px-4 py-3 text-sm {tone}")>
                                    <p class="font-semibold">{format!("{}: {} — {} (threshold {})", a.level, a.title(), number(a.value, a.unit()), number(a.threshold, a.unit()))}</p>
                                    <p>{format!("Since {}", a.opened_at.format("%Y-%m-%d %H:%M UTC"))}
                                        {a.incident_id.map(|_| view! { " · " <a href="/console/incidents" class=LINK_CLASS>"A draft incident is waiting"</a> })}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <p class=format!("{HINT_CLASS} mb-4")>{format!("{first} to {last}, from {instances} server instance{}.", if instances == 1 { "" } else { "s" })}</p>
        <div class="grid gap-6 xl:grid-cols-2">
            {charts.into_iter().map(|chart| view! { <ChartCard chart first=first.clone() last=last.clone() /> }).collect_view()}
        </div>
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <Card title="Thresholds">
                <Table columns=&["Figure", "Warning", "Critical"]>
                    {THRESHOLDS.iter().map(|t| view! {
                        <tr>
                            <td class=TD_CLASS>{t.title}</td>
                            <td class=TD_CLASS>{if t.falling { "below " } else { "" }}{number(t.warning, t.unit)}</td>
                            <td class=TD_CLASS>{if t.falling { "below " } else { "" }}{number(t.critical, t.unit)}</td>
                        </tr>
                    }).collect_view()}
                </Table>
                <p class=format!("{HINT_CLASS} mt-2")>"Read over the last five minutes (the completion rate over the last 7 days, once 20 delegations were due). Superadmins are mailed when an alert opens or worsens; a critical one opens a draft incident."</p>
            </Card>
            <Card title="Resolved alerts">
                {if resolved.is_empty() {
                    view! { <p class="text-sm">"None yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="space-y-2 text-sm">
                            {resolved.into_iter().map(|a| view! {
                                <li>{format!("{} {} ({}), {} to {}", a.level, a.title(), number(a.value, a.unit()), a.opened_at.format("%Y-%m-%d %H:%M"), a.resolved_at.map(|t| t.format("%H:%M UTC").to_string()).unwrap_or_default())}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Card>
        </div>
    }
}

#[component]
fn ChartCard(chart: Chart, first: String, last: String) -> impl IntoView {
    let (latest, peak) = (number(chart.latest(), &chart.unit), number(chart.peak(), &chart.unit));
    let summary = format!("{}, {first} to {last}: now {latest}, at most {peak}", chart.title);
    let values = chart.values.iter().map(|v| v.round() as i64).collect();
    view! {
        <Card title=chart.title.clone()>
            <p class="mb-2 text-sm">{format!("Now {latest} · at most {peak}")}</p>
            <LineChart title=chart.title.clone() first last series=vec![("", values)] summary />
        </Card>
    }
}

/// The open alerts, at the top of the superadmin's home, with the way to the charts.
#[component]
pub fn OpenAlerts() -> impl IntoView {
    let alerts = Resource::new(|| (), |_| super::api::open_alerts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                alerts.await.ok().filter(|alerts| !alerts.is_empty()).map(|alerts| view! {
                    <section aria-label="Platform alerts" class="mb-6 rounded-lg border-l-4 border-red-500 bg-red-50 px-4 py-3 text-sm text-red-950 dark:bg-red-950 dark:text-red-50">
                        <ul>
                            {alerts.into_iter().map(|a| view! {
                                <li>{format!("{}: {} at {} (threshold {})", a.level, a.title(), number(a.value, a.unit()), number(a.threshold, a.unit()))}</li>
                            }).collect_view()}
                        </ul>
                        <p class="mt-1"><a href="/console/metrics" class=LINK_CLASS>"See the metrics"</a></p>
                    </section>
                })
            })}
        </Suspense>
    }
}
