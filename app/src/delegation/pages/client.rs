//! A seeker's side of the service: asking to become a client, then delegating jobs, keeping
//! résumé variants and following their delegations.

use leptos::prelude::*;
use leptos_meta::Title;

use super::super::api::*;
use super::super::types::*;
use super::{at, choices, delegation_list, figure_tiles, percent, status_figures, DelegationTable, Reader, RouteOutcome, RowError, FILE_INPUT_CLASS, MUTED_CLASS};
use crate::access::{loaded, RoleGate};
use crate::platform::Role;
use crate::ui::{
    action_error, field_error, successes, ActionError, Card, Field, PageHeader, Select, SubmitButton, Table, BUTTON_DANGER_CLASS, BUTTON_PRIMARY_CLASS,
    BUTTON_SECONDARY_CLASS, ERROR_TEXT_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS, TD_CLASS,
};

const JOB_URL_ID: &str = "delegate-job-url";
const COMPANY_ID: &str = "delegate-company";
const TITLE_ID: &str = "delegate-title";

/// The seeker's view of `/delegation`: their dashboard once they are an active client, else
/// where they stand and, if they never asked, how to ask.
#[component]
pub fn ClientHome() -> impl IntoView {
    let request = ServerAction::<RequestDelegation>::new();
    let requested = successes(request.value(), request.version());
    let standing = Resource::new(
        move || requested.get(),
        |_| async move {
            let membership = delegation_membership().await?;
            let dashboard = match membership {
                Membership::Client(ClientStatus::Active) => Some(read_client_dashboard().await?),
                _ => None,
            };
            Ok((membership, dashboard))
        },
    );
    let error = action_error(request.value());
    view! {
        <Title text="Delegation" />
        <PageHeader title="Delegation" description="Have the job applications you choose sent for you: you give the job's address and a résumé, an employee of the service applies and shows you a screenshot as proof." />
        <div class="mb-4 space-y-4">
            <ActionError error />
            {super::done_message(request.value(), |message| message)}
        </div>
        {loaded(standing, move |(membership, dashboard)| match dashboard {
            Some(dashboard) => client_dashboard(dashboard).into_any(),
            None => match membership {
                Membership::None => view! {
                    <Card title="Become a client">
                        <div class="space-y-4">
                            <p class=MUTED_CLASS>"You send the jobs you want; the service's employees apply with the résumé you choose, by the deadline you set, and prove each application with a screenshot you accept or reject. An admin activates your account after you ask."</p>
                            <ActionForm action=request>
                                <SubmitButton label="Ask to become a client" pending=request.pending() />
                            </ActionForm>
                        </div>
                    </Card>
                }.into_any(),
                Membership::Client(ClientStatus::Suspended) => view! {
                    <Card title="Your account is suspended">
                        <p class=MUTED_CLASS>"An admin of the service suspended your account: you cannot delegate jobs for now. Your delegations and résumés are kept."</p>
                    </Card>
                }.into_any(),
                Membership::Client(_) => view! {
                    <Card title="Awaiting activation">
                        <p class=MUTED_CLASS>"You asked to become a client. An admin will activate your account; you will then delegate jobs from here."</p>
                    </Card>
                }.into_any(),
            },
        })}
    }
}

fn client_dashboard(dashboard: ClientDashboard) -> impl IntoView {
    let ClientDashboard { counts, to_review, recent, resume_types, completion_rate, employees, .. } = dashboard;
    let mut figures = status_figures(&counts);
    figures.push(("Completion rate, last 30 days".into(), percent(completion_rate)));
    let resumes = match resume_types.len() {
        0 => "You have no résumé yet: add one before you delegate a job.".to_owned(),
        1 => "You have 1 résumé.".to_owned(),
        n => format!("You have {n} résumés."),
    };
    view! {
        <div class="space-y-6">
            <p class="flex flex-wrap items-center gap-4">
                <a href="/delegation/new" class=BUTTON_PRIMARY_CLASS>"Delegate a job"</a>
                <a href="/delegation/mine" class=LINK_CLASS>"All your delegations"</a>
                <a href="/delegation/resumes" class=LINK_CLASS>"Your résumés"</a>
            </p>
            {figure_tiles(figures)}
            <Card title="Proofs waiting for your review">
                {if to_review.is_empty() {
                    view! { <p class=MUTED_CLASS>"No proof is waiting for you."</p> }.into_any()
                } else {
                    view! {
                        <ul class="space-y-2 text-sm">
                            {to_review.into_iter().map(|item| view! {
                                <li>
                                    <a href=format!("/delegation/{}", item.id) class=LINK_CLASS>{format!("{} at {}", item.title, item.company)}</a>
                                    {item.completed_at.map(|done| view! { <span class=HINT_CLASS>{format!(" · sent {}", at(done))}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Card>
            <Card title="Recent delegations">
                <DelegationTable items=recent reader=Reader::Client empty="You have delegated no job yet." />
            </Card>
            <div class="grid gap-6 md:grid-cols-2">
                <Card title="Your employees">
                    {if employees.is_empty() {
                        view! { <p class=MUTED_CLASS>"No employee works for you yet: an admin assigns them. Your delegations wait until then."</p> }.into_any()
                    } else {
                        view! { <ul class="list-disc space-y-1 pl-6 text-sm">{employees.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}</ul> }.into_any()
                    }}
                </Card>
                <Card title="Résumés">
                    <p class=MUTED_CLASS>{resumes}</p>
                    <p class="mt-3 text-sm"><a href="/delegation/resumes" class=LINK_CLASS>"Add or remove résumés"</a></p>
                </Card>
            </div>
        </div>
    }
}

/// `/delegation/new`: the client delegates a job.
#[component]
pub fn NewDelegationPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Seeker]>
            <NewDelegation />
        </RoleGate>
    }
}

#[component]
fn NewDelegation() -> impl IntoView {
    let delegate = ServerAction::<DelegateJob>::new();
    let resumes = Resource::new(|| (), |_| resume_types());
    view! {
        <Title text="Delegate a job" />
        <PageHeader title="Delegate a job" description="The job's address, which résumé to send, how urgent it is and by when. An employee of the service applies for you." />
        <p class="mb-6 text-sm"><a href="/delegation" class=LINK_CLASS>"Back to delegation"</a></p>
        {loaded(resumes, move |resumes| {
            if resumes.is_empty() {
                return view! {
                    <Card>
                        <p class=MUTED_CLASS>"You have no résumé yet: the employee needs one to apply. "<a href="/delegation/resumes" class=LINK_CLASS>"Add a résumé"</a>", then come back."</p>
                    </Card>
                }.into_any();
            }
            view! { <Card><DelegateForm delegate resumes /></Card> }.into_any()
        })}
    }
}

#[component]
fn DelegateForm(delegate: ServerAction<DelegateJob>, resumes: Vec<ResumeType>) -> impl IntoView {
    let error = action_error(delegate.value());
    let url_error = field_error(error, || "job_url".to_owned());
    let resume_options: Vec<(String, String)> = resumes.into_iter().map(|r| (r.id.to_string(), r.name)).collect();
    view! {
        <ActionForm action=delegate attr:class="grid gap-4 md:grid-cols-2">
            <div class="md:col-span-2"><ActionError error /></div>
            <div class="space-y-1 md:col-span-2">
                <label for=JOB_URL_ID class=LABEL_CLASS>"The job's address"</label>
                <input id=JOB_URL_ID name="job_url" type="url" required maxlength=MAX_URL_CHARS.to_string() autocomplete="off" class=INPUT_CLASS
                    aria-invalid=move || url_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || if url_error.with(Option::is_some) { "delegate-job-url-hint delegate-job-url-error" } else { "delegate-job-url-hint" } />
                <p id="delegate-job-url-hint" class=HINT_CLASS>"The page of the job posting, starting with https://."</p>
                {move || url_error.get().map(|message| view! { <p id="delegate-job-url-error" class=ERROR_TEXT_CLASS>{message}</p> })}
            </div>
            <div class="md:col-span-2"><JobPageReader /></div>
            <Field label="Company" name="company" id=COMPANY_ID autocomplete="off" required=true error />
            <Field label="Job title" name="title" id=TITLE_ID autocomplete="off" required=true error />
            <Select label="Résumé to send" name="resume_type_id" id="delegate-resume" options=resume_options error />
            <Select label="Priority" name="priority" id="delegate-priority" options=choices(Priority::ALL, Priority::as_str, Priority::label) selected=Priority::Normal.as_str() error />
            <Field label="Deadline" name="deadline" id="delegate-deadline" kind="date" required=true error
                hint=format!("The last day to apply, at most {MAX_DEADLINE_DAYS} days ahead (the end of that day, UTC).") />
            <div class="flex items-end md:col-span-2"><SubmitButton label="Delegate the job" pending=delegate.pending() /></div>
        </ActionForm>
    }
}

/// "Read the page": fills the company and title from the job's page. It needs the browser's
/// code, so it stays hidden until the page is hydrated; without it they are typed.
#[component]
fn JobPageReader() -> impl IntoView {
    let read = ServerAction::<ReadJobPage>::new();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    Effect::new(move |_| {
        if let Some(Ok(page)) = read.value().get() {
            if let Some(company) = page.company {
                set_input_value(COMPANY_ID, &company);
            }
            if let Some(title) = page.title {
                set_input_value(TITLE_ID, &title);
            }
        }
    });
    let outcome = move || match read.value().get()? {
        Ok(JobPage { company: None, title: None }) => Some(view! { <p role="status" class=HINT_CLASS>"The page does not say: type the company and the title."</p> }.into_any()),
        Ok(_) => Some(view! { <p role="status" class=HINT_CLASS>"Filled from the page: check the company and the title."</p> }.into_any()),
        Err(error) => Some(view! { <p role="alert" class=ERROR_TEXT_CLASS>{error.to_string()}</p> }.into_any()),
    };
    let on_click = move |_| {
        if let Some(job_url) = input_value(JOB_URL_ID) {
            read.dispatch(ReadJobPage { job_url, page: String::new() });
        }
    };
    view! {
        <div class="space-y-1" hidden=move || !hydrated.get()>
            <button type="button" class=BUTTON_SECONDARY_CLASS on:click=on_click disabled=move || read.pending().get() aria-busy=move || read.pending().get().then_some("true")>
                "Read the page"
            </button>
            <p class=HINT_CLASS>"Fills the company and the title from the job's page, when it says them."</p>
            {outcome}
        </div>
    }
}

/// The text of the input `id` on the page (in the browser; nothing on the server).
fn input_value(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        return document().get_element_by_id(id)?.dyn_into::<web_sys::HtmlInputElement>().ok().map(|input| input.value());
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

fn set_input_value(id: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            input.set_value(value);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, value);
}

fn file_size(bytes: i32) -> String {
    if bytes >= 1024 * 1024 { format!("{:.1} MB", f64::from(bytes) / (1024.0 * 1024.0)) } else { format!("{} KB", (bytes + 1023) / 1024) }
}

/// `/delegation/resumes`: the client's résumé variants, and adding one (a plain form: the file
/// goes to `files::upload_resume`, which sends the browser back here with its outcome).
#[component]
pub fn ResumesPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Seeker]>
            <Resumes />
        </RoleGate>
    }
}

#[component]
fn Resumes() -> impl IntoView {
    let remove = ServerAction::<RemoveResumeType>::new();
    let removed = successes(remove.value(), remove.version());
    let resumes = Resource::new(move || removed.get(), |_| resume_types());
    // The file goes to a plain route, which answers in the page's address (`RouteOutcome`).
    let no_error = Signal::derive(|| None);
    view! {
        <Title text="Your résumés" />
        <PageHeader title="Your résumés" description="The versions of your résumé the employees may send: name each for the jobs it suits, like “Backend” or “Data, in German”." />
        <p class="mb-6 text-sm"><a href="/delegation" class=LINK_CLASS>"Back to delegation"</a></p>
        <RouteOutcome key="resume" done="added" message="The résumé is added." />
        <RowError error=action_error(remove.value()) />
        <div class="space-y-6">
            <Card title="Résumés">
                {loaded(resumes, move |resumes| {
                    if resumes.is_empty() {
                        return view! { <p class=MUTED_CLASS>"No résumé yet: add one below."</p> }.into_any();
                    }
                    let rows = resumes.into_iter().map(|resume| {
                        let in_use_id = format!("resume-in-use-{}", resume.id);
                        let (remove_id, what) = (resume.id.to_string(), format!(" the résumé {}", resume.name));
                        let removal = if resume.used == 0 {
                            view! {
                                <ActionForm action=remove>
                                    <input type="hidden" name="id" value=remove_id />
                                    <button type="submit" class=BUTTON_DANGER_CLASS>"Remove"<span class="sr-only">{what}</span></button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            view! {
                                <button type="button" class=BUTTON_DANGER_CLASS disabled aria-describedby=in_use_id.clone()>"Remove"<span class="sr-only">{what}</span></button>
                                <p id=in_use_id class=HINT_CLASS>"Kept while delegations name it."</p>
                            }.into_any()
                        };
                        let used = match resume.used { 1 => "1 delegation".to_owned(), n => format!("{n} delegations") };
                        view! {
                            <tr>
                                <th scope="row" class=TD_CLASS>{resume.name.clone()}</th>
                                <td class=TD_CLASS>
                                    <a href=format!("/delegation/resumes/{}", resume.id) rel="external" class=LINK_CLASS>{resume.file_name.clone()}</a>
                                </td>
                                <td class=TD_CLASS>{file_size(resume.file_size)}</td>
                                <td class=TD_CLASS>{at(resume.uploaded_at)}</td>
                                <td class=TD_CLASS>{used}</td>
                                <td class=TD_CLASS>{removal}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! { <Table columns=&["Name", "File", "Size", "Uploaded", "Used by", ""]>{rows}</Table> }.into_any()
                })}
            </Card>
            <Card title="Add a résumé">
                <form method="post" action="/delegation/resumes" enctype="multipart/form-data" class="max-w-xl space-y-4">
                    <Field label="Name" name="name" id="resume-name" autocomplete="off" required=true error=no_error
                        hint=format!("What it is for, at most {MAX_RESUME_TYPE_NAME_CHARS} characters.") />
                    <div class="space-y-1">
                        <label for="resume-file" class=LABEL_CLASS>"PDF file"</label>
                        <input id="resume-file" name="file" type="file" accept="application/pdf" required aria-describedby="resume-file-hint" class=FILE_INPUT_CLASS />
                        <p id="resume-file-hint" class=HINT_CLASS>{format!("A PDF of at most {} MB.", MAX_RESUME_BYTES / 1024 / 1024)}</p>
                    </div>
                    <button type="submit" class=BUTTON_PRIMARY_CLASS>"Add the résumé"</button>
                </form>
            </Card>
        </div>
    }
}

/// `/delegation/mine`: all of the client's delegations.
#[component]
pub fn MyDelegationsPage() -> impl IntoView {
    view! {
        <RoleGate roles=&[Role::Seeker]>
            <Title text="Your delegations" />
            <PageHeader title="Your delegations" description="Every job you delegated, newest first." />
            <p class="mb-6 flex flex-wrap gap-4 text-sm">
                <a href="/delegation" class=LINK_CLASS>"Back to delegation"</a>
                <a href="/delegation/new" class=LINK_CLASS>"Delegate a job"</a>
            </p>
            {delegation_list("/delegation/mine", Reader::Client, my_delegations)}
        </RoleGate>
    }
}
