//! An employee's queue: their home (`/`) and `/delegation`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::super::api::*;
use super::super::types::*;
use super::{figure_tiles, percent, DelegationTable, Reader, MUTED_CLASS};
use crate::access::{loaded, RoleGate};
use crate::platform::Role;
use crate::ui::{action_error, successes, ActionError, Card, PageHeader, BUTTON_SECONDARY_CLASS};

#[component]
pub fn EmployeeQueuePage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::DelegationEmployee]>
            <EmployeeQueue />
        </RoleGate>
    }
}

#[component]
fn EmployeeQueue() -> impl IntoView {
    let availability = ServerAction::<SetMyAvailability>::new();
    let changed = successes(availability.value(), availability.version());
    let queue = Resource::new(move || changed.get(), |_| read_employee_queue());
    let error = action_error(availability.value());
    view! {
        <Title text="Your queue" />
        <PageHeader title="Your queue" description="The applications to send for your clients, the most urgent first, then by deadline. Open one to start it, send its proof or say why it could not be sent." />
        <div class="mb-4"><ActionError error /></div>
        {loaded(queue, move |queue| {
            let EmployeeQueue { is_available, queue, rejected_to_redo, completed_today, given_today, daily_cap, completion_rate, clients } = queue;
            let figures = vec![
                ("Given to you today".to_owned(), format!("{given_today} of {daily_cap}")),
                ("Completed today".to_owned(), completed_today.to_string()),
                ("Rejected, to send again".to_owned(), rejected_to_redo.to_string()),
                ("Completion rate, last 30 days".to_owned(), percent(completion_rate)),
            ];
            let (standing, change) = if is_available {
                ("You take new work: new delegations are given to you, up to your daily cap.", "Pause new work")
            } else {
                ("You are away: no new delegation is given to you. What you hold stays yours unless it is given to someone else.", "Take new work again")
            };
            let clients = if clients.is_empty() { "You work for no client yet.".to_owned() } else { format!("You work for {}.", clients.join(", ")) };
            view! {
                <div class="space-y-6">
                    <Card title="Availability">
                        <div class="flex flex-wrap items-center justify-between gap-4">
                            <p class=MUTED_CLASS>{standing}</p>
                            <ActionForm action=availability>
                                <input type="hidden" name="available" value=(!is_available).to_string() />
                                <button type="submit" class=BUTTON_SECONDARY_CLASS disabled=move || availability.pending().get()>{change}</button>
                            </ActionForm>
                        </div>
                    </Card>
                    {figure_tiles(figures)}
                    <p class=MUTED_CLASS>{clients}</p>
                    <Card title="Queue">
                        <DelegationTable items=queue reader=Reader::Employee empty="Nothing to send: new delegations appear here." />
                    </Card>
                </div>
            }
        })}
    }
}
