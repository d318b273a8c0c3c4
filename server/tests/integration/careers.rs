//! The public careers site over real HTTP on a real database: listing and search, the job
//! page's structured data, view counting, applying with a résumé, the job boards' feed and
//! the sitemap, and posting requisitions to job boards.

use crate::support;

use app::recruiting::requisitions::postings::{PostRequisition, RequisitionPostings, WithdrawPosting};
use app::recruiting::requisitions::types::{Posting, PostingStatus};
use reqwest::multipart::{Form, Part};
use support::{error_of, TestApp};
use uuid::Uuid;

const SLUG: &str = "initech";

/// A tenant of its own (the demo tenant has jobs of its own), with a recruiter, an interviewer and an admin.
pub(crate) async fn tenant(app: &TestApp) -> Uuid {
    app.add_tenant(
        SLUG,
        "Initech",
        &[("admin@initech.test", "tenant_admin"), ("recruiter@initech.test", "recruiter"), ("interviewer@initech.test", "interviewer")],
    )
    .await
}

/// A requisition written directly, as the recruiter of `tenant_id` created it.
#[derive(Clone)]
pub(crate) struct Job {
    pub(crate) title: &'static str,
    pub(crate) description: &'static str,
    pub(crate) department: &'static str,
    pub(crate) city: &'static str,
    pub(crate) country: &'static str,
    pub(crate) workplace: &'static str,
    pub(crate) employment_type: &'static str,
    pub(crate) status: &'static str,
    pub(crate) published: bool,
    pub(crate) deleted: bool,
    /// Days from today (UTC).
    pub(crate) deadline: Option<i32>,
    pub(crate) salary: Option<(f64, f64)>,
    pub(crate) salary_visible: bool,
}

impl Default for Job {
    fn default() -> Self {
        Job {
            title: "Backend Engineer",
            description: "Builds the services behind our products, in Rust and SQL, with a small team that reviews everything.\n\n- Rust\n- PostgreSQL",
            department: "Platform",
            city: "Berlin",
            country: "Germany",
            workplace: "hybrid",
            employment_type: "full_time",
            status: "open",
            published: true,
            deleted: false,
            deadline: None,
            salary: None,
            salary_visible: false,
        }
    }
}

pub(crate) async fn job(app: &TestApp, tenant_id: Uuid, job: Job) -> Uuid {
    let db = app.superuser().await;
    let creator: Option<Uuid> = sqlx::query_scalar(
        "select m.user_id from memberships m where m.tenant_id = $1 and m.role = 'recruiter' order by m.id limit 1",
    )
    .bind(tenant_id)
    .fetch_optional(&db)
    .await
    .unwrap();
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into requisitions (id, tenant_id, title, description, department, location_city, location_country, workplace,
                                   employment_type, status, published, deleted_at, deadline, salary_min, salary_max,
                                   salary_currency, salary_visible, opened_at, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, case when $12 then now() end,
                 (now() at time zone 'utc')::date + $13, $14, $15, case when $14 is not null then 'USD' end, $16,
                 case when $10 <> 'draft' then now() end, $17)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(job.title)
    .bind(job.description)
    .bind(job.department)
    .bind(job.city)
    .bind(job.country)
    .bind(job.workplace)
    .bind(job.employment_type)
    .bind(job.status)
    .bind(job.published)
    .bind(job.deleted)
    .bind(job.deadline)
    .bind(job.salary.map(|s| s.0))
    .bind(job.salary.map(|s| s.1))
    .bind(job.salary_visible)
    .bind(creator)
    .execute(&db)
    .await
    .unwrap();
    id
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.scalar_i64(sql).await
}

/// The titles of the jobs a careers page lists.
fn listed(html: &str) -> Vec<String> {
    html.split("/jobs/")
        .skip(1)
        .filter_map(|rest| rest.split_once("\">").map(|(_, tail)| tail.split('<').next().unwrap_or_default().to_owned()))
        .collect()
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

pub(crate) struct Application<'a> {
    pub(crate) name: &'a str,
    pub(crate) email: &'a str,
    pub(crate) resume: Option<(Vec<u8>, &'a str)>,
    pub(crate) consent: bool,
    pub(crate) website: &'a str,
    /// A seeker's box to send their profile's skills, ticked.
    pub(crate) send_skills: bool,
}

impl Default for Application<'_> {
    fn default() -> Self {
        Application { name: "Ada Lovelace", email: "ada@example.com", resume: Some((pdf(), "ada-cv.pdf")), consent: true, website: "", send_skills: false }
    }
}

/// Sends the application form as a browser does; returns the status and where it sends the browser.
pub(crate) async fn apply(app: &TestApp, client: &reqwest::Client, slug: &str, id: Uuid, application: Application<'_>) -> (u16, String) {
    let mut form = Form::new()
        .text("name", application.name.to_owned())
        .text("email", application.email.to_owned())
        .text("phone", "+49 30 1234567")
        .text("cover_note", "I would like to build this with you.\r\nThank you.")
        .text("website", application.website.to_owned());
    if let Some((bytes, name)) = application.resume {
        form = form.part("resume", Part::bytes(bytes).file_name(name.to_owned()).mime_str("application/pdf").unwrap());
    }
    if application.consent {
        form = form.text("consent", "yes");
    }
    if application.send_skills {
        form = form.text("send_skills", "yes");
    }
    let response = client.post(format!("{}/careers/{slug}/jobs/{id}/apply", app.url)).multipart(form).send().await.unwrap();
    let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (response.status().as_u16(), location)
}

async fn stored_nothing(app: &TestApp) {
    for table in ["candidates", "applications", "stored_files", "job_analytics where applications > 0"] {
        assert_eq!(count(app, &format!("select count(*) from {table}")).await, 0, "{table}");
    }
    assert_eq!(files_on_disk(app), 0);
}

fn files_on_disk(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum())
            .unwrap_or(0)
    }
    walk(&app.files)
}

#[tokio::test]
async fn the_careers_page_lists_only_open_published_current_jobs_of_its_tenant() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let globex: Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&app.superuser().await).await.unwrap();
    for (title, j) in [
        ("Alpha Listed", Job::default()),
        ("Bravo Draft", Job { status: "draft", ..Job::default() }),
        ("Charlie Unpublished", Job { published: false, ..Job::default() }),
        ("Delta Deleted", Job { deleted: true, ..Job::default() }),
        ("Echo Expired", Job { deadline: Some(-1), ..Job::default() }),
        ("Foxtrot Today", Job { deadline: Some(0), ..Job::default() }),
        ("Golf Closed", Job { status: "closed", ..Job::default() }),
        ("Hotel Hold", Job { status: "on_hold", ..Job::default() }),
    ] {
        job(&app, initech, Job { title, ..j }).await;
    }
    job(&app, globex, Job { title: "India Elsewhere", ..Job::default() }).await;
    let visitor = app.browser();
    let (status, html) = app.page(&visitor, "/careers/initech").await;
    assert_eq!(status, 200);
    let mut titles = listed(&html);
    titles.sort();
    assert_eq!(titles, ["Alpha Listed", "Foxtrot Today"]);
    assert!(html.contains("Jobs at Initech") && html.contains("2 open positions"));
    assert!(!html.contains("Sign out"), "no signed-in frame on a public page");

    let (status, html) = app.page(&visitor, "/careers/no-such-org").await;
    assert_eq!(status, 404);
    assert!(html.contains("Careers site not found"));
    let (status, _) = app.page(&visitor, "/careers/Not%20A%20Slug").await;
    assert_eq!(status, 404);

    sqlx::query("update tenants set status = 'suspended' where id = $1").bind(initech).execute(&app.superuser().await).await.unwrap();
    let (status, html) = app.page(&visitor, "/careers/initech").await;
    assert_eq!(status, 404);
    assert!(html.contains("Initech&#39;s careers site is unavailable") || html.contains("Initech's careers site is unavailable"), "{html}");
    assert!(listed(&html).is_empty());
}

#[tokio::test]
async fn search_forgives_typos_matches_parts_of_words_and_takes_wildcards_literally() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    job(&app, initech, Job { title: "Backend Engineer", department: "Platform", ..Job::default() }).await;
    job(&app, initech, Job { title: "Growth 100% Remote", department: "Marketing", city: "", workplace: "remote", ..Job::default() }).await;
    job(&app, initech, Job { title: "QA_Automation Lead", department: "Quality", city: "Lisbon", country: "Portugal", ..Job::default() }).await;
    job(&app, initech, Job { title: "Data Analyst", department: "Finance", city: "Lisbon", country: "Portugal", ..Job::default() }).await;
    let visitor = app.browser();
    let search = |query: &'static str| {
        let (app, visitor) = (&app, &visitor);
        async move {
            let (status, html) = app.page(visitor, &format!("/careers/initech?{query}")).await;
            assert_eq!(status, 200, "{query}");
            let mut titles = listed(&html);
            titles.sort();
            titles
        }
    };
    assert_eq!(search("q=enginer").await, ["Backend Engineer"], "a typo");
    assert_eq!(search("q=analy").await, ["Data Analyst"], "part of a word");
    assert_eq!(search("q=FINANCE").await, ["Data Analyst"], "departments, any case");
    assert_eq!(search("q=%25").await, ["Growth 100% Remote"], "% is a percent sign");
    assert_eq!(search("q=_").await, ["QA_Automation Lead"], "_ is an underscore");
    assert!(search("q=%5C").await.is_empty(), "a backslash");
    assert!(search("q=%27%3B%20drop%20table%20requisitions%3B--").await.is_empty(), "quotes are text");
    assert_eq!(search("department=Finance").await, ["Data Analyst"]);
    assert_eq!(search("location=Lisbon").await, ["Data Analyst", "QA_Automation Lead"]);
    assert_eq!(search("remote=1").await, ["Growth 100% Remote"]);
    assert_eq!(search("q=lead&location=Lisbon").await, ["QA_Automation Lead"]);
    assert!(search("department=Nowhere").await.is_empty());
    assert_eq!(search("page=abc").await.len(), 4, "an unreadable page is the first");
}

/// The JSON-LD of a page, parsed.
pub(crate) fn json_ld(html: &str) -> Option<serde_json::Value> {
    let start = html.find(r#"<script type="application/ld+json""#)?;
    let rest = &html[start..];
    let body = &rest[rest.find('>')? + 1..];
    let json = &body[..body.find("</script>")?];
    Some(serde_json::from_str(json).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}: {json}")))
}

#[tokio::test]
async fn the_job_page_carries_job_posting_structured_data() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let remote = job(
        &app,
        initech,
        Job {
            title: "Engineer </script><script>alert(1)</script>",
            workplace: "remote",
            city: "",
            country: "Germany",
            employment_type: "contract",
            deadline: Some(10),
            salary: Some((80000.0, 100000.0)),
            salary_visible: true,
            ..Job::default()
        },
    )
    .await;
    let hidden = job(&app, initech, Job { title: "Office Manager", salary: Some((50000.0, 60000.0)), ..Job::default() }).await;
    let visitor = app.browser();
    let response = visitor.get(format!("{}/careers/initech/jobs/{remote}", app.url)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let html = response.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"), "the title is text wherever it shows: {html}");
    assert!(html.contains("<title>Engineer &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; · Initech · Hirevoo</title>"));
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap();
    assert!(html.contains(&format!(r#"<script type="application/ld+json" nonce="{nonce}""#)), "the data carries the page's nonce like every script");
    let data = json_ld(&html).expect("structured data");
    let today: chrono::NaiveDate = sqlx::query_scalar("select (now() at time zone 'utc')::date").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(data["@context"], "https://schema.org/");
    assert_eq!(data["@type"], "JobPosting");
    assert_eq!(data["title"], "Engineer </script><script>alert(1)</script>");
    assert_eq!(data["datePosted"], today.to_string());
    assert_eq!(data["validThrough"], format!("{}T23:59:59Z", today + chrono::Days::new(10)));
    assert_eq!(data["hiringOrganization"]["name"], "Initech");
    assert_eq!(data["jobLocationType"], "TELECOMMUTE");
    assert_eq!(data["applicantLocationRequirements"]["name"], "Germany");
    assert!(data.get("jobLocation").is_none());
    assert_eq!(data["employmentType"], "CONTRACTOR");
    assert_eq!(data["directApply"], true);
    assert_eq!(data["baseSalary"]["currency"], "USD");
    assert_eq!(data["baseSalary"]["value"]["minValue"], 80000.0);
    assert_eq!(data["baseSalary"]["value"]["maxValue"], 100000.0);
    assert!(data["description"].as_str().unwrap().contains("<ul><li>Rust</li><li>PostgreSQL</li></ul>"));
    // The page itself: escaped text, the list as a list, the salary shown.
    let text = html.replace("<!>", "");
    assert!(text.contains("<ul class=\"list-disc space-y-1 pl-6\"><li>Rust</li><li>PostgreSQL</li></ul>") && text.contains("USD 80,000–100,000 a year"), "{html}");
    assert!(html.contains(r#"enctype="multipart/form-data""#) && html.contains(&format!(r#"action="/careers/initech/jobs/{remote}/apply""#)));

    let (status, html) = app.page(&visitor, &format!("/careers/initech/jobs/{hidden}")).await;
    assert_eq!(status, 200);
    let data = json_ld(&html).unwrap();
    assert!(data.get("baseSalary").is_none(), "a hidden salary stays hidden");
    assert!(!html.contains("50,000"));
    assert_eq!(data["jobLocation"]["address"]["addressLocality"], "Berlin");
    assert!(data.get("jobLocationType").is_none() && data.get("validThrough").is_none());

    // Closed: the page stays, without the form or the data; a draft or another tenant's job is not there.
    let closed = job(&app, initech, Job { title: "Closed Role", status: "closed", ..Job::default() }).await;
    let (status, html) = app.page(&visitor, &format!("/careers/initech/jobs/{closed}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("no longer accepts applications") && json_ld(&html).is_none() && !html.contains("Send application"));
    let draft = job(&app, initech, Job { title: "Draft Role", status: "draft", ..Job::default() }).await;
    let globex: Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&app.superuser().await).await.unwrap();
    let theirs = job(&app, globex, Job { title: "Their Role", ..Job::default() }).await;
    for id in [draft.to_string(), theirs.to_string(), Uuid::now_v7().to_string(), "not-a-uuid".into()] {
        let (status, html) = app.page(&visitor, &format!("/careers/initech/jobs/{id}")).await;
        assert_eq!(status, 404, "{id}");
        assert!(html.contains("Job not found") && !html.contains("Their Role"));
    }
}

async fn view(app: &TestApp, id: Uuid, agent: &str) {
    let response = app.browser().get(format!("{}/careers/initech/jobs/{id}", app.url)).header("user-agent", agent).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn a_view_counts_once_per_visitor_and_day() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let id = job(&app, initech, Job::default()).await;
    let views = || async { count(&app, &format!("select view_count from requisitions where id = '{id}'")).await };
    view(&app, id, "Mozilla/5.0 (X11; Linux) Firefox/140.0").await;
    view(&app, id, "Mozilla/5.0 (X11; Linux) Firefox/140.0").await;
    assert_eq!(views().await, 1, "the same address and browser count once");
    view(&app, id, "Mozilla/5.0 (Macintosh) Safari/18.0").await;
    assert_eq!(views().await, 2, "another browser is another visitor");
    view(&app, id, "Googlebot/2.1 (+http://www.google.com/bot.html)").await;
    assert_eq!(views().await, 2, "crawlers are not visitors");
    assert_eq!(count(&app, &format!("select views::bigint from job_analytics where requisition_id = '{id}' and day = (now() at time zone 'utc')::date")).await, 2);
    assert_eq!(count(&app, "select count(*) from job_view_visitors").await, 2);
    assert_eq!(count(&app, "select count(*) from daily_salts").await, 1, "one salt a day, shared");
    // Only salted hashes are kept: no address or browser.
    assert_eq!(count(&app, "select count(*) from job_view_visitors where octet_length(visitor) = 32").await, 2);

    // Yesterday's hashes and salts are cleared by the periodic job; today's stay.
    let db = app.superuser().await;
    sqlx::query("insert into daily_salts (day, salt) values ((now() at time zone 'utc')::date - 2, '\\x00')").execute(&db).await.unwrap();
    sqlx::query("insert into job_view_visitors (tenant_id, requisition_id, day, visitor) values ($1, $2, (now() at time zone 'utc')::date - 2, '\\x01')")
        .bind(initech)
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(app::careers::scheduled::clear_view_hashes(&app.platform.db).await.unwrap(), 1);
    assert_eq!(count(&app, "select count(*) from job_view_visitors").await, 2);
    assert_eq!(count(&app, "select count(*) from daily_salts").await, 1);
}

#[tokio::test]
async fn applying_with_a_pdf_keeps_the_candidate_the_file_and_the_application_and_mails_a_confirmation() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let id = job(&app, initech, Job::default()).await;
    let visitor = app.browser();
    let (status, location) = apply(&app, &visitor, SLUG, id, Application { email: "Ada@Example.com", ..Application::default() }).await;
    assert_eq!(status, 303);
    assert_eq!(location, format!("/careers/initech/jobs/{id}?applied=1#apply"));
    let (_, html) = app.page(&visitor, &location).await;
    assert!(html.contains("we received your application. Check your email"), "the page says so");

    let db = app.superuser().await;
    let (name, email, phone, source): (String, String, String, String) =
        sqlx::query_as("select name, email, phone, source from candidates where tenant_id = $1").bind(initech).fetch_one(&db).await.unwrap();
    assert_eq!((name.as_str(), email.as_str(), phone.as_str(), source.as_str()), ("Ada Lovelace", "ada@example.com", "+49 30 1234567", "careers_site"));
    let (key, file_name, size, content_type): (String, String, i64, String) =
        sqlx::query_as("select storage_key, file_name, size_bytes, content_type from stored_files").fetch_one(&db).await.unwrap();
    assert_eq!((file_name.as_str(), size, content_type.as_str()), ("ada-cv.pdf", pdf().len() as i64, "application/pdf"));
    assert_eq!(std::fs::read(app.files.join(&key)).unwrap(), pdf(), "the file is on disk");
    assert_eq!(app.platform.storage.get(&key).await.unwrap(), pdf());
    let (cover_note, consented): (String, bool) =
        sqlx::query_as("select cover_note, consented_at is not null from applications where requisition_id = $1").bind(id).fetch_one(&db).await.unwrap();
    assert_eq!(cover_note, "I would like to build this with you.\nThank you.");
    assert!(consented);
    assert_eq!(count(&app, &format!("select applications::bigint from job_analytics where requisition_id = '{id}' and day = (now() at time zone 'utc')::date")).await, 1);
    let (subject, body): (String, String) = sqlx::query_as("select subject, body from outbox where to_address = 'ada@example.com'").fetch_one(&db).await.unwrap();
    assert_eq!(subject, "Your application for Backend Engineer");
    assert!(body.contains("Initech") && body.contains(&format!("/careers/initech/jobs/{id}")));

    // The same address again: the same answer (nobody learns who applied where), a mail to
    // that address, nothing added (the file written for it is removed).
    let (status, location) = apply(&app, &visitor, SLUG, id, Application { email: "ADA@example.com", ..Application::default() }).await;
    assert_eq!((status, location), (303, format!("/careers/initech/jobs/{id}?applied=1#apply")));
    assert_eq!(count(&app, "select count(*) from applications").await, 1);
    assert_eq!(count(&app, "select count(*) from candidates").await, 1);
    assert_eq!(count(&app, "select count(*) from stored_files").await, 1);
    assert_eq!(files_on_disk(&app), 1);
    let body: String = sqlx::query_scalar("select body from outbox where to_address = 'ada@example.com' order by id desc limit 1").fetch_one(&db).await.unwrap();
    assert!(body.contains("already has your application"), "{body}");

    // Another job with a known address: held apart until the mailbox's owner confirms it;
    // nothing reaches the candidate's profile before.
    let other = job(&app, initech, Job { title: "Frontend Engineer", ..Job::default() }).await;
    assert_eq!(apply(&app, &visitor, SLUG, other, Application::default()).await.1, format!("/careers/initech/jobs/{other}?applied=1#apply"));
    assert_eq!(count(&app, "select count(*) from applications").await, 1);
    assert_eq!(count(&app, "select count(*) from stored_files").await, 1);
    assert_eq!(count(&app, "select count(*) from application_confirmations").await, 1);
    let token = app.mailed_token("ada@example.com").await;
    let (status, html) = app.page(&app.browser(), &format!("/careers/initech/confirm?token={token}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Frontend Engineer") && html.contains("Confirm my application"), "{html}");
    assert_eq!(count(&app, "select count(*) from application_confirmations").await, 1, "opening the link changes nothing");
    let confirm = |token: String| {
        let visitor = app.browser();
        let url = format!("{}/careers/initech/confirm", app.url);
        async move { visitor.post(url).form(&[("token", token)]).send().await.unwrap() }
    };
    let response = confirm(token.clone()).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], format!("/careers/initech/jobs/{other}?confirmed=1#apply"));
    assert_eq!(count(&app, "select count(*) from candidates").await, 1);
    assert_eq!(count(&app, "select count(*) from applications").await, 2);
    assert_eq!(count(&app, "select count(*) from stored_files").await, 2);
    assert_eq!(count(&app, "select count(*) from application_confirmations").await, 0);
    assert_eq!(confirm(token).await.headers()["location"], "/careers/initech/confirm?error=expired", "the link works once");

    // A confirmation that never comes: the held application and its file go after 7 days.
    let third = job(&app, initech, Job { title: "Site Reliability Engineer", ..Job::default() }).await;
    apply(&app, &visitor, SLUG, third, Application::default()).await;
    assert_eq!(files_on_disk(&app), 3);
    sqlx::query("update application_confirmations set expires_at = now() - interval '1 second'").execute(&db).await.unwrap();
    assert_eq!(app::careers::apply::remove_expired_held(&app.platform).await.unwrap(), 1);
    assert_eq!(files_on_disk(&app), 2);
    assert_eq!(count(&app, "select count(*) from applications").await, 2);

    // A résumé just under 10 MB is taken: the route's own limit, not the site's 64 KB.
    let third = job(&app, initech, Job { title: "Data Engineer", ..Job::default() }).await;
    let mut large = pdf();
    large.splice(9..9, std::iter::repeat_n(b' ', 9 * 1024 * 1024 + 512 * 1024));
    let size = large.len() as i64;
    let (_, location) = apply(&app, &visitor, SLUG, third, Application { email: "grace@example.com", resume: Some((large, "long.pdf")), ..Application::default() }).await;
    assert_eq!(location, format!("/careers/initech/jobs/{third}?applied=1#apply"));
    assert_eq!(count(&app, "select max(size_bytes) from stored_files").await, size);
}

#[tokio::test]
async fn bad_applications_are_refused_field_by_field_and_store_nothing() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let id = job(&app, initech, Job::default()).await;
    let visitor = app.browser();
    let refused = |location: &str, codes: &str| assert_eq!(location, format!("/careers/initech/jobs/{id}?error={codes}#apply"));

    let zip = b"PK\x03\x04 not a pdf at all".to_vec();
    let (status, location) = apply(&app, &visitor, SLUG, id, Application { resume: Some((zip, "cv.pdf")), ..Application::default() }).await;
    assert_eq!(status, 303);
    refused(&location, "resume_not_pdf");
    let (_, html) = app.page(&visitor, &location).await;
    assert!(html.contains("The file you attached is not a PDF"));
    assert!(html.contains(r#"aria-describedby="apply-resume-hint apply-resume-error""#), "the message is tied to the field");
    assert!(html.contains(r#"value="Ada Lovelace""#), "what was typed is kept");

    let mut big = pdf();
    big.splice(9..9, std::iter::repeat_n(b' ', 10 * 1024 * 1024));
    refused(&apply(&app, &visitor, SLUG, id, Application { resume: Some((big, "big.pdf")), ..Application::default() }).await.1, "resume_too_large");
    refused(&apply(&app, &visitor, SLUG, id, Application { consent: false, ..Application::default() }).await.1, "consent_missing");
    refused(&apply(&app, &visitor, SLUG, id, Application { resume: None, ..Application::default() }).await.1, "resume_missing");
    refused(
        &apply(&app, &visitor, SLUG, id, Application { name: " ", email: "not-an-email", consent: false, ..Application::default() }).await.1,
        "name_missing,email_invalid,consent_missing",
    );
    let (_, html) = app.page(&visitor, &format!("/careers/initech/jobs/{id}?error=name_missing,email_invalid,consent_missing")).await;
    for message in ["Enter your name.", "Enter an email address like name@example.com.", "Tick the box to agree"] {
        assert!(html.contains(message), "{message}");
    }
    // Only the page's own messages: a code it does not know shows nothing.
    let (_, html) = app.page(&visitor, &format!("/careers/initech/jobs/{id}?error=%3Cb%3Ecall%20us%3C/b%3E")).await;
    assert!(!html.contains("call us") && !html.contains("was not sent"));

    // Not multipart at all.
    let response = visitor.post(format!("{}/careers/initech/jobs/{id}/apply", app.url)).form(&[("name", "x")]).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], format!("/careers/initech/jobs/{id}?error=unreadable#apply"));
    // Too large to read at all: refused before the body is read.
    let huge = Form::new().part("resume", Part::bytes(vec![b'x'; 12 * 1024 * 1024]).file_name("huge.pdf"));
    let response = visitor.post(format!("{}/careers/initech/jobs/{id}/apply", app.url)).multipart(huge).send().await;
    if let Ok(response) = response {
        assert_eq!(response.headers()["location"], format!("/careers/initech/jobs/{id}?error=resume_too_large#apply"));
    }

    // The honeypot: answered as if applied, nothing kept.
    let (status, location) = apply(&app, &visitor, SLUG, id, Application { website: "http://spam.example", ..Application::default() }).await;
    assert_eq!((status, location), (303, format!("/careers/initech/jobs/{id}?applied=1#apply")));
    stored_nothing(&app).await;
    assert_eq!(count(&app, "select count(*) from outbox where to_address = 'ada@example.com'").await, 0);
    assert_eq!(count(&app, "select count(*) from rate_limit_hits").await, 0, "refused forms do not use up the limit");
}

#[tokio::test]
async fn jobs_that_take_no_applications_refuse_them_and_say_why() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let visitor = app.browser();
    for (j, code, shown) in [
        (Job { status: "closed", ..Job::default() }, "closed", true),
        (Job { status: "archived", ..Job::default() }, "closed", true),
        (Job { status: "on_hold", ..Job::default() }, "on_hold", true),
        (Job { deadline: Some(-1), ..Job::default() }, "past_deadline", true),
        (Job { published: false, ..Job::default() }, "not_published", false),
        (Job { status: "draft", ..Job::default() }, "not_published", false),
        (Job { deleted: true, ..Job::default() }, "removed", false),
    ] {
        let id = job(&app, initech, j).await;
        let (status, location) = apply(&app, &visitor, SLUG, id, Application::default()).await;
        assert_eq!(status, 303, "{code}");
        let expected = if shown { format!("/careers/initech/jobs/{id}?error={code}#apply") } else { format!("/careers/initech?error={code}") };
        assert_eq!(location, expected);
        let (_, html) = app.page(&visitor, &location).await;
        let message = code.parse::<app::careers::types::ApplyProblem>().unwrap().message();
        assert!(html.contains(&message.replace('\'', "&#39;")) || html.contains(message), "{code}: the page says why");
    }
    // Another tenant's job under this organization's address.
    let globex: Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&app.superuser().await).await.unwrap();
    let theirs = job(&app, globex, Job::default()).await;
    assert_eq!(apply(&app, &visitor, SLUG, theirs, Application::default()).await.0, 404);
    assert_eq!(apply(&app, &visitor, "no-such-org", theirs, Application::default()).await.0, 404);
    assert_eq!(apply(&app, &visitor, SLUG, Uuid::now_v7(), Application::default()).await.0, 404);
    stored_nothing(&app).await;
    // A suspended organization takes none either.
    let open = job(&app, initech, Job::default()).await;
    sqlx::query("update tenants set status = 'suspended' where id = $1").bind(initech).execute(&app.superuser().await).await.unwrap();
    assert_eq!(apply(&app, &visitor, SLUG, open, Application::default()).await.1, "/careers/initech?error=organization_unavailable");
    stored_nothing(&app).await;
}

#[tokio::test]
async fn an_address_may_send_five_applications_an_hour() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let id = job(&app, initech, Job::default()).await;
    let visitor = app.browser();
    for n in 0..5 {
        let email = format!("person{n}@example.com");
        let (_, location) = apply(&app, &visitor, SLUG, id, Application { email: &email, ..Application::default() }).await;
        assert!(location.contains("applied=1"), "{n}: {location}");
    }
    let (status, location) = apply(&app, &visitor, SLUG, id, Application { email: "sixth@example.com", ..Application::default() }).await;
    assert_eq!((status, location.as_str()), (303, format!("/careers/initech/jobs/{id}?error=too_many_applications#apply").as_str()));
    let (_, html) = app.page(&visitor, &location).await;
    assert!(html.contains("Too many applications were sent from your network"));
    assert_eq!(count(&app, "select count(*) from applications").await, 5);
    assert_eq!(files_on_disk(&app), 5);
    // Stored as a salted hash, never the address.
    assert_eq!(count(&app, "select count(*) from rate_limit_hits where bucket = 'careers.apply' and octet_length(key_hash) = 32").await, 5);
    // An hour later the address may apply again.
    sqlx::query("update rate_limit_hits set at = at - interval '61 minutes'").execute(&app.superuser().await).await.unwrap();
    assert!(apply(&app, &visitor, SLUG, id, Application { email: "sixth@example.com", ..Application::default() }).await.1.contains("applied=1"));
    // A signed-in seeker on the same network counts on their own account, not on the address.
    for _ in 0..4 {
        assert!(apply(&app, &visitor, SLUG, id, Application { email: "again@example.com", ..Application::default() }).await.1.contains("applied=1"));
    }
    assert!(apply(&app, &visitor, SLUG, id, Application { email: "again@example.com", ..Application::default() }).await.1.contains("error=too_many_applications"));
    let seeker = crate::seekers::seeker(&app, "own.count@example.com").await;
    for n in 0..5 {
        let (_, location) = apply(&app, &seeker, SLUG, id, Application::default()).await;
        assert!(location.contains("applied=1"), "{n}: {location}");
    }
    assert!(apply(&app, &seeker, SLUG, id, Application::default()).await.1.contains("error=too_many_applications"), "the account's own limit");
}

/// A minimal XML reader: checks that the document is well formed and returns its elements.
#[derive(Debug)]
struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

fn parse_xml(xml: &str) -> Result<Element, String> {
    let mut rest = xml.trim_start();
    if let Some(after) = rest.strip_prefix("<?xml") {
        rest = &after[after.find("?>").ok_or("unclosed declaration")? + 2..];
    }
    let mut stack: Vec<Element> = vec![Element { name: String::new(), text: String::new(), children: Vec::new() }];
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").ok_or("unclosed CDATA")?;
            stack.last_mut().unwrap().text.push_str(&after[..end]);
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("unclosed end tag")?;
            let element = stack.pop().ok_or("too many end tags")?;
            if element.name != after[..end].trim() {
                return Err(format!("</{}> closes <{}>", &after[..end], element.name));
            }
            stack.last_mut().ok_or("no parent")?.children.push(element);
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').ok_or("unclosed tag")?;
            let tag = &after[..end];
            let name = tag.split_whitespace().next().ok_or("empty tag")?.trim_end_matches('/').to_owned();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("bad tag <{tag}>"));
            }
            let element = Element { name, text: String::new(), children: Vec::new() };
            if tag.ends_with('/') {
                stack.last_mut().unwrap().children.push(element);
            } else {
                stack.push(element);
            }
            rest = &after[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            if text.contains('>') && text.contains("]]>") {
                return Err("]]> outside CDATA".into());
            }
            let mut decoded = String::new();
            let mut chunks = text.split('&');
            decoded.push_str(chunks.next().unwrap_or_default());
            for chunk in chunks {
                let (entity, after) = chunk.split_once(';').ok_or("bare &")?;
                decoded.push(match entity {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => return Err(format!("unknown entity &{other};")),
                });
                decoded.push_str(after);
            }
            stack.last_mut().unwrap().text.push_str(&decoded);
            rest = &rest[end..];
        }
    }
    let mut root = stack.pop().ok_or("no document")?;
    if !stack.is_empty() {
        return Err(format!("unclosed <{}>", root.name));
    }
    if root.children.len() != 1 {
        return Err("not one root element".into());
    }
    Ok(root.children.remove(0))
}

async fn feed(app: &TestApp, path: &str) -> Element {
    let response = app.browser().get(format!("{}{path}", app.url)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "application/xml; charset=utf-8");
    let xml = response.text().await.unwrap();
    parse_xml(&xml).unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}\n{xml}"))
}

async fn posting(app: &TestApp, tenant_id: Uuid, id: Uuid, portal: &str, status: &str, expires_in_days: i32) {
    sqlx::query(
        "insert into external_postings (id, tenant_id, requisition_id, portal, status, posted_at, expires_at)
         values ($1, $2, $3, $4, $5, now(), now() + make_interval(days => $6))",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(id)
    .bind(portal)
    .bind(status)
    .bind(expires_in_days)
    .execute(&app.superuser().await)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_feed_lists_posted_jobs_in_indeeds_xml_format_and_the_sitemap_every_job() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let posted = job(
        &app,
        initech,
        Job {
            title: "Tricky ]]> Title & <Co>",
            description: "Ends a section ]]> early?\n\n- Bell \u{7} character\n- <b>bold</b>",
            salary: Some((60000.0, 70000.0)),
            salary_visible: true,
            deadline: Some(20),
            ..Job::default()
        },
    )
    .await;
    posting(&app, initech, posted, "indeed", "posted", 30).await;
    let remote = job(&app, initech, Job { title: "Remote LinkedIn Role", workplace: "remote", city: "", ..Job::default() }).await;
    posting(&app, initech, remote, "linkedin", "posted", 30).await;
    let unposted = job(&app, initech, Job { title: "Unposted Role", ..Job::default() }).await;
    let expired = job(&app, initech, Job { title: "Expired Posting", ..Job::default() }).await;
    posting(&app, initech, expired, "indeed", "posted", -1).await;
    let withdrawn = job(&app, initech, Job { title: "Withdrawn Posting", ..Job::default() }).await;
    posting(&app, initech, withdrawn, "indeed", "withdrawn", 30).await;
    let closed = job(&app, initech, Job { title: "Closed Posted", status: "closed", ..Job::default() }).await;
    posting(&app, initech, closed, "indeed", "posted", 30).await;

    let source = feed(&app, "/careers/initech/jobs.xml").await;
    assert_eq!(source.name, "source");
    assert_eq!(source.child("publisher").unwrap().text, "Initech");
    assert_eq!(source.child("publisherurl").unwrap().text, format!("{}/careers/initech", app.url));
    let jobs = source.all("job");
    let references: Vec<String> = jobs.iter().map(|j| j.child("referencenumber").unwrap().text.clone()).collect();
    assert_eq!(jobs.len(), 2, "{references:?}");
    assert!(references.contains(&posted.to_string()) && references.contains(&remote.to_string()));
    for id in [unposted, expired, withdrawn, closed] {
        assert!(!references.contains(&id.to_string()));
    }
    let tricky = jobs.iter().find(|j| j.child("referencenumber").unwrap().text == posted.to_string()).unwrap();
    assert_eq!(tricky.child("title").unwrap().text, "Tricky ]]> Title & <Co>", "CDATA keeps the text exactly");
    assert_eq!(tricky.child("url").unwrap().text, format!("{}/careers/initech/jobs/{posted}", app.url));
    assert_eq!(tricky.child("company").unwrap().text, "Initech");
    assert_eq!((tricky.child("city").unwrap().text.as_str(), tricky.child("country").unwrap().text.as_str()), ("Berlin", "Germany"));
    assert_eq!(tricky.child("salary").unwrap().text, "USD 60,000–70,000 a year");
    assert_eq!(tricky.child("jobtype").unwrap().text, "fulltime");
    let description = &tricky.child("description").unwrap().text;
    assert!(description.contains("Ends a section ]]&gt; early?") && description.contains("&lt;b&gt;bold&lt;/b&gt;") && !description.contains('\u{7}'), "{description}");
    assert!(tricky.child("date").unwrap().text.ends_with(" GMT"));
    let remote_job = jobs.iter().find(|j| j.child("referencenumber").unwrap().text == remote.to_string()).unwrap();
    assert_eq!(remote_job.child("remotetype").unwrap().text, "Fully remote");
    assert!(remote_job.child("salary").is_none());

    let indeed = feed(&app, "/careers/initech/jobs.xml?portal=indeed").await;
    assert_eq!(indeed.all("job").len(), 1, "one board's feed lists what is posted to it");
    assert_eq!(app.browser().get(format!("{}/careers/initech/jobs.xml?portal=monster", app.url)).send().await.unwrap().status().as_u16(), 400);
    assert_eq!(app.browser().get(format!("{}/careers/nobody/jobs.xml", app.url)).send().await.unwrap().status().as_u16(), 404);

    let urlset = feed(&app, "/careers/initech/sitemap.xml").await;
    assert_eq!(urlset.name, "urlset");
    let locations: Vec<String> = urlset.all("url").iter().map(|u| u.child("loc").unwrap().text.clone()).collect();
    assert_eq!(locations[0], format!("{}/careers/initech", app.url));
    for id in [posted, remote, unposted, expired, withdrawn] {
        assert!(locations.contains(&format!("{}/careers/initech/jobs/{id}", app.url)), "{id}");
    }
    assert!(!locations.iter().any(|l| l.ends_with(&closed.to_string())), "a closed job is not listed");
    assert_eq!(locations.len(), 6);
}

#[tokio::test]
async fn posting_checks_each_boards_rules_and_withdrawing_takes_it_off() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let recruiter = app.signed_in("recruiter@initech.test").await;
    let bare = job(&app, initech, Job { city: "", country: "", description: "Short.", ..Job::default() }).await;
    let post = |id: Uuid, portals: &'static [&'static str]| {
        let (app, recruiter) = (&app, &recruiter);
        async move {
            let id = id.to_string();
            let mut form: Vec<(&str, &str)> = vec![("requisition_id", id.as_str())];
            form.extend(portals.iter().map(|p| ("portals[]", *p)));
            app.call::<PostRequisition>(recruiter, &form).await
        }
    };
    let (status, error) = error_of(post(bare, &["linkedin", "naukri", "indeed"]).await).await;
    assert_eq!((status, error.field()), (400, Some("portals")));
    let message = error.to_string();
    for expected in [
        "LinkedIn: add a location (a city or a country).",
        "LinkedIn: the description needs at least 100 characters",
        "Naukri: add a city.",
        "Naukri: add a salary range.",
        "Indeed: add a city, or make the workplace remote.",
        "Indeed: the description needs at least 30 characters",
    ] {
        assert!(message.contains(expected), "{expected} in {message}");
    }
    assert_eq!(count(&app, "select count(*) from external_postings").await, 0, "a refused check posts nothing");
    let draft = job(&app, initech, Job { status: "draft", published: false, ..Job::default() }).await;
    let message = error_of(post(draft, &["indeed"]).await).await.1.to_string();
    assert!(message.contains("Open the requisition") && message.contains("Publish the requisition"), "{message}");
    assert_eq!(error_of(post(bare, &["monster"]).await).await.1.field(), Some("portals"));
    assert_eq!(error_of(post(bare, &[]).await).await.1.field(), Some("portals"));

    let ready = job(&app, initech, Job { salary: Some((50000.0, 60000.0)), ..Job::default() }).await;
    let response = post(ready, &["indeed", "linkedin", "naukri"]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let postings: Vec<Posting> = response.json().await.unwrap();
    assert_eq!(postings.len(), 3);
    assert!(postings.iter().all(|p| p.status == PostingStatus::Posted));
    let days = postings[0].expires_at.unwrap() - postings[0].posted_at.unwrap();
    assert_eq!(days.num_days(), 30);
    assert_eq!(count(&app, "select count(*) from audit_log where action = 'requisition.post'").await, 1);
    assert_eq!(feed(&app, "/careers/initech/jobs.xml?portal=indeed").await.all("job").len(), 1);

    let ready_id = ready.to_string();
    let withdrawn = app.call::<WithdrawPosting>(&recruiter, &[("requisition_id", ready_id.as_str()), ("portal", "indeed")]).await;
    assert!(withdrawn.status().is_success());
    let listed: Vec<Posting> = app.call::<RequisitionPostings>(&recruiter, &[("requisition_id", ready_id.as_str())]).await.json().await.unwrap();
    let indeed = listed.iter().find(|p| p.portal == app::recruiting::requisitions::types::Portal::Indeed).unwrap();
    assert_eq!(indeed.status, PostingStatus::Withdrawn);
    assert_eq!(feed(&app, "/careers/initech/jobs.xml?portal=indeed").await.all("job").len(), 0);
    assert_eq!(feed(&app, "/careers/initech/jobs.xml").await.all("job").len(), 1, "still on the other boards");
    let again = app.call::<WithdrawPosting>(&recruiter, &[("requisition_id", ready_id.as_str()), ("portal", "indeed")]).await;
    assert_eq!(error_of(again).await.0, 400);

    // Who may: an interviewer not at all; another tenant's requisition is not found.
    let interviewer = app.signed_in("interviewer@initech.test").await;
    assert_eq!(error_of(app.call::<PostRequisition>(&interviewer, &[("requisition_id", ready_id.as_str()), ("portals[]", "indeed")]).await).await.0, 403);
    assert_eq!(error_of(app.call::<RequisitionPostings>(&interviewer, &[("requisition_id", ready_id.as_str())]).await).await.0, 403);
    let globex: Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&app.superuser().await).await.unwrap();
    let theirs = job(&app, globex, Job { salary: Some((1.0, 2.0)), ..Job::default() }).await.to_string();
    assert_eq!(error_of(app.call::<PostRequisition>(&recruiter, &[("requisition_id", theirs.as_str()), ("portals[]", "indeed")]).await).await.0, 404);
    assert_eq!(error_of(app.call::<WithdrawPosting>(&recruiter, &[("requisition_id", theirs.as_str()), ("portal", "indeed")]).await).await.0, 404);
    assert_eq!(error_of(app.call::<RequisitionPostings>(&recruiter, &[("requisition_id", theirs.as_str())]).await).await.0, 404);
    // A recruiter who is not on the requisition may not change its postings.
    let admins = job(&app, initech, Job { salary: Some((1.0, 2.0)), ..Job::default() }).await;
    sqlx::query("update requisitions set created_by = null where id = $1").bind(admins).execute(&app.superuser().await).await.unwrap();
    assert_eq!(error_of(post(admins, &["indeed"]).await).await.0, 403);

    // The periodic job expires postings past their time and those of jobs no longer open.
    let db = app.superuser().await;
    sqlx::query("update external_postings set expires_at = now() - interval '1 minute' where portal = 'linkedin'").execute(&db).await.unwrap();
    sqlx::query("update requisitions set status = 'closed' where id = $1").bind(ready).execute(&db).await.unwrap();
    assert_eq!(app::recruiting::requisitions::postings::expire_postings(&app.platform.db).await.unwrap(), 2);
    assert_eq!(count(&app, "select count(*) from external_postings where status = 'expired'").await, 2);
    assert_eq!(count(&app, "select count(*) from external_postings where status = 'withdrawn'").await, 1);
}

#[tokio::test]
async fn applications_wait_their_turn_when_many_upload_at_once() {
    let app = TestApp::spawn().await;
    app.without_demo_applications().await;
    let initech = tenant(&app).await;
    let id = job(&app, initech, Job::default()).await;
    let visitor = app.browser();
    // Every turn taken, for longer than an application waits.
    let busy = app.platform.anonymous_uploads.clone().acquire_many_owned(app.platform.anonymous_uploads.available_permits() as u32).await.unwrap();
    let (status, location) = apply(&app, &visitor, SLUG, id, Application::default()).await;
    assert_eq!((status, location), (303, format!("/careers/initech/jobs/{id}?error=try_again#apply")));
    stored_nothing(&app).await;
    drop(busy);
    assert!(apply(&app, &visitor, SLUG, id, Application::default()).await.1.contains("applied=1"));
}
