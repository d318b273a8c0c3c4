//! The profile's pages under `/profile`. Every form is a plain form that works before the page's
//! code has loaded; a page reloads its data only after a form succeeds, so what someone typed
//! stays when a form is refused.

use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

use super::api::*;
use super::types::*;
use crate::access::loaded;
use crate::identity::pages::AuthFrame;
use crate::platform::AppError;
use crate::ui::{
    action_error, paragraphs, path_id, successes, ActionError, Card, Field, FormMessage, PageHeader, Select, SubmitButton, TextArea, BUTTON_DANGER_CLASS,
    BUTTON_SECONDARY_CLASS, CHECK_CLASS, HINT_CLASS, LABEL_CLASS, LINK_CLASS,
};

const MUTED_CLASS: &str = "text-sm text-slate-700 dark:text-slate-300";

/// A form's message once it succeeded.
fn success_message(value: impl Get<Value = Option<Result<String, AppError>>> + Send + Sync + 'static) -> impl IntoView {
    move || value.get().and_then(Result::ok).map(|message| view! { <FormMessage success=true message /> })
}

fn level_options() -> Vec<(String, String)> {
    SkillLevel::ALL.into_iter().map(|level| (level.as_str().to_owned(), level.label().to_owned())).collect()
}

/// `/profile`: what the seeker tells organizations about themselves.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let basics = ServerAction::<SaveProfileBasics>::new();
    let skill = ServerAction::<SaveProfileSkill>::new();
    let job = ServerAction::<SaveProfileExperience>::new();
    let study = ServerAction::<SaveProfileEducation>::new();
    let delete = ServerAction::<DeleteProfileEntry>::new();
    let saved = (
        successes(basics.value(), basics.version()),
        successes(skill.value(), skill.version()),
        successes(job.value(), job.version()),
        successes(study.value(), study.version()),
        successes(delete.value(), delete.version()),
    );
    let profile = Resource::new(move || (saved.0.get(), saved.1.get(), saved.2.get(), saved.3.get(), saved.4.get()), |_| read_profile());
    let delete_error = action_error(delete.value());
    view! {
        <Title text="Your profile" />
        <PageHeader title="Your profile" description="Your headline, skills, jobs and education, kept for applying. Download it as a JSON Resume, or fill it from one." />
        <p class="mb-6 flex flex-wrap gap-4 text-sm">
            <a href="/profile/resume" class=LINK_CLASS>"Download or import a JSON Resume"</a>
            <a href="/account#password" class=LINK_CLASS>"Change your password"</a>
            <a href="/profile/delete" class=LINK_CLASS>"Delete your account"</a>
        </p>
        <div class="mb-4"><ActionError error=delete_error /></div>
        {loaded(profile, move |profile| {
            let SeekerProfile { basics: about, skills, experience, education } = profile;
            view! {
                <div class="space-y-6">
                    <BasicsCard basics=about action=basics />
                    <SkillsCard skills action=skill delete />
                    <ExperienceCard experience action=job delete />
                    <EducationCard education action=study delete />
                </div>
            }
        })}
    }
}

#[component]
fn BasicsCard(basics: ProfileBasics, action: ServerAction<SaveProfileBasics>) -> impl IntoView {
    let error = action_error(action.value());
    view! {
        <Card title="About you">
            <div class="space-y-4">
                {success_message(action.value())}
                <ActionForm action=action attr:class="grid gap-4 md:grid-cols-2">
                    <div class="md:col-span-2"><ActionError error /></div>
                    <div class="md:col-span-2">
                        <Field label="Headline" name="headline" value=basics.headline hint="What you do, in a line: “Backend engineer, payments”." error />
                    </div>
                    <Field label="City" name="city" value=basics.city autocomplete="address-level2" error />
                    <Field label="Country" name="country" value=basics.country autocomplete="country-name" error />
                    <div class="md:col-span-2">
                        <TextArea label="Links" name="links" value=basics.links.join("\n") max_length=5 * (MAX_LINK + 1) rows=5
                            hint="Up to 5 web addresses, one a line, starting with https:// or http://: your site, portfolio or code." error />
                    </div>
                    <div class="md:col-span-2">
                        <TextArea label="Summary" name="summary" value=basics.summary max_length=MAX_SUMMARY rows=5
                            hint="A few lines about you and the work you want, at most 2,000 characters." error />
                    </div>
                    <div><SubmitButton label="Save" pending=action.pending() /></div>
                </ActionForm>
            </div>
        </Card>
    }
}

/// Removes one entry of a section; `what` names it for screen readers.
#[component]
fn DeleteEntry(action: ServerAction<DeleteProfileEntry>, section: Section, id: Uuid, #[prop(into)] what: String) -> impl IntoView {
    view! {
        <ActionForm action=action>
            <input type="hidden" name="section" value=section.as_str() />
            <input type="hidden" name="id" value=id.to_string() />
            <button type="submit" class=BUTTON_DANGER_CLASS aria-label=format!("Remove {what}")>"Remove"</button>
        </ActionForm>
    }
}

#[component]
fn SkillsCard(skills: Vec<ProfileSkill>, action: ServerAction<SaveProfileSkill>, delete: ServerAction<DeleteProfileEntry>) -> impl IntoView {
    let error = action_error(action.value());
    let count = skills.len();
    view! {
        <Card title="Skills">
            <div class="space-y-4">
                {(count == 0).then(|| view! { <p class=MUTED_CLASS>"No skills yet: add the ones you would be hired for."</p> })}
                <ul class="divide-y divide-slate-200 dark:divide-slate-800">
                    {skills.into_iter().map(|skill| view! {
                        <li class="flex items-center justify-between gap-3 py-2">
                            <span class="text-sm"><span class="font-medium">{skill.name.clone()}</span>" · "{skill.level.label()}</span>
                            <DeleteEntry action=delete section=Section::Skills id=skill.id what=format!("the skill {}", skill.name) />
                        </li>
                    }).collect_view()}
                </ul>
                <h3 class="text-base font-semibold">"Add a skill"</h3>
                {success_message(action.value())}
                <ActionForm action=action attr:class="grid items-end gap-4 md:grid-cols-3">
                    <div class="md:col-span-3"><ActionError error /></div>
                    <Field label="Skill" name="name" id="skill-name" hint="Adding one you list already changes its level." required=true error />
                    <Select label="Level" name="level" id="skill-level" options=level_options() selected="intermediate" error />
                    <div><SubmitButton label="Add the skill" pending=action.pending() /></div>
                </ActionForm>
                <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{count} of {MAX_SKILLS} skills.")}</p>
            </div>
        </Card>
    }
}

/// The fields of a job, empty to add one or filled to change it.
#[component]
fn ExperienceForm(action: ServerAction<SaveProfileExperience>, #[prop(optional)] job: Option<Experience>) -> impl IntoView {
    let error = action_error(action.value());
    let current = job.as_ref().is_some_and(|job| job.end.is_none());
    let label = if job.is_some() { "Save the changes" } else { "Add the job" };
    view! {
        <ActionForm action=action attr:class="grid gap-4 md:grid-cols-2">
            <div class="md:col-span-2"><ActionError error /></div>
            {job.as_ref().map(|job| view! { <input type="hidden" name="id" value=job.id.to_string() /> })}
            <Field label="Job title" name="title" value=job.as_ref().map(|j| j.title.clone()).unwrap_or_default() autocomplete="organization-title" required=true error />
            <Field label="Company" name="company" value=job.as_ref().map(|j| j.company.clone()).unwrap_or_default() autocomplete="organization" required=true error />
            <Field label="Start month" name="start" kind="month" value=job.as_ref().map(|j| month_text(j.start)).unwrap_or_default() hint="Year and month, like 2021-03." required=true error />
            <Field label="End month" name="end" kind="month" value=job.as_ref().and_then(|j| j.end).map(month_text).unwrap_or_default() hint="Empty for the job you hold now." error />
            <div class="flex items-center gap-2 md:col-span-2">
                <input id="experience-current" type="checkbox" name="current" value="on" checked=current class=CHECK_CLASS />
                <label for="experience-current" class=LABEL_CLASS>"I work here now"</label>
            </div>
            <div class="md:col-span-2">
                <TextArea label="What you did" name="description" value=job.as_ref().map(|j| j.description.clone()).unwrap_or_default() max_length=MAX_DESCRIPTION rows=4
                    hint="Optional. Lines starting with “- ” become a list." error />
            </div>
            <div><SubmitButton label=label pending=action.pending() /></div>
        </ActionForm>
    }
}

#[component]
fn ExperienceCard(experience: Vec<Experience>, action: ServerAction<SaveProfileExperience>, delete: ServerAction<DeleteProfileEntry>) -> impl IntoView {
    let count = experience.len();
    view! {
        <Card title="Experience">
            <div class="space-y-4">
                {(count == 0).then(|| view! { <p class=MUTED_CLASS>"No jobs yet."</p> })}
                <ul class="space-y-4">
                    {experience.into_iter().map(|job| view! {
                        <li class="border-b border-slate-200 pb-4 dark:border-slate-800">
                            <h3 class="text-base font-semibold">{format!("{} at {}", job.title, job.company)}</h3>
                            <p class="text-xs text-slate-600 dark:text-slate-400">{job.period()}</p>
                            <div class="mt-2 space-y-2 text-sm">{paragraphs(&job.description)}</div>
                            <div class="mt-2 flex flex-wrap items-center gap-3">
                                <a href=format!("/profile/experience/{}", job.id) class=BUTTON_SECONDARY_CLASS aria-label=format!("Change {} at {}", job.title, job.company)>"Change"</a>
                                <DeleteEntry action=delete section=Section::Experience id=job.id what=format!("{} at {}", job.title, job.company) />
                            </div>
                        </li>
                    }).collect_view()}
                </ul>
                <h3 class="text-base font-semibold">"Add a job"</h3>
                {success_message(action.value())}
                <ExperienceForm action />
                <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{count} of {MAX_EXPERIENCE} jobs.")}</p>
            </div>
        </Card>
    }
}

/// The fields of studies, empty to add them or filled to change them.
#[component]
fn EducationForm(action: ServerAction<SaveProfileEducation>, #[prop(optional)] study: Option<Education>) -> impl IntoView {
    let error = action_error(action.value());
    let label = if study.is_some() { "Save the changes" } else { "Add the education" };
    view! {
        <ActionForm action=action attr:class="grid gap-4 md:grid-cols-2">
            <div class="md:col-span-2"><ActionError error /></div>
            {study.as_ref().map(|s| view! { <input type="hidden" name="id" value=s.id.to_string() /> })}
            <div class="md:col-span-2">
                <Field label="School" name="school" value=study.as_ref().map(|s| s.school.clone()).unwrap_or_default() required=true error />
            </div>
            <Field label="Degree" name="degree" value=study.as_ref().map(|s| s.degree.clone()).unwrap_or_default() hint="Optional, like BSc or Diploma." error />
            <Field label="Field of study" name="field" value=study.as_ref().map(|s| s.field.clone()).unwrap_or_default() hint="Optional." error />
            <Field label="Start year" name="start_year" kind="number" value=study.as_ref().map(|s| s.start_year.to_string()).unwrap_or_default() required=true error />
            <Field label="End year" name="end_year" kind="number" value=study.as_ref().and_then(|s| s.end_year).map(|y| y.to_string()).unwrap_or_default() hint="Empty while you study there." error />
            <div><SubmitButton label=label pending=action.pending() /></div>
        </ActionForm>
    }
}

#[component]
fn EducationCard(education: Vec<Education>, action: ServerAction<SaveProfileEducation>, delete: ServerAction<DeleteProfileEntry>) -> impl IntoView {
    let count = education.len();
    view! {
        <Card title="Education">
            <div class="space-y-4">
                {(count == 0).then(|| view! { <p class=MUTED_CLASS>"No education yet."</p> })}
                <ul class="space-y-4">
                    {education.into_iter().map(|study| view! {
                        <li class="border-b border-slate-200 pb-4 dark:border-slate-800">
                            <h3 class="text-base font-semibold">{study.school.clone()}</h3>
                            <p class="text-sm">{study.studies()}</p>
                            <p class="text-xs text-slate-600 dark:text-slate-400">{study.period()}</p>
                            <div class="mt-2 flex flex-wrap items-center gap-3">
                                <a href=format!("/profile/education/{}", study.id) class=BUTTON_SECONDARY_CLASS aria-label=format!("Change {}", study.school)>"Change"</a>
                                <DeleteEntry action=delete section=Section::Education id=study.id what=study.school.clone() />
                            </div>
                        </li>
                    }).collect_view()}
                </ul>
                <h3 class="text-base font-semibold">"Add education"</h3>
                {success_message(action.value())}
                <EducationForm action />
                <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{count} of {MAX_EDUCATION} schools.")}</p>
            </div>
        </Card>
    }
}

/// The entry a page's path names, or not found.
fn entry<T>(found: Option<T>) -> Result<T, AppError> {
    found.ok_or(AppError::NotFound)
}

/// `/profile/experience/{id}`: changing one job.
#[component]
pub fn ExperienceEditPage() -> impl IntoView {
    let id = path_id();
    let action = ServerAction::<SaveProfileExperience>::new();
    let saved = successes(action.value(), action.version());
    let job = Resource::new(move || (id(), saved.get()), |(id, _)| async move {
        entry(read_profile().await?.experience.into_iter().find(|job| Some(job.id) == id))
    });
    view! {
        <Title text="Change a job" />
        <PageHeader title="Change a job" />
        <p class="mb-6"><a href="/profile" class=LINK_CLASS>"Back to your profile"</a></p>
        {success_message(action.value())}
        {loaded(job, move |job| view! { <Card><ExperienceForm action job /></Card> })}
    }
}

/// `/profile/education/{id}`: changing one school's entry.
#[component]
pub fn EducationEditPage() -> impl IntoView {
    let id = path_id();
    let action = ServerAction::<SaveProfileEducation>::new();
    let saved = successes(action.value(), action.version());
    let study = Resource::new(move || (id(), saved.get()), |(id, _)| async move {
        entry(read_profile().await?.education.into_iter().find(|study| Some(study.id) == id))
    });
    view! {
        <Title text="Change your education" />
        <PageHeader title="Change your education" />
        <p class="mb-6"><a href="/profile" class=LINK_CLASS>"Back to your profile"</a></p>
        {success_message(action.value())}
        {loaded(study, move |study| view! { <Card><EducationForm action study /></Card> })}
    }
}

/// `/profile/resume`: the profile as a JSON Resume file, and filling the profile from one,
/// uploaded or pasted.
#[component]
pub fn ResumePage() -> impl IntoView {
    let action = ServerAction::<ImportJsonResume>::new();
    let error = action_error(action.value());
    let uploaded = Resource::new(|| (), |_| read_resume_import());
    view! {
        <Title text="JSON Resume" />
        <PageHeader title="JSON Resume" description="JSON Resume is an open format for résumés that other sites and tools read and write." />
        <p class="mb-6"><a href="/profile" class=LINK_CLASS>"Back to your profile"</a></p>
        <div class="space-y-6">
            <Card title="Download your profile">
                <p class=MUTED_CLASS>"Your headline, location, links, summary, skills, jobs and education, with your name and email address, as one JSON Resume file."</p>
                <p class="mt-4"><a href="/profile/resume.json" download="resume.json" rel="external" class=BUTTON_SECONDARY_CLASS>"Download resume.json"</a></p>
            </Card>
            <div id="import">
                <Card title="Import a JSON Resume">
                    <div class="space-y-6">
                        <p class=MUTED_CLASS>"Importing replaces your whole profile (headline, location, links, summary, skills, jobs and education) with the résumé's, once all of it is accepted. Your name and email address stay as they are."</p>
                        {loaded(uploaded, |outcome| outcome.map(|ImportOutcome { imported, message }| view! { <FormMessage success=imported message /> }))}
                        <form method="post" action="/profile/resume/file" enctype="multipart/form-data" class="space-y-3">
                            <h3 class="text-base font-semibold">"From a file"</h3>
                            <div class="space-y-1">
                                <label for="resume-file" class=LABEL_CLASS>"JSON Resume file"</label>
                                <input id="resume-file" name="file" type="file" accept="application/json,.json" required aria-describedby="resume-file-hint"
                                    class="block w-full text-sm text-slate-900 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 dark:text-slate-100 dark:file:bg-slate-800" />
                                <p id="resume-file-hint" class=HINT_CLASS>"A .json file of at most 512 KB."</p>
                            </div>
                            <button type="submit" class=BUTTON_SECONDARY_CLASS>"Upload and replace my profile"</button>
                        </form>
                        <div class="space-y-3">
                            <h3 class="text-base font-semibold">"Or pasted"</h3>
                            {success_message(action.value())}
                            <ActionForm action=action attr:class="space-y-4">
                                <ActionError error />
                                <TextArea label="The résumé's JSON" name="resume" max_length=MAX_RESUME_CHARS rows=12
                                    hint="The whole text of the file, from its first { to its last }; at most 20,000 characters." error />
                                <SubmitButton label="Import and replace my profile" pending=action.pending() />
                            </ActionForm>
                        </div>
                    </div>
                </Card>
            </div>
        </div>
    }
}

/// `/profile/delete`: deleting the seeker's account, with their password.
#[component]
pub fn DeleteAccountPage() -> impl IntoView {
    let action = ServerAction::<DeleteSeekerAccount>::new();
    crate::ui::load_page_on_success(action.value());
    let error = action_error(action.value());
    view! {
        <Title text="Delete your account" />
        <PageHeader title="Delete your account" />
        <p class="mb-6"><a href="/profile" class=LINK_CLASS>"Back to your profile"</a></p>
        <Card>
            <div class="max-w-2xl space-y-4 text-sm">
                <p>"Deleting your account erases, at once and for good:"</p>
                <ul class="list-disc space-y-1 pl-6">
                    <li>"your account: your name, email address and password, and every device you are signed in on;"</li>
                    <li>"your profile: headline, location, links, summary, skills, jobs and education;"</li>
                    <li>"your saved jobs, hidden jobs, the jobs you viewed, your recent searches, and your saved searches with their email alerts."</li>
                </ul>
                <p>"Organizations you applied to keep the copy of what you sent them (your application and résumé): each keeps it for as long as its own retention rules say. To have it erased, ask the organization."</p>
                <p>"Download your profile first if you want to keep it: "<a href="/profile/resume" class=LINK_CLASS>"JSON Resume"</a>"."</p>
                <ActionForm action=action attr:class="max-w-md space-y-4">
                    <ActionError error />
                    <Field label="Your password" name="password" id="delete-account-password" kind="password" autocomplete="current-password" hint="To be sure it is you." required=true error />
                    <button type="submit" class=BUTTON_DANGER_CLASS disabled=move || action.pending().get()>"Delete my account for good"</button>
                </ActionForm>
            </div>
        </Card>
    }
}

/// `/account-deleted`: where a deleted account's browser lands.
#[component]
pub fn AccountDeletedPage() -> impl IntoView {
    view! {
        <AuthFrame title="Your account is deleted">
            <div class="space-y-4 text-sm">
                <p>"Your Hirevoo account and everything it held are erased. Organizations you applied to keep what you sent them under their own retention rules."</p>
                <p><a href="/jobs-board" class=LINK_CLASS>"The job board"</a>" stays open to everyone."</p>
            </div>
        </AuthFrame>
    }
}
