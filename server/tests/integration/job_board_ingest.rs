//! Jobs from outside on the board, over real HTTP on a real database: each format's file through
//! the console's upload, runs that add, update and close, duplicates of listed jobs, bodies that
//! cannot be read, who may manage sources, what a source may be, and which addresses are fetched.

use crate::careers::{job, tenant, Job};
use crate::job_board::titles;
use crate::support::{error_of, TestApp};
use app::job_board::ingest::api::{AddJobSource, JobSources, RunJobSource, SetJobSourceEnabled, UploadJobSourceFile};
use app::job_board::ingest::fetch::{fetch, FetchError};
use app::platform::AppError;
use reqwest::Client;
use serde_json::Value;
use uuid::Uuid;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/ingest/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

async fn add_source(app: &TestApp, client: &Client, name: &str, kind: &str, url: &str, company: &str) -> Uuid {
    let response = app.call::<AddJobSource>(client, &[("name", name), ("kind", kind), ("url", url), ("company", company), ("schedule", "daily")]).await;
    assert!(response.status().is_success() || response.status().is_redirection(), "adding {name}: {}", response.status());
    sqlx::query_scalar("select id from board_sources where name = $1").bind(name).fetch_one(&app.superuser().await).await.unwrap()
}

async fn upload(app: &TestApp, client: &Client, source: Uuid, body: &str) -> String {
    let response = app.call::<UploadJobSourceFile>(client, &[("id", &source.to_string()), ("body", body)]).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The last run's (status, found, new, updated, closed, duplicates, errors).
async fn last_run(app: &TestApp, source: Uuid) -> (String, i32, i32, i32, i32, i32, i32) {
    sqlx::query_as(
        "select status, found, new, updated, closed, duplicates, errors from board_source_runs where source_id = $1 order by started_at desc, id desc limit 1",
    )
    .bind(source)
    .fetch_one(&app.superuser().await)
    .await
    .unwrap()
}

fn succeeded(found: i32, new: i32, updated: i32, closed: i32, duplicates: i32) -> (String, i32, i32, i32, i32, i32, i32) {
    ("succeeded".into(), found, new, updated, closed, duplicates, 0)
}

#[tokio::test]
async fn each_format_is_ingested_onto_the_board() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    for (file, kind, company, word, expected) in [
        ("careers-page.html", "json_ld", "", "fjord", ["Axolotl Curator", "Capybara Groomer", "Pangolin Keeper"]),
        ("greenhouse.json", "greenhouse", "Harborlight", "quetzal", ["Quetzal Data Engineer", "Quetzal Office Manager", "Quetzal Support Specialist"]),
        ("lever.json", "lever", "Alpenrose", "ibex", ["Ibex Content Writer", "Ibex Field Guide", "Ibex Product Designer"]),
        ("ashby.json", "ashby", "Skyline", "kestrel", ["Kestrel Account Executive", "Kestrel Site Reliability Engineer", "Kestrel Summer Intern"]),
    ] {
        let source = add_source(&app, &superadmin, &format!("{kind} feed"), kind, "", company).await;
        let message = upload(&app, &superadmin, source, &fixture(file)).await;
        assert!(message.starts_with("3 jobs found: 3 new"), "{kind}: {message}");
        assert_eq!(last_run(&app, source).await, succeeded(3, 3, 0, 0, 0), "{kind}");
        assert_eq!(titles(&app, &format!("q={word}")).await, expected, "{kind}");
    }
    assert_eq!(titles(&app, "q=kestrel&place=toronto&workplace=hybrid").await, ["Kestrel Site Reliability Engineer"], "filters see ingested fields");
    assert_eq!(titles(&app, "q=capybara&workplace=remote").await, ["Capybara Groomer"]);
    assert_eq!(titles(&app, "q=quetzel").await.len(), 3, "ingested words correct misspellings");

    // An ingested job's page: applied for at its source, indexed at the board's own address.
    let id: Uuid = sqlx::query_scalar("select id from board_jobs where title = 'Quetzal Data Engineer'").fetch_one(&app.superuser().await).await.unwrap();
    let (status, html) = app.page(&app.browser(), &format!("/jobs-board/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"href="https://boards.greenhouse.io/harborlight/jobs/4410001""#) && html.contains(r#"rel="nofollow noopener""#), "{html}");
    let canonical = format!("{}/jobs-board/{id}", app.url);
    assert!(html.split("<link").any(|tag| tag.contains(r#"rel="canonical""#) && tag.contains(&format!(r#"href="{canonical}""#))), "{html}");
    let data = crate::careers::json_ld(&html).expect("structured data");
    assert_eq!((data["title"].as_str(), data["hiringOrganization"]["name"].as_str(), data["url"].as_str()), (Some("Quetzal Data Engineer"), Some("Harborlight"), Some(canonical.as_str())));
    assert_eq!(data["baseSalary"]["value"]["minValue"], 60000.0);
    assert!(html.contains("Build our data platform."), "the description as text");

    // The console lists the sources with their last runs.
    let response = app.call::<JobSources>(&superadmin, &[]).await;
    let sources: Value = response.json().await.unwrap();
    let rows = sources.as_array().unwrap();
    assert_eq!(rows.len(), 5, "the four and the demo's");
    let greenhouse = rows.iter().find(|r| r["source"]["name"] == "greenhouse feed").unwrap();
    assert_eq!((greenhouse["source"]["listed"].as_i64(), greenhouse["last_run"]["new"].as_i64()), (Some(3), Some(3)));
    let (status, html) = app.page(&superadmin, "/console/sources").await;
    assert_eq!(status, 200);
    assert!(html.contains("greenhouse feed") && html.contains("Open Roles Feed"));
    let (status, html) = app.page(&superadmin, &format!("/console/sources/{}", greenhouse["source"]["id"].as_str().unwrap())).await;
    assert_eq!(status, 200);
    assert!(html.contains("3 new") || html.contains(">3<"), "{html}");
}

#[tokio::test]
async fn runs_update_changed_jobs_and_close_missing_ones_after_two_runs() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let source = add_source(&app, &superadmin, "Harborlight", "greenhouse", "", "Harborlight").await;
    let full = fixture("greenhouse.json");
    upload(&app, &superadmin, source, &full).await;
    upload(&app, &superadmin, source, &full).await;
    assert_eq!(last_run(&app, source).await, succeeded(3, 0, 0, 0, 0), "the same file again changes nothing");

    let mut feed: Value = serde_json::from_str(&full).unwrap();
    feed["jobs"].as_array_mut().unwrap().retain(|job| job["id"] != 4410003);
    feed["jobs"][0]["title"] = "Quetzal Lead Data Engineer".into();
    let fewer = feed.to_string();
    upload(&app, &superadmin, source, &fewer).await;
    assert_eq!(last_run(&app, source).await, succeeded(2, 0, 1, 0, 0), "a changed title is an update; one missing run closes nothing");
    assert_eq!(titles(&app, "q=quetzal").await, ["Quetzal Lead Data Engineer", "Quetzal Office Manager", "Quetzal Support Specialist"]);

    upload(&app, &superadmin, source, &fewer).await;
    assert_eq!(last_run(&app, source).await, succeeded(2, 0, 0, 1, 0), "the second missing run closes it");
    assert_eq!(titles(&app, "q=quetzal").await, ["Quetzal Lead Data Engineer", "Quetzal Support Specialist"]);
    let closed: Uuid = sqlx::query_scalar("select id from board_jobs where external_id = '4410003'").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(app.page(&app.browser(), &format!("/jobs-board/{closed}")).await.0, 404);

    upload(&app, &superadmin, source, &fewer).await;
    assert_eq!(last_run(&app, source).await, succeeded(2, 0, 0, 0, 0), "a closed job is not closed again");
    // Back in the feed, it is listed again.
    upload(&app, &superadmin, source, &full).await;
    assert_eq!(titles(&app, "q=quetzal").await.len(), 3);
    assert_eq!(app.scalar_i64(&format!("select count(*) from board_jobs where source_id = '{source}' and missing_runs > 0")).await, 0);
    assert_eq!(app.scalar_i64(&format!("select count(*) from audit_log where action = 'job_source.upload' and target = 'job_source:{source}'")).await, 6);
}

#[tokio::test]
async fn a_job_already_listed_by_an_organization_is_skipped() {
    let app = TestApp::spawn().await;
    let initech = tenant(&app).await;
    job(&app, initech, Job { title: "Okapi Handler", ..Job::default() }).await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let source = add_source(&app, &superadmin, "Okapi feed", "lever", "", "INITECH").await;
    let body = r#"[{"id":"dup-1","text":"okapi   handler","categories":{"location":"Berlin, Germany"},"hostedUrl":"https://jobs.lever.co/x/dup-1"},
                   {"id":"new-1","text":"Okapi Trainer","categories":{"location":"Berlin, Germany"},"hostedUrl":"https://jobs.lever.co/x/new-1"}]"#;
    upload(&app, &superadmin, source, body).await;
    assert_eq!(last_run(&app, source).await, succeeded(2, 1, 0, 0, 1));
    assert_eq!(titles(&app, "q=okapi").await, ["Okapi Handler", "Okapi Trainer"], "the organization's own job, once");
    assert_eq!(app.scalar_i64(&format!("select count(*) from board_jobs where source_id = '{source}'")).await, 1);
}

#[tokio::test]
async fn a_body_that_cannot_be_read_records_a_failed_run_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let source = add_source(&app, &superadmin, "Harborlight", "greenhouse", "", "Harborlight").await;
    upload(&app, &superadmin, source, &fixture("greenhouse.json")).await;
    for unreadable in ["this is not json", r#"{"positions": []}"#, &fixture("lever.json")] {
        let message = upload(&app, &superadmin, source, unreadable).await;
        assert!(message.starts_with("The file could not be read"), "{message}");
        let (status, found, new, updated, closed, _, errors) = last_run(&app, source).await;
        assert_eq!((status.as_str(), found, new, updated, closed, errors), ("failed", 0, 0, 0, 0, 1));
    }
    assert_eq!(titles(&app, "q=quetzal").await.len(), 3, "no job closed");
    assert_eq!(app.scalar_i64(&format!("select count(*) from board_jobs where source_id = '{source}' and missing_runs > 0")).await, 0);
    let ashby = add_source(&app, &superadmin, "Skyline", "ashby", "", "").await;
    upload(&app, &superadmin, ashby, &fixture("ashby.json")).await;
    assert_eq!(last_run(&app, ashby).await, ("succeeded".into(), 3, 0, 0, 0, 0, 3), "no company, from the jobs or the source: each left out");
}

#[tokio::test]
async fn only_superadmins_manage_sources() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let (status, _) = error_of(app.call::<AddJobSource>(&recruiter, &[("name", "Mine"), ("kind", "lever"), ("schedule", "daily")]).await).await;
    assert_eq!(status, 403);
    let demo: Uuid = sqlx::query_scalar("select id from board_sources").fetch_one(&app.superuser().await).await.unwrap();
    for response in [
        app.call::<JobSources>(&recruiter, &[]).await,
        app.call::<UploadJobSourceFile>(&recruiter, &[("id", &demo.to_string()), ("body", &fixture("greenhouse.json"))]).await,
        app.call::<RunJobSource>(&recruiter, &[("id", &demo.to_string())]).await,
        app.call::<SetJobSourceEnabled>(&recruiter, &[("id", &demo.to_string()), ("enabled", "false")]).await,
    ] {
        assert_eq!(error_of(response).await.0, 403);
    }
    assert_eq!(app.scalar_i64("select count(*) from board_sources").await, 1);
    assert_eq!(app.scalar_i64("select count(*) from board_source_runs").await, 1, "the demo's run only");
    // The app's role outside the platform scope reads no source.
    let mut conn = app.app_role().await;
    let seen: i64 = sqlx::query_scalar("select count(*) from board_sources").fetch_one(&mut conn).await.unwrap();
    assert_eq!(seen, 0);
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    add_source(&app, &superadmin, "Taken", "lever", "", "").await;
    let long_name = "n".repeat(121);
    let long_company = "c".repeat(201);
    let long_url = format!("https://example.com/{}", "a".repeat(2000));
    for (field, form) in [
        ("name", vec![("name", "  "), ("kind", "lever")]),
        ("name", vec![("name", long_name.as_str()), ("kind", "lever")]),
        ("kind", vec![("name", "A"), ("kind", "rss")]),
        ("url", vec![("name", "A"), ("kind", "lever"), ("url", "ftp://example.com/jobs")]),
        ("url", vec![("name", "A"), ("kind", "lever"), ("url", "http://127.0.0.1:3000/jobs")]),
        ("url", vec![("name", "A"), ("kind", "lever"), ("url", "http://[::ffff:127.0.0.1]/")]),
        ("url", vec![("name", "A"), ("kind", "lever"), ("url", long_url.as_str())]),
        ("company", vec![("name", "A"), ("kind", "lever"), ("company", long_company.as_str())]),
        ("schedule", vec![("name", "A"), ("kind", "lever"), ("schedule", "whenever")]),
        ("name", vec![("name", "taken"), ("kind", "lever")]),
    ] {
        let (status, error) = error_of(app.call::<AddJobSource>(&superadmin, &form).await).await;
        let at = match &error {
            AppError::Invalid { field, .. } | AppError::Conflict { field, .. } => field.clone(),
            other => panic!("{field}: {other:?}"),
        };
        assert_eq!(at.as_deref(), Some(field), "{form:?}");
        assert!(status == 400 || status == 409, "{form:?}: {status}");
    }
    assert_eq!(app.scalar_i64("select count(*) from board_sources").await, 2, "the demo's and Taken");
    let taken: Uuid = sqlx::query_scalar("select id from board_sources where name = 'Taken'").fetch_one(&app.superuser().await).await.unwrap();
    let (status, error) = error_of(app.call::<UploadJobSourceFile>(&superadmin, &[("id", &taken.to_string()), ("body", "  ")]).await).await;
    assert_eq!((status, error), (400, AppError::invalid("body", "Paste the file's contents.")));
    let (status, _) = error_of(app.call::<RunJobSource>(&superadmin, &[("id", &taken.to_string())]).await).await;
    assert_eq!(status, 400, "an uploaded source is not fetched");
    assert_eq!(app.scalar_i64("select count(*) from board_source_runs").await, 1);
}

#[tokio::test]
async fn sources_with_an_address_are_scheduled_and_private_addresses_are_never_fetched() {
    let app = TestApp::spawn().await;
    for refused in [
        "http://127.0.0.1/jobs", "http://10.0.0.7/jobs", "http://169.254.169.254/latest/meta-data/", "http://[::1]/jobs",
        "http://[::ffff:127.0.0.1]/jobs", "http://localhost/jobs", "file:///etc/passwd", "ftp://example.com/jobs", "gopher://example.com/",
    ] {
        assert!(matches!(fetch(refused).await, Err(FetchError::Refused(_))), "{refused}");
    }

    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let source = add_source(&app, &superadmin, "Unreachable", "greenhouse", "https://jobs.example.invalid/v1/boards/x/jobs", "X").await;
    let now = chrono::Utc::now();
    let schedule = |at| app::job_board::ingest::jobs::schedule_sources(&app.platform, at);
    assert_eq!(schedule(now).await.unwrap(), 1, "never run: due");
    assert_eq!(schedule(now).await.unwrap(), 0, "already queued");
    let response = app.call::<RunJobSource>(&superadmin, &[("id", &source.to_string())]).await;
    assert_eq!(response.json::<String>().await.unwrap(), "A run of this source is already queued.");
    app.run_jobs().await;
    let (status, found, .., errors) = last_run(&app, source).await;
    assert_eq!((status.as_str(), found, errors), ("failed", 0, 1), "the address could not be fetched");
    assert_eq!(schedule(now).await.unwrap(), 0, "daily: not due again yet");
    assert_eq!(schedule(now + chrono::Duration::hours(25)).await.unwrap(), 1);
    app.run_jobs().await;

    app.call::<SetJobSourceEnabled>(&superadmin, &[("id", &source.to_string()), ("enabled", "false")]).await;
    assert_eq!(schedule(now + chrono::Duration::days(3)).await.unwrap(), 0, "a disabled source is not scheduled");
    assert_eq!(app.scalar_i64("select count(*) from audit_log where action in ('job_source.create', 'job_source.run', 'job_source.disable')").await, 3);
}
