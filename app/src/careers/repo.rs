//! The careers site in the database: the tenant by its slug, the jobs it lists, views,
//! rate limits and applications. A visitor has no user: each transaction is narrowed to
//! the tenant the address names once the slug has been looked up.

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::types::*;
use crate::platform::db::Db;
use crate::platform::flags::{keys, Flags, Subject};
use crate::platform::{validate, AppError};
use crate::recruiting::candidates::documents::StoredPdf;
use crate::recruiting::pipeline::repo::{open_application, Opening};
use crate::recruiting::postings::{self, PostingSource};
use crate::recruiting::types::{location_text, Portal, Status};

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

fn parse<T: std::str::FromStr>(text: &str) -> Result<T, AppError> {
    text.parse().map_err(|_| {
        tracing::error!(text, "unexpected value in a careers row");
        AppError::Internal
    })
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
    type Row = (Uuid, String, String, String, String, String, String, Option<NaiveDate>, i64);
    let rows: Vec<Row> = sql.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map_or(0, |r| r.8);
    let jobs = rows
        .into_iter()
        .map(|(id, title, department, city, country, workplace, employment_type, deadline, _)| {
            Ok(JobSummary {
                id,
                title,
                department,
                location: location_text(&city, &country, parse(&workplace)?),
                employment_type: parse(&employment_type)?,
                deadline,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
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
    let (source, deleted, posted) = (postings::source_of(row.source)?, row.deleted, row.posted);
    Ok(Some(Job { source, deleted, posted }))
}

/// Today's salt (UTC), created by whichever server asks first.
async fn todays_salt(conn: &mut PgConnection) -> Result<(NaiveDate, Vec<u8>), AppError> {
    let mut salt = [0u8; 32];
    getrandom::fill(&mut salt).map_err(|_| AppError::Internal)?;
    sqlx::query("insert into daily_salts (day, salt) values ((now() at time zone 'utc')::date, $1) on conflict (day) do nothing")
        .bind(&salt[..])
        .execute(&mut *conn)
        .await?;
    // A separate statement: it sees a salt another server committed meanwhile.
    Ok(sqlx::query_as("select day, salt from daily_salts where day = (now() at time zone 'utc')::date").fetch_one(conn).await?)
}

fn salted(salt: &[u8], parts: &[&str]) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().to_vec()
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

/// Counts one hit for `key` (an address) in `bucket` unless it already has `max` in the last
/// hour; true when refused. The key is stored salted and hashed, and hits are serialized per
/// key, so that every app server counts the same hits.
pub async fn rate_limited(conn: &mut PgConnection, bucket: &str, key: &str, max: i64) -> Result<bool, AppError> {
    let (_, salt) = todays_salt(&mut *conn).await?;
    let hash = salted(&salt, &[bucket, key]);
    sqlx::query("select pg_advisory_xact_lock(hashtextextended(encode($1, 'hex'), 0))").bind(&hash).execute(&mut *conn).await?;
    let recent: i64 = sqlx::query_scalar("select count(*) from rate_limit_hits where bucket = $1 and key_hash = $2 and at > now() - interval '1 hour'")
        .bind(bucket)
        .bind(&hash)
        .fetch_one(&mut *conn)
        .await?;
    if recent >= max {
        return Ok(true);
    }
    sqlx::query("insert into rate_limit_hits (bucket, key_hash) values ($1, $2)").bind(bucket).bind(&hash).execute(conn).await?;
    Ok(false)
}

/// Whether the tenant's candidate with this email already applied for the job.
pub async fn already_applied(conn: &mut PgConnection, tenant_id: Uuid, job_id: Uuid, email: &str) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from applications a join candidates c on c.id = a.candidate_id
                        where a.requisition_id = $1 and a.tenant_id = $2 and c.tenant_id = $2 and lower(c.email) = lower($3))",
    )
    .bind(job_id)
    .bind(tenant_id)
    .bind(email)
    .fetch_one(conn)
    .await?)
}

/// A validated application and its stored résumé.
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub cover_note: String,
    pub resume: StoredPdf,
}

/// Creates (or reuses, by email) the candidate, the résumé's row, the application and
/// today's count. `Ok(None)` when this person already applied for this job.
pub async fn create_application(conn: &mut PgConnection, tenant_id: Uuid, job_id: Uuid, new: &NewApplication) -> Result<Option<Uuid>, AppError> {
    let candidate_id: Uuid = sqlx::query_scalar(
        "insert into candidates (id, tenant_id, name, email, phone, source) values ($1, $2, $3, $4, $5, 'careers_site')
         on conflict (tenant_id, lower(email)) do update
         set updated_at = now(), phone = case when candidates.phone = '' then excluded.phone else candidates.phone end
         returning id",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(&new.name)
    .bind(&new.email)
    .bind(&new.phone)
    .fetch_one(&mut *conn)
    .await?;
    let applied: bool = sqlx::query_scalar("select exists (select 1 from applications where requisition_id = $1 and candidate_id = $2)")
        .bind(job_id)
        .bind(candidate_id)
        .fetch_one(&mut *conn)
        .await?;
    if applied {
        return Ok(None);
    }
    let file_id = crate::recruiting::candidates::documents::register(&mut *conn, tenant_id, candidate_id, &new.resume, "resume", None).await?;
    let opening = Opening {
        candidate_id,
        requisition_id: job_id,
        source: "careers_site".to_owned(),
        cover_note: new.cover_note.clone(),
        resume_file_id: Some(file_id),
        consented: true,
        actor_id: None,
    };
    open_application(conn, tenant_id, &opening).await
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
    rows.into_iter()
        .map(|row| Ok((postings::source_of(row.source)?, row.posted.unwrap_or_else(Utc::now))))
        .collect()
}

/// Every listed job's id and when it last changed, for the sitemap.
pub async fn sitemap(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, DateTime<Utc>)>, AppError> {
    Ok(sqlx::query_as(&format!("select r.id, r.updated_at from requisitions r where r.tenant_id = $1 and {LISTED} order by r.created_at desc, r.id"))
        .bind(tenant_id)
        .fetch_all(conn)
        .await?)
}
