//! The board's pages: public, outside the signed-in frame.

use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::api::{read_board_job, search_board};
use super::types::*;
use crate::access::AppErrorPage;
use crate::platform::AppError;
use crate::recruiting::requisitions::types::Workplace;
use crate::seekers::pages::{JobMarks, SaveSearchForm};
use crate::ui::{paragraphs, BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS};

/// The frame of the board's pages: the board's name and a way to sign in.
#[component]
fn BoardFrame(children: Children) -> impl IntoView {
    view! {
        <div class="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
            <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:text-indigo-800">"Skip to content"</a>
            <header class="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                <div class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-4">
                    <a href="/jobs-board" class="inline-flex min-h-6 items-center text-lg font-bold tracking-tight text-indigo-700 dark:text-indigo-300">"Hirevoo Jobs"</a>
                    <a href="/sign-in" class=LINK_CLASS>"Sign in"</a>
                </div>
            </header>
            <main id="main" class="mx-auto max-w-5xl px-4 py-8">{children()}</main>
        </div>
    }
}

fn loading() -> impl IntoView {
    view! { <p role="status" class="p-8 text-sm">"Loading…"</p> }
}

/// "31 December 2026"
fn day(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

const MARK_CLASS: &str = "ml-2 rounded-md bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-200";

/// `/jobs-board`: every listed job, searched and filtered by the address's query, so that the
/// search form works without JavaScript and a search can be bookmarked or shared.
#[component]
pub fn BoardPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        let one = |key: &str| query.get(key).unwrap_or_default();
        BoardParams {
            q: one("q"),
            place: one("place"),
            workplace: one("workplace"),
            department: one("department"),
            posted: one("posted"),
            salary: one("salary"),
            sort: one("sort"),
            page: one("page"),
        }
    });
    let listing = Resource::new(move || params.get(), search_board);
    view! {
        <Title text="Jobs · Hirevoo" />
        <BoardFrame>
            <h1 class="text-3xl font-bold tracking-tight">"Find a job"</h1>
            {move || view! { <SearchForm params=params.get() /> }}
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match listing.await {
                        Err(error) => {
                            crate::access::set_status(error.status());
                            view! { <p role="alert" class="mt-6 text-sm">{error.to_string()}</p> }.into_any()
                        }
                        Ok(page) => view! { <Results page params=params.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </BoardFrame>
    }
}

#[component]
fn SearchForm(params: BoardParams) -> impl IntoView {
    let workplace = params.workplace();
    let posted = params.posted_within_days();
    let newest = params.sort() == Sort::Newest;
    view! {
        <form method="get" action="/jobs-board" role="search" aria-label="Search jobs"
            class="mt-6 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <div class="grid gap-4 md:grid-cols-3">
                <div class="space-y-1 md:col-span-2">
                    <label for="board-q" class=LABEL_CLASS>"What: job title, skill or company"</label>
                    <input id="board-q" name="q" type="search" value=params.q.clone() maxlength=MAX_SEARCH.to_string() class=INPUT_CLASS />
                </div>
                <div class="space-y-1">
                    <label for="board-place" class=LABEL_CLASS>"Where: city or country"</label>
                    <input id="board-place" name="place" type="text" value=params.place.clone() maxlength=MAX_FILTER.to_string() autocomplete="address-level2" class=INPUT_CLASS />
                </div>
                <div class="space-y-1">
                    <label for="board-workplace" class=LABEL_CLASS>"Workplace"</label>
                    <select id="board-workplace" name="workplace" class=INPUT_CLASS>
                        <option value="" selected=workplace.is_none()>"Any workplace"</option>
                        {Workplace::ALL.into_iter().map(|w| view! { <option value=w.as_str() selected=workplace == Some(w)>{w.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="space-y-1">
                    <label for="board-department" class=LABEL_CLASS>"Department"</label>
                    <input id="board-department" name="department" type="text" value=params.department.clone() maxlength=MAX_FILTER.to_string() class=INPUT_CLASS />
                </div>
                <div class="space-y-1">
                    <label for="board-posted" class=LABEL_CLASS>"Posted"</label>
                    <select id="board-posted" name="posted" class=INPUT_CLASS>
                        <option value="" selected=posted.is_none()>"Any time"</option>
                        {POSTED_WITHIN.into_iter().map(|(days, label)| view! { <option value=days.to_string() selected=posted == Some(days)>{label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="space-y-1">
                    <label for="board-salary" class=LABEL_CLASS>"Yearly salary at least"</label>
                    <input id="board-salary" name="salary" type="text" inputmode="numeric" value=params.salary.clone() maxlength="12" aria-describedby="board-salary-hint" class=INPUT_CLASS />
                    <p id="board-salary-hint" class="text-xs text-slate-600 dark:text-slate-400">"Only jobs that show their salary."</p>
                </div>
                <div class="space-y-1">
                    <label for="board-sort" class=LABEL_CLASS>"Order"</label>
                    <select id="board-sort" name="sort" class=INPUT_CLASS>
                        <option value="" selected=!newest>"Best match"</option>
                        <option value="newest" selected=newest>"Newest first"</option>
                    </select>
                </div>
            </div>
            <div class="mt-4 flex flex-wrap gap-3">
                <button type="submit" class=BUTTON_PRIMARY_CLASS>"Search"</button>
                {params.narrowed().then(|| view! { <a href="/jobs-board" class=BUTTON_SECONDARY_CLASS>"Clear"</a> })}
            </div>
        </form>
    }
}

#[component]
fn Results(page: BoardResults, params: BoardParams) -> impl IntoView {
    let BoardResults { jobs, total, more, page: number, pages, corrected, seeker } = page;
    let empty_page = jobs.is_empty() && number > 1;
    let count = if more { format!("{}+", crate::ui::grouped(total)) } else { crate::ui::grouped(total) };
    let summary = match total {
        _ if empty_page => "There are no jobs on this page.".to_owned(),
        0 if params.narrowed() => "No jobs match your search. Try fewer words or filters.".to_owned(),
        0 => "There are no jobs on the board at the moment.".to_owned(),
        1 => "1 job".to_owned(),
        _ => format!("{count} jobs"),
    };
    let link = move |page: i64, params: &BoardParams| {
        let query = params.query_string(page);
        if query.is_empty() { "/jobs-board".to_owned() } else { format!("/jobs-board?{query}") }
    };
    let correction = corrected.map(|words| {
        let typed = params.search();
        view! {
            <p class="mt-6 text-sm">
                "No jobs matched “" {typed} "”. Showing results for “" <strong>{words}</strong> "”."
            </p>
        }
    });
    // A job opened from the results says which search it came from, for the search's click-through.
    let from = crate::ui::query_string([("from", params.q.as_str())]);
    let job_link = move |id: Uuid| if from.is_empty() { format!("/jobs-board/{id}") } else { format!("/jobs-board/{id}?{from}") };
    let keep = if seeker {
        view! { <SaveSearchForm params=params.clone() /> }.into_any()
    } else {
        view! {
            <p class="mt-4 text-sm">
                <a href="/sign-up" class=LINK_CLASS>"Sign up"</a> " or " <a href="/sign-in?next=%2Fjobs-board" class=LINK_CLASS>"sign in"</a>
                " to save jobs and searches and get new jobs by email."
            </p>
        }
        .into_any()
    };
    view! {
        {correction}
        {keep}
        <p class="mt-6 text-sm text-slate-700 dark:text-slate-300" role="status">{summary}</p>
        {empty_page.then(|| view! { <p class="mt-2 text-sm"><a href=link(1, &params) class=LINK_CLASS>"Go to the first page"</a></p> })}
        <ul class="mt-4 space-y-3">
            {jobs.into_iter().map(|job| {
                let details: Vec<String> = [job.department.clone(), job.location.clone(), job.employment_type.label().to_owned()]
                    .into_iter().filter(|s| !s.is_empty()).collect();
                view! {
                    <li class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
                        <h2 class="text-lg font-semibold">
                            <a href=job_link(job.id) class=LINK_CLASS>{job.title.clone()}</a>
                        </h2>
                        <p class="mt-1 text-sm font-medium">{job.company.clone()}</p>
                        <p class="mt-1 text-sm text-slate-700 dark:text-slate-300">{details.join(" · ")}</p>
                        {job.salary.clone().map(|salary| view! { <p class="mt-1 text-sm text-slate-700 dark:text-slate-300">{salary}</p> })}
                        <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">
                            {format!("Posted {}", day(job.posted))}
                            {job.viewed.then(|| view! { <span class=MARK_CLASS>"Viewed"</span> })}
                            {job.saved.then(|| view! { <span class=MARK_CLASS>"Saved"</span> })}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
        {(pages > 1).then(|| view! {
            <nav aria-label="Pages" class="mt-6 flex items-center gap-4 text-sm">
                {(number > 1).then(|| view! { <a href=link(number - 1, &params) class=LINK_CLASS rel="prev">"Previous page"</a> })}
                <span>{format!("Page {} of {pages}", number.min(pages))}</span>
                {(number < pages).then(|| view! { <a href=link(number + 1, &params) class=LINK_CLASS rel="next">"Next page"</a> })}
            </nav>
        })}
    }
}

/// `/jobs-board/{id}`: a job, its structured data, and the way to apply.
#[component]
pub fn BoardJobPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<Uuid>().ok());
    let from = move || query.read().get("from");
    let page = Resource::new(move || (id(), from()), |(id, from)| async move {
        match id {
            Some(id) => read_board_job(id, from).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(AppError::NotFound) => view! { <JobGone /> }.into_any(),
                    Err(error) => view! { <AppErrorPage error /> }.into_any(),
                    Ok(page) => view! { <JobView page /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn JobGone() -> impl IntoView {
    crate::access::set_status(http::StatusCode::NOT_FOUND);
    view! {
        <Title text="Job not found · Hirevoo" />
        <BoardFrame>
            <h1 class="text-3xl font-bold tracking-tight">"Job not found"</h1>
            <p class="mt-3 text-slate-700 dark:text-slate-300">"This job is not on the board. It may have been filled or removed."</p>
            <p class="mt-6"><a href="/jobs-board" class=LINK_CLASS>"Find other jobs"</a></p>
        </BoardFrame>
    }
}

#[component]
fn JobView(page: BoardPosting) -> impl IntoView {
    let BoardPosting { job, json_ld, canonical, seeker } = page;
    let keep = match seeker {
        Some(marks) => view! { <JobMarks job_id=job.id marks /> }.into_any(),
        None => view! {
            <p class="mt-4 text-sm">
                <a href="/sign-up" class=LINK_CLASS>"Sign up"</a> " or " <a href=format!("/sign-in?next=%2Fjobs-board%2F{}", job.id) class=LINK_CLASS>"sign in"</a>
                " to save this job."
            </p>
        }
        .into_any(),
    };
    let mut facts: Vec<(&'static str, String)> = vec![("Company", job.company.clone())];
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
    view! {
        <Title text=format!("{} · {} · Hirevoo Jobs", job.title, job.company) />
        <Link rel="canonical" href=canonical />
        // Data for search engines, not a script: the JSON is escaped so that nothing in it can end the element.
        <script type="application/ld+json" nonce=leptos::nonce::use_nonce() inner_html=json_ld></script>
        <BoardFrame>
            <p class="text-sm"><a href="/jobs-board" class=LINK_CLASS>"All jobs"</a></p>
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
                <p class="mt-6">{match job.apply.clone() {
                    ApplyAt::Careers(path) => view! { <a href=path class=BUTTON_PRIMARY_CLASS>{format!("Apply on {}'s careers site", job.company)}</a> }.into_any(),
                    // Another site's page: no endorsement for search engines, and no hold on this window.
                    ApplyAt::Elsewhere(url) => view! { <a href=url class=BUTTON_PRIMARY_CLASS rel="nofollow noopener">{format!("Apply on {}'s site", job.company)}</a> }.into_any(),
                }}</p>
                {keep}
                <section class="mt-8" aria-labelledby="about-heading">
                    <h2 id="about-heading" class="mb-3 text-xl font-semibold">"About the job"</h2>
                    {paragraphs(&job.description)}
                </section>
            </article>
        </BoardFrame>
    }
}
