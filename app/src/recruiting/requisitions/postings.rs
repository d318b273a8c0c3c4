//! Postings to job boards (LinkedIn, Naukri, Indeed): one adapter per board, with the
//! fields it requires, its length limits and how a requisition maps onto its feed.
//!
//! Posting records the requisition as posted to the board for 30 days. Boards pull the
//! careers site's XML feed (`/careers/{slug}/jobs.xml`), which lists what is posted: their
//! push APIs need partner credentials no deployment has, so for now an adapter's push is
//! the feed. A push would be one more method of `PortalAdapter`, run from the queue.

use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use super::types::{EmploymentType, Portal, Posting, Status, Workplace};
use crate::platform::AppError;

#[cfg(feature = "ssr")]
pub use service::*;

/// A requisition's postings, one per board it was ever posted to.
#[server]
pub async fn requisition_postings(requisition_id: Uuid) -> Result<Vec<Posting>, AppError> {
    use crate::platform::context::{Access, Ctx};
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    // Not found for another tenant's or a deleted requisition.
    super::repo::may_edit(&mut ctx.tx, ctx.tenant_id, &ctx.user, requisition_id).await?;
    let postings = postings(&mut ctx.tx, ctx.tenant_id, requisition_id).await?;
    ctx.commit().await?;
    Ok(postings)
}

/// Posts the requisition to the boards named (`linkedin`, `naukri`, `indeed`). Every board's
/// checks must pass: otherwise nothing is posted and the message lists every problem, one a line.
#[server]
pub async fn post_requisition(requisition_id: Uuid, #[server(default)] portals: Vec<String>) -> Result<Vec<Posting>, AppError> {
    use crate::platform::context::{Access, Ctx};
    let mut chosen = Vec::new();
    for name in &portals {
        let portal = name.trim().parse::<Portal>().map_err(|_| AppError::invalid("portals", "Choose LinkedIn, Naukri or Indeed."))?;
        if !chosen.contains(&portal) {
            chosen.push(portal);
        }
    }
    if chosen.is_empty() {
        return Err(AppError::invalid("portals", "Choose at least one job board to post to."));
    }
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    if !super::repo::may_edit(&mut ctx.tx, ctx.tenant_id, &ctx.user, requisition_id).await? {
        return Err(AppError::Forbidden);
    }
    let source = source(&mut ctx.tx, ctx.tenant_id, requisition_id, true).await?;
    check_all(&source, &chosen).map_err(|problems| AppError::invalid("portals", problems.join("\n")))?;
    post(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, requisition_id, &chosen).await?;
    audit_change(&mut ctx.tx, ctx.tenant_id, &ctx.user, requisition_id, "requisition.post", &chosen).await?;
    let postings = postings(&mut ctx.tx, ctx.tenant_id, requisition_id).await?;
    ctx.commit().await?;
    Ok(postings)
}

/// Takes the requisition off one board.
#[server]
pub async fn withdraw_posting(requisition_id: Uuid, portal: String) -> Result<Vec<Posting>, AppError> {
    use crate::platform::context::{Access, Ctx};
    let portal = portal.trim().parse::<Portal>().map_err(|_| AppError::invalid("portal", "Choose LinkedIn, Naukri or Indeed."))?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    if !super::repo::may_edit(&mut ctx.tx, ctx.tenant_id, &ctx.user, requisition_id).await? {
        return Err(AppError::Forbidden);
    }
    if !withdraw(&mut ctx.tx, ctx.tenant_id, requisition_id, portal).await? {
        return Err(AppError::invalid("portal", format!("This requisition is not posted to {}.", portal.label())));
    }
    audit_change(&mut ctx.tx, ctx.tenant_id, &ctx.user, requisition_id, "requisition.withdraw_posting", &[portal]).await?;
    let postings = postings(&mut ctx.tx, ctx.tenant_id, requisition_id).await?;
    ctx.commit().await?;
    Ok(postings)
}

/// A board's rules and its view of a requisition.
pub trait PortalAdapter: Sync {
    fn portal(&self) -> Portal;
    fn rules(&self) -> Rules;

    /// Every problem that keeps the requisition off this board, each naming the field.
    fn check(&self, job: &PostingSource) -> Result<(), Vec<String>> {
        let rules = self.rules();
        let label = self.portal().label();
        let mut problems = Vec::new();
        let title = job.title.chars().count();
        if title > rules.title_max {
            problems.push(format!("{label}: the title can be at most {} characters (it has {title}).", rules.title_max));
        }
        let description = job.description.trim().chars().count();
        if description < rules.description_min {
            problems.push(format!("{label}: the description needs at least {} characters (it has {description}).", rules.description_min));
        }
        if description > rules.description_max {
            problems.push(format!("{label}: the description can be at most {} characters (it has {description}).", rules.description_max));
        }
        let (city, country) = (!job.city.trim().is_empty(), !job.country.trim().is_empty());
        let remote = job.workplace == Workplace::Remote;
        match rules.place {
            Place::CityOrCountry if !city && !country => {
                problems.push(format!("{label}: add a location (a city or a country)."));
            }
            Place::City if !city => problems.push(format!("{label}: add a city.")),
            Place::CityOrRemote if !city && !remote => {
                problems.push(format!("{label}: add a city, or make the workplace remote."));
            }
            _ => {}
        }
        if rules.needs_salary && job.salary_min.is_none() && job.salary_max.is_none() {
            problems.push(format!("{label}: add a salary range."));
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// The requisition as this board's feed entry describes it.
    fn feed_job(&self, job: &PostingSource) -> FeedJob {
        FeedJob {
            reference: job.id,
            title: job.title.chars().take(self.rules().title_max).collect(),
            description_html: description_html(&job.description),
            category: job.department.clone(),
            city: job.city.clone(),
            country: job.country.clone(),
            remote: job.workplace == Workplace::Remote,
            job_type: feed_job_type(job.employment_type),
            salary: job
                .salary_visible
                .then(|| crate::careers::types::salary_text(job.salary_min, job.salary_max, job.salary_currency.as_deref().unwrap_or("")))
                .flatten(),
            expires: job.deadline,
        }
    }
}

/// Where a board needs the job to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    CityOrCountry,
    City,
    CityOrRemote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub title_max: usize,
    pub description_min: usize,
    pub description_max: usize,
    pub place: Place,
    pub needs_salary: bool,
}

pub struct Linkedin;
pub struct Naukri;
pub struct Indeed;

impl PortalAdapter for Linkedin {
    fn portal(&self) -> Portal {
        Portal::Linkedin
    }
    fn rules(&self) -> Rules {
        Rules { title_max: 200, description_min: 100, description_max: 25_000, place: Place::CityOrCountry, needs_salary: false }
    }
}

impl PortalAdapter for Naukri {
    fn portal(&self) -> Portal {
        Portal::Naukri
    }
    fn rules(&self) -> Rules {
        Rules { title_max: 100, description_min: 0, description_max: 20_000, place: Place::City, needs_salary: true }
    }
}

impl PortalAdapter for Indeed {
    fn portal(&self) -> Portal {
        Portal::Indeed
    }
    fn rules(&self) -> Rules {
        Rules { title_max: 150, description_min: 30, description_max: 20_000, place: Place::CityOrRemote, needs_salary: false }
    }
}

pub fn adapter(portal: Portal) -> &'static dyn PortalAdapter {
    match portal {
        Portal::Linkedin => &Linkedin,
        Portal::Naukri => &Naukri,
        Portal::Indeed => &Indeed,
    }
}

/// What a board sees of a requisition.
#[derive(Debug, Clone, PartialEq)]
pub struct PostingSource {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub department: String,
    pub city: String,
    pub country: String,
    pub workplace: Workplace,
    pub employment_type: EmploymentType,
    pub salary_min: Option<f64>,
    pub salary_max: Option<f64>,
    pub salary_currency: Option<String>,
    pub salary_visible: bool,
    pub deadline: Option<NaiveDate>,
    pub status: Status,
    pub published: bool,
    /// Its deadline is before today.
    pub past_deadline: bool,
}

/// One job of a board's XML feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedJob {
    pub reference: Uuid,
    pub title: String,
    pub description_html: String,
    pub category: String,
    pub city: String,
    pub country: String,
    pub remote: bool,
    /// Indeed's words, which the other boards' feeds read too.
    pub job_type: &'static str,
    pub salary: Option<String>,
    pub expires: Option<NaiveDate>,
}

fn feed_job_type(kind: EmploymentType) -> &'static str {
    match kind {
        EmploymentType::FullTime => "fulltime",
        EmploymentType::PartTime => "parttime",
        EmploymentType::Contract => "contract",
        EmploymentType::Temporary => "temporary",
        EmploymentType::Internship => "internship",
    }
}

/// Every board's problems, and those of the requisition itself: only an open, published
/// requisition can be posted, as the feed lists nothing else.
pub fn check_all(job: &PostingSource, portals: &[Portal]) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    if job.status != Status::Open {
        problems.push(format!("Open the requisition before posting it (it is {}).", job.status.label().to_lowercase()));
    }
    if !job.published {
        problems.push("Publish the requisition on your careers site before posting it: job boards link to its page there.".to_owned());
    }
    if job.past_deadline {
        problems.push("The application deadline has passed: move it before posting.".to_owned());
    }
    for portal in portals {
        if let Err(more) = adapter(*portal).check(job) {
            problems.extend(more);
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// Plain text as simple HTML, for feeds and structured data that want HTML: a blank line
/// starts a paragraph, lines starting with "- " or "* " make a list, everything escaped.
pub fn description_html(text: &str) -> String {
    fn escape(text: &str) -> String {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
    }
    let mut html = String::new();
    let (mut paragraph, mut items): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |html: &mut String, paragraph: &mut Vec<&str>, items: &mut Vec<&str>| {
        if !paragraph.is_empty() {
            html.push_str(&format!("<p>{}</p>", paragraph.iter().map(|l| escape(l)).collect::<Vec<_>>().join("<br>")));
            paragraph.clear();
        }
        if !items.is_empty() {
            html.push_str(&format!("<ul>{}</ul>", items.iter().map(|i| format!("<li>{}</li>", escape(i))).collect::<String>()));
            items.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(item) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) {
            if !paragraph.is_empty() {
                flush(&mut html, &mut paragraph, &mut Vec::new());
            }
            items.push(item.trim());
        } else if trimmed.is_empty() {
            flush(&mut html, &mut paragraph, &mut items);
        } else {
            if !items.is_empty() {
                flush(&mut html, &mut Vec::new(), &mut items);
            }
            paragraph.push(trimmed);
        }
    }
    flush(&mut html, &mut paragraph, &mut items);
    html
}

#[cfg(feature = "ssr")]
mod service {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde_json::json;
    use sqlx::PgConnection;
    use uuid::Uuid;

    use super::PostingSource;
    use crate::platform::db::{Db, Scope};
    use crate::platform::{AppError, CurrentUser, Role};
    use crate::recruiting::requisitions::types::{EmploymentType, Portal, Posting, PostingStatus, Status, Workplace};

    /// How long a posting lasts before it expires.
    pub const POSTING_DAYS: i32 = 30;
    pub const EXPIRE_KIND: &str = "recruiting.expire_postings";

    /// A requisition row as `SOURCE_COLUMNS` reads it.
    #[derive(Debug, sqlx::FromRow)]
    pub struct SourceRow {
        id: Uuid,
        title: String,
        description: String,
        department: String,
        location_city: String,
        location_country: String,
        workplace: Workplace,
        employment_type: EmploymentType,
        salary_min: Option<f64>,
        salary_max: Option<f64>,
        salary_currency: Option<String>,
        salary_visible: bool,
        deadline: Option<NaiveDate>,
        status: Status,
        published: bool,
        past_deadline: bool,
    }

    /// The columns of `SourceRow`, from `requisitions r`.
    pub const SOURCE_COLUMNS: &str = "r.id, r.title, r.description, r.department, r.location_city, r.location_country, r.workplace,
        r.employment_type, r.salary_min::float8 as salary_min, r.salary_max::float8 as salary_max, r.salary_currency,
        r.salary_visible, r.deadline, r.status, r.published,
        coalesce(r.deadline < (now() at time zone 'utc')::date, false) as past_deadline";

    pub fn source_of(row: SourceRow) -> PostingSource {
        PostingSource {
            id: row.id,
            title: row.title,
            description: row.description,
            department: row.department,
            city: row.location_city,
            country: row.location_country,
            workplace: row.workplace,
            employment_type: row.employment_type,
            salary_min: row.salary_min,
            salary_max: row.salary_max,
            salary_currency: row.salary_currency,
            salary_visible: row.salary_visible,
            deadline: row.deadline,
            status: row.status,
            published: row.published,
            past_deadline: row.past_deadline,
        }
    }

    /// The requisition as boards see it; `lock` holds it until the transaction ends.
    pub async fn source(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, lock: bool) -> Result<PostingSource, AppError> {
        let sql = format!(
            "select {SOURCE_COLUMNS} from requisitions r where r.id = $1 and r.tenant_id = $2 and r.deleted_at is null{}",
            if lock { " for update of r" } else { "" }
        );
        let row: SourceRow = sqlx::query_as(&sql).bind(id).bind(tenant_id).fetch_optional(conn).await?.ok_or(AppError::NotFound)?;
        Ok(source_of(row))
    }

    pub async fn postings(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<Vec<Posting>, AppError> {
        let rows: Vec<(Portal, PostingStatus, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<String>)> = sqlx::query_as(
            "select portal, status, posted_at, expires_at, error from external_postings
             where requisition_id = $1 and tenant_id = $2 order by array_position(array['linkedin', 'naukri', 'indeed'], portal)",
        )
        .bind(requisition_id)
        .bind(tenant_id)
        .fetch_all(conn)
        .await?;
        Ok(rows.into_iter().map(|(portal, status, posted_at, expires_at, error)| Posting { portal, status, posted_at, expires_at, error }).collect())
    }

    /// Marks the requisition posted to each board for `POSTING_DAYS` from now; posting again renews it.
    pub async fn post(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, requisition_id: Uuid, portals: &[Portal]) -> Result<(), AppError> {
        for portal in portals {
            sqlx::query(
                "insert into external_postings (id, tenant_id, requisition_id, portal, status, posted_at, expires_at, created_by)
                 values ($1, $2, $3, $4, 'posted', now(), now() + make_interval(days => $5), $6)
                 on conflict (requisition_id, portal) do update
                 set status = 'posted', posted_at = now(), expires_at = now() + make_interval(days => $5), error = null, created_by = $6",
            )
            .bind(Uuid::now_v7())
            .bind(tenant_id)
            .bind(requisition_id)
            .bind(portal.as_str())
            .bind(POSTING_DAYS)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// Withdraws a live posting; false when there was none on that board.
    pub async fn withdraw(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid, portal: Portal) -> Result<bool, AppError> {
        let done = sqlx::query(
            "update external_postings set status = 'withdrawn'
             where requisition_id = $1 and tenant_id = $2 and portal = $3 and status in ('pending', 'posted')",
        )
        .bind(requisition_id)
        .bind(tenant_id)
        .bind(portal.as_str())
        .execute(conn)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn audit_change(conn: &mut PgConnection, tenant_id: Uuid, user: &CurrentUser, requisition_id: Uuid, action: &str, portals: &[Portal]) -> Result<(), AppError> {
        let actor = crate::recruiting::requisitions::repo::Actor {
            user_id: user.user_id,
            is_admin: user.role == Role::TenantAdmin,
            origin: crate::platform::audit::Origin::of_request(),
        };
        let portals: Vec<&str> = portals.iter().map(|p| p.as_str()).collect();
        crate::recruiting::requisitions::repo::audit(conn, tenant_id, Some(&actor), action, requisition_id, &[], json!({ "portals": portals })).await
    }

    /// Expires postings past their 30 days, and those of requisitions no longer open to
    /// applicants (closed, archived, deleted), across tenants. Returns how many.
    pub async fn expire_postings(db: &Db) -> Result<u64, AppError> {
        let mut tx = Db::begin(db.write(), &Scope::Platform).await?;
        let done = sqlx::query(
            "update external_postings p set status = 'expired'
             where p.status in ('pending', 'posted')
               and (p.expires_at <= now()
                    or exists (select 1 from requisitions r where r.id = p.requisition_id
                               and (r.status in ('closed', 'archived') or r.deleted_at is not null)))",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> PostingSource {
        PostingSource {
            id: Uuid::nil(),
            title: "Backend engineer".into(),
            description: "Builds the hiring platform's services. ".repeat(5),
            department: "Engineering".into(),
            city: "Berlin".into(),
            country: "Germany".into(),
            workplace: Workplace::Hybrid,
            employment_type: EmploymentType::FullTime,
            salary_min: Some(70000.0),
            salary_max: Some(90000.0),
            salary_currency: Some("EUR".into()),
            salary_visible: true,
            deadline: None,
            status: Status::Open,
            published: true,
            past_deadline: false,
        }
    }

    #[test]
    fn a_complete_job_passes_every_board() {
        assert_eq!(check_all(&job(), &Portal::ALL), Ok(()));
    }

    #[test]
    fn each_board_names_what_it_misses() {
        let bare = PostingSource { city: String::new(), country: String::new(), salary_min: None, salary_max: None, description: "Short.".into(), ..job() };
        let linkedin = Linkedin.check(&bare).unwrap_err().join(" ");
        assert!(linkedin.contains("location") && linkedin.contains("description"), "{linkedin}");
        let naukri = Naukri.check(&bare).unwrap_err().join(" ");
        assert!(naukri.contains("salary") && naukri.contains("city"), "{naukri}");
        let indeed = Indeed.check(&bare).unwrap_err().join(" ");
        assert!(indeed.contains("city") && indeed.contains("description"), "{indeed}");
        let remote = PostingSource { workplace: Workplace::Remote, ..bare };
        assert!(!Indeed.check(&remote).unwrap_err().join(" ").contains("city"));
        let long = PostingSource { title: "x".repeat(151), ..job() };
        assert!(Indeed.check(&long).unwrap_err()[0].contains("150"));
        assert!(Naukri.check(&long).is_err() && Linkedin.check(&long).is_ok());
    }

    #[test]
    fn only_open_published_jobs_can_be_posted() {
        let draft = PostingSource { status: Status::Draft, published: false, ..job() };
        assert_eq!(check_all(&draft, &[Portal::Indeed]).unwrap_err().len(), 2);
    }

    #[test]
    fn descriptions_become_escaped_paragraphs_and_lists() {
        let html = description_html("We <build> things.\nTogether.\n\n- Rust & SQL\n* Tests\nAfter");
        assert_eq!(html, "<p>We &lt;build&gt; things.<br>Together.</p><ul><li>Rust &amp; SQL</li><li>Tests</li></ul><p>After</p>");
    }
}
