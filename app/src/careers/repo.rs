//! The careers site in the database: the tenant by its slug, the jobs it lists, views,
//! rate limits and applications. A visitor has no user: each transaction is narrowed to
//! the tenant the address names once the slug has been looked up.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::types::*;
use crate::platform::db::Db;
use crate::platform::flags::{keys, Flags, Subject};
use crate::platform::{validate, AppError};
use crate::recruiting::candidates::documents::StoredPdf;
use crate::recruiting::pipeline::repo::{open_application, Opening};
use crate::recruiting::requisitions::postings::{self, PostingSource};
use crate::recruiting::requisitions::types::{location_text, EmploymentType, Portal, Status, Workplace};

/// What the careers site shows: open, published, not deleted, deadline today or later (UTC).
const LISTED: &str = "r.status = 'open' and r.published and r.deleted_at is null
    and (r.deadline is null or r.deadline >= (now() at time zone 'utc')::date)";

#[derive(Debug, Clone)]
pub struct Tenant {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub active: bool,
}

impl Tenant {
    pub fn organization(&self) -> Organization {
        Organization { name: self.name.clone(), slug: self.slug.clone() }
    }
}

/// A transaction on `pool` that sees only the rows of the tenant `slug` names, and that
/// tenant. Not found for a slug no tenant has, or whose careers site is switched off.
pub async fn open(flags: &Flags, pool: &PgPool, slug: &str) -> Result<(Tenant, Transaction<'static, Postgres>), AppError> {
    let slug = validate::slug("slug", slug).map_err(|_| AppError::NotFound)?;
    let mut tx = pool.begin().await?;
    let (id, name, status, plan): (Uuid, String, String, String) = sqlx::query_as("select id, name, status, plan from tenants where slug = $1")
        .bind(&slug)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    flags.require(keys::CAREERS_SITE, &Subject { tenant: Some(id), plan: Some(&plan), user: None })?;
    Db::enter_tenant(&mut tx, id).await?;
    Ok((Tenant { id, name, slug, active: status == "active" }, tx))
}

const HAYSTACK: &str = "lower(r.title || ' ' || r.department)";

/// One page of the listed jobs matching the search and filters, best matches first when
/// searching, newest first otherwise; and how many match in all.
pub async fn jobs(conn: &mut PgConnection, tenant_id: Uuid, params: &CareersParams, page: i64) -> Result<(Vec<JobSummary>, i64), AppError> {
    let search = params.search().to_lowercase();
    if !search.is_empty() {
        crate::platform::db::loosen_search(&mut *conn).await?;
    }
    let mut sql = QueryBuilder::<Postgres>::new(
        "select r.id, r.title, r.department, r.location_city, r.location_country, r.workplace, r.employment_type, r.deadline,
                count(*) over () from requisitions r where r.tenant_id = ",
    );
    sql.push_bind(tenant_id).push(format!(" and {LISTED}"));
    let department = params.department.trim();
    if !department.is_empty() {
        sql.push(" and r.department = ").push_bind(department.to_owned());
    }
    let location = params.location.trim();
    if !location.is_empty() {
        sql.push(" and r.location_city = ").push_bind(location.to_owned());
    }
    if params.remote_only() {
        sql.push(" and r.workplace = 'remote'");
    }
    if search.is_empty() {
        sql.push(" order by coalesce(r.opened_at, r.created_at) desc, r.id desc");
    } else {
        // A substring matches literally (its wildcards escaped); a misspelt or partial word by trigrams.
        sql.push(format!(" and ({HAYSTACK} like ")).push_bind(format!("%{}%", crate::platform::db::like_escape(&search))).push(" escape '\\'");
        sql.push(" or ").push_bind(search.clone()).push(format!(" <% {HAYSTACK}"));
        sql.push(" or ").push_bind(search.clone()).push(format!(" % {HAYSTACK})"));
        sql.push(" order by greatest(word_similarity(").push_bind(search.clone()).push(format!(", {HAYSTACK}), similarity("));
        sql.push_bind(search).push(format!(", {HAYSTACK})) desc, coalesce(r.opened_at, r.created_at) desc, r.id desc"));
    }
    sql.push(" limit ").push_bind(PAGE_SIZE).push(" offset ").push_bind((page - 1) * PAGE_SIZE);
    type Row = (Uuid, String, String, String, String, Workplace, EmploymentType, Option<NaiveDate>, i64);
    let rows: Vec<Row> = sql.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map_or(0, |r| r.8);
    let jobs = rows
        .into_iter()
        .map(|(id, title, department, city, country, workplace, employment_type, deadline, _)| JobSummary {
            id,
            title,
            department,
            location: location_text(&city, &country, workplace),
            employment_type,
            deadline,
        })
        .collect();
    Ok((jobs, total))
}

/// Departments and cities of the listed jobs, for the filter menus.
pub async fn filter_values(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(Vec<String>, Vec<String>), AppError> {
    let departments = sqlx::query_scalar(&format!(
        "select distinct r.department from requisitions r where r.tenant_id = $1 and {LISTED} and r.department <> '' order by 1"
    ))
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let locations = sqlx::query_scalar(&format!(
        "select distinct r.location_city from requisitions r where r.tenant_id = $1 and {LISTED} and r.location_city <> '' order by 1"
    ))
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok((departments, locations))
}

/// A requisition of the tenant as the public side needs it.
#[derive(Debug, Clone)]
pub struct Job {
    pub source: PostingSource,
    pub deleted: bool,
    pub posted: DateTime<Utc>,
}

impl Job {
    /// Why it takes no applications, if it does not.
    pub fn closed(&self) -> Option<ApplyProblem> {
        let job = &self.source;
        if self.deleted {
            Some(ApplyProblem::Removed)
        } else if job.status == Status::Draft || !job.published {
            Some(ApplyProblem::NotPublished)
        } else if job.status == Status::OnHold {
            Some(ApplyProblem::OnHold)
        } else if matches!(job.status, Status::Closed | Status::Archived) {
            Some(ApplyProblem::Closed)
        } else if job.past_deadline {
            Some(ApplyProblem::PastDeadline)
        } else {
            None
        }
    }

    /// Whether its page shows at all: a draft, unpublished or deleted job is not there.
    pub fn public(&self) -> bool {
        !matches!(self.closed(), Some(ApplyProblem::Removed | ApplyProblem::NotPublished))
    }
}

/// One of the tenant's requisitions, deleted ones included; `lock` holds it (shared) to the end of the transaction.
pub async fn job(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, lock: bool) -> Result<Option<Job>, AppError> {
    let sql = format!(
        "select {}, r.deleted_at is not null as deleted, coalesce(r.opened_at, r.created_at) as posted
         from requisitions r where r.id = $1 and r.tenant_id = $2{}",
        postings::SOURCE_COLUMNS,
        if lock { " for share of r" } else { "" }
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        source: postings::SourceRow,
        deleted: bool,
        posted: DateTime<Utc>,
    }
    let Some(row): Option<Row> = sqlx::query_as(&sql).bind(id).bind(tenant_id).fetch_optional(conn).await? else {
        return Ok(None);
    };
    let (source, deleted, posted) = (postings::source_of(row.source), row.deleted, row.posted);
    Ok(Some(Job { source, deleted, posted }))
}

/// Counts a view of the job, once per visitor (address and browser) per day. No cookie
/// and nothing that identifies the visitor is kept: only a hash salted with the day's salt
/// (`count_job_view` in the database, one statement). Returns whether this view counted.
pub async fn record_view(pool: &PgPool, tenant_id: Uuid, id: Uuid, ip: &str, user_agent: &str) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select count_job_view($1, $2, $3, $4)")
        .bind(tenant_id)
        .bind(id)
        .bind(ip)
        .bind(user_agent)
        .fetch_one(pool)
        .await?)
}

pub const APPLY_BUCKET: &str = "careers.apply";

/// The tenant's candidate with this email, and whether they applied for the job already.
pub async fn candidate_by_email(conn: &mut PgConnection, tenant_id: Uuid, job_id: Uuid, email: &str) -> Result<Option<(Uuid, bool)>, AppError> {
    Ok(sqlx::query_as(
        "select c.id, exists (select 1 from applications a where a.requisition_id = $2 and a.candidate_id = c.id and a.tenant_id = $1)
         from candidates c where c.tenant_id = $1 and lower(c.email) = lower($3)",
    )
    .bind(tenant_id)
    .bind(job_id)
    .bind(email)
    .fetch_optional(conn)
    .await?)
}

/// The job a seeker applied for, as their own record of it keeps it.
pub struct AppliedJob<'a> {
    pub requisition_id: Uuid,
    pub title: &'a str,
    pub company: &'a str,
    pub company_slug: &'a str,
}

/// A validated application and its stored résumé.
#[derive(Debug, Clone)]
pub struct NewApplication {
    /// Where it came from: the careers site's form (`careers_site`), or a seeker's from the board (`job_board`).
    pub source: &'static str,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub cover_note: String,
    pub resume: StoredPdf,
}

/// Creates (or reuses, by email) the candidate, the résumé's row, the application and
/// today's count. `Ok(None)` when this person already applied for this job.
/// A new candidate with the application and its résumé; `None` when the tenant already has a
/// candidate with this email (whose profile only its owner may add to).
pub async fn create_application(conn: &mut PgConnection, tenant_id: Uuid, job_id: Uuid, new: &NewApplication) -> Result<Option<Uuid>, AppError> {
    let candidate_id: Option<Uuid> = sqlx::query_scalar(
        "insert into candidates (id, tenant_id, name, email, phone, source) values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, lower(email)) do nothing
         returning id",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(&new.name)
    .bind(&new.email)
    .bind(&new.phone)
    .bind(new.source)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(candidate_id) = candidate_id else { return Ok(None) };
    attach_application(conn, tenant_id, job_id, candidate_id, new).await.map(Some)
}

/// An application whose sender is known to own the address (a confirmed one, the demo's):
/// the tenant's candidate with that email, created if new, gets it and its résumé. `None` when
/// they applied for the job already.
pub async fn record_application(conn: &mut PgConnection, tenant_id: Uuid, job_id: Uuid, new: &NewApplication) -> Result<Option<Uuid>, AppError> {
    let candidate_id: Uuid = sqlx::query_scalar(
        "insert into candidates (id, tenant_id, name, email, phone, source) values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, lower(email)) do update
         set updated_at = now(), phone = case when candidates.phone = '' then excluded.phone else candidates.phone end
         returning id",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(&new.name)
    .bind(&new.email)
    .bind(&new.phone)
    .bind(new.source)
    .fetch_one(&mut *conn)
    .await?;
    let applied: bool = sqlx::query_scalar("select exists (select 1 from applications where requisition_id = $1 and candidate_id = $2 and tenant_id = $3)")
        .bind(job_id)
        .bind(candidate_id)
        .bind(tenant_id)
        .fetch_one(&mut *conn)
        .await?;
    if applied {
        return Ok(None);
    }
    attach_application(conn, tenant_id, job_id, candidate_id, new).await.map(Some)
}

/// Copies the skills of the seeker's profile to the candidate of their application, when the
/// seeker agreed to send them: those the tenant names the same way, in any letter case; a level
/// already kept stays when it is higher. Needs both scopes: the tenant's and the seeker's.
pub async fn send_seeker_skills(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, user_id: Uuid) -> Result<(), AppError> {
    use crate::seekers::profile::types::SkillLevel;
    let (levels, proficiencies): (Vec<&str>, Vec<i16>) = SkillLevel::ALL.iter().map(|level| (level.as_str(), level.proficiency())).unzip();
    sqlx::query(
        "insert into candidate_skills (tenant_id, candidate_id, skill_id, proficiency)
         select a.tenant_id, a.candidate_id, k.id, l.proficiency
         from applications a
         join seeker_skills s on s.user_id = $3
         join unnest($4::text[], $5::smallint[]) as l(level, proficiency) on l.level = s.level
         join skills k on k.tenant_id = a.tenant_id and lower(k.name) = lower(s.name)
         where a.id = $2 and a.tenant_id = $1
         on conflict (candidate_id, skill_id) do update set proficiency = excluded.proficiency
         where candidate_skills.proficiency < excluded.proficiency",
    )
    .bind(tenant_id)
    .bind(application_id)
    .bind(user_id)
    .bind(&levels)
    .bind(&proficiencies)
    .execute(conn)
    .await?;
    Ok(())
}

/// The application of an existing candidate, with its résumé added to their profile.
async fn attach_application(conn: &mut PgConnection, tenant_id: Uuid, job_id: Uuid, candidate_id: Uuid, new: &NewApplication) -> Result<Uuid, AppError> {
    let file_id = crate::recruiting::candidates::documents::register(&mut *conn, tenant_id, candidate_id, &new.resume, "resume", None).await?;
    let opening = Opening {
        candidate_id,
        requisition_id: job_id,
        source: new.source.to_owned(),
        cover_note: new.cover_note.clone(),
        resume_file_id: Some(file_id),
        consented: true,
        actor_id: None,
    };
    open_application(conn, tenant_id, &opening).await?.ok_or_else(|| AppError::internal("no application opened: the candidate already had one for the job"))
}

/// Keeps an application for an existing candidate until the mailbox's owner confirms it (7 days).
pub async fn hold_for_confirmation(conn: &mut PgConnection, tenant_id: Uuid, job_id: Uuid, candidate_id: Uuid, new: &NewApplication, token_hash: &[u8]) -> Result<(), AppError> {
    sqlx::query(
        "insert into application_confirmations (id, tenant_id, requisition_id, candidate_id, name, email, phone, cover_note,
                                                storage_key, file_name, size_bytes, sha256, token_hash, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now() + interval '7 days')",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(job_id)
    .bind(candidate_id)
    .bind(&new.name)
    .bind(&new.email)
    .bind(&new.phone)
    .bind(&new.cover_note)
    .bind(&new.resume.storage_key)
    .bind(&new.resume.file_name)
    .bind(new.resume.size)
    .bind(&new.resume.sha256)
    .bind(token_hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// The title of the job an unexpired held application is for.
pub async fn held_job_title(conn: &mut PgConnection, tenant_id: Uuid, token_hash: &[u8]) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select r.title from application_confirmations h join requisitions r on r.id = h.requisition_id and r.tenant_id = h.tenant_id
         where h.tenant_id = $1 and h.token_hash = $2 and h.expires_at > now()",
    )
    .bind(tenant_id)
    .bind(token_hash)
    .fetch_optional(conn)
    .await?)
}

/// An application waiting for confirmation, taken out of waiting.
pub struct HeldApplication {
    pub job_id: Uuid,
    pub application: NewApplication,
}

/// Takes the unexpired application held under this link; `None` for an unknown, used or expired one.
pub async fn take_held(conn: &mut PgConnection, tenant_id: Uuid, token_hash: &[u8]) -> Result<Option<HeldApplication>, AppError> {
    type Row = (Uuid, String, String, String, String, String, String, i64, Vec<u8>);
    let row: Option<Row> = sqlx::query_as(
        "delete from application_confirmations where tenant_id = $1 and token_hash = $2 and expires_at > now()
         returning requisition_id, name, email, phone, cover_note, storage_key, file_name, size_bytes, sha256",
    )
    .bind(tenant_id)
    .bind(token_hash)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(job_id, name, email, phone, cover_note, storage_key, file_name, size, sha256)| HeldApplication {
        job_id,
        application: NewApplication { source: "careers_site", name, email, phone, cover_note, resume: StoredPdf { storage_key, file_name, size, sha256 } },
    }))
}

/// Adds a confirmed application to the candidate's profile; `None` when they applied meanwhile.
pub async fn confirm_held(conn: &mut PgConnection, tenant_id: Uuid, held: &HeldApplication) -> Result<Option<Uuid>, AppError> {
    record_application(conn, tenant_id, held.job_id, &held.application).await
}

/// Removes the held applications whose link expired, across tenants; returns their files' keys.
pub async fn remove_expired_held(conn: &mut PgConnection) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar("delete from application_confirmations where expires_at <= now() returning storage_key").fetch_all(conn).await?)
}

/// The listed jobs with a live posting (to `portal`, or to any board), for the boards' feed,
/// with when each was first posted.
pub async fn feed_jobs(conn: &mut PgConnection, tenant_id: Uuid, portal: Option<Portal>) -> Result<Vec<(PostingSource, DateTime<Utc>)>, AppError> {
    let sql = format!(
        "select {}, (select min(p.posted_at) from external_postings p
                     where p.requisition_id = r.id and p.tenant_id = r.tenant_id and p.status = 'posted'
                       and (p.expires_at is null or p.expires_at > now()) and ($2::text is null or p.portal = $2)) as posted
         from requisitions r where r.tenant_id = $1 and {LISTED}
           and exists (select 1 from external_postings p
                       where p.requisition_id = r.id and p.tenant_id = r.tenant_id and p.status = 'posted'
                         and (p.expires_at is null or p.expires_at > now()) and ($2::text is null or p.portal = $2))
         order by posted desc, r.id",
        postings::SOURCE_COLUMNS
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        source: postings::SourceRow,
        posted: Option<DateTime<Utc>>,
    }
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(tenant_id).bind(portal.map(|p| p.as_str())).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|row| (postings::source_of(row.source), row.posted.unwrap_or_else(Utc::now))).collect())
}

/// Every listed job's id and when it last changed, for the sitemap.
pub async fn sitemap(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, DateTime<Utc>)>, AppError> {
    Ok(sqlx::query_as(&format!("select r.id, r.updated_at from requisitions r where r.tenant_id = $1 and {LISTED} order by r.created_at desc, r.id"))
        .bind(tenant_id)
        .fetch_all(conn)
        .await?)
}
