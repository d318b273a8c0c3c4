use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::{loaded, RoleGate};
use crate::console::api::{list_jobs, DiscardJob, RetryJob};
use crate::console::types::{BackgroundJob, JobCounts, JOBS_PER_GROUP};
use crate::platform::Role;
use crate::ui::{action_error, ActionError, Card, PageHeader, Table, BUTTON_DANGER_CLASS, BUTTON_SECONDARY_CLASS, LINK_CLASS, TD_CLASS};

/// Longer errors show their start, with the whole text one click away.
const ERROR_PREVIEW_CHARS: usize = 160;

/// The durable background queue: what waits, runs, failed and died, with retry and discard.
#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Superadmin]>
            <Jobs />
        </RoleGate>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Group {
    Queued,
    Running,
    Failed,
    Dead,
}

impl Group {
    fn title(self) -> &'static str {
        match self {
            Self::Queued => "Queued",
            Self::Running => "Running",
            Self::Failed => "Failed, to be retried",
            Self::Dead => "Dead",
        }
    }

    fn empty(self) -> &'static str {
        match self {
            Self::Queued => "No job is waiting.",
            Self::Running => "No job is running.",
            Self::Failed => "No job is waiting for a retry.",
            Self::Dead => "No job has run out of attempts.",
        }
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Queued => &["Job", "Tenant", "Attempts", "Runs at", ""],
            Self::Running => &["Job", "Tenant", "Attempts", "Worker", "Lease until"],
            Self::Failed => &["Job", "Tenant", "Attempts", "Next attempt", "Last error", ""],
            Self::Dead => &["Job", "Tenant", "Attempts", "Last run", "Last error", ""],
        }
    }
}

fn time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

#[component]
fn Jobs() -> impl IntoView {
    let retry = ServerAction::<RetryJob>::new();
    let discard = ServerAction::<DiscardJob>::new();
    let jobs = Resource::new(move || (retry.version().get(), discard.version().get()), |_| list_jobs());
    let retry_error = action_error(retry.value());
    let discard_error = action_error(discard.value());
    view! {
        <Title text="Background jobs" />
        <PageHeader
            title="Background jobs"
            description="Work the platform does after a request: bulk operations, scheduled clean-ups, sweeps. A failed job is retried with growing pauses; one out of attempts is dead until retried here."
        />
        <div class="space-y-6">
            <div aria-live="polite" class="space-y-2">
                <ActionError error=retry_error />
                <ActionError error=discard_error />
            </div>
            {loaded(jobs, move |overview| {
                let listed = |group: Group, jobs: Vec<BackgroundJob>| view! { <JobGroup group jobs retry discard /> };
                view! {
                    <Summary counts=overview.counts />
                    <p class="text-sm"><a href="/console/jobs" class=LINK_CLASS>"Refresh"</a></p>
                    {listed(Group::Queued, overview.queued)}
                    {listed(Group::Running, overview.running)}
                    {listed(Group::Failed, overview.failed)}
                    {listed(Group::Dead, overview.dead)}
                }
            })}
        </div>
    }
}

#[component]
fn Summary(counts: JobCounts) -> impl IntoView {
    let tiles = [
        ("Ready", counts.ready),
        ("Scheduled", counts.scheduled),
        ("Running", counts.running),
        ("Failed", counts.failed),
        ("Dead", counts.dead),
    ];
    view! {
        <Card title="Summary">
            <dl class="grid grid-cols-2 gap-4 sm:grid-cols-5">
                {tiles.into_iter().map(|(label, count)| view! {
                    <div class="rounded-lg border border-slate-200 px-4 py-3 dark:border-slate-700">
                        <dt class="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">{label}</dt>
                        <dd class="mt-1 text-2xl font-bold tabular-nums">{count}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </Card>
    }
}

#[component]
fn JobGroup(group: Group, jobs: Vec<BackgroundJob>, retry: ServerAction<RetryJob>, discard: ServerAction<DiscardJob>) -> impl IntoView {
    if jobs.is_empty() {
        return view! {
            <Card title=group.title()><p class="text-sm text-slate-600 dark:text-slate-400">{group.empty()}</p></Card>
        }
        .into_any();
    }
    let more = (jobs.len() as i64 >= JOBS_PER_GROUP).then(|| {
        view! { <p class="mt-3 text-xs text-slate-600 dark:text-slate-400">{format!("The first {JOBS_PER_GROUP} by time; the summary counts them all.")}</p> }
    });
    let rows = jobs.into_iter().map(|job| view! { <JobRow group job retry discard /> }).collect_view();
    view! {
        <Card title=group.title()>
            <Table columns=group.columns()>{rows}</Table>
            {more}
        </Card>
    }
    .into_any()
}

#[component]
fn JobRow(group: Group, job: BackgroundJob, retry: ServerAction<RetryJob>, discard: ServerAction<DiscardJob>) -> impl IntoView {
    let name = format!("{} #{}", job.kind, job.id);
    let tenant = job
        .tenant_name
        .clone()
        .or_else(|| job.tenant_id.map(|id| id.to_string()))
        .unwrap_or_else(|| "Platform".to_owned());
    let attempts = format!("{} of {}", job.attempts, job.max_attempts);
    let when = match group {
        Group::Running => job.locked_by.clone().unwrap_or_default(),
        _ => time(job.run_at),
    };
    let extra = match group {
        Group::Running => Some(view! { <td class=TD_CLASS>{job.locked_until.map(time).unwrap_or_default()}</td> }.into_any()),
        Group::Failed | Group::Dead => Some(view! { <td class=TD_CLASS><ErrorText error=job.last_error.clone().unwrap_or_default() /></td> }.into_any()),
        Group::Queued => None,
    };
    let id = job.id.to_string();
    let actions = (group != Group::Running).then(|| {
        let retry_button = matches!(group, Group::Failed | Group::Dead).then(|| {
            let (id, name) = (id.clone(), name.clone());
            let label = if group == Group::Dead { "Retry" } else { "Retry now" };
            view! {
                <ActionForm action=retry>
                    <input type="hidden" name="id" value=id.clone() />
                    <button type="submit" class=BUTTON_SECONDARY_CLASS>{label}<span class="sr-only">{format!(" {name}")}</span></button>
                </ActionForm>
            }
        });
        view! {
            <td class=TD_CLASS>
                <div class="flex flex-wrap gap-2">
                    {retry_button}
                    <ActionForm action=discard>
                        <input type="hidden" name="id" value=id.clone() />
                        <button type="submit" class=BUTTON_DANGER_CLASS>"Discard"<span class="sr-only">{format!(" {name}")}</span></button>
                    </ActionForm>
                </div>
            </td>
        }
    });
    view! {
        <tr>
            <th scope="row" class=format!("{TD_CLASS} text-left font-normal")>
                <div class="font-mono text-sm font-medium">{job.kind.clone()}</div>
                <div class="text-xs text-slate-600 dark:text-slate-400">{format!("#{} · queued {}", job.id, time(job.created_at))}</div>
            </th>
            <td class=TD_CLASS>{tenant}</td>
            <td class=format!("{TD_CLASS} tabular-nums")>{attempts}</td>
            <td class=TD_CLASS>{when}</td>
            {extra}
            {actions}
        </tr>
    }
}

#[component]
fn ErrorText(error: String) -> impl IntoView {
    if error.chars().count() <= ERROR_PREVIEW_CHARS {
        return view! { <p class="max-w-md break-words text-sm">{error}</p> }.into_any();
    }
    let preview: String = error.chars().take(ERROR_PREVIEW_CHARS).collect();
    view! {
        <details class="max-w-md">
            <summary class="min-h-6 cursor-pointer break-words text-sm">{format!("{preview}…")}</summary>
            <pre class="mt-2 whitespace-pre-wrap break-words font-sans text-sm">{error}</pre>
        </details>
    }
    .into_any()
}
