//! The admins' pages about people: clients, employees, who works for whom, the service's own
//! admins, and its settings.

use leptos::prelude::*;
use leptos_meta::Title;

use super::super::api::*;
use super::super::types::*;
use super::admin::{AdminLinks, ADMINS};
use super::{at, choices, done_message, row_select, RowError, MUTED_CLASS};
use crate::access::{loaded, RoleGate};
use crate::platform::Role;
use crate::ui::{
    action_error, successes, ActionError, Card, Field, PageHeader, Select, SubmitButton, Table, BUTTON_DANGER_CLASS, BUTTON_SECONDARY_CLASS, CHECK_CLASS, HINT_CLASS,
    TD_CLASS,
};

const CAP_INPUT_CLASS: &str = "w-24 min-h-8 rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900";

/// `/delegation/clients`: activating, suspending and setting up clients.
#[component]
pub fn ClientsPage() -> impl IntoView {
    view! {
        <RoleGate roles=ADMINS>
            <Clients />
        </RoleGate>
    }
}

#[component]
fn Clients() -> impl IntoView {
    let update = ServerAction::<UpdateClient>::new();
    let saved = successes(update.value(), update.version());
    let clients = Resource::new(move || saved.get(), |_| service_clients());
    view! {
        <Title text="Clients" />
        <PageHeader title="Clients" description="Job seekers who asked for the service, those awaiting activation first: activate or suspend them, record their payment status, and choose how their delegations are shared among their employees." />
        <AdminLinks />
        <RowError error=action_error(update.value()) />
        <div class="mb-4">{done_message(update.value(), |_| "The client's account is saved.".to_owned())}</div>
        <Card>
            {loaded(clients, move |clients| {
                if clients.is_empty() {
                    return view! { <p class=MUTED_CLASS>"Nobody has asked for the service yet."</p> }.into_any();
                }
                let rows = clients.into_iter().map(|client| {
                    let key = client.user_id;
                    let employees = if client.employees.is_empty() { "None yet".to_owned() } else { client.employees.join(", ") };
                    view! {
                        <tr>
                            <th scope="row" class=TD_CLASS>
                                <div class="font-medium">{client.name.clone()}</div>
                                <div class=HINT_CLASS>{client.email.clone()}</div>
                            </th>
                            <td class=TD_CLASS>{at(client.requested_at)}</td>
                            <td class=TD_CLASS>{client.activated_at.map(at).unwrap_or_else(|| "—".into())}</td>
                            <td class=TD_CLASS>{client.open}</td>
                            <td class=TD_CLASS>{employees}</td>
                            <td class=TD_CLASS>
                                <ActionForm action=update attr:class="flex flex-wrap items-center gap-2">
                                    <input type="hidden" name="client_id" value=key.to_string() />
                                    {row_select(format!("client-status-{key}"), "status", format!("Status of {}", client.name),
                                        choices(ClientStatus::ALL, ClientStatus::as_str, ClientStatus::label), client.status.as_str())}
                                    {row_select(format!("client-payment-{key}"), "payment_status", format!("Payment status of {}", client.name),
                                        choices(PaymentStatus::ALL, PaymentStatus::as_str, PaymentStatus::label), client.payment_status.as_str())}
                                    {row_select(format!("client-distribution-{key}"), "distribution", format!("How the delegations of {} are shared", client.name),
                                        choices(DistributionRule::ALL, DistributionRule::as_str, DistributionRule::label), client.distribution.as_str())}
                                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Save"<span class="sr-only">{format!(" the account of {}", client.name)}</span></button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view();
                view! { <Table columns=&["Client", "Asked", "Activated", "Open", "Employees", "Account"]>{rows}</Table> }.into_any()
            })}
        </Card>
    }
}

/// `/delegation/employees`: who sends the applications. Only managers and superadmins may add
/// or change employees: the server refuses the others, and the page shows its answer.
#[component]
pub fn EmployeesPage() -> impl IntoView {
    view! {
        <RoleGate roles=ADMINS>
            <Employees />
        </RoleGate>
    }
}

#[component]
fn Employees() -> impl IntoView {
    let add = ServerAction::<AddEmployee>::new();
    let update = ServerAction::<UpdateEmployee>::new();
    let changed = (successes(add.value(), add.version()), successes(update.value(), update.version()));
    let employees = Resource::new(move || (changed.0.get(), changed.1.get()), |_| service_employees());
    let add_error = action_error(add.value());
    view! {
        <Title text="Employees" />
        <PageHeader title="Employees" description="The people who send the applications: whether they take new work, how many delegations they may be given a day, and what they hold now. Only managers and superadmins may add or change them." />
        <AdminLinks />
        <div class="space-y-6">
            <Card title="Add an employee">
                <div class="space-y-4">
                    {done_message(add.value(), |_| "The employee is added: they set their password from the link mailed to them.".to_owned())}
                    <ActionForm action=add attr:class="grid gap-4 md:grid-cols-3 md:items-start">
                        <div class="md:col-span-3"><ActionError error=add_error /></div>
                        <Field label="Name" name="display_name" id="employee-name" autocomplete="off" required=true error=add_error />
                        <Field label="Email" name="email" id="employee-email" kind="email" autocomplete="off" required=true error=add_error />
                        <Field label="Daily cap" name="daily_cap" id="employee-cap" kind="number" hint="Delegations a day, 1 to 1000. Empty: the service's default." error=add_error />
                        <div><SubmitButton label="Add the employee" pending=add.pending() /></div>
                    </ActionForm>
                </div>
            </Card>
            <Card title="Employees">
                <RowError error=action_error(update.value()) />
                <div class="mb-4">{done_message(update.value(), |_| "The employee is saved.".to_owned())}</div>
                {loaded(employees, move |employees| {
                    if employees.is_empty() {
                        return view! { <p class=MUTED_CLASS>"No employee yet."</p> }.into_any();
                    }
                    let rows = employees.into_iter().map(|employee| {
                        let key = employee.user_id;
                        let cap_id = format!("employee-cap-{key}");
                        view! {
                            <tr>
                                <th scope="row" class=TD_CLASS>
                                    <div class="font-medium">{employee.name.clone()}</div>
                                    <div class=HINT_CLASS>{employee.email.clone()}</div>
                                </th>
                                <td class=TD_CLASS>{employee.last_active_at.map(at).unwrap_or_else(|| "Never".into())}</td>
                                <td class=TD_CLASS>{employee.open}</td>
                                <td class=TD_CLASS>{employee.overdue}</td>
                                <td class=TD_CLASS>{format!("{} of {}", employee.given_today, employee.daily_cap)}</td>
                                <td class=TD_CLASS>
                                    <ActionForm action=update attr:class="flex flex-wrap items-center gap-3">
                                        <input type="hidden" name="employee_id" value=key.to_string() />
                                        <label class="flex items-center gap-2 text-sm">
                                            <input type="checkbox" name="available" value="on" checked=employee.is_available class=CHECK_CLASS />
                                            "Available"<span class="sr-only">{format!(": {}", employee.name)}</span>
                                        </label>
                                        <label for=cap_id.clone() class="text-sm">"Daily cap"<span class="sr-only">{format!(" of {}", employee.name)}</span></label>
                                        <input id=cap_id type="number" name="daily_cap" min="1" max="1000" required value=employee.daily_cap.to_string() class=CAP_INPUT_CLASS />
                                        <label class="flex items-center gap-2 text-sm">
                                            <input type="checkbox" name="retired" value="on" checked=employee.retired class=CHECK_CLASS />
                                            "Retired"<span class="sr-only">{format!(": {}", employee.name)}</span>
                                        </label>
                                        <button type="submit" class=BUTTON_SECONDARY_CLASS>"Save"<span class="sr-only">{format!(" {}", employee.name)}</span></button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view();
                    view! { <Table columns=&["Employee", "Last active", "Open", "Overdue", "Given today", "Settings"]>{rows}</Table> }.into_any()
                })}
            </Card>
        </div>
    }
}

/// `/delegation/assignments`: which employees work for which clients, now and before.
#[component]
pub fn AssignmentsPage() -> impl IntoView {
    view! {
        <RoleGate roles=ADMINS>
            <Assignments />
        </RoleGate>
    }
}

#[component]
fn Assignments() -> impl IntoView {
    let assign = ServerAction::<AssignEmployee>::new();
    let end = ServerAction::<EndAssignment>::new();
    let changed = (successes(assign.value(), assign.version()), successes(end.value(), end.version()));
    let data = Resource::new(
        move || (changed.0.get(), changed.1.get()),
        |_| async move { Ok((service_assignments().await?, service_clients().await?, service_employees().await?)) },
    );
    let assign_error = action_error(assign.value());
    view! {
        <Title text="Assignments" />
        <PageHeader title="Assignments" description="Which employees work for which clients: a client's delegations are shared among the employees assigned to them. Ending an assignment gives that employee's pending delegations of the client to the others." />
        <AdminLinks />
        {loaded(data, move |(assignments, clients, employees)| {
            let client_options: Vec<(String, String)> = clients.into_iter().map(|c| (c.user_id.to_string(), format!("{} ({})", c.name, c.status.label()))).collect();
            let employee_options: Vec<(String, String)> = employees.into_iter().filter(|e| !e.retired).map(|e| (e.user_id.to_string(), e.name)).collect();
            let assign_form = if client_options.is_empty() || employee_options.is_empty() {
                view! { <p class=MUTED_CLASS>"Assigning needs at least one client and one employee who is not retired."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=assign attr:class="grid gap-4 md:grid-cols-3 md:items-end">
                        <div class="md:col-span-3"><ActionError error=assign_error /></div>
                        <Select label="Client" name="client_id" id="assign-client" options=client_options error=assign_error />
                        <Select label="Employee" name="employee_id" id="assign-employee" options=employee_options error=assign_error />
                        <div><SubmitButton label="Assign" pending=assign.pending() /></div>
                    </ActionForm>
                }.into_any()
            };
            let rows = assignments.into_iter().map(|a| {
                let ended = match (a.is_active, a.ended_at) {
                    (true, _) => "Active".to_owned(),
                    (false, Some(ended)) => format!("Ended {}", at(ended)),
                    (false, None) => "Ended".to_owned(),
                };
                view! {
                    <tr>
                        <td class=TD_CLASS>{a.client_name.clone()}</td>
                        <td class=TD_CLASS>{a.employee_name.clone()}</td>
                        <td class=TD_CLASS>{at(a.assigned_at)}</td>
                        <td class=TD_CLASS>{a.assigned_by_name.clone().unwrap_or_else(|| "—".into())}</td>
                        <td class=TD_CLASS>{ended}</td>
                        <td class=TD_CLASS>
                            {a.is_active.then(|| view! {
                                <ActionForm action=end>
                                    <input type="hidden" name="id" value=a.id.to_string() />
                                    <button type="submit" class=BUTTON_DANGER_CLASS>"End"<span class="sr-only">{format!(" the assignment of {} to {}", a.employee_name, a.client_name)}</span></button>
                                </ActionForm>
                            })}
                        </td>
                    </tr>
                }
            }).collect_view();
            view! {
                <div class="space-y-6">
                    <Card title="Assign an employee">
                        <div class="space-y-4">
                            {done_message(assign.value(), |_| "The employee is assigned.".to_owned())}
                            {assign_form}
                        </div>
                    </Card>
                    <Card title="Assignments">
                        <RowError error=action_error(end.value()) />
                        <Table columns=&["Client", "Employee", "Since", "Assigned by", "Status", ""]>{rows}</Table>
                    </Card>
                </div>
            }
        })}
    }
}

/// `/delegation/admins`: the service's admins, for superadmins.
#[component]
pub fn ServiceAdminsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <ServiceAdmins />
        </RoleGate>
    }
}

#[component]
fn ServiceAdmins() -> impl IntoView {
    let add = ServerAction::<AddServiceAdmin>::new();
    let added = successes(add.value(), add.version());
    let admins = Resource::new(move || added.get(), |_| service_admins());
    let error = action_error(add.value());
    view! {
        <Title text="Delegation admins" />
        <PageHeader title="Delegation admins" description="The people who run the delegation service. Operators activate clients and assign employees; managers may also add and change employees." />
        <AdminLinks />
        <div class="space-y-6">
            <Card title="Add an admin">
                <div class="space-y-4">
                    {done_message(add.value(), |_| "The admin is added: they set their password from the link mailed to them.".to_owned())}
                    <ActionForm action=add attr:class="grid gap-4 md:grid-cols-3 md:items-start">
                        <div class="md:col-span-3"><ActionError error /></div>
                        <Field label="Name" name="display_name" id="admin-name" autocomplete="off" required=true error />
                        <Field label="Email" name="email" id="admin-email" kind="email" autocomplete="off" required=true error />
                        <Select label="Level" name="level" id="admin-level" options=choices(AdminLevel::ALL, AdminLevel::as_str, AdminLevel::label) selected=AdminLevel::Operator.as_str() error />
                        <div><SubmitButton label="Add the admin" pending=add.pending() /></div>
                    </ActionForm>
                </div>
            </Card>
            <Card title="Admins">
                {loaded(admins, |admins| {
                    if admins.is_empty() {
                        return view! { <p class=MUTED_CLASS>"No admin yet."</p> }.into_any();
                    }
                    let rows = admins.into_iter().map(|admin| view! {
                        <tr>
                            <th scope="row" class=TD_CLASS>{admin.name}</th>
                            <td class=TD_CLASS>{admin.email}</td>
                            <td class=TD_CLASS>{admin.level.label()}</td>
                            <td class=TD_CLASS>{at(admin.created_at)}</td>
                        </tr>
                    }).collect_view();
                    view! { <Table columns=&["Name", "Email", "Level", "Since"]>{rows}</Table> }.into_any()
                })}
            </Card>
        </div>
    }
}

/// `/delegation/settings`: the service's settings, for superadmins.
#[component]
pub fn ServiceSettingsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <ServiceSettingsForm />
        </RoleGate>
    }
}

#[component]
fn ServiceSettingsForm() -> impl IntoView {
    let save = ServerAction::<SaveServiceSettings>::new();
    let saved = successes(save.value(), save.version());
    let settings = Resource::new(move || saved.get(), |_| read_service_settings());
    let error = action_error(save.value());
    view! {
        <Title text="Delegation settings" />
        <PageHeader title="Delegation settings" description="How the service shares out work." />
        <AdminLinks />
        <Card>
            <div class="space-y-4">
                {done_message(save.value(), |_| "The settings are saved.".to_owned())}
                {loaded(settings, move |settings| view! {
                    <ActionForm action=save attr:class="grid max-w-2xl gap-4">
                        <ActionError error />
                        <Field label="Hours before its deadline when a pending delegation goes to another employee" name="reassign_hours_before_deadline" id="settings-reassign-hours" kind="number"
                            value=settings.reassign_hours_before_deadline.to_string() hint="From 1 to 168. A delegation nobody has started by then is given to another employee of its client." required=true error />
                        <Field label="Daily cap of a new employee" name="default_daily_cap" id="settings-default-cap" kind="number"
                            value=settings.default_daily_cap.to_string() hint="Delegations a day, from 1 to 1000; each employee's own cap is changed on the employees' page." required=true error />
                        <div><SubmitButton label="Save the settings" pending=save.pending() /></div>
                    </ActionForm>
                })}
            </div>
        </Card>
    }
}
