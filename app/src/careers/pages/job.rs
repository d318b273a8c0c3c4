use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::{day, error_view, organization_unavailable, PublicFrame};
use crate::careers::api::careers_job;
use crate::careers::types::*;
use crate::seekers::types::{Applicant, ApplicationStatus};
use crate::platform::AppError;
use crate::ui::{paragraphs, textarea_text, FormMessage, BUTTON_PRIMARY_CLASS, ERROR_TEXT_CLASS, HINT_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS};

/// `/careers/{slug}/jobs/{id}`: the job, its structured data, and the application form.
/// The form posts to a plain route (`…/apply`), which sends the browser back here with
/// the outcome in the address: the same with or without JavaScript.
#[component]
pub fn CareersJobPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let id = move || params.read().get("id").and_then(|id| id.parse::<Uuid>().ok());
    let applied = move || query.read().get("applied").as_deref() == Some("1");
    let confirmed = move || query.read().get("confirmed").as_deref() == Some("1");
    let problems = move || {
        let mut problems: Vec<ApplyProblem> =
            query.read().get("error").map(|codes| codes.split(',').filter_map(|c| c.parse().ok()).collect()).unwrap_or_default();
        problems.dedup();
        problems
    };
    // Loaded once on the server, which counts the view; hydration reuses the answer.
    let page = Resource::new(move || (slug(), id()), |(slug, id)| async move {
        match id {
            Some(id) => careers_job(slug, id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p role="status" class="p-8 text-sm">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => error_view(error, Some(slug())),
                    Ok(Careers::Unavailable { organization }) => organization_unavailable(organization),
                    Ok(Careers::Open(page)) => view! { <Job page applied=applied() confirmed=confirmed() problems=problems() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Job(page: JobPage, applied: bool, confirmed: bool, problems: Vec<ApplyProblem>) -> impl IntoView {
    let JobPage { organization, job, closed, json_ld, url, refill, applicant } = page;
    let slug = organization.slug.clone();
    let mut facts: Vec<(&'static str, String)> = Vec::new();
    if !job.department.is_empty() {
        facts.push(("Department", job.department.clone()));
    }
    facts.push(("Location", job.location.clone()));
    facts.push(("Employment type", job.employment_type.label().to_owned()));
    if let Some(salary) = &job.salary {
        facts.push(("Salary", salary.clone()));
    }
    if let Some(deadline) = job.deadline {
        facts.push(("Apply by", day(deadline)));
    }
    facts.push(("Posted", day(job.posted)));
    let action = format!("/careers/{slug}/jobs/{}/apply", job.id);
    view! {
        <Title text=format!("{} · {}", job.title, organization.name) />
        <Link rel="canonical" href=url />
        // Data for search engines, not a script: the JSON is escaped so that nothing in it can end the element.
        {json_ld.map(|json| view! { <script type="application/ld+json" nonce=leptos::nonce::use_nonce() inner_html=json></script> })}
        <PublicFrame organization=organization.name.clone() slug=slug.clone()>
            <p class="text-sm"><a href=format!("/careers/{slug}") class=LINK_CLASS>{format!("All jobs at {}", organization.name)}</a></p>
            <article class="mt-4">
                <h1 class="text-3xl font-bold tracking-tight">{job.title.clone()}</h1>
                <dl class="mt-4 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
                    {facts.into_iter().map(|(label, value)| view! {
                        <div>
                            <dt class="font-medium text-slate-600 dark:text-slate-400">{label}</dt>
                            <dd class="text-slate-900 dark:text-slate-100">{value}</dd>
                        </div>
                    }).collect_view()}
                </dl>
                {closed.map(|problem| view! { <div class="mt-6"><FormMessage success=false message=problem.message() /></div> })}
                <section class="mt-8" aria-labelledby="about-heading">
                    <h2 id="about-heading" class="mb-3 text-xl font-semibold">"About the job"</h2>
                    {paragraphs(&job.description)}
                </section>
            </article>
            {match applicant.as_ref().and_then(|a| a.status) {
                Some(status) => Some(view! { <SeekerApplied status applied /> }.into_any()),
                None => closed.is_none().then(|| view! {
                    <ApplySection action=action.clone() organization=organization.name.clone() applied confirmed problems=problems.clone() refill=refill.clone() applicant=applicant.clone() />
                }.into_any()),
            }}
        </PublicFrame>
    }
}

const CHECK_CLASS: &str = "mt-0.5 h-6 w-6 shrink-0";
const TEXTAREA_CLASS: &str = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
const FILE_CLASS: &str = "block w-full min-h-10 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

/// The hint and error ids a field is described by.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [hint.then(|| format!("{id}-hint")), error.then(|| format!("{id}-error"))].into_iter().flatten().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn hint_and_error(id: &str, hint: Option<&'static str>, error: Option<&'static str>) -> impl IntoView {
    view! {
        {hint.map(|text| view! { <p id=format!("{id}-hint") class=HINT_CLASS>{text}</p> })}
        {error.map(|text| view! { <p id=format!("{id}-error") class=ERROR_TEXT_CLASS>{text}</p> })}
    }
}

#[component]
fn TextInput(
    label: &'static str,
    name: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    max_length: usize,
    #[prop(optional)] required: bool,
    value: String,
    error: Option<&'static str>,
) -> impl IntoView {
    let id = format!("apply-{name}");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <input id=id.clone() name=name type=kind value=value autocomplete=autocomplete required=required maxlength=max_length.to_string()
                aria-invalid=error.map(|_| "true") aria-describedby=described_by(&id, false, error.is_some()) class=INPUT_CLASS />
            {hint_and_error(&id, None, error)}
        </div>
    }
}

/// A signed-in seeker's application for this job, as they follow it.
#[component]
fn SeekerApplied(status: ApplicationStatus, applied: bool) -> impl IntoView {
    view! {
        <section id="apply" class="mt-10 rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900" aria-labelledby="apply-heading">
            <h2 id="apply-heading" class="mb-4 text-xl font-semibold">"Your application"</h2>
            {applied.then(|| view! {
                <div class="mb-4">
                    <FormMessage success=true message="Thank you: your application was sent. We emailed you a copy." />
                </div>
            })}
            <p class="text-sm">
                <span class="font-medium">"Status: "</span>{status.label()}". "{status.explanation()}
            </p>
            <p class="mt-2 text-sm"><a href="/" class=LINK_CLASS>"Follow all your applications in your job search"</a></p>
        </section>
    }
}

/// How many skills the box's label names before saying how many more there are.
const SKILLS_NAMED: usize = 6;

/// A seeker's choice to send their profile's skills, ticked unless they unticked it; without
/// skills, where to add them.
#[component]
fn SkillsToSend(skills: Vec<String>, organization: String, withheld: bool) -> impl IntoView {
    if skills.is_empty() {
        return view! {
            <p class="text-sm text-slate-700 dark:text-slate-300">
                "Your profile lists no skills. "
                <a href="/profile" class=LINK_CLASS>"Add them to your profile"</a>
                " to send them with your applications."
            </p>
        }
        .into_any();
    }
    let mut named = skills.iter().take(SKILLS_NAMED).cloned().collect::<Vec<_>>().join(", ");
    if skills.len() > SKILLS_NAMED {
        named.push_str(&format!(" and {} more", skills.len() - SKILLS_NAMED));
    }
    view! {
        <div class="space-y-1">
            <div class="flex items-start gap-3">
                <input id="apply-send_skills" name="send_skills" type="checkbox" value="yes" checked=!withheld class=CHECK_CLASS aria-describedby="apply-send_skills-hint" />
                <label for="apply-send_skills" class="text-sm text-slate-800 dark:text-slate-200">
                    {format!("Send my profile's skills ({}) with this application: {named}.", skills.len())}
                </label>
            </div>
            <p id="apply-send_skills-hint" class=HINT_CLASS>
                {format!("{organization} adds those it also lists to what it keeps about you, at the level you gave. Later changes to your profile are not sent.")}
            </p>
        </div>
    }
    .into_any()
}

#[component]
fn ApplySection(
    action: String,
    organization: String,
    applied: bool,
    confirmed: bool,
    problems: Vec<ApplyProblem>,
    refill: Refill,
    applicant: Option<Applicant>,
) -> impl IntoView {
    let error_of = |field: &str| problems.iter().find(|p| p.field() == Some(field)).map(|p| p.message());
    let (name_error, email_error, phone_error) = (error_of("name"), error_of("email"), error_of("phone"));
    let (resume_error, cover_error, consent_error) = (error_of("resume"), error_of("cover_note"), error_of("consent"));
    view! {
        <section id="apply" class="mt-10 rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900" aria-labelledby="apply-heading">
            <h2 id="apply-heading" class="mb-4 text-xl font-semibold">"Apply for this job"</h2>
            {applied.then(|| view! {
                <div class="mb-4">
                    <FormMessage success=true message="Thank you: we received your application. Check your email: we sent a message to that address about what happens next." />
                </div>
            })}
            {confirmed.then(|| view! {
                <div class="mb-4">
                    <FormMessage success=true message="Thank you: your application is confirmed and was added to your profile." />
                </div>
            })}
            {(!problems.is_empty()).then(|| view! {
                <div role="alert" class="mb-4 rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
                    <p class="font-semibold">"Your application was not sent"</p>
                    <ul class="mt-2 list-disc space-y-1 pl-5">
                        {problems.iter().map(|problem| match problem.field() {
                            Some(field) => view! { <li><a href=format!("#apply-{field}") class="underline">{problem.message()}</a></li> }.into_any(),
                            None => view! { <li>{problem.message()}</li> }.into_any(),
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <form method="post" action=action enctype="multipart/form-data" accept-charset="UTF-8" class="space-y-4">
                {match &applicant {
                    Some(applicant) => view! {
                        <TextInput label="Full name" name="name" kind="text" autocomplete="name" max_length=120 required=true
                            value=if refill.name.is_empty() { applicant.name.clone() } else { refill.name.clone() } error=name_error />
                        <p class="text-sm text-slate-700 dark:text-slate-300">
                            {format!("You apply as {}, the address of your Hirevoo Jobs account. If {organization} already knows this address, the application is added to what it keeps under it.", applicant.email)}
                        </p>
                        <SkillsToSend skills=applicant.skills.clone() organization=organization.clone() withheld=refill.skills_withheld />
                    }.into_any(),
                    None => view! {
                        <TextInput label="Full name" name="name" kind="text" autocomplete="name" max_length=120 required=true value=refill.name.clone() error=name_error />
                        <TextInput label="Email" name="email" kind="email" autocomplete="email" max_length=254 required=true value=refill.email.clone() error=email_error />
                    }.into_any(),
                }}
                <TextInput label="Phone (optional)" name="phone" kind="tel" autocomplete="tel" max_length=MAX_PHONE value=refill.phone.clone() error=phone_error />
                <div class="space-y-1">
                    <label for="apply-resume" class=LABEL_CLASS>"Résumé"</label>
                    <input id="apply-resume" name="resume" type="file" accept="application/pdf,.pdf" required=true class=FILE_CLASS
                        aria-invalid=resume_error.map(|_| "true") aria-describedby=described_by("apply-resume", true, resume_error.is_some()) />
                    {hint_and_error("apply-resume", Some("A PDF file of at most 10 MB."), resume_error)}
                </div>
                <div class="space-y-1">
                    <label for="apply-cover_note" class=LABEL_CLASS>"Cover note (optional)"</label>
                    <textarea id="apply-cover_note" name="cover_note" rows="6" maxlength=MAX_COVER_NOTE.to_string() class=TEXTAREA_CLASS
                        aria-invalid=cover_error.map(|_| "true") aria-describedby=described_by("apply-cover_note", true, cover_error.is_some())>
                        {textarea_text(refill.cover_note.clone())}
                    </textarea>
                    {hint_and_error("apply-cover_note", Some("Up to 5000 characters."), cover_error)}
                </div>
                // A field people never see or reach; bots fill it in, and their applications are dropped.
                <div class="sr-only" aria-hidden="true">
                    <label for="apply-website">"Website"</label>
                    <input id="apply-website" name="website" type="text" tabindex="-1" autocomplete="off" />
                </div>
                <div class="space-y-1">
                    <div class="flex items-start gap-3">
                        <input id="apply-consent" name="consent" type="checkbox" value="yes" required=true class=CHECK_CLASS
                            aria-invalid=consent_error.map(|_| "true") aria-describedby=described_by("apply-consent", false, consent_error.is_some()) />
                        <label for="apply-consent" class="text-sm text-slate-800 dark:text-slate-200">
                            {format!("I agree that {organization} stores my application and résumé and processes them to consider me for this job.")}
                        </label>
                    </div>
                    {hint_and_error("apply-consent", None, consent_error)}
                </div>
                <button type="submit" class=BUTTON_PRIMARY_CLASS>"Send application"</button>
            </form>
        </section>
    }
}
