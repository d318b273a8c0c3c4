use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{day, error_view, organization_unavailable, PublicFrame};
use crate::careers::api::careers_jobs;
use crate::careers::types::*;
use crate::ui::{FormMessage, BUTTON_PRIMARY_CLASS, BUTTON_SECONDARY_CLASS, INPUT_CLASS, LABEL_CLASS, LINK_CLASS};

/// `/careers/{slug}`: the organization's open jobs, searched and filtered by the address's
/// query, so that the search form works without JavaScript and a search can be shared.
#[component]
pub fn CareersSitePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let filters = Memo::new(move |_| {
        let query = query.read();
        let one = |key: &str| query.get(key).unwrap_or_default();
        CareersParams { q: one("q"), department: one("department"), location: one("location"), remote: one("remote"), page: one("page") }
    });
    // A job that no longer takes applications sends its applicant here, with the reason.
    let problem = move || {
        query.read().get("error").and_then(|code| code.split(',').find_map(|c| c.parse::<ApplyProblem>().ok())).filter(|p| p.is_about_the_job())
    };
    let listing = Resource::new(move || (slug(), filters.get()), |(slug, params)| careers_jobs(slug, params));
    view! {
        <Suspense fallback=|| view! { <p role="status" class="p-8 text-sm">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match listing.await {
                    Err(error) => error_view(error, None),
                    Ok(Careers::Unavailable { organization }) => organization_unavailable(organization),
                    Ok(Careers::Open(page)) => {
                        let params = filters.get_untracked();
                        view! { <Listing page params problem=problem() /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Listing(page: CareersPage, params: CareersParams, problem: Option<ApplyProblem>) -> impl IntoView {
    let CareersPage { organization, jobs, total, page: number, pages, departments, locations } = page;
    let slug = organization.slug.clone();
    let searching = !params.search().is_empty() || !params.department.is_empty() || !params.location.is_empty() || params.remote_only();
    let empty_page = jobs.is_empty() && number > 1;
    let summary = match (total, searching) {
        _ if empty_page => "There are no jobs on this page.".to_owned(),
        (0, true) => "No open positions match your search.".to_owned(),
        (0, false) => "There are no open positions at the moment.".to_owned(),
        (1, _) => "1 open position".to_owned(),
        (n, _) => format!("{n} open positions"),
    };
    let base = format!("/careers/{slug}");
    view! {
        <Title text=format!("Jobs at {}", organization.name) />
        <PublicFrame organization=organization.name.clone() slug=slug.clone()>
            <h1 class="text-3xl font-bold tracking-tight">{format!("Jobs at {}", organization.name)}</h1>
            {problem.map(|p| view! { <div class="mt-4"><FormMessage success=false message=p.message() /></div> })}
            <form method="get" action=base.clone() role="search" aria-label="Search jobs"
                class="mt-6 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                <div class="grid gap-4 md:grid-cols-2">
                    <div class="space-y-1 md:col-span-2">
                        <label for="careers-q" class=LABEL_CLASS>"Search by job title or department"</label>
                        <input id="careers-q" name="q" type="search" value=params.q.clone() maxlength="200" class=INPUT_CLASS />
                    </div>
                    {menu("department", "Department", "Any department", departments, params.department.clone())}
                    {menu("location", "Location", "Any location", locations, params.location.clone())}
                </div>
                <label class="mt-4 flex min-h-6 items-center gap-2 text-sm">
                    <input type="checkbox" name="remote" value="1" checked=params.remote_only() class="h-6 w-6" />
                    "Remote jobs only"
                </label>
                <div class="mt-4 flex flex-wrap gap-3">
                    <button type="submit" class=BUTTON_PRIMARY_CLASS>"Search"</button>
                    {searching.then(|| view! { <a href=base.clone() class=BUTTON_SECONDARY_CLASS>"Clear"</a> })}
                </div>
            </form>
            <p class="mt-6 text-sm text-slate-700 dark:text-slate-300">{summary}</p>
            {empty_page.then(|| view! { <p class="mt-2 text-sm"><a href=base.clone() class=LINK_CLASS>"Go to the first page"</a></p> })}
            <ul class="mt-4 space-y-3">
                {jobs.into_iter().map(|job| {
                    let details: Vec<String> = [job.department.clone(), job.location.clone(), job.employment_type.label().to_owned()]
                        .into_iter().filter(|s| !s.is_empty()).collect();
                    view! {
                        <li class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
                            <h2 class="text-lg font-semibold">
                                <a href=format!("/careers/{slug}/jobs/{}", job.id) class=LINK_CLASS>{job.title.clone()}</a>
                            </h2>
                            <p class="mt-1 text-sm text-slate-700 dark:text-slate-300">{details.join(" · ")}</p>
                            {job.deadline.map(|d| view! { <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">{format!("Apply by {}", day(d))}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(pages > 1).then(|| {
                let link = |page: i64| {
                    let query = params.query_string(page);
                    if query.is_empty() { base.clone() } else { format!("{base}?{query}") }
                };
                view! {
                    <nav aria-label="Pages" class="mt-6 flex items-center gap-4 text-sm">
                        {(number > 1).then(|| view! { <a href=link(number - 1) class=LINK_CLASS rel="prev">"Previous page"</a> })}
                        <span>{format!("Page {} of {pages}", number.min(pages))}</span>
                        {(number < pages).then(|| view! { <a href=link(number + 1) class=LINK_CLASS rel="next">"Next page"</a> })}
                    </nav>
                }
            })}
        </PublicFrame>
    }
}

fn menu(name: &'static str, label: &'static str, any: &'static str, mut values: Vec<String>, selected: String) -> impl IntoView {
    // A value from an older link still shows as chosen.
    if !selected.is_empty() && !values.contains(&selected) {
        values.push(selected.clone());
    }
    let id = format!("careers-{name}");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class=LABEL_CLASS>{label}</label>
            <select id=id name=name class=INPUT_CLASS>
                <option value="" selected=selected.is_empty()>{any}</option>
                {values.into_iter().map(|value| {
                    let chosen = value == selected;
                    let text = value.clone();
                    view! { <option value=value selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
