use leptos::prelude::*;
use leptos_meta::Title;

use super::severity_badge;
use crate::access::{loaded, RoleGate};
use crate::incidents::api::{list_incidents, OpenIncident, PostIncidentUpdate, PublishIncident};
use crate::incidents::types::{component_label, Incident, COMPONENTS, SEVERITIES, STATUSES};
use crate::platform::Role;
use crate::ui::{
    action_error, successes, ActionError, Card, Field, FormMessage, PageHeader, Select, SubmitButton, TextArea, BUTTON_SECONDARY_CLASS, CHECK_CLASS, HINT_CLASS,
    LABEL_CLASS, LINK_CLASS,
};

/// `/console/incidents`: open an incident, post updates, publish drafts.
#[component]
pub fn IncidentsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Incidents />
        </RoleGate>
    }
}

fn choices(values: &[&str]) -> Vec<(String, String)> {
    values.iter().map(|v| ((*v).to_owned(), (*v).to_owned())).collect()
}

#[component]
fn Incidents() -> impl IntoView {
    let open = ServerAction::<OpenIncident>::new();
    let update = ServerAction::<PostIncidentUpdate>::new();
    let publish = ServerAction::<PublishIncident>::new();
    let changed = (successes(open.value(), open.version()), successes(update.value(), update.version()), successes(publish.value(), publish.version()));
    let incidents = Resource::new(move || (changed.0.get(), changed.1.get(), changed.2.get()), |_| list_incidents());
    let error = action_error(open.value());
    let message = move || {
        [open.value().get(), update.value().get(), publish.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::ok)
            .map(|message| view! { <FormMessage success=true message /> })
    };
    view! {
        <Title text="Incidents" />
        <PageHeader title="Incidents" description="What is wrong, whom it affects, and what people are told. The affected organizations' staff see open incidents as a banner, candidates on the test page, everyone on the public status page; subscribers are emailed each update." />
        <p class="mb-4 text-sm"><a href="/status" class=LINK_CLASS>"The public status page"</a></p>
        <div class="mb-4 space-y-2">{message}<ActionError error=action_error(update.value()) /><ActionError error=action_error(publish.value()) /></div>
        <div class="space-y-6">
            <Card title="Open an incident">
                <ActionForm action=open attr:class="grid gap-4 md:grid-cols-2">
                    <div class="md:col-span-2"><Field label="Title" name="title" hint="What people notice, e.g. “Slow saves on assessments”." required=true error /></div>
                    <Select label="Severity" name="severity" options=choices(&SEVERITIES) error />
                    <Select label="Status" name="status" options=choices(&STATUSES[..3]) error />
                    <fieldset class="space-y-2">
                        <legend class=LABEL_CLASS>"Affected components"</legend>
                        {COMPONENTS.iter().map(|(key, label)| view! {
                            <label class="flex items-center gap-2 text-sm"><input type="checkbox" name="components[]" value=*key class=CHECK_CLASS />{*label}</label>
                        }).collect_view()}
                    </fieldset>
                    <fieldset class="space-y-2">
                        <legend class=LABEL_CLASS>"Affected organizations"</legend>
                        <label class="flex items-center gap-2 text-sm"><input type="radio" name="scope" value="all" checked=true class=CHECK_CLASS />"Every organization"</label>
                        <label class="flex items-center gap-2 text-sm"><input type="radio" name="scope" value="some" class=CHECK_CLASS />"Only these"</label>
                        <Field label="Their addresses" name="tenants" hint="Separated by commas, when only some are affected." error />
                    </fieldset>
                    <div class="md:col-span-2"><TextArea label="First update" name="message" hint="What is happening and what people can do; shown in the banner and emailed." max_length=4000 rows=3 error /></div>
                    <label class="flex items-center gap-2 text-sm"><input type="checkbox" name="draft" value="yes" class=CHECK_CLASS />"Keep as a draft (not shown or sent yet)"</label>
                    <div class="md:col-span-2"><SubmitButton label="Open incident" pending=open.pending() /></div>
                </ActionForm>
            </Card>
            {loaded(incidents, move |incidents| incidents.into_iter().map(|incident| view! { <IncidentCard incident update publish /> }).collect_view())}
        </div>
    }
}

#[component]
fn IncidentCard(incident: Incident, update: ServerAction<PostIncidentUpdate>, publish: ServerAction<PublishIncident>) -> impl IntoView {
    let id = incident.id.to_string();
    let resolved = incident.status == "resolved";
    let affects = if incident.components.is_empty() { "everything".to_owned() } else { incident.components.iter().map(|c| component_label(c)).collect::<Vec<_>>().join(", ") };
    let whom = if incident.all_tenants { "every organization".to_owned() } else { incident.tenants.join(", ") };
    let error = action_error(update.value());
    view! {
        <Card title=incident.title.clone()>
            <p class="flex flex-wrap items-center gap-2 text-sm">
                {severity_badge(&incident.severity)}
                <span class="font-medium">{incident.status.clone()}</span>
                {(!incident.published).then(|| view! { <crate::console::flags::pages::Badge text="draft" tone="warn" /> })}
                <span>{format!("· {affects} · {whom} · opened {}", incident.created_at.format("%Y-%m-%d %H:%M UTC"))}</span>
            </p>
            <ol class="mt-3 space-y-2 border-l-2 border-slate-200 pl-4 text-sm dark:border-slate-700">
                {incident.updates.into_iter().map(|u| view! { <li><span class="font-medium">{format!("{} · {}", u.status, u.created_at.format("%Y-%m-%d %H:%M"))}</span>" "{u.message}</li> }).collect_view()}
            </ol>
            {(!incident.published).then(|| view! {
                <ActionForm action=publish attr:class="mt-3">
                    <input type="hidden" name="incident_id" value=incident.id.to_string() />
                    <button type="submit" class=BUTTON_SECONDARY_CLASS>"Publish"<span class="sr-only">{format!(" {}", incident.title)}</span></button>
                </ActionForm>
            })}
            {if resolved {
                view! { <p class=format!("{HINT_CLASS} mt-3")>{format!("Resolved {}.", incident.resolved_at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default())}</p> }.into_any()
            } else {
                let prefix = format!("incident-{id}");
                view! {
                    <ActionForm action=update attr:class="mt-4 grid gap-3 md:grid-cols-3">
                        <input type="hidden" name="incident_id" value=id.clone() />
                        <Select label="New status" id=format!("{prefix}-status") name="status" options=choices(&STATUSES) selected=incident.status.clone() error />
                        <div class="md:col-span-2"><TextArea label="Update" id=format!("{prefix}-message") name="message" max_length=4000 rows=2 error /></div>
                        <div class="md:col-span-3"><SubmitButton label="Post update" pending=update.pending() /></div>
                    </ActionForm>
                }.into_any()
            }}
        </Card>
    }
}
