//! Importing candidates: the upload page (`/candidates/import`) with the columns and recent
//! imports, and an import's page (`/candidates/imports/{id}`): its preview, then its progress.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{candidate_import, candidate_imports, DiscardCandidateImport, StartCandidateImport};
use super::types::*;
use crate::access::{loaded, RoleGate};
use crate::platform::{AppError, Role};
use crate::ui::{
    action_error, path_id, ActionError, Card, FormMessage, PageHeader, SubmitButton, BUTTON_DANGER_CLASS, BUTTON_PRIMARY_CLASS, HINT_CLASS, LABEL_CLASS, LINK_CLASS,
    TABLE_CLASS, TD_CLASS, TH_CLASS,
};

#[component]
pub fn ImportCandidatesPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <ImportCandidates />
        </RoleGate>
    }
}

#[component]
fn ImportCandidates() -> impl IntoView {
    let query = use_query_map();
    let problem = move || {
        let query = query.read();
        FileProblem::from_query(&query.get("error").unwrap_or_default(), &query.get("detail").unwrap_or_default())
    };
    let imports = Resource::new(|| (), |_| candidate_imports());
    view! {
        <Title text="Import candidates" />
        <PageHeader title="Import candidates" description="From a CSV file: each row is checked first, and nothing is imported until you start it." />
        <p class="mb-4 text-sm"><a class=LINK_CLASS href="/candidates">"Back to candidates"</a></p>
        <div class="grid gap-6 lg:grid-cols-3">
            <div class="space-y-6 lg:col-span-2">
                <Card title="Upload a file">
                    {move || problem().map(|problem| view! { <FormMessage success=false message=problem.message() /> })}
                    <form method="post" action="/candidates/imports" enctype="multipart/form-data" class="mt-2 space-y-4">
                        <div>
                            <label for="import-file" class=LABEL_CLASS>"CSV file"</label>
                            <input id="import-file" name="file" type="file" accept=".csv,text/csv" required
                                aria-describedby="import-file-hint"
                                class="mt-1 block w-full text-sm text-slate-900 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 dark:text-slate-100 dark:file:bg-slate-800" />
                            <p id="import-file-hint" class=format!("{HINT_CLASS} mt-1")>
                                {format!("UTF-8 text, separated by commas (or semicolons); at most {} rows and {} MB.", MAX_IMPORT_ROWS, MAX_IMPORT_BYTES / 1024 / 1024)}
                            </p>
                        </div>
                        <button type="submit" class=BUTTON_PRIMARY_CLASS>"Check the file"</button>
                    </form>
                </Card>
                <Card title="Recent imports">
                    {loaded(imports, |imports| {
                        if imports.is_empty() {
                            return view! { <p class=HINT_CLASS>"No imports yet."</p> }.into_any();
                        }
                        view! {
                            <div class="overflow-x-auto">
                                <table class=TABLE_CLASS>
                                    <thead><tr>
                                        <th scope="col" class=TH_CLASS>"File"</th><th scope="col" class=TH_CLASS>"By"</th>
                                        <th scope="col" class=TH_CLASS>"Uploaded"</th><th scope="col" class=TH_CLASS>"Status"</th>
                                    </tr></thead>
                                    <tbody class="divide-y divide-slate-200 dark:divide-slate-800">
                                        {imports.into_iter().map(|i| view! {
                                            <tr>
                                                <td class=TD_CLASS><a class=LINK_CLASS href=format!("/candidates/imports/{}", i.id)>{i.file_name.clone()}</a></td>
                                                <td class=TD_CLASS>{i.created_by.clone().unwrap_or_default()}</td>
                                                <td class=TD_CLASS>{i.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
                                                <td class=TD_CLASS>{outcome_line(&i)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    })}
                </Card>
            </div>
            <Card title="Columns">
                <p class="text-sm text-slate-800 dark:text-slate-200">"The first line names the columns, in any order:"</p>
                <dl class="mt-3 space-y-2 text-sm">
                    {COLUMNS.iter().map(|(name, rule)| view! {
                        <div>
                            <dt class="font-mono font-semibold text-slate-900 dark:text-slate-100">{*name}</dt>
                            {(!rule.is_empty()).then(|| view! { <dd class="text-slate-700 dark:text-slate-300">{*rule}</dd> })}
                        </div>
                    }).collect_view()}
                </dl>
                <p class=format!("{HINT_CLASS} mt-3")>"Cells that start with =, +, - or @ are refused: a spreadsheet would run them as formulas."</p>
            </Card>
        </div>
    }
}

/// One line on what an import did, or will do.
fn outcome_line(import: &ImportSummary) -> String {
    match import.status {
        ImportStatus::Previewed => format!("{}: {} of {} rows can be imported", import.status.label(), import.importable(), import.total_rows),
        ImportStatus::Running => format!("{}: {} of {} rows", import.status.label(), import.done(), import.importable()),
        ImportStatus::Finished => format!("{} added, {} updated, {} skipped, {} failed", import.created, import.updated, import.skipped, import.failed),
    }
}

#[component]
pub fn CandidateImportPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <CandidateImport />
        </RoleGate>
    }
}

#[component]
fn CandidateImport() -> impl IntoView {
    let id = path_id();
    let start = ServerAction::<StartCandidateImport>::new();
    let discard = ServerAction::<DiscardCandidateImport>::new();
    let (start_error, discard_error) = (action_error(start.value()), action_error(discard.value()));
    let (tick, set_tick) = signal(0u32);
    let running = RwSignal::new(false);
    let import = Resource::new(move || (id(), tick.get(), start.version().get()), |(id, ..)| async move { candidate_import(id.ok_or(AppError::NotFound)?).await });
    // Hydrated, the page follows a running import every two seconds.
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if running.get_untracked() {
                    set_tick.update(|t| *t += 1);
                }
            },
            std::time::Duration::from_secs(2),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <Title text="Import" />
        <p class="mb-4 text-sm"><a class=LINK_CLASS href="/candidates/import">"Back to imports"</a></p>
        {loaded(import, move |page| {
            let ImportPage { summary, problems, existing, can_manage } = page;
            running.set(summary.status == ImportStatus::Running);
            let id = summary.id.to_string();
            let progress = match summary.status {
                ImportStatus::Previewed => None,
                _ => Some((outcome_line(&summary), summary.clone(), id.clone())),
            };
            view! {
                <Title text=format!("Import of {}", summary.file_name) />
                <PageHeader title=format!("Import of {}", summary.file_name) description=format!(
                    "{} rows: {} can be imported, {} have a problem, {} are already candidates.",
                    summary.total_rows, summary.importable(), summary.invalid_rows, summary.existing_rows
                ) />
                <div class="space-y-6">
                    {progress.map(|(line, progress, id)| view! {
                        <Card title=progress.status.label()>
                            <label for="import-progress" class="block text-sm font-medium text-slate-900 dark:text-slate-100">{line.clone()}</label>
                            <progress id="import-progress" class="mt-2 h-3 w-full" max=progress.importable().max(1) value=progress.done() aria-valuetext=line.clone()></progress>
                            <p role="status" aria-live="polite" class="mt-2 text-sm text-slate-800 dark:text-slate-200">
                                {if progress.status == ImportStatus::Finished { "The import is finished.".to_owned() } else { "Importing… this page follows along.".to_owned() }}
                            </p>
                            {(progress.status == ImportStatus::Running).then(|| view! {
                                <p class="mt-2 text-sm"><a class=LINK_CLASS href=format!("/candidates/imports/{id}")>"Refresh"</a></p>
                            })}
                            {(progress.status == ImportStatus::Finished).then(|| view! {
                                <p class="mt-2 text-sm"><a class=LINK_CLASS href="/candidates?source=imported&sort=newest">"See the imported candidates"</a></p>
                            })}
                        </Card>
                    })}
                    {can_manage.then(move || {
                        let (start_id, discard_id) = (id.clone(), id);
                        view! {
                        <Card title="Start the import">
                            <ActionForm action=start attr:class="space-y-4">
                                <input type="hidden" name="id" value=start_id />
                                <fieldset>
                                    <legend class=LABEL_CLASS>{format!("{} rows are people already in your candidates (by email):", summary.existing_rows)}</legend>
                                    <div class="mt-2 space-y-2 text-sm text-slate-900 dark:text-slate-100">
                                        <label class="flex items-center gap-2"><input type="radio" name="on_existing" value="skip" checked=true />"Skip them: their profiles stay as they are"</label>
                                        <label class="flex items-center gap-2"><input type="radio" name="on_existing" value="update" />"Update them: fill in empty fields, add tags, links and skills"</label>
                                    </div>
                                </fieldset>
                                <ActionError error=start_error />
                                <SubmitButton label=format!("Import {} row{}", summary.importable(), if summary.importable() == 1 { "" } else { "s" }) pending=start.pending() />
                            </ActionForm>
                            <ActionForm action=discard attr:class="mt-4">
                                <input type="hidden" name="id" value=discard_id />
                                <button type="submit" class=BUTTON_DANGER_CLASS>"Discard this file"</button>
                            </ActionForm>
                            <ActionError error=discard_error />
                        </Card>
                        }
                    })}
                    {(!problems.is_empty()).then(|| view! {
                        <Card title="Rows with a problem">
                            <p class=format!("{HINT_CLASS} mb-2")>"These rows are not imported. Mend them in the file and import it again: rows already imported are then skipped or updated."</p>
                            {rows_table(problems, true)}
                        </Card>
                    })}
                    {(!existing.is_empty()).then(|| view! {
                        <Card title="Already candidates">{rows_table(existing, false)}</Card>
                    })}
                </div>
            }
        })}
    }
}

fn rows_table(rows: Vec<ImportRow>, problems: bool) -> impl IntoView {
    view! {
        <div class="overflow-x-auto" tabindex="0" role="region" aria-label=if problems { "Rows with a problem" } else { "Rows already candidates" }>
            <table class=TABLE_CLASS>
                <thead><tr>
                    <th scope="col" class=TH_CLASS>"Line"</th><th scope="col" class=TH_CLASS>"Name"</th><th scope="col" class=TH_CLASS>"Email"</th>
                    <th scope="col" class=TH_CLASS>{if problems { "Problem" } else { "Outcome" }}</th>
                </tr></thead>
                <tbody class="divide-y divide-slate-200 dark:divide-slate-800">
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <td class=TD_CLASS>{row.line}</td>
                            <td class=TD_CLASS>{match row.existing_candidate {
                                Some(candidate) => view! { <a class=LINK_CLASS href=format!("/candidates/{candidate}")>{row.name.clone()}</a> }.into_any(),
                                None => view! { <span>{row.name.clone()}</span> }.into_any(),
                            }}</td>
                            <td class=TD_CLASS>{row.email.clone()}</td>
                            <td class=TD_CLASS>{row.problem.clone().or(row.outcome.clone()).unwrap_or_else(|| "Not imported yet".to_owned())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
