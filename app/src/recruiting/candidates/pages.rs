//! The people page (`/candidates`), a candidate's profile (`/candidates/{id}`) and adding one (`/candidates/new`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::api::{candidate_list, candidate_profile, AddCandidateToRequisition, MergeCandidates, SaveCandidate};
use super::types::*;
use crate::access::{loaded, RoleGate};
use crate::platform::{AppError, Role};
use crate::recruiting::pipeline::types::{ApplicationStatus, StageKind};
use crate::ui::{
    action_error, grouped, successes, ActionError, Card, Field, FormMessage, PageHeader, SubmitButton, TextArea, BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, HINT_CLASS, INPUT_CLASS,
    LABEL_CLASS, LINK_CLASS, TABLE_CLASS, TD_CLASS, TH_CLASS,
};

const FILTER_SELECT_CLASS: &str = "block w-full min-h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

#[component]
pub fn CandidatesPage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <People />
        </RoleGate>
    }
}

fn options(choices: Vec<(String, String)>, selected: String) -> impl IntoView {
    choices.into_iter().map(move |(value, label)| view! { <option selected=value == selected value=value>{label}</option> }).collect_view()
}

#[component]
fn People() -> impl IntoView {
    let params = use_query_map();
    let query = move || CandidateQuery::from_pairs(|key| params.read().get(key));
    let people = Resource::new(query, candidate_list);
    view! {
        <Title text="Candidates" />
        <PageHeader title="Candidates" description="Everyone who applied or was added: search names, emails, skills and the words in their résumés." />
        <div class="mb-4 flex flex-wrap gap-3">
            <a class=BUTTON_PRIMARY_CLASS href="/candidates/new">"Add a candidate"</a>
            {crate::access::signed_in_user().has_feature(crate::platform::flags::keys::CANDIDATE_IMPORT).then(|| view! { <a class=BUTTON_SECONDARY_CLASS href="/candidates/import">"Import from a CSV file"</a> })}
        </div>
        {loaded(people, move |people| {
            let q = query();
            let export = q.href("/candidates/export.csv", 1);
            let any = || vec![(String::new(), "Any".to_owned())];
            view! {
                <form method="get" action="/candidates" role="search" aria-label="Search candidates" class="mb-6 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 md:grid-cols-4">
                    <div class="md:col-span-2">
                        <label for="people-q" class=LABEL_CLASS>"Search names, emails, skills and résumés"</label>
                        <input id="people-q" type="search" name="q" value=q.q.clone() maxlength="200" class=INPUT_CLASS />
                    </div>
                    <div>
                        <label for="people-requisition" class=LABEL_CLASS>"Applied to"</label>
                        <select id="people-requisition" name="requisition" class=FILTER_SELECT_CLASS>
                            {options(any().into_iter().chain(people.requisitions.iter().map(|(id, t)| (id.to_string(), t.clone()))).collect(), q.requisition.clone())}
                        </select>
                    </div>
                    <div>
                        <label for="people-stage" class=LABEL_CLASS>"In the stage"</label>
                        <select id="people-stage" name="stage" class=FILTER_SELECT_CLASS>
                            {options(any().into_iter().chain(StageKind::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned()))).collect(), q.stage.clone())}
                        </select>
                    </div>
                    <div>
                        <label for="people-source" class=LABEL_CLASS>"Source"</label>
                        <select id="people-source" name="source" class=FILTER_SELECT_CLASS>
                            {options(any().into_iter().chain(SOURCES.iter().map(|(k, l)| ((*k).to_owned(), (*l).to_owned()))).collect(), q.source.clone())}
                        </select>
                    </div>
                    <div>
                        <label for="people-tag" class=LABEL_CLASS>"Tag"</label>
                        <select id="people-tag" name="tag" class=FILTER_SELECT_CLASS>
                            {options(any().into_iter().chain(people.tags.iter().map(|t| (t.clone(), t.clone()))).collect(), q.tag.clone())}
                        </select>
                    </div>
                    <div>
                        <label for="people-skill" class=LABEL_CLASS>"Skill"</label>
                        <select id="people-skill" name="skill" class=FILTER_SELECT_CLASS>
                            {options(any().into_iter().chain(people.skills.iter().map(|s| (s.id.to_string(), s.name.clone()))).collect(), q.skill.clone())}
                        </select>
                    </div>
                    <div>
                        <label for="people-level" class=LABEL_CLASS>"At least level"</label>
                        <select id="people-level" name="min_level" class=FILTER_SELECT_CLASS>
                            {options((1..=5).map(|l| (l.to_string(), format!("{l} of 5"))).collect(), if q.min_level.is_empty() { "1".into() } else { q.min_level.clone() })}
                        </select>
                    </div>
                    <div>
                        <label for="people-sort" class=LABEL_CLASS>"Sort by"</label>
                        <select id="people-sort" name="sort" class=FILTER_SELECT_CLASS>
                            {options(vec![("updated".into(), "Recently updated".into()), ("newest".into(), "Newest".into()), ("name".into(), "Name".into())], q.sort.clone())}
                        </select>
                    </div>
                    <div class="flex items-end gap-3 md:col-span-4">
                        <button type="submit" class=BUTTON_SECONDARY_CLASS>"Search"</button>
                        <a class=LINK_CLASS href=export>"Download as CSV"</a>
                    </div>
                </form>
                <p class=format!("{HINT_CLASS} mb-2") role="status">{match (people.total, people.total_at_least) {
                    (total, true) => format!("{}+ candidates: the first {} are listed; narrow the search to see the rest", grouped(total), grouped(total)),
                    (1, false) => "1 candidate".to_owned(),
                    (total, false) => format!("{} candidates", grouped(total)),
                }}</p>
                <div class="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                    <table class=TABLE_CLASS>
                        <thead><tr>
                            <th scope="col" class=TH_CLASS>"Name"</th><th scope="col" class=TH_CLASS>"Email"</th><th scope="col" class=TH_CLASS>"Location"</th>
                            <th scope="col" class=TH_CLASS>"Source"</th><th scope="col" class=TH_CLASS>"Tags"</th><th scope="col" class=TH_CLASS>"Applications"</th>
                        </tr></thead>
                        <tbody class="divide-y divide-slate-200 dark:divide-slate-800">
                            {people.rows.into_iter().map(|row| view! {
                                <tr>
                                    <td class=TD_CLASS><a class=LINK_CLASS href=format!("/candidates/{}", row.id)>{row.name}</a></td>
                                    <td class=TD_CLASS>{row.email}</td>
                                    <td class=TD_CLASS>{row.location}</td>
                                    <td class=TD_CLASS>{source_label(&row.source)}</td>
                                    <td class=TD_CLASS>{row.tags.join(", ")}</td>
                                    <td class=TD_CLASS>{row.applications}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <nav aria-label="Pages" class="mt-4 flex items-center gap-4 text-sm">
                    {(people.page > 1).then(|| view! { <a class=LINK_CLASS href=q.href("/candidates", people.page - 1)>"Previous"</a> })}
                    <span class="text-slate-700 dark:text-slate-300">{format!("Page {} of {}", people.page, people.pages)}</span>
                    {(people.page < people.pages).then(|| view! { <a class=LINK_CLASS href=q.href("/candidates", people.page + 1)>"Next"</a> })}
                </nav>
            }
        })}
    }
}

/// The fields of a candidate, for adding one or editing a profile.
fn candidate_form(save: ServerAction<SaveCandidate>, profile: Option<Profile>, catalog: Vec<crate::assessments::types::Skill>) -> impl IntoView {
    let error = action_error(save.value());
    let p = profile.clone();
    let value = move |f: fn(&Profile) -> String| p.as_ref().map(f).unwrap_or_default();
    let source = profile.as_ref().map(|p| p.source.clone()).unwrap_or_else(|| "sourced".into());
    let levels: Vec<(crate::assessments::types::Skill, i16)> = catalog
        .into_iter()
        .map(|skill| {
            let level = profile.as_ref().and_then(|p| p.skills.iter().find(|(s, _)| s.id == skill.id).map(|(_, l)| *l)).unwrap_or(0);
            (skill, level)
        })
        .collect();
    view! {
        <ActionForm action=save attr:class="space-y-4">
            {profile.as_ref().map(|p| view! { <input type="hidden" name="id" value=p.id.to_string() /> })}
            <div class="grid gap-4 md:grid-cols-2">
                <Field label="Name" name="name" value=value(|p| p.name.clone()) required=true error />
                <Field label="Email" name="email" kind="email" value=value(|p| p.email.clone()) required=true error />
                <Field label="Phone" name="phone" value=value(|p| p.phone.clone()) error />
                <Field label="Location" name="location" value=value(|p| p.location.clone()) error />
                <div>
                    <label for="candidate-source" class=LABEL_CLASS>"Source"</label>
                    <select id="candidate-source" name="source" class=INPUT_CLASS>
                        {options(SOURCES.iter().map(|(k, l)| ((*k).to_owned(), (*l).to_owned())).collect(), source)}
                    </select>
                </div>
                <Field label="Tags" name="tags" value=value(|p| p.tags.join(", ")) hint="Separated by commas." error />
            </div>
            <TextArea label="Links" name="links" rows=3 max_length=4000 value=value(|p| p.links.join("\n")) hint="One web address per line: LinkedIn, GitHub, a portfolio." error />
            <fieldset>
                <legend class=LABEL_CLASS>"Skills (stated proficiency)"</legend>
                <div class="mt-2 grid gap-2 md:grid-cols-3">
                    {levels.into_iter().map(|(skill, level)| {
                        let id = format!("skill-{}", skill.id);
                        view! {
                            <div class="flex items-center justify-between gap-2">
                                <label for=id.clone() class="text-sm text-slate-900 dark:text-slate-100">{skill.name.clone()}</label>
                                <select id=id name="skill_levels[]" class="min-h-8 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900">
                                    {(0..=5).map(|l| view! { <option value=format!("{}:{l}", skill.id) selected=l == level>{if l == 0 { "None".to_owned() } else { format!("{l} of 5") }}</option> }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <ActionError error />
            <SubmitButton label=if profile.is_some() { "Save the profile" } else { "Add the candidate" } pending=save.pending() />
            {move || save.value().get().and_then(Result::ok).map(|_| view! { <p role="status" class="text-sm text-emerald-800 dark:text-emerald-300">"Saved."</p> })}
        </ActionForm>
    }
}

#[component]
pub fn NewCandidatePage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <NewCandidate />
        </RoleGate>
    }
}

#[component]
fn NewCandidate() -> impl IntoView {
    let save = ServerAction::<SaveCandidate>::new();
    let catalog = Resource::new(|| (), |_| crate::recruiting::requisitions::api::requisition_form_choices());
    view! {
        <Title text="Add a candidate" />
        <PageHeader title="Add a candidate" description="Someone sourced, referred or sent by an agency." />
        {loaded(catalog, move |choices| view! { <Card>{candidate_form(save, None, choices.skills)}</Card> })}
    }
}

#[component]
pub fn CandidatePage() -> impl IntoView {
    view! {
        <RoleGate roles=&Role::RECRUITING>
            <Candidate />
        </RoleGate>
    }
}

#[component]
fn Candidate() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<Uuid>().ok());
    let save = ServerAction::<SaveCandidate>::new();
    let add = ServerAction::<AddCandidateToRequisition>::new();
    let merge = ServerAction::<MergeCandidates>::new();
    let (saved, added, merged) = (successes(save.value(), save.version()), successes(add.value(), add.version()), successes(merge.value(), merge.version()));
    let (add_error, merge_error) = (action_error(add.value()), action_error(merge.value()));
    let query = use_query_map();
    let document_outcome = move || query.read().get("document").and_then(|code| DocumentOutcome::parse(&code));
    let profile = Resource::new(move || (id(), saved.get(), added.get(), merged.get()), |(id, ..)| async move {
        match id {
            Some(id) => candidate_profile(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text="Candidate" />
        {loaded(profile, move |profile| {
            let form = candidate_form(save, Some(profile.clone()), profile.skill_catalog.clone());
            let description = format!("{} · {}", profile.email, source_label(&profile.source));
            let Profile { id, name, applications, documents, links, open_requisitions, possible_duplicates, skills, similar, .. } = profile;
            view! {
                <Title text=name.clone() />
                <PageHeader title=name description=description />
                <p class="mb-4 text-sm"><a class=LINK_CLASS href="/candidates">"Back to candidates"</a></p>
                <div class="grid gap-6 lg:grid-cols-3">
                    <div class="space-y-6 lg:col-span-2">
                        <Card title="Applications">
                            {if applications.is_empty() {
                                view! { <p class=HINT_CLASS>"No applications yet."</p> }.into_any()
                            } else {
                                view! {
                                    <table class=TABLE_CLASS>
                                        <thead><tr><th scope="col" class=TH_CLASS>"Requisition"</th><th scope="col" class=TH_CLASS>"Stage"</th><th scope="col" class=TH_CLASS>"Applied"</th></tr></thead>
                                        <tbody>
                                            {applications.iter().map(|a| view! {
                                                <tr>
                                                    <td class=TD_CLASS><a class=LINK_CLASS href=format!("/applications/{}", a.id)>{a.requisition_title.clone()}</a></td>
                                                    <td class=TD_CLASS>{if a.status == ApplicationStatus::Active { a.stage.clone() } else { format!("{} ({})", a.status.label(), a.stage) }}</td>
                                                    <td class=TD_CLASS>{a.applied_at.format("%Y-%m-%d").to_string()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                            <ActionForm action=add attr:class="mt-4 flex flex-wrap items-end gap-3">
                                <input type="hidden" name="candidate_id" value=id.to_string() />
                                <div>
                                    <label for="add-requisition" class=LABEL_CLASS>"Add to a requisition"</label>
                                    <select id="add-requisition" name="requisition_id" class=INPUT_CLASS>
                                        {open_requisitions.iter().map(|(id, title)| view! { <option value=id.to_string()>{title.clone()}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Add"</button>
                            </ActionForm>
                            <ActionError error=add_error />
                        </Card>
                        <Card title="Profile">{form}</Card>
                    </div>
                    <div class="space-y-6">
                        <div id="documents"><Card title="Documents">
                            {if documents.is_empty() {
                                view! { <p class=HINT_CLASS>"No documents."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="space-y-2 text-sm">
                                        {documents.iter().map(|d| view! {
                                            <li>
                                                <a class=LINK_CLASS href=format!("/files/{}", d.file_id)>{d.file_name.clone()}</a>
                                                <span class="block text-xs text-slate-700 dark:text-slate-300">
                                                    {format!("{} KB · text {}", d.size_bytes / 1024 + 1, match d.extraction.as_deref() {
                                                        Some("succeeded") => "searchable",
                                                        Some("empty") => "empty (a scan?)",
                                                        Some(_) => "could not be read",
                                                        None => "being read",
                                                    })}
                                                </span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {move || document_outcome().map(|outcome| view! { <FormMessage success=outcome == DocumentOutcome::Added message=outcome.message() /> })}
                            <form method="post" action=format!("/candidates/{id}/documents") enctype="multipart/form-data" class="mt-4 space-y-3">
                                <div>
                                    <label for="document-file" class=LABEL_CLASS>"Add a PDF"</label>
                                    <input id="document-file" name="document" type="file" accept="application/pdf,.pdf" required aria-describedby="document-hint"
                                        class="mt-1 block w-full text-sm text-slate-900 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 dark:text-slate-100 dark:file:bg-slate-800" />
                                    <p id="document-hint" class=format!("{HINT_CLASS} mt-1")>"At most 10 MB. Its text is read so that search finds it."</p>
                                </div>
                                <div>
                                    <label for="document-kind" class=LABEL_CLASS>"Kind"</label>
                                    <select id="document-kind" name="kind" class=INPUT_CLASS>
                                        <option value="resume">"Résumé"</option>
                                        <option value="other">"Other document"</option>
                                    </select>
                                </div>
                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Add the document"</button>
                            </form>
                        </Card></div>
                        <Card title="Candidates like this">
                            <SimilarCandidates similar has_skills=!skills.is_empty() />
                        </Card>
                        <Card title="Merge a duplicate">
                            <p class="text-sm text-slate-800 dark:text-slate-200">
                                "The other record's applications, notes and documents move here, its tags, links and skills are added, and it is removed. Where both applied for the same job, this record's application stays and takes the other's notes."
                            </p>
                            {(!possible_duplicates.is_empty()).then(|| view! {
                                <p class="mt-3 text-sm font-medium text-slate-900 dark:text-slate-100">"Possibly the same person:"</p>
                                <ul class="mt-1 space-y-1 text-sm">
                                    {possible_duplicates.iter().map(|(other, name, email)| view! {
                                        <li><a class=LINK_CLASS href=format!("/candidates/{other}")>{name.clone()}</a>" · "{email.clone()}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                            <ActionForm action=merge attr:class="mt-3 space-y-3">
                                <input type="hidden" name="survivor_id" value=id.to_string() />
                                <Field label="Email of the other record" name="duplicate_email" kind="email" required=true error=merge_error />
                                <label class="flex items-start gap-2 text-sm text-slate-900 dark:text-slate-100">
                                    <input type="checkbox" name="confirm" value="yes" required class="mt-1" />
                                    "Merge it into this record and remove it"
                                </label>
                                <ActionError error=merge_error />
                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Merge"</button>
                                {move || merge.value().get().and_then(Result::ok).map(|message| view! { <p role="status" class="text-sm text-emerald-800 dark:text-emerald-300">{message}</p> })}
                            </ActionForm>
                        </Card>
                        <Card title="Links">
                            <ul class="space-y-1 text-sm">
                                {links.iter().map(|l| view! { <li><a class=format!("{LINK_CLASS} break-all") href=l.clone() rel="noopener noreferrer nofollow">{l.clone()}</a></li> }).collect_view()}
                            </ul>
                        </Card>
                    </div>
                </div>
            }
        })}
    }
}

/// The candidates whose skills most resemble this one's, each with what they share.
#[component]
fn SimilarCandidates(similar: Vec<SimilarCandidate>, has_skills: bool) -> impl IntoView {
    if similar.is_empty() {
        let text = if has_skills { "No other candidate has any of this candidate's skills." } else { "Give this candidate skills to find others like them." };
        return view! { <p class=HINT_CLASS>{text}</p> }.into_any();
    }
    view! {
        <p id="similar-hint" class=format!("{HINT_CLASS} mb-3")>
            "Alike: how much of this candidate's skills each one has, every shared skill counted at the lower of the two levels."
        </p>
        <ul class="space-y-3 text-sm" aria-describedby="similar-hint">
            {similar.into_iter().map(|other| view! {
                <li>
                    <a class=LINK_CLASS href=format!("/candidates/{}", other.id)>{other.name}</a>
                    {format!(" · {}% alike", other.similarity)}
                    <span class="block text-xs text-slate-700 dark:text-slate-300">{format!("Shared: {}", other.shared_skills.join(", "))}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
