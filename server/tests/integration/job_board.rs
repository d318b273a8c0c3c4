//! The public job board over real HTTP on a real database: what it lists of every tenant, how
//! it follows the requisitions, the tenants and their careers sites, search with misspellings,
//! the filters, the job's page, and who may write the board.

use crate::careers::{job, json_ld, tenant, Job};
use crate::support::TestApp;
use app::platform::flags::keys;
use uuid::Uuid;

/// The titles of the jobs a board page lists, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("href=\"/jobs-board/")
        .skip(1)
        .filter_map(|rest| rest.split_once("\">").map(|(_, tail)| tail.split('<').next().unwrap_or_default().to_owned()))
        .collect()
}

async fn board(app: &TestApp, query: &str) -> (Vec<String>, String) {
    let (status, html) = app.page(&app.browser(), &format!("/jobs-board?{query}")).await;
    assert_eq!(status, 200, "{query}");
    (listed(&html), html)
}

pub(crate) async fn titles(app: &TestApp, query: &str) -> Vec<String> {
    let mut titles = board(app, query).await.0;
    titles.sort();
    titles
}

async fn globex(app: &TestApp) -> Uuid {
    sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&app.superuser().await).await.unwrap()
}

#[tokio::test]
async fn the_board_lists_the_open_published_current_jobs_of_every_tenant() {
    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    for (title, j) in [
        ("Zephyr Listed", Job::default()),
        ("Zephyr Draft", Job { status: "draft", ..Job::default() }),
        ("Zephyr Unpublished", Job { published: false, ..Job::default() }),
        ("Zephyr Deleted", Job { deleted: true, ..Job::default() }),
        ("Zephyr Expired", Job { deadline: Some(-1), ..Job::default() }),
        ("Zephyr Closed", Job { status: "closed", ..Job::default() }),
        ("Zephyr Hold", Job { status: "on_hold", ..Job::default() }),
    ] {
        job(&app, initech, Job { title, ..j }).await;
    }
    job(&app, globex(&app).await, Job { title: "Zephyr Elsewhere", ..Job::default() }).await;
    assert_eq!(titles(&app, "q=zephyr").await, ["Zephyr Elsewhere", "Zephyr Listed"]);
    let (_, html) = board(&app, "q=zephyr").await;
    assert!(html.contains("Initech") && html.contains("Globex"), "each job with its company");
    assert!(!html.contains("Sign out"), "no signed-in frame on a public page");
    // The demo tenants' published jobs are there too, newest first.
    let all = board(&app, "sort=newest").await.0;
    assert_eq!(all.first().map(String::as_str), Some("Zephyr Elsewhere"));
    assert!(all.len() > 2);
}

#[tokio::test]
async fn the_board_follows_requisitions_tenants_and_careers_sites() {
    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    let id = job(&app, initech, Job { title: "Quokka Wrangler", ..Job::default() }).await;
    assert_eq!(titles(&app, "q=quokka").await, ["Quokka Wrangler"]);

    // A recruiter's change, in the tenant's scope as the app's role: the board follows in the same transaction.
    let mut conn = app.app_role().await;
    sqlx::raw_sql(&format!(
        "begin; select set_config('app.tenant_id', '{initech}', true);
         update requisitions set title = 'Quokka Keeper', department = 'Zoology' where id = '{id}'; commit;"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    assert_eq!(titles(&app, "q=quokka").await, ["Quokka Keeper"]);
    assert_eq!(titles(&app, "q=quokka&department=zoology").await, ["Quokka Keeper"], "department, any case");
    let scope: String = sqlx::query_scalar("select coalesce(current_setting('app.platform_scope', true), '')").fetch_one(&mut conn).await.unwrap();
    assert_eq!(scope, "", "the trigger's platform scope ends with it");

    // Unpublished, it leaves; published again, it is back.
    let db = app.superuser().await;
    sqlx::query("update requisitions set published = false where id = $1").bind(id).execute(&db).await.unwrap();
    assert!(titles(&app, "q=quokka").await.is_empty());
    sqlx::query("update requisitions set published = true where id = $1").bind(id).execute(&db).await.unwrap();
    assert_eq!(titles(&app, "q=quokka").await, ["Quokka Keeper"]);

    // The company renamed, suspended, reactivated.
    sqlx::query("update tenants set name = 'Initrode' where id = $1").bind(initech).execute(&db).await.unwrap();
    assert!(board(&app, "q=quokka").await.1.contains("Initrode"));
    sqlx::query("update tenants set status = 'suspended' where id = $1").bind(initech).execute(&db).await.unwrap();
    assert!(titles(&app, "q=quokka").await.is_empty(), "a suspended company's jobs leave at once");
    sqlx::query("update tenants set status = 'active' where id = $1").bind(initech).execute(&db).await.unwrap();
    assert_eq!(titles(&app, "q=quokka").await, ["Quokka Keeper"]);

    // Its careers site switched off: the periodic job withdraws its jobs, and lists them again once it is on.
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    app.call::<app::console::flags::api::SetTenantFlag>(&superadmin, &[("tenant_id", &initech.to_string()), ("key", keys::CAREERS_SITE), ("state", "off")]).await;
    app.platform.flags.reload(app.platform.db.write()).await.unwrap();
    assert!(app::job_board::jobs::follow_careers_sites(&app.platform).await.unwrap() >= 1);
    assert!(titles(&app, "q=quokka").await.is_empty());
    let (status, _) = app.page(&app.browser(), &format!("/jobs-board/{id}")).await;
    assert_eq!(status, 404);
    assert_eq!(app::job_board::jobs::follow_careers_sites(&app.platform).await.unwrap(), 0, "nothing changed since");
    app.call::<app::console::flags::api::SetTenantFlag>(&superadmin, &[("tenant_id", &initech.to_string()), ("key", keys::CAREERS_SITE), ("state", "rules")]).await;
    app.platform.flags.reload(app.platform.db.write()).await.unwrap();
    assert_eq!(app::job_board::jobs::follow_careers_sites(&app.platform).await.unwrap(), 1);
    assert_eq!(titles(&app, "q=quokka").await, ["Quokka Keeper"]);

    // Deleted for good: gone from the board.
    sqlx::query("delete from requisitions where id = $1").bind(id).execute(&db).await.unwrap();
    assert_eq!(app.scalar_i64(&format!("select count(*) from board_jobs where requisition_id = '{id}'")).await, 0);
}

#[tokio::test]
async fn only_the_platform_scope_writes_the_board() {
    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    let id = job(&app, initech, Job { title: "Walrus Whisperer", ..Job::default() }).await;
    let mut conn = app.app_role().await;
    for statement in [
        format!("update board_jobs set title = 'Hacked' where requisition_id = '{id}'"),
        format!("delete from board_jobs where requisition_id = '{id}'"),
    ] {
        sqlx::raw_sql(&format!("begin; select set_config('app.tenant_id', '{initech}', true); {statement}; commit;")).execute(&mut conn).await.unwrap();
        assert_eq!(titles(&app, "q=walrus").await, ["Walrus Whisperer"], "{statement}");
    }
    let insert = sqlx::raw_sql(&format!(
        "insert into board_jobs (id, company, title, workplace, employment_type, posted_at, open, listed)
         values ('{}', 'Fake', 'Fake job', 'remote', 'full_time', now(), true, true)",
        Uuid::now_v7()
    ))
    .execute(&mut conn)
    .await;
    assert!(insert.is_err(), "a tenant's or nobody's transaction cannot add to the board");
    assert_eq!(titles(&app, "q=walrus").await, ["Walrus Whisperer"]);
}

#[tokio::test]
async fn search_corrects_misspellings_and_the_filters_narrow() {
    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    job(&app, initech, Job { title: "Backend Engineer", department: "Platform", city: "Reykjavik", country: "Iceland", ..Job::default() }).await;
    job(&app, initech, Job { title: "Frontend Engineer", department: "Web", city: "", country: "Iceland", workplace: "remote", salary: Some((90000.0, 120000.0)), salary_visible: true, ..Job::default() }).await;
    job(&app, initech, Job { title: "Payroll Accountant", department: "Finance", city: "Reykjavik", country: "Iceland", salary: Some((50000.0, 60000.0)), salary_visible: true, ..Job::default() }).await;
    job(&app, initech, Job { title: "Secret Salary Engineer", city: "Reykjavik", country: "Iceland", salary: Some((500000.0, 600000.0)), ..Job::default() }).await;

    assert_eq!(titles(&app, "q=enginer&place=iceland").await.len(), 3, "a word with the same stem is found as it is");
    let (found, html) = board(&app, "q=engneer&place=iceland").await;
    let mut found = found;
    found.sort();
    assert_eq!(found, ["Backend Engineer", "Frontend Engineer", "Secret Salary Engineer"], "a misspelt word");
    assert!(html.contains("Showing results for"), "and the page says what it searched for");
    assert_eq!(titles(&app, "q=engineer%20-frontend&place=Reykjavik").await, ["Backend Engineer", "Secret Salary Engineer"], "web search syntax");
    assert_eq!(titles(&app, "q=payroll%20OR%20backend&place=iceland").await, ["Backend Engineer", "Payroll Accountant"]);
    assert_eq!(titles(&app, "place=iceland&workplace=remote").await, ["Frontend Engineer"]);
    assert_eq!(titles(&app, "place=ICELAND&salary=80%2C000").await, ["Frontend Engineer"], "a hidden salary is not searched");
    assert_eq!(titles(&app, "place=iceland&department=finance").await, ["Payroll Accountant"]);
    assert_eq!(titles(&app, "place=iceland&posted=1").await.len(), 4);
    assert_eq!(titles(&app, "place=iceland&posted=2&salary=lots&workplace=moon&page=x").await.len(), 4, "unreadable filters are left out");
    assert!(titles(&app, "q=%27%3B%20drop%20table%20board_jobs%3B--").await.is_empty(), "quotes are text");
    assert!(titles(&app, "q=xqzvw").await.is_empty(), "nothing near");
    let (_, html) = board(&app, "q=xqzvw").await;
    assert!(html.contains("No jobs match your search"));

    // The salary shows where the employer shows it, and only there.
    let (_, html) = board(&app, "place=iceland").await;
    assert!(html.contains("USD 90,000–120,000 a year") && !html.contains("500,000"));
}

#[tokio::test]
async fn a_job_page_carries_structured_data_pointing_to_the_careers_site() {
    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    let id = job(&app, initech, Job { title: "Narwhal Navigator </script>", workplace: "remote", city: "", salary: Some((70000.0, 80000.0)), salary_visible: true, ..Job::default() }).await;
    let (status, html) = app.page(&app.browser(), &format!("/jobs-board/{id}")).await;
    assert_eq!(status, 200);
    let data = json_ld(&html).expect("structured data");
    assert_eq!(data["@type"], "JobPosting");
    assert_eq!(data["title"], "Narwhal Navigator </script>");
    assert_eq!(data["hiringOrganization"]["name"], "Initech");
    assert_eq!(data["jobLocationType"], "TELECOMMUTE");
    assert_eq!(data["baseSalary"]["value"]["minValue"], 70000.0);
    let careers = format!("/careers/initech/jobs/{id}");
    assert!(data["url"].as_str().unwrap().ends_with(&careers), "the careers page is the job's address");
    let canonical = format!("{}{careers}", app.platform.settings.public_url);
    assert!(html.split("<link").any(|tag| tag.contains(r#"rel="canonical""#) && tag.contains(&format!(r#"href="{canonical}""#))), "so search engines list it once: {html}");
    assert!(html.contains(&format!(r#"href="{careers}""#)), "applying happens on the careers site");

    let draft = job(&app, initech, Job { title: "Draft Narwhal", status: "draft", ..Job::default() }).await;
    for missing in [draft.to_string(), Uuid::now_v7().to_string(), "not-a-uuid".into()] {
        let (status, html) = app.page(&app.browser(), &format!("/jobs-board/{missing}")).await;
        assert_eq!(status, 404, "{missing}");
        assert!(html.contains("Job not found"));
    }
}
