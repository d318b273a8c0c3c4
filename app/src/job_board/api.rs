//! The job board's server functions: public, read from the replica, showing only listed jobs.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::platform::context::{platform, read_pool},
    crate::platform::db::{Db, Scope},
    crate::usage::{events::Event, types::EventKind},
};

/// One page of the listed jobs matching the search and filters. When the words typed match
/// nothing, the words the board does not know are corrected to the nearest ones it does.
#[server]
pub async fn search_board(#[server(default)] params: BoardParams) -> Result<BoardResults, AppError> {
    let platform = platform()?;
    let seeker = crate::seekers::signed_in(&platform).await;
    let mut tx = board_transaction(&platform, seeker).await?;
    let mut search = repo::Search::from_params(&params);
    search.for_seeker = seeker.is_some();
    let page = params.page_number();
    let sort = params.sort();
    let (mut jobs, mut total) = repo::search(&mut tx, &search, sort, page).await?;
    let mut corrected = None;
    if total == 0 && !search.words.is_empty() {
        if let Some(words) = repo::corrected(&mut tx, &repo::words(&search.words)).await? {
            search.words = words.clone();
            (jobs, total) = repo::search(&mut tx, &search, sort, page).await?;
            corrected = (total > 0).then_some(words);
        }
    }
    tx.commit().await?;
    let words = crate::usage::types::normalized_query(&params.q);
    if page == 1 && !words.is_empty() {
        let event = Event { user_id: seeker, query: Some(words), results: Some(total.min(i64::from(i32::MAX)) as i32), ..Event::new(EventKind::Search) };
        crate::usage::events::record(&platform, event);
    }
    if let (Some(user_id), true, 1) = (seeker, params.narrowed(), page) {
        let mut history = Db::begin(platform.db.write(), &Scope::User(user_id)).await?;
        crate::seekers::repo::record_search(&mut history, user_id, &params).await?;
        history.commit().await?;
    }
    let counted = total.min(MAX_RESULTS);
    Ok(BoardResults {
        jobs,
        total: counted,
        more: total > MAX_RESULTS,
        page,
        pages: (counted.max(1) + PAGE_SIZE - 1) / PAGE_SIZE,
        corrected,
        seeker: seeker.is_some(),
    })
}

/// A read of the board on the replica: in a seeker's scope their own marks come with it.
#[cfg(feature = "ssr")]
async fn board_transaction(platform: &crate::platform::context::Platform, seeker: Option<Uuid>) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, AppError> {
    let pool = read_pool(platform).await;
    Ok(match seeker {
        Some(user_id) => Db::begin(pool, &Scope::User(user_id)).await?,
        None => pool.begin().await?,
    })
}

/// A listed job's page, with its structured data for search engines. A tenant's job is applied
/// for on its careers site, which is also the address search engines should index (the board's
/// copy says so, so that the job is listed once); an ingested job is applied for at its source.
/// `from`: the search whose results it was opened from, if any.
#[server]
pub async fn read_board_job(id: Uuid, #[server(default)] from: Option<String>) -> Result<BoardPosting, AppError> {
    use crate::careers::types::{salary_text, Organization};
    use crate::recruiting::requisitions::postings::PostingSource;
    use crate::recruiting::requisitions::types::{location_text, Status};

    let platform = platform()?;
    let seeker = crate::seekers::signed_in(&platform).await;
    let mut tx = board_transaction(&platform, seeker).await?;
    let job = repo::job(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let marks = match seeker {
        Some(_) => Some(crate::seekers::repo::marks(&mut tx, id).await?),
        None => None,
    };
    tx.commit().await?;
    let words = from.as_deref().map(crate::usage::types::normalized_query).filter(|words| !words.is_empty());
    if let Some(words) = words {
        crate::usage::events::record(&platform, Event { user_id: seeker, tenant_id: job.tenant_id, query: Some(words), ..Event::new(EventKind::SearchClick) });
    }
    if let Some(user_id) = seeker {
        let mut view = Db::begin(platform.db.write(), &Scope::User(user_id)).await?;
        crate::seekers::repo::record_view(&mut view, user_id, id).await?;
        view.commit().await?;
    }
    let base = &platform.settings.public_url;
    // A tenant's job is indexed at its careers page; an ingested one, which has no page here
    // but the board's, at the board's (its source's page is only where it is applied for).
    let (apply, canonical, company_url, slug, posting_id) = match (job.company_slug.clone(), job.requisition_id, job.apply_url.clone()) {
        (Some(slug), Some(requisition), _) => {
            let path = format!("/careers/{slug}/jobs/{requisition}");
            (ApplyAt::Careers(path.clone()), format!("{base}{path}"), format!("{base}/careers/{slug}"), slug, requisition)
        }
        (_, None, Some(url)) => (ApplyAt::Elsewhere(url.clone()), format!("{base}/jobs-board/{}", job.id), url, String::new(), job.id),
        _ => return Err(AppError::NotFound),
    };
    let source = PostingSource {
        id: posting_id,
        title: job.title.clone(),
        description: job.description.clone(),
        department: job.department.clone(),
        city: job.city.clone(),
        country: job.country.clone(),
        workplace: job.workplace,
        employment_type: job.employment_type,
        salary_min: job.salary_min,
        salary_max: job.salary_max,
        salary_currency: job.salary_currency.clone(),
        salary_visible: job.salary_min.is_some() || job.salary_max.is_some(),
        deadline: job.deadline,
        status: Status::Open,
        published: true,
        past_deadline: false,
    };
    let organization = Organization { name: job.company.clone(), slug };
    let posting = crate::careers::repo::Job { source, deleted: false, posted: job.posted };
    let json_ld = crate::careers::structured::job_posting(&organization, &company_url, &canonical, &posting);
    Ok(BoardPosting {
        seeker: marks,
        job: BoardJob {
            id: job.id,
            salary: salary_text(job.salary_min, job.salary_max, job.salary_currency.as_deref().unwrap_or("")),
            location: location_text(&job.city, &job.country, job.workplace),
            title: job.title,
            company: job.company,
            description: job.description,
            department: job.department,
            employment_type: job.employment_type,
            deadline: job.deadline,
            posted: job.posted.date_naive(),
            apply,
        },
        json_ld,
        canonical,
    })
}
