//! The admins' dashboard (a delegation admin's home, and `/delegation` for superadmins) and the
//! list of every delegation.

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::super::api::*;
use super::super::types::*;
use super::{delegation_list, figure_tiles, percent, status_figures, DelegationTable, Reader, MUTED_CLASS};
use crate::access::{loaded, signed_in_user, RoleGate};
use crate::platform::Role;
use crate::ui::charts::LineChart;
use crate::ui::{Card, PageHeader, Table, BUTTON_SECONDARY_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS};

/// Who runs the service.
pub(crate) const ADMINS: &[Role] = &[Role::DelegationAdmin, Role::Superadmin];

const PERIODS: [i64; 3] = [7, 30, 90];

/// The service's pages, for superadmins: their navigation lists the dashboard only.
#[component]
pub(crate) fn AdminLinks() -> impl IntoView {
    (signed_in_user().role == Role::Superadmin).then(|| {
        view! {
            <nav aria-label="Delegation service" class="mb-6">
                <ul class="flex flex-wrap gap-4 text-sm">
                    <li><a href="/delegation" class=LINK_CLASS>"Dashboard"</a></li>
                    <li><a href="/delegation/all" class=LINK_CLASS>"Delegations"</a></li>
                    <li><a href="/delegation/clients" class=LINK_CLASS>"Clients"</a></li>
                    <li><a href="/delegation/employees" class=LINK_CLASS>"Employees"</a></li>
                    <li><a href="/delegation/assignments" class=LINK_CLASS>"Assignments"</a></li>
                </ul>
            </nav>
        }
    })
}

#[component]
pub fn AdminDashboardPage() -> impl IntoView {
    view! {
        <RoleGate roles=ADMINS>
            <AdminDashboardView />
        </RoleGate>
    }
}

#[component]
fn AdminDashboardView() -> impl IntoView {
    let query = use_query_map();
    let days = move || query.read().get("days").unwrap_or_default();
    let dashboard = Resource::new(days, service_dashboard);
    let period_form = move || {
        let chosen = days().parse::<i64>().unwrap_or(PERIODS[0]);
        view! {
            <form method="get" class="mb-6 flex flex-wrap items-end gap-3">
                <div class="space-y-1">
                    <label for="dashboard-days" class=LABEL_CLASS>"Period"</label>
                    <select id="dashboard-days" name="days" class=INPUT_CLASS>
                        {PERIODS.iter().map(|n| view! { <option value=n.to_string() selected=*n == chosen>{format!("The last {n} days")}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Show"</button>
            </form>
        }
    };
    view! {
        <Title text="Delegation" />
        <PageHeader title="Delegation service" description="Where the service stands: delegations by status, what waits for an admin, what is late, and how each employee and client fares over the period." />
        <AdminLinks />
        {period_form}
        {loaded(dashboard, move |dashboard| {
            let period = days().parse::<i64>().unwrap_or(PERIODS[0]);
            dashboard_view(dashboard, period)
        })}
    }
}

fn dashboard_view(dashboard: AdminDashboard, period: i64) -> impl IntoView {
    let AdminDashboard { counts, awaiting_activation, unassigned, overdue, employees, by_employee, by_client, days, completion_rate } = dashboard;
    let mut figures = status_figures(&counts);
    figures.push((format!("Completion rate, last {period} days"), percent(completion_rate)));
    let (has_employees, has_client_figures) = (!employees.is_empty(), !by_client.is_empty());
    let employee_rows = employees
        .into_iter()
        .map(|employee| {
            let figures = by_employee.iter().find(|f| f.id == employee.user_id);
            let (completed, failed) = figures.map_or((0, 0), |f| (f.completed, f.failed));
            let rate = percent(figures.and_then(Figures::completion_rate));
            let availability = match (employee.retired, employee.is_available) {
                (true, _) => "Retired",
                (false, true) => "Available",
                (false, false) => "Away",
            };
            view! {
                <tr>
                    <th scope="row" class=TD_CLASS>{employee.name.clone()}</th>
                    <td class=TD_CLASS>{availability}</td>
                    <td class=TD_CLASS>{employee.open}</td>
                    <td class=TD_CLASS>{employee.overdue}</td>
                    <td class=TD_CLASS>{format!("{} of {}", employee.given_today, employee.daily_cap)}</td>
                    <td class=TD_CLASS>{completed}</td>
                    <td class=TD_CLASS>{failed}</td>
                    <td class=TD_CLASS>{rate}</td>
                </tr>
            }
        })
        .collect_view();
    let client_rows = by_client
        .into_iter()
        .map(|client| {
            let rate = percent(client.completion_rate());
            view! {
                <tr>
                    <th scope="row" class=TD_CLASS>{client.name}</th>
                    <td class=TD_CLASS>{client.delegated}</td>
                    <td class=TD_CLASS>{client.completed}</td>
                    <td class=TD_CLASS>{client.failed}</td>
                    <td class=TD_CLASS>{client.accepted}</td>
                    <td class=TD_CLASS>{client.rejected}</td>
                    <td class=TD_CLASS>{client.overdue}</td>
                    <td class=TD_CLASS>{rate}</td>
                </tr>
            }
        })
        .collect_view();
    let waiting_clients = match awaiting_activation {
        1 => "1 client awaits activation".to_owned(),
        n => format!("{n} clients await activation"),
    };
    let waiting_delegations = match unassigned {
        1 => "1 delegation waits for an employee".to_owned(),
        n => format!("{n} delegations wait for an employee"),
    };
    view! {
        <div class="space-y-6">
            {figure_tiles(figures)}
            <Card title="Waiting for an admin">
                <ul class="space-y-2 text-sm">
                    <li><a href="/delegation/clients" class=LINK_CLASS>{waiting_clients}</a></li>
                    <li>
                        <a href="/delegation/assignments" class=LINK_CLASS>{waiting_delegations}</a>
                        <span class=MUTED_CLASS>" (their clients need an employee with room)"</span>
                    </li>
                </ul>
            </Card>
            <Card title="Overdue">
                <DelegationTable items=overdue reader=Reader::Admin empty="Nothing is past its deadline." />
            </Card>
            <Card title="Employees">
                {if has_employees {
                    view! { <Table columns=&["Employee", "Availability", "Open", "Overdue", "Given today", "Completed", "Failed", "Completion rate"]>{employee_rows}</Table> }.into_any()
                } else {
                    view! { <p class=MUTED_CLASS>"No employee yet: add them on the employees' page."</p> }.into_any()
                }}
            </Card>
            <Card title="Clients">
                {if has_client_figures {
                    view! { <Table columns=&["Client", "Delegated", "Completed", "Failed", "Accepted", "Rejected", "Overdue", "Completion rate"]>{client_rows}</Table> }.into_any()
                } else {
                    view! { <p class=MUTED_CLASS>"No client delegated anything in this period."</p> }.into_any()
                }}
            </Card>
            <Card title="Per day">
                {days_view(days)}
            </Card>
        </div>
    }
}

/// Every day from the first to the last of `days`: the rollup has no row for a day without work.
fn every_day(days: Vec<DayFigures>) -> Vec<DayFigures> {
    let (Some(first), Some(last)) = (days.first().map(|d| d.day), days.last().map(|d| d.day)) else { return days };
    let mut given = days.into_iter().peekable();
    let mut filled = Vec::new();
    let mut day = first;
    while day <= last {
        match given.next_if(|d| d.day == day) {
            Some(figures) => filled.push(figures),
            None => filled.push(DayFigures { day, delegated: 0, completed: 0, failed: 0, overdue: 0 }),
        }
        day += Duration::days(1);
    }
    filled
}

fn days_view(days: Vec<DayFigures>) -> impl IntoView {
    let days = every_day(days);
    let (Some(first), Some(last)) = (days.first().map(|d| d.day), days.last().map(|d| d.day)) else {
        return view! { <p class=MUTED_CLASS>"Nothing was delegated in this period."</p> }.into_any();
    };
    let label = |day: NaiveDate| day.format("%Y-%m-%d").to_string();
    let series = vec![
        ("Delegated", days.iter().map(|d| d.delegated).collect()),
        ("Completed", days.iter().map(|d| d.completed).collect()),
        ("Failed", days.iter().map(|d| d.failed).collect()),
    ];
    view! {
        <LineChart title="Delegations per day" first=label(first) last=label(last) series />
        <details class="mt-4">
            <summary class="cursor-pointer text-sm font-medium text-indigo-700 underline dark:text-indigo-300">"The numbers per day"</summary>
            <div class="mt-2 overflow-x-auto" tabindex="0" role="region" aria-label="The numbers per day">
                <table class=TABLE_CLASS>
                    <thead><tr>
                        <th scope="col" class=TH_CLASS>"Day"</th><th scope="col" class=TH_CLASS>"Delegated"</th><th scope="col" class=TH_CLASS>"Completed"</th>
                        <th scope="col" class=TH_CLASS>"Failed"</th><th scope="col" class=TH_CLASS>"Overdue"</th>
                    </tr></thead>
                    <tbody>
                        {days.into_iter().rev().map(|d| view! {
                            <tr>
                                <th scope="row" class=TD_CLASS>{label(d.day)}</th><td class=TD_CLASS>{d.delegated}</td><td class=TD_CLASS>{d.completed}</td>
                                <td class=TD_CLASS>{d.failed}</td><td class=TD_CLASS>{d.overdue}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

/// `/delegation/all`: every delegation, for the admins.
#[component]
pub fn AllDelegationsPage() -> impl IntoView {
    view! {
        <RoleGate roles=ADMINS>
            <Title text="Delegations" />
            <PageHeader title="Delegations" description="Every delegation of every client, newest first." />
            <AdminLinks />
            {delegation_list("/delegation/all", Reader::Admin, all_delegations)}
        </RoleGate>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str, delegated: i64) -> DayFigures {
        DayFigures { day: text.parse().unwrap(), delegated, completed: 0, failed: 0, overdue: 0 }
    }

    #[test]
    fn days_without_work_are_filled_with_zeros() {
        let filled = every_day(vec![day("2026-12-01", 3), day("2026-12-04", 1)]);
        let shown: Vec<(String, i64)> = filled.iter().map(|d| (d.day.to_string(), d.delegated)).collect();
        assert_eq!(shown, [("2026-12-01".into(), 3), ("2026-12-02".into(), 0), ("2026-12-03".into(), 0), ("2026-12-04".into(), 1)]);
        assert!(every_day(Vec::new()).is_empty());
    }
}
