//! The careers site's server functions: public, so each looks the tenant up by its slug and
//! sees only that tenant's listed jobs.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::platform::context::{platform, read_pool},
};

/// The tenant's open jobs matching the search and filters, one page of them.
#[server]
pub async fn careers_jobs(slug: String, #[server(default)] params: CareersParams) -> Result<Careers<CareersPage>, AppError> {
    let platform = platform()?;
    let (tenant, mut tx) = repo::open(&platform.flags, read_pool(&platform).await, &slug).await?;
    if !tenant.active {
        return Ok(Careers::Unavailable { organization: tenant.name });
    }
    let page = params.page_number();
    let (jobs, total) = repo::jobs(&mut tx, tenant.id, &params, page).await?;
    let (departments, locations) = repo::filter_values(&mut tx, tenant.id).await?;
    tx.commit().await?;
    Ok(Careers::Open(CareersPage {
        organization: tenant.organization(),
        jobs,
        total,
        page,
        pages: (total.max(1) + PAGE_SIZE - 1) / PAGE_SIZE,
        departments,
        locations,
    }))
}

/// A job's public page. Rendering it counts a view (once per visitor and day): the page's
/// first render on the server calls this, and hydration reuses that answer instead of calling again.
#[server]
pub async fn careers_job(slug: String, id: Uuid) -> Result<Careers<JobPage>, AppError> {
    use crate::platform::context::{client_ip, user_agent};
    let platform = platform()?;
    let (tenant, mut tx) = repo::open(&platform.flags, read_pool(&platform).await, &slug).await?;
    if !tenant.active {
        return Ok(Careers::Unavailable { organization: tenant.name });
    }
    let job = repo::job(&mut tx, tenant.id, id, false).await?.filter(repo::Job::public).ok_or(AppError::NotFound)?;
    tx.commit().await?;
    let agent = user_agent().unwrap_or_default();
    if !super::is_robot(&agent) {
        // A view that cannot be counted still shows the page.
        if let Err(error) = repo::record_view(platform.db.write(), tenant.id, id, &client_ip(), &agent).await {
            tracing::warn!(?error, "a job view was not counted");
        }
    }
    let organization = tenant.organization();
    let careers_url = format!("{}/careers/{}", platform.settings.public_url, tenant.slug);
    let url = format!("{careers_url}/jobs/{id}");
    let closed = job.closed();
    let json_ld = closed.is_none().then(|| super::structured::job_posting(&organization, &careers_url, &url, &job));
    let source = &job.source;
    let salary = source
        .salary_visible
        .then(|| salary_text(source.salary_min, source.salary_max, source.salary_currency.as_deref().unwrap_or("")))
        .flatten();
    Ok(Careers::Open(JobPage {
        organization,
        job: PublicJob {
            id,
            title: source.title.clone(),
            description: source.description.clone(),
            department: source.department.clone(),
            location: crate::recruiting::requisitions::types::location_text(&source.city, &source.country, source.workplace),
            employment_type: source.employment_type,
            salary,
            deadline: source.deadline,
            posted: job.posted.date_naive(),
        },
        closed,
        json_ld,
        url,
        refill: super::apply::refill_of_request(),
        applicant: crate::seekers::applicant(&platform, id).await?.map(|(_, applicant)| applicant),
    }))
}


/// What the link mailed for an application held for confirmation leads to: the organization
/// and, while the link works, the job's title.
#[server]
pub async fn held_application(slug: String, token: String) -> Result<Careers<HeldApplicationPage>, AppError> {
    let platform = platform()?;
    let (tenant, mut tx) = repo::open(&platform.flags, platform.db.write(), &slug).await?;
    if !tenant.active {
        return Ok(Careers::Unavailable { organization: tenant.name });
    }
    let job_title = if crate::platform::tokens::well_formed(&token) {
        repo::held_job_title(&mut tx, tenant.id, &crate::platform::tokens::hash(&token)).await?
    } else {
        None
    };
    tx.commit().await?;
    Ok(Careers::Open(HeldApplicationPage { organization: tenant.organization(), job_title }))
}
