//! The seekers' pages, and the controls the job board shows a signed-in seeker. Every form works
//! as a plain form: the board's pages load no application code.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::api::*;
use super::types::*;
use crate::access::loaded;
use crate::identity::pages::AuthFrame;
use crate::job_board::types::{BoardJobSummary, BoardParams, SeekerMarks};
use crate::ui::{action_error, ActionError, Card, Field, FormMessage, PageHeader, SubmitButton, BUTTON_SECONDARY_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS};

/// `/sign-up`: a job seeker's account, confirmed from their mailbox.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action.value());
    let query = use_query_map();
    let sent = move || action.value().get().and_then(Result::ok).or_else(|| query.read().get("sent").map(|_| SIGN_UP_SENT.to_owned()));
    view! {
        <AuthFrame title="Create your job seeker account">
            <div class="space-y-4">
                {move || sent().map(|message| view! { <FormMessage success=true message /> })}
                <p class="text-sm text-slate-700 dark:text-slate-300">"Save jobs and searches, and get new jobs by email. Hiring? Ask your organization's admin for an invitation instead."</p>
                <ActionForm action=action attr:class="space-y-4">
                    <ActionError error />
                    <Field label="Your name" name="display_name" autocomplete="name" required=true error />
                    <Field label="Email" name="email" kind="email" autocomplete="email" required=true error />
                    <Field label="Choose a password" name="password" kind="password" autocomplete="new-password" hint="At least 12 characters." required=true error />
                    <Field label="The password, again" name="confirm" kind="password" autocomplete="new-password" required=true error />
                    <SubmitButton label="Sign up" pending=action.pending() />
                </ActionForm>
                <p class="text-sm">"Have an account? " <a href="/sign-in" class=LINK_CLASS>"Sign in"</a></p>
            </div>
        </AuthFrame>
    }
}

/// `/sign-up/confirm?token=…`: the link from the mailbox, and the password chosen.
#[component]
pub fn ConfirmSignUpPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmSignUp>::new();
    let error = action_error(action.value());
    view! {
        <AuthFrame title="Confirm your email address">
            <ActionForm action=action attr:class="space-y-4">
                <ActionError error />
                <input type="hidden" name="token" value=token />
                <Field label="Your password" name="password" kind="password" autocomplete="current-password" hint="The one you chose when you signed up." required=true error />
                <SubmitButton label="Confirm and sign in" pending=action.pending() />
            </ActionForm>
        </AuthFrame>
    }
}

/// Save or forget a job, for a signed-in seeker.
#[component]
pub fn SaveJobButton(job_id: Uuid, saved: bool, #[prop(optional)] action: Option<ServerAction<SaveJob>>) -> impl IntoView {
    let action = action.unwrap_or_else(ServerAction::<SaveJob>::new);
    view! {
        <ActionForm action=action>
            <input type="hidden" name="job_id" value=job_id.to_string() />
            <input type="hidden" name="saved" value=(!saved).to_string() />
            <button type="submit" class=BUTTON_SECONDARY_CLASS aria-pressed=saved.to_string()>{if saved { "Saved" } else { "Save job" }}</button>
        </ActionForm>
    }
}

/// Hide a job from the seeker's searches, or show it again.
#[component]
pub fn HideJobButton(job_id: Uuid, hidden: bool) -> impl IntoView {
    let action = ServerAction::<HideJob>::new();
    view! {
        <ActionForm action=action>
            <input type="hidden" name="job_id" value=job_id.to_string() />
            <input type="hidden" name="hidden" value=(!hidden).to_string() />
            <button type="submit" class=BUTTON_SECONDARY_CLASS>{if hidden { "Show in my searches again" } else { "Not interested: hide it" }}</button>
        </ActionForm>
    }
}

/// A job page's controls for a signed-in seeker.
#[component]
pub fn JobMarks(job_id: Uuid, marks: SeekerMarks) -> impl IntoView {
    view! {
        {marks.applied.map(|status| view! {
            <p class="mt-4 text-sm">
                <span class="font-medium">"You applied. Status: "</span>{status.label()}". "
                <a href="/" class=LINK_CLASS>"Follow your applications"</a>
            </p>
        })}
        <div class="mt-4 flex flex-wrap gap-3">
            <SaveJobButton job_id saved=marks.saved />
            <HideJobButton job_id hidden=marks.hidden />
        </div>
    }
}

fn alert_menu(id: String, selected: Alert) -> impl IntoView {
    view! {
        <select id=id name="alert" class=INPUT_CLASS>
            {Alert::ALL.into_iter().map(|alert| view! { <option value=alert.as_str() selected=alert == selected>{alert.label()}</option> }).collect_view()}
        </select>
    }
}

/// Saves the board's current search, for a signed-in seeker.
#[component]
pub fn SaveSearchForm(params: BoardParams) -> impl IntoView {
    let action = ServerAction::<SaveSearch>::new();
    let error = action_error(action.value());
    let saved = move || action.value().get().and_then(Result::ok);
    let fields = [
        ("params[q]", params.q.clone()),
        ("params[place]", params.place.clone()),
        ("params[workplace]", params.workplace.clone()),
        ("params[department]", params.department.clone()),
        ("params[posted]", params.posted.clone()),
        ("params[salary]", params.salary.clone()),
        ("params[sort]", params.sort.clone()),
    ];
    view! {
        <details class="mt-4 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <summary class="cursor-pointer text-sm font-semibold">"Save this search"</summary>
            {move || saved().map(|message| view! { <div class="mt-3"><FormMessage success=true message /></div> })}
            <ActionForm action=action attr:class="mt-3 grid gap-4 md:grid-cols-3">
                <ActionError error />
                {fields.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
                <div class="space-y-1">
                    <label for="save-search-name" class=LABEL_CLASS>"Name"</label>
                    <input id="save-search-name" name="name" type="text" maxlength=MAX_SEARCH_NAME.to_string() placeholder=params.label() class=INPUT_CLASS />
                </div>
                <div class="space-y-1">
                    <label for="save-search-alert" class=LABEL_CLASS>"New jobs by email"</label>
                    {alert_menu("save-search-alert".into(), Alert::Daily)}
                </div>
                <div class="flex items-end"><SubmitButton label="Save the search" pending=action.pending() /></div>
            </ActionForm>
        </details>
    }
}

/// A seeker's home at `/`: saved jobs and searches, recent searches, hidden jobs.
#[component]
pub fn SeekerHomePage() -> impl IntoView {
    let change = ServerAction::<ChangeAlert>::new();
    let delete = ServerAction::<DeleteSavedSearch>::new();
    let show = ServerAction::<ShowHiddenJobs>::new();
    let unsave = ServerAction::<SaveJob>::new();
    let home = Resource::new(move || (change.version().get(), delete.version().get(), show.version().get(), unsave.version().get()), |_| read_seeker_home());
    view! {
        <Title text="Your job search" />
        <PageHeader title="Your job search" description="Your applications, the jobs and searches you saved, and what you searched for lately." />
        <p class="mb-6"><a href="/jobs-board" class=LINK_CLASS>"Find jobs on the board"</a></p>
        {loaded(home, move |home| {
            let SeekerHome { applications, tests, interviews, now, saved_jobs, saved_searches, recent_searches, hidden_jobs } = home;
            view! {
                <div class="grid gap-6 lg:grid-cols-2">
                    <div class="lg:col-span-2">
                        <Card title="Applications">
                            <Applications applications />
                        </Card>
                    </div>
                    <Card title="Tests to take">
                        <Tests tests now />
                    </Card>
                    <Card title="Interviews">
                        <Interviews interviews />
                    </Card>
                    <Card title="Saved jobs">
                        <SavedJobs jobs=saved_jobs unsave />
                    </Card>
                    <Card title="Saved searches">
                        {saved_searches.is_empty().then(|| view! { <p class="text-sm text-slate-700 dark:text-slate-300">"Save a search on the board to find it here and get its new jobs by email."</p> })}
                        <ul class="space-y-4">
                            {saved_searches.into_iter().map(|search| {
                                let (change_id, delete_id) = (search.id.to_string(), search.id.to_string());
                                let menu_id = format!("alert-{}", search.id);
                                view! {
                                    <li class="space-y-2">
                                        <p class="text-sm font-semibold"><a href=format!("/jobs-board?{}", search.query) class=LINK_CLASS>{search.name.clone()}</a></p>
                                        <p class="text-xs text-slate-600 dark:text-slate-400">{search.label.clone()}</p>
                                        <div class="flex flex-wrap items-end gap-3">
                                            <ActionForm action=change attr:class="flex items-end gap-2">
                                                <input type="hidden" name="id" value=change_id />
                                                <div class="space-y-1">
                                                    <label for=menu_id.clone() class=LABEL_CLASS>"Email"</label>
                                                    {alert_menu(menu_id.clone(), search.alert)}
                                                </div>
                                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Change"</button>
                                            </ActionForm>
                                            <ActionForm action=delete>
                                                <input type="hidden" name="id" value=delete_id />
                                                <button type="submit" class=BUTTON_SECONDARY_CLASS aria-label=format!("Delete the saved search {}", search.name)>"Delete"</button>
                                            </ActionForm>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </Card>
                    <Card title="Recent searches">
                        {recent_searches.is_empty().then(|| view! { <p class="text-sm text-slate-700 dark:text-slate-300">"Your searches on the board appear here."</p> })}
                        <ul class="space-y-2 text-sm">
                            {recent_searches.into_iter().map(|search| view! {
                                <li><a href=format!("/jobs-board?{}", search.query) class=LINK_CLASS>{search.label}</a></li>
                            }).collect_view()}
                        </ul>
                    </Card>
                    <Card title="Hidden jobs">
                        <p class="text-sm text-slate-700 dark:text-slate-300">{match hidden_jobs {
                            0 => "You hid no jobs.".to_owned(),
                            1 => "You hid 1 job from your searches.".to_owned(),
                            n => format!("You hid {n} jobs from your searches."),
                        }}</p>
                        {(hidden_jobs > 0).then(|| view! {
                            <ActionForm action=show attr:class="mt-3">
                                <button type="submit" class=BUTTON_SECONDARY_CLASS>"Show them again"</button>
                            </ActionForm>
                        })}
                    </Card>
                </div>
            }
        })}
    }
}

/// The seeker's applications with where each stands, as the organization moves them.
#[component]
fn Applications(applications: Vec<SentApplication>) -> impl IntoView {
    if applications.is_empty() {
        return view! { <p class="text-sm text-slate-700 dark:text-slate-300">"Jobs you apply for from the board appear here, with where each application stands."</p> }.into_any();
    }
    view! {
        <ul class="divide-y divide-slate-200 dark:divide-slate-800">
            {applications.into_iter().map(|application| {
                let tone = match application.status {
                    ApplicationStatus::Closed => "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
                    ApplicationStatus::Offer | ApplicationStatus::Hired => "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
                    _ => "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100",
                };
                view! {
                    <li class="flex flex-wrap items-start justify-between gap-3 py-3">
                        <div>
                            <p class="text-sm font-semibold"><a href=application.job_path() class=LINK_CLASS>{application.title.clone()}</a></p>
                            <p class="text-xs text-slate-600 dark:text-slate-400">
                                {format!("{} · applied {}", application.company, application.applied_at.format("%-d %b %Y"))}
                            </p>
                        </div>
                        <p class="text-right text-sm">
                            <span class=format!("inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold {tone}")>{application.status.label()}</span>
                            <span class="block text-xs text-slate-600 dark:text-slate-400">{application.status.explanation()}</span>
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The tests organizations sent; one not begun opens from here.
#[component]
fn Tests(tests: Vec<SeekerTest>, now: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    if tests.is_empty() {
        return view! { <p class="text-sm text-slate-700 dark:text-slate-300">"Tests an organization sends you appear here."</p> }.into_any();
    }
    let open = ServerAction::<OpenTest>::new();
    let error = action_error(open.value());
    view! {
        <ActionError error />
        <ul class="space-y-4">
            {tests.into_iter().map(|test| {
                let state = match test.state {
                    _ if test.can_open(now) => format!("{} minutes · open until {}", test.time_limit_minutes, test.expires_at.format("%-d %b %Y")),
                    TestState::ToTake => "The link has expired.".to_owned(),
                    TestState::Started => "Begun: continue where you started it.".to_owned(),
                    TestState::Submitted => "Done: your answers were sent.".to_owned(),
                    TestState::Withdrawn => "Withdrawn by the organization.".to_owned(),
                };
                view! {
                    <li class="space-y-2">
                        <p class="text-sm font-semibold">{test.assessment.clone()}</p>
                        <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{} · {}", test.company, test.job_title)}</p>
                        <p class="text-sm">{state}</p>
                        {test.can_open(now).then(|| view! {
                            <ActionForm action=open>
                                <input type="hidden" name="id" value=test.id.to_string() />
                                <button type="submit" class=BUTTON_SECONDARY_CLASS aria-label=format!("Take the test {}", test.assessment)>"Take the test"</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The interviews organizations scheduled, in the zone each was scheduled for, with the event.
#[component]
fn Interviews(interviews: Vec<SeekerInterview>) -> impl IntoView {
    if interviews.is_empty() {
        return view! { <p class="text-sm text-slate-700 dark:text-slate-300">"Interviews an organization schedules with you appear here."</p> }.into_any();
    }
    view! {
        <ul class="space-y-4">
            {interviews.into_iter().map(|interview| {
                let cancelled = interview.status == "cancelled";
                let place = if !interview.video_url.is_empty() { Some(interview.video_url.clone()) } else { None };
                view! {
                    <li class="space-y-1">
                        <p class="text-sm font-semibold">{format!("{}{}", interview.title, if cancelled { " (cancelled)" } else { "" })}</p>
                        <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{} · {}", interview.company, interview.job_title)}</p>
                        <p class="text-sm">{interview.when.clone()}{format!(", {} minutes", (interview.ends_at - interview.starts_at).num_minutes())}</p>
                        {(!interview.location.is_empty()).then(|| view! { <p class="text-sm">{interview.location.clone()}</p> })}
                        {place.map(|url| view! { <p class="text-sm"><a href=url.clone() class=LINK_CLASS rel="noopener noreferrer">"Join the video call"</a></p> })}
                        {(!interview.notes.is_empty()).then(|| view! { <p class="text-sm text-slate-700 dark:text-slate-300">{interview.notes.clone()}</p> })}
                        {(!cancelled).then(|| view! {
                            <p class="text-sm"><a href=format!("/job-search/interviews/{}/calendar", interview.id) class=LINK_CLASS download="interview.ics" rel="external">"Add to your calendar (.ics)"</a></p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn SavedJobs(jobs: Vec<BoardJobSummary>, unsave: ServerAction<SaveJob>) -> impl IntoView {
    if jobs.is_empty() {
        return view! { <p class="text-sm text-slate-700 dark:text-slate-300">"Jobs you save on the board appear here."</p> }.into_any();
    }
    view! {
        <ul class="space-y-3">
            {jobs.into_iter().map(|job| view! {
                <li class="flex flex-wrap items-start justify-between gap-3">
                    <div>
                        <p class="text-sm font-semibold"><a href=format!("/jobs-board/{}", job.id) class=LINK_CLASS>{job.title.clone()}</a></p>
                        <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{} · {}", job.company, job.location)}</p>
                    </div>
                    <SaveJobButton job_id=job.id saved=true action=unsave />
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
