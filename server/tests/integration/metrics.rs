//! Platform metrics: `/metrics` in the Prometheus text format (and who may read it), the
//! minute samples, their downsampling and deletion by a clock the test sets, thresholds
//! raising, escalating and resolving alerts, and the console's charts.

use crate::support;

use std::collections::HashMap;
use std::sync::Arc;

use app::console::metrics::api::PlatformMetrics;
use app::console::metrics::types::*;
use app::console::metrics::{repo, service};
use app::platform::AppError;
use chrono::{DateTime, Duration, DurationRound, Utc};
use support::{error_of, TestApp};

/// The samples of a Prometheus text exposition: `name{labels}` to value.
fn parse(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (series, value) = line.rsplit_once(' ').expect("a sample is a series and a value");
            (series.to_owned(), value.parse::<f64>().unwrap_or_else(|_| panic!("a number in {line:?}")))
        })
        .collect()
}

/// The demo's day of samples and its alert, which would blur these sums.
/// Removes the demo's day of samples and its alerts, and the demo delegations, whose completion
/// rate is a figure of its own (tested in `delegation`).
async fn forget_the_demo_day(app: &TestApp) {
    let db = app.superuser().await;
    sqlx::query("delete from metric_samples").execute(&db).await.unwrap();
    sqlx::query("delete from metric_alerts").execute(&db).await.unwrap();
    sqlx::query("truncate delegations cascade").execute(&db).await.unwrap();
}

fn minute(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(Duration::minutes(1)).unwrap()
}

#[tokio::test]
async fn metrics_are_exposed_in_the_prometheus_format_to_this_machine_or_a_token() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    for _ in 0..3 {
        assert_eq!(client.get(format!("{}/healthz", app.url)).send().await.unwrap().status(), 200);
    }
    let wrong = app.call::<app::identity::api::SignIn>(&client, &[("email", "recruiter@acme.test"), ("password", "not the password")]).await;
    assert_eq!(wrong.status(), 400);
    client.get(format!("{}/jobs/0190a5b2-0000-7000-8000-000000000001", app.url)).send().await.unwrap();

    let response = client.get(format!("{}/metrics", app.url)).send().await.unwrap();
    assert_eq!(response.status(), 200, "loopback may read it without a token");
    // Not through a proxy on this machine, though: it would make anyone look local.
    for header in ["x-forwarded-for", "forwarded", "x-real-ip"] {
        let proxied = client.get(format!("{}/metrics", app.url)).header(header, "198.51.100.1").send().await.unwrap();
        assert_eq!(proxied.status(), 401, "{header}");
    }
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/openmetrics-text"));
    let text = response.text().await.unwrap();
    assert!(text.trim_end().ends_with("# EOF"));
    for family in ["hirevoo_http_requests counter", "hirevoo_http_request_duration_seconds histogram", "hirevoo_db_pool_connections gauge", "hirevoo_queue_depth gauge", "hirevoo_sign_in_failures counter"] {
        assert!(text.contains(&format!("# TYPE {family}")), "{family}");
    }
    let samples = parse(&text);
    let healthz = samples[r#"hirevoo_http_requests_total{route="/healthz",method="GET",status="200"}"#];
    assert!(healthz >= 3.0, "{healthz}");
    assert!(samples[r#"hirevoo_http_request_duration_seconds_count{route="/healthz"}"#] >= 3.0);
    assert!(samples[r#"hirevoo_http_request_duration_seconds_bucket{le="+Inf",route="/healthz"}"#] >= 3.0);
    assert!(samples.keys().any(|k| k.contains(r#"route="/jobs/{id}""#)), "a path with an id is counted under its route's pattern");
    assert!(!samples.keys().any(|k| k.contains("0190a5b2")), "never under the raw path");
    assert_eq!(samples[r#"hirevoo_db_pool_connections{pool="primary",state="max"}"#], 8.0);
    assert!(samples["hirevoo_sign_in_failures_total"] >= 1.0);
    assert!(samples.contains_key("hirevoo_queue_depth"));

    // With a token configured, only its bearer may read it.
    let mut platform = app.platform.clone();
    let mut settings = (*platform.settings).clone();
    settings.metrics_token = Some("scrape-secret-123".into());
    platform.settings = Arc::new(settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let router = server::http::router(server::leptos_options(&server::config::Config::default()), platform);
    tokio::spawn(async move { axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap() });
    let http = reqwest::Client::new();
    assert_eq!(http.get(format!("{url}/metrics")).send().await.unwrap().status(), 401);
    assert_eq!(http.get(format!("{url}/metrics")).bearer_auth("wrong").send().await.unwrap().status(), 401);
    let allowed = http.get(format!("{url}/metrics")).bearer_auth("scrape-secret-123").send().await.unwrap();
    assert_eq!(allowed.status(), 200);
    assert!(allowed.text().await.unwrap().contains("hirevoo_http_requests_total"));
}

#[tokio::test]
async fn minutes_are_sampled_folded_into_hours_after_a_week_and_deleted_after_90_days() {
    let app = TestApp::spawn().await;
    forget_the_demo_day(&app).await;
    let platform = &app.platform;
    let db = app.superuser().await;
    let now = minute(Utc::now());

    // This instance's own minute, from real requests.
    app::platform::metrics::metrics().take_minute();
    let client = app.browser();
    for _ in 0..4 {
        client.get(format!("{}/healthz", app.url)).send().await.unwrap();
    }
    service::sample(platform, "web-1", now + Duration::minutes(1)).await.unwrap();
    let requests: f64 = sqlx::query_scalar("select value from metric_samples where name = 'requests' and instance = 'web-1' and at = $1").bind(now).fetch_one(&db).await.unwrap();
    assert!(requests >= 4.0, "{requests}");
    let pool: f64 = sqlx::query_scalar("select value from metric_samples where name = 'pool_use_pct' and instance = 'web-1'").fetch_one(&db).await.unwrap();
    assert!((0.0..=100.0).contains(&pool));

    // Two instances, three minutes of an hour eight days ago, and a minute 91 days ago.
    let old_hour = (now - Duration::days(8)).duration_trunc(Duration::hours(1)).unwrap();
    for (offset, instance, requests, latency) in [(0, "web-1", 10.0, 100.0), (1, "web-1", 20.0, 300.0), (2, "web-2", 5.0, 900.0)] {
        repo::insert_samples(platform.db.write(), old_hour + Duration::minutes(offset), instance, &[(REQUESTS, requests), (LATENCY_P95, latency)]).await.unwrap();
    }
    // A second sample in the same minute adds to the count and keeps the higher level.
    repo::insert_samples(platform.db.write(), old_hour, "web-1", &[(REQUESTS, 1.0), (LATENCY_P95, 50.0)]).await.unwrap();
    repo::insert_samples(platform.db.write(), now - Duration::days(91), "web-1", &[(REQUESTS, 7.0)]).await.unwrap();

    let (folded, expired) = service::roll_up(platform, now).await.unwrap();
    // Seven minute rows fold into hours (the 91-day-old one too), whose oldest then expires.
    assert_eq!((folded, expired), (7, 1));
    let hours: Vec<(String, String, f64)> = sqlx::query_as("select instance, name, value from metric_samples where resolution = 'hour' and at = $1 order by 1, 2")
        .bind(old_hour)
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(hours, vec![
        ("web-1".into(), LATENCY_P95.into(), 300.0),
        ("web-1".into(), REQUESTS.into(), 31.0),
        ("web-2".into(), LATENCY_P95.into(), 900.0),
        ("web-2".into(), REQUESTS.into(), 5.0),
    ]);
    assert_eq!(app.scalar_i64("select count(*) from metric_samples where resolution = 'minute' and at < now() - interval '7 days'").await, 0);
    assert!(app.scalar_i64("select count(*) from metric_samples where resolution = 'minute'").await >= 9, "this week's minutes stay");

    // 83 days on, that hour is past 90 days and goes too.
    let (_, expired) = service::roll_up(platform, now + Duration::days(83)).await.unwrap();
    assert!(expired >= 4, "{expired}");
    assert_eq!(sqlx::query_scalar::<_, i64>("select count(*) from metric_samples where at = $1").bind(old_hour).fetch_one(&db).await.unwrap(), 0);
}

async fn five_minutes(app: &TestApp, now: DateTime<Utc>, figures: &[(&str, f64)]) {
    for back in 1..=5 {
        repo::insert_samples(app.platform.db.write(), now - Duration::minutes(back), "web-1", figures).await.unwrap();
    }
}

#[tokio::test]
async fn thresholds_raise_escalate_and_resolve_alerts_mail_superadmins_and_draft_an_incident() {
    let app = TestApp::spawn().await;
    forget_the_demo_day(&app).await;
    let platform = &app.platform;
    let db = app.superuser().await;
    let mails = || app.scalar_i64("select count(*) from outbox where to_address = 'superadmin@hirevoo.test' and subject like '[Hirevoo %'");
    let now = minute(Utc::now()) + Duration::hours(1);

    // Slow answers (critical), 3 % errors (warning), a calm pool.
    five_minutes(&app, now, &[(REQUESTS, 100.0), (SERVER_ERRORS, 3.0), (LATENCY_P95, 2500.0), (POOL_USE, 40.0)]).await;
    let mut raised = service::check_thresholds(platform, now).await.unwrap();
    raised.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(raised, vec![(ERROR_RATE.to_owned(), Level::Warning), (LATENCY_P95.to_owned(), Level::Critical)]);
    assert_eq!(mails().await, 2);
    let (incident, published): (uuid::Uuid, Option<DateTime<Utc>>) = sqlx::query_as(
        "select i.id, i.published_at from metric_alerts a join incidents i on i.id = a.incident_id where a.metric = $1 and a.resolved_at is null",
    )
    .bind(LATENCY_P95)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(published, None, "a draft: nobody sees it until a superadmin publishes it");
    assert_eq!(app.scalar_i64("select count(*) from incidents where published_at is null").await, 1);
    assert_eq!(sqlx::query_scalar::<_, i64>("select count(*) from incident_updates where incident_id = $1").bind(incident).fetch_one(&db).await.unwrap(), 1);

    // The console says so on the superadmin's home.
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let (_, home) = app.page(&superadmin, "/").await;
    assert!(home.contains("Platform alerts") && home.contains("critical: Response time, 95th percentile at 2500 ms (threshold 2000 ms)"), "the home page shows the open alerts");

    // The same readings again: nothing new to say.
    assert!(service::check_thresholds(platform, now).await.unwrap().is_empty());
    assert_eq!(mails().await, 2);

    // A minute later errors reach 6 %: the warning becomes critical, with its own draft.
    let later = now + Duration::minutes(1);
    repo::insert_samples(platform.db.write(), now, "web-1", &[(REQUESTS, 100.0), (SERVER_ERRORS, 21.0), (LATENCY_P95, 2500.0), (POOL_USE, 40.0)]).await.unwrap();
    assert_eq!(service::check_thresholds(platform, later).await.unwrap(), vec![(ERROR_RATE.to_owned(), Level::Critical)]);
    assert_eq!(mails().await, 3);
    assert_eq!(app.scalar_i64("select count(*) from incidents where published_at is null").await, 2);
    assert_eq!(app.scalar_i64("select count(*) from metric_alerts where resolved_at is null").await, 2);

    // Ten minutes later all is well: both resolve. Few requests say nothing of the error rate.
    let calm = later + Duration::minutes(10);
    five_minutes(&app, calm, &[(REQUESTS, 3.0), (SERVER_ERRORS, 2.0), (LATENCY_P95, 120.0), (POOL_USE, 10.0)]).await;
    assert!(service::check_thresholds(platform, calm).await.unwrap().is_empty());
    assert_eq!(app.scalar_i64("select count(*) from metric_alerts where resolved_at is null").await, 1, "the error rate stays open: 3 requests prove nothing");
    five_minutes(&app, calm, &[(REQUESTS, 100.0)]).await;
    service::check_thresholds(platform, calm).await.unwrap();
    assert_eq!(app.scalar_i64("select count(*) from metric_alerts where resolved_at is null").await, 0);

    // A full pool.
    let busy = calm + Duration::minutes(10);
    five_minutes(&app, busy, &[(POOL_USE, 85.0)]).await;
    assert_eq!(service::check_thresholds(platform, busy).await.unwrap(), vec![(POOL_USE.to_owned(), Level::Warning)]);
}

#[tokio::test]
async fn the_console_charts_the_samples_for_superadmins_only() {
    let app = TestApp::spawn().await;
    forget_the_demo_day(&app).await;
    let now = minute(Utc::now());
    for (back, instance, requests, latency) in [(3, "web-1", 30.0, 200.0), (3, "web-2", 12.0, 700.0), (2, "web-1", 6.0, 100.0)] {
        repo::insert_samples(app.platform.db.write(), now - Duration::minutes(back), instance, &[(REQUESTS, requests), (SERVER_ERRORS, 1.0), (LATENCY_P95, latency)]).await.unwrap();
    }
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let response = app.call::<PlatformMetrics>(&superadmin, &[("range", "hour")]).await;
    assert!(response.status().is_success());
    let overview: MetricsOverview = response.json().await.unwrap();
    assert_eq!(overview.instances, 2);
    let chart = |metric: &str| overview.charts.iter().find(|c| c.metric == metric).unwrap().values.clone();
    let requests = chart(REQUESTS);
    assert_eq!(requests.len(), 60);
    assert_eq!(&requests[57..], &[42.0, 6.0, 0.0], "instances added up, minute by minute");
    assert_eq!(&chart(LATENCY_P95)[57..59], &[700.0, 100.0], "the slower instance counts");
    let rate = chart(ERROR_RATE);
    assert!((rate[57] - 100.0 * 2.0 / 42.0).abs() < 1e-9);
    let day: MetricsOverview = app.call::<PlatformMetrics>(&superadmin, &[("range", "day")]).await.json().await.unwrap();
    assert_eq!(day.charts[0].values.len(), 144);
    assert!((day.charts[0].values.iter().sum::<f64>() - 48.0 / 10.0).abs() < 1e-9, "a count per minute, averaged over ten");

    let (status, error) = error_of(app.call::<PlatformMetrics>(&superadmin, &[("range", "year")]).await).await;
    assert_eq!((status, error.field()), (400, Some("range")));
    for email in ["admin@acme.test", "recruiter@acme.test"] {
        let client = app.signed_in(email).await;
        let (status, error) = error_of(app.call::<PlatformMetrics>(&client, &[]).await).await;
        assert_eq!((status, error), (403, AppError::Forbidden));
        let (status, error) = error_of(app.call::<app::console::metrics::api::OpenAlerts>(&client, &[]).await).await;
        assert_eq!((status, error), (403, AppError::Forbidden));
        assert_eq!(client.get(format!("{}/metrics", app.url)).send().await.unwrap().status(), 200, "the scrape is for this machine, not for a session");
    }
    let (status, page) = app.page(&superadmin, "/console/metrics?range=hour").await;
    assert_eq!(status, 200);
    for words in ["Metrics", "No open alerts", "Requests per minute", "Response time, 95th percentile", "2 server instances"] {
        assert!(page.contains(words), "{words}");
    }
}
