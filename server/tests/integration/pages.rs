//! The server-rendered pages: guards, each role's home with real data, errors, health.

use crate::support;

use support::TestApp;

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_which_works_without_javascript() {
    let app = TestApp::spawn().await;
    let visitor = app.browser();
    let response = visitor.get(format!("{}/members", app.url)).send().await.unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()["location"], "/sign-in?next=/members");
    let (status, html) = app.page(&visitor, "/sign-in").await;
    assert_eq!(status, 200);
    assert!(html.contains("<form") && html.contains(r#"method="post""#), "a real form");
    assert!(html.contains(r#"name="email""#) && html.contains(r#"autocomplete="current-password""#));
    assert!(html.contains(r#"<label for="field-email""#), "labelled");

    // A plain form post, as a browser without JavaScript sends it.
    let path = <app::identity::api::SignIn as leptos::server_fn::ServerFn>::PATH;
    let response = visitor
        .post(format!("{}{path}", app.url))
        .header("accept", "text/html")
        .header("referer", format!("{}/sign-in", app.url))
        .form(&[("email", "admin@acme.test"), ("password", support::PASSWORD), ("next", "/members")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(response.headers()["location"], "/members");
    let (status, html) = app.page(&visitor, "/members").await;
    assert_eq!(status, 200);
    assert!(html.contains("Rita Moreno") && html.contains("candidate@acme.test"));
}

#[tokio::test]
async fn each_role_sees_its_own_home_and_navigation() {
    let app = TestApp::spawn().await;
    let cases = [
        ("superadmin@hirevoo.test", vec!["Tenants", "Outbox", "Acme Hiring", "Globex Talent"], vec!["Members</a>"]),
        ("admin@acme.test", vec!["Members", "Invite someone", "Ivan Petrov", "Chloe Martin"], vec!["Outbox", "Globex"]),
        ("recruiter@acme.test", vec!["Welcome, Rita", "Members by role", "Acme Hiring"], vec!["Invite someone", "Outbox"]),
        ("interviewer@acme.test", vec!["Your interviews", "Scorecards due", "Technical with"], vec!["Invite someone", "Outbox", "Members by role"]),
        ("candidate@acme.test", vec!["Welcome, Chloe", "You are a candidate with", "Acme Hiring"], vec!["Members by role", "<aside"]),
    ];
    for (email, present, absent) in cases {
        let client = app.signed_in(email).await;
        let (status, html) = app.page(&client, "/").await;
        assert_eq!(status, 200, "{email}");
        for text in present {
            assert!(html.contains(text), "{email} should see {text:?}");
        }
        for text in absent {
            assert!(!html.contains(text), "{email} should not see {text:?}");
        }
    }
}

#[tokio::test]
async fn a_page_for_another_role_is_forbidden() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let (status, html) = app.page(&recruiter, "/console/tenants").await;
    assert_eq!(status, 403);
    assert!(html.contains("No access"));
    let (status, _) = app.page(&recruiter, "/members").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn unknown_pages_get_a_404_page() {
    let app = TestApp::spawn().await;
    let (status, html) = app.page(&app.browser(), "/no/such/page").await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
}

#[tokio::test]
async fn health_readiness_and_the_stylesheet() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    assert_eq!(app.page(&client, "/healthz").await, (200, "ok".to_owned()));
    let ready: serde_json::Value = client.get(format!("{}/readyz", app.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready["primary"], true);
    let (_, html) = app.page(&client, "/sign-in").await;
    let href = html.split(r#"rel="stylesheet" href=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    let css = client.get(format!("{}{href}", app.url)).send().await.unwrap();
    assert_eq!(css.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(css.text().await.unwrap().contains(".min-h-screen"));
}

#[tokio::test]
async fn an_unreachable_database_gives_a_503_page_not_a_crash() {
    let pair = support::shared_cluster();
    let gone = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_millis(300))
        .connect_lazy_with(sqlx::postgres::PgConnectOptions::new().socket("/nonexistent-socket-dir").database("hirevoo"));
    let db = app::platform::db::Db::new(gone, None, std::time::Duration::from_secs(10));
    let app = TestApp::serve(db, &pair.primary, "hirevoo").await;
    let client = app.browser();
    let cookie = format!("hirevoo_session={}", "a".repeat(64));
    let response = client.get(format!("{}/", app.url)).header("cookie", cookie).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert!(response.text().await.unwrap().contains("Temporarily unavailable"));
    let (status, _) = support::error_of(app.call::<app::identity::api::SignIn>(&client, &[("email", "a@example.com"), ("password", "whatever")]).await).await;
    assert_eq!(status, 503);
    assert_eq!(client.get(format!("{}/readyz", app.url)).send().await.unwrap().status().as_u16(), 503);
}

#[tokio::test]
async fn the_recruiting_pages_are_for_recruiters_and_admins() {
    let app = TestApp::spawn().await;
    let pages = [("/assessments", "Your assessments"), ("/assessments/bank", "Write a question"), ("/jobs", "Senior Frontend Engineer"), ("/jobs/new", "Create the draft")];
    for email in ["recruiter@acme.test", "admin@acme.test"] {
        let client = app.signed_in(email).await;
        for (path, text) in pages {
            let (status, html) = app.page(&client, path).await;
            assert_eq!(status, 200, "{email} {path}");
            assert!(html.contains(text), "{email} {path} shows {text:?}");
            assert!(html.contains(r#"aria-current="page""#), "{path} is marked in the navigation");
        }
    }
    // Without JavaScript, "draw from another set" asks the server for one more row.
    let recruiter = app.signed_in("recruiter@acme.test").await;
    assert!(app.call::<app::assessments::api::CreateQuestionSet>(&recruiter, &[("name", "Basics")]).await.status().is_success());
    let (_, html) = app.page(&recruiter, "/assessments?sets=3").await;
    assert!(html.contains(r#"name="rules[2][set_id]""#) && !html.contains(r#"name="rules[3][set_id]""#));
    let interviewer = app.signed_in("interviewer@acme.test").await;
    for (path, _) in pages {
        assert_eq!(app.page(&interviewer, path).await.0, 403, "{path}");
    }
}

/// The transactions one request to `route` opened, summed over its requests so far, and how many requests.
async fn transactions_so_far(app: &TestApp, route: &str) -> (f64, f64) {
    let text = app.browser().get(format!("{}/metrics", app.url)).send().await.unwrap().text().await.unwrap();
    let sample = |name: &str| {
        let series = format!(r#"hirevoo_db_request_transactions_{name}{{route="{route}"}} "#);
        text.lines().find_map(|line| line.strip_prefix(&series)).map_or(0.0, |value| value.parse().unwrap())
    };
    (sample("sum"), sample("count"))
}

/// A signed-in page reads its frame (who is signed in, the bell, the incident banners) in
/// two transactions, the session lookup and one read, and builds the page once, so that its
/// own reads happen once: each page here stays within its budget, and fails above it.
#[tokio::test]
async fn a_signed_in_page_stays_within_its_transaction_budget() {
    let app = TestApp::spawn().await;
    // The frame's two, and the page's own reads (one transaction per resource the page shows).
    let cases = [
        ("admin@acme.test", "/notifications/preferences", 2.0 + 2.0), // preferences, incident subscription
        ("admin@acme.test", "/", 2.0 + 2.0),                          // members, invitations
        ("admin@acme.test", "/account", 2.0 + 2.0),                   // the user's sessions, their two-step sign-in
        ("recruiter@acme.test", "/jobs", 2.0 + 1.0),                  // the dashboard
        ("candidate@acme.test", "/", 1.0 + 1.0),                      // a candidate's frame has no bell or banners to read
    ];
    for (email, route, budget) in cases {
        let client = app.signed_in(email).await;
        let (sum, count) = transactions_so_far(&app, route).await;
        let (status, _) = app.page(&client, route).await;
        assert_eq!(status, 200, "{email} {route}");
        let (after_sum, after_count) = transactions_so_far(&app, route).await;
        assert_eq!(after_count, count + 1.0, "one request to {route}");
        let opened = after_sum - sum;
        assert!(opened <= budget, "{email} {route}: {opened} transactions, the budget is {budget}");
    }
}

#[tokio::test]
async fn old_addresses_lead_to_where_their_pages_moved() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    let id = uuid::Uuid::now_v7();
    for (old, new) in [
        (format!("/assessments/results?id={id}"), format!("/assessments/{id}/results")),
        (format!("/assessments/results?id={id}&attention=1"), format!("/assessments/{id}/results?attention=1")),
        (format!("/assessments/question?id={id}"), format!("/assessments/questions/{id}")),
        (format!("/assessments/review?session={id}"), format!("/assessments/sessions/{id}/review")),
        ("/tenants".to_owned(), "/console/tenants".to_owned()),
        ("/outbox".to_owned(), "/console/outbox".to_owned()),
    ] {
        let response = browser.get(format!("{}{old}", app.url)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 308, "{old}");
        assert_eq!(response.headers()["location"], new.as_str(), "{old}");
    }
    // Only an id goes into the new address.
    for old in ["/assessments/results?id=..%2F..%2Fsign-out", "/assessments/review", "/assessments/question?id=%2F%2Fevil.example"] {
        let response = browser.get(format!("{}{old}", app.url)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404, "{old}");
    }
}
