use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{job_source, job_sources, AddJobSource, RunJobSource, SetJobSourceEnabled, UploadJobSourceFile};
use super::types::*;
use crate::access::{loaded, RoleGate};
use crate::console::flags::pages::Badge;
use crate::platform::{AppError, Role};
use crate::ui::{
    action_error, path_id, successes, ActionError, Card, Field, FormMessage, PageHeader, Select, SubmitButton, Table, TextArea, BUTTON_SECONDARY_CLASS,
    LINK_CLASS, TD_CLASS,
};

fn when(time: Option<chrono::DateTime<chrono::Utc>>) -> String {
    time.map_or_else(|| "never".to_owned(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
}

fn figures(run: &Run) -> String {
    match run.status {
        RunStatus::Succeeded => format!("{} found · {} new · {} updated · {} closed · {} duplicates · {} left out", run.found, run.new, run.updated, run.closed, run.duplicates, run.errors),
        RunStatus::Failed => "failed: nothing changed".to_owned(),
    }
}

#[component]
fn RunBadge(status: RunStatus) -> impl IntoView {
    match status {
        RunStatus::Succeeded => view! { <Badge text="succeeded" tone="on" /> },
        RunStatus::Failed => view! { <Badge text="failed" tone="danger" /> },
    }
}

/// `/console/sources`: where the board's outside jobs come from, and adding a source.
#[component]
pub fn SourcesPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Sources />
        </RoleGate>
    }
}

#[component]
fn Sources() -> impl IntoView {
    let add = ServerAction::<AddJobSource>::new();
    let added = successes(add.value(), add.version());
    let sources = Resource::new(move || added.get(), |_| job_sources());
    let error = action_error(add.value());
    let kinds = SourceKind::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned())).collect::<Vec<_>>();
    view! {
        <Title text="Job sources" />
        <PageHeader title="Job sources" description="Jobs from outside the platform on the public job board. A source with an address is fetched on its schedule; a source without one runs on the files uploaded to it. A job missing from two runs in a row is closed; a job already on the board from another source or an organization is skipped." />
        {loaded(sources, move |sources| {
            let rows = sources.into_iter().map(|SourceRow { source, last_run }| view! {
                <tr>
                    <td class=TD_CLASS><a href=format!("/console/sources/{}", source.id) class=LINK_CLASS>{source.name.clone()}</a></td>
                    <td class=TD_CLASS>{source.kind.label()}</td>
                    <td class=TD_CLASS>{if source.url.is_some() { source.schedule.clone() } else { "uploaded files".to_owned() }}</td>
                    <td class=TD_CLASS>{if source.enabled { view! { <Badge text="enabled" tone="on" /> } } else { view! { <Badge text="disabled" tone="off" /> } }}</td>
                    <td class=TD_CLASS>{source.listed}</td>
                    <td class=TD_CLASS>{match last_run {
                        Some(run) => view! { <span><RunBadge status=run.status />" "{when(Some(run.started_at))}<br />{figures(&run)}</span> }.into_any(),
                        None => "never".into_any(),
                    }}</td>
                </tr>
            }).collect_view();
            view! { <Card title="Sources"><Table columns=&["Source", "Format", "Schedule", "State", "Jobs listed", "Last run"]>{rows}</Table></Card> }
        })}
        <div class="mt-6">
            <Card title="Add a source">
                <ActionForm action=add attr:class="grid gap-4 md:grid-cols-2">
                    <Field label="Name" name="name" required=true error />
                    <Select label="Format" name="kind" options=kinds.clone() error />
                    <Field label="Address" name="url" kind="url" hint="http:// or https://, on the public internet. Leave empty for a source whose files you upload." error />
                    <Field label="Company" name="company" hint="For formats that do not name the company (Greenhouse, Lever, Ashby)." error />
                    <Field label="Schedule" name="schedule" value="daily" hint="hourly, daily, or a cron expression with seconds first (0 0 6 * * *)." error />
                    <div class="md:col-span-2"><SubmitButton label="Add source" pending=add.pending() /></div>
                </ActionForm>
                <div class="mt-2"><ActionError error /></div>
            </Card>
        </div>
    }
}

/// `/console/sources/{id}`: a source, its runs, and running it.
#[component]
pub fn SourcePage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <SourceDetail />
        </RoleGate>
    }
}

#[component]
fn SourceDetail() -> impl IntoView {
    let id = path_id();
    let run = ServerAction::<RunJobSource>::new();
    let upload = ServerAction::<UploadJobSourceFile>::new();
    let toggle = ServerAction::<SetJobSourceEnabled>::new();
    let ran = successes(run.value(), run.version());
    let uploaded = successes(upload.value(), upload.version());
    let toggled = successes(toggle.value(), toggle.version());
    let page = Resource::new(move || (id(), ran.get(), uploaded.get(), toggled.get()), |(id, ..)| async move {
        match id {
            Some(id) => job_source(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let upload_error = action_error(upload.value());
    let message = move || {
        [run.value().get(), upload.value().get(), toggle.value().get()].into_iter().flatten().last().and_then(|result| match result {
            Ok(message) => Some(view! { <FormMessage success=true message /> }),
            // The file's own problems show beside it.
            Err(error) if error.field() == Some("body") => None,
            Err(error) => Some(view! { <FormMessage success=false message=error.to_string() /> }),
        })
    };
    view! {
        <Title text="Job source" />
        <p class="mb-4"><a href="/console/sources" class=LINK_CLASS>"All sources"</a></p>
        {loaded(page, move |SourcePage { source, runs }| {
            let id = source.id;
            let rows = runs.into_iter().map(|r| view! {
                <tr>
                    <td class=TD_CLASS>{when(Some(r.started_at))}</td>
                    <td class=TD_CLASS><RunBadge status=r.status /></td>
                    <td class=TD_CLASS>{r.found}</td>
                    <td class=TD_CLASS>{r.new}</td>
                    <td class=TD_CLASS>{r.updated}</td>
                    <td class=TD_CLASS>{r.closed}</td>
                    <td class=TD_CLASS>{r.duplicates}</td>
                    <td class=TD_CLASS><span class="whitespace-pre-line">{format!("{}{}", r.errors, if r.error_sample.is_empty() { String::new() } else { format!(": {}", r.error_sample) })}</span></td>
                </tr>
            }).collect_view();
            let facts = vec![
                ("Format", source.kind.label().to_owned()),
                ("Address", source.url.clone().unwrap_or_else(|| "none: files are uploaded".to_owned())),
                ("Company", source.company.clone().unwrap_or_else(|| "named by each job".to_owned())),
                ("Schedule", source.schedule.clone()),
                ("State", if source.enabled { "enabled".to_owned() } else { "disabled".to_owned() }),
                ("Jobs listed", source.listed.to_string()),
                ("Last run", when(source.last_run_at)),
            ];
            view! {
                <PageHeader title=source.name.clone() />
                <div class="mb-4 space-y-2">{message}</div>
                <Card title="Source">
                    <dl class="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
                        {facts.into_iter().map(|(label, value)| view! { <div><dt class="font-medium">{label}</dt><dd class="break-all">{value}</dd></div> }).collect_view()}
                    </dl>
                    <div class="mt-4 flex flex-wrap gap-2">
                        {source.url.is_some().then(|| view! {
                            <ActionForm action=run>
                                <input type="hidden" name="id" value=id.to_string() />
                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Run now"</button>
                            </ActionForm>
                        })}
                        <ActionForm action=toggle>
                            <input type="hidden" name="id" value=id.to_string() />
                            <input type="hidden" name="enabled" value=if source.enabled { "false" } else { "true" } />
                            <button type="submit" class=BUTTON_SECONDARY_CLASS>{if source.enabled { "Disable" } else { "Enable" }}</button>
                        </ActionForm>
                    </div>
                </Card>
                <div class="mt-6">
                    <Card title="Run once on a file">
                        <ActionForm action=upload attr:class="space-y-4">
                            <input type="hidden" name="id" value=id.to_string() />
                            <TextArea label="The file's contents" name="body" hint="Paste the page or JSON file as the source would serve it (up to 60 KB here; larger files come through the address)." max_length=60000 rows=8 error=upload_error />
                            <SubmitButton label="Run on this file" pending=upload.pending() />
                        </ActionForm>
                    </Card>
                </div>
                <div class="mt-6">
                    <Card title="Runs">
                        <Table columns=&["Started", "Status", "Found", "New", "Updated", "Closed", "Duplicates", "Problems"]>{rows}</Table>
                    </Card>
                </div>
            }
        })}
    }
}
