//! Usage analytics on a real database over real HTTP: events recorded where they happen, the
//! daily rollup (totals, distinct users, the most frequent searches, cohorts), the raw events'
//! 90 days, and who reads which figures.

use crate::support::{error_of, TestApp};
use app::usage::api::ReadUsage;
use app::usage::types::UsageReport;
use chrono::{Duration, Utc};
use uuid::Uuid;

/// Starts from no events or figures: the demo's are not this test's.
async fn without_demo_usage(app: &TestApp) {
    sqlx::query("truncate analytics_events, daily_metrics, usage_rollup_days, active_weeks").execute(&app.superuser().await).await.unwrap();
}

/// Waits until `sql` counts `expected` (events are written in the background, in batches).
async fn eventually(app: &TestApp, sql: &str, expected: i64) {
    for _ in 0..100 {
        if app.scalar_i64(sql).await == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{sql}: expected {expected}, found {}", app.scalar_i64(sql).await);
}

async fn user_id(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("select id from users where email = $1").bind(email).fetch_one(&app.superuser().await).await.unwrap()
}

async fn tenant_id(app: &TestApp, slug: &str) -> Uuid {
    sqlx::query_scalar("select id from tenants where slug = $1").bind(slug).fetch_one(&app.superuser().await).await.unwrap()
}

async fn report(app: &TestApp, client: &reqwest::Client, days: &str) -> UsageReport {
    let response = app.call::<ReadUsage>(client, &[("days", days)]).await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn pages_searches_clicks_and_sign_ins_are_recorded_and_rolled_up_for_the_platform_and_the_tenant() {
    let app = TestApp::spawn().await;
    without_demo_usage(&app).await;
    let acme = tenant_id(&app, "acme").await;
    let recruiter = user_id(&app, "recruiter@acme.test").await;

    // A visitor searches the board twice (once for nothing), opens a job from the first search.
    let visitor = app.browser();
    let (status, html) = app.page(&visitor, "/jobs-board?q=Customer%20Success").await;
    assert_eq!(status, 200);
    let job = html.split("/jobs-board/").nth(1).and_then(|rest| rest.get(..36)).and_then(|id| id.parse::<Uuid>().ok()).expect("a result");
    assert!(html.contains(&format!("/jobs-board/{job}?from=Customer%20Success")), "the result says which search it came from");
    app.page(&visitor, "/jobs-board?q=zzqxv%20wwqz").await;
    app.page(&visitor, &format!("/jobs-board/{job}?from=Customer%20Success")).await;
    // A recruiter signs in and opens two pages; someone fails to sign in.
    let signed_in = app.signed_in("recruiter@acme.test").await;
    app.page(&signed_in, "/jobs").await;
    app.page(&signed_in, "/candidates").await;
    let failed = app.call::<app::identity::api::SignIn>(&app.browser(), &[("email", "recruiter@acme.test"), ("password", "not the password at all")]).await;
    assert_eq!(failed.status().as_u16(), 400);

    // And applies to it on Acme's careers site.
    let (status, location) = crate::careers::apply(&app, &visitor, "acme", job, crate::careers::Application { email: "usage.visitor@example.com", ..Default::default() }).await;
    assert!(status == 303 && location.contains("applied=1"), "{location}");

    eventually(&app, "select count(*) from analytics_events where kind = 'search'", 2).await;
    eventually(&app, &format!("select count(*) from analytics_events where kind = 'application' and tenant_id = '{acme}'"), 1).await;
    eventually(&app, "select count(*) from analytics_events where kind = 'search_click'", 1).await;
    eventually(&app, "select count(*) from analytics_events where kind = 'sign_in'", 2).await;
    eventually(&app, "select count(*) from analytics_events where kind = 'page_view' and path in ('/jobs', '/candidates')", 2).await;
    let (words, results): (String, i32) = sqlx::query_as("select query, results from analytics_events where kind = 'search' order by id limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(words, "customer success");
    assert!(results > 0);
    let click_tenant: Option<Uuid> = sqlx::query_scalar("select tenant_id from analytics_events where kind = 'search_click'").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(click_tenant, Some(acme), "the job's tenant");
    // Pages are counted by their route, with the user who saw them; a failed sign-in names nobody.
    let pages: Vec<(String, Option<Uuid>, Option<Uuid>)> = sqlx::query_as("select path, user_id, tenant_id from analytics_events where kind = 'page_view' and path in ('/jobs', '/candidates') order by id")
        .fetch_all(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!(pages, vec![("/jobs".to_owned(), Some(recruiter), Some(acme)), ("/candidates".to_owned(), Some(recruiter), Some(acme))]);
    assert_eq!(app.scalar_i64("select count(*) from analytics_events where kind = 'sign_in' and not success and user_id is null and tenant_id is null").await, 1);
    assert_eq!(app.scalar_i64("select count(*) from analytics_events where kind = 'page_view' and path like '%-%-%-%'").await, 0, "no ids in paths");

    let today = Utc::now().date_naive();
    assert_eq!(app::usage::jobs::roll_up(&app.platform, today).await.unwrap(), 1);
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let platform = report(&app, &superadmin, "7").await;
    let day = platform.days.last().unwrap().clone();
    assert_eq!(day.day, today);
    assert_eq!((day.searches, day.searches_without_results, day.search_clicks, day.sign_ins, day.sign_in_failures), (2, 1, 1, 1, 1));
    assert_eq!(day.active_users, 1, "one signed-in person, counted once");
    assert_eq!(platform.top_searches.iter().map(|s| (s.query.as_str(), s.searches, s.clicks)).collect::<Vec<_>>(), vec![("customer success", 1, 1), ("zzqxv wwqz", 1, 0)]);
    assert_eq!(platform.searches_without_results, vec![("zzqxv wwqz".to_owned(), 1)]);
    assert!(platform.top_pages.iter().any(|(path, n)| path == "/jobs-board" && *n == 2), "{:?}", platform.top_pages);

    // Acme's admin sees Acme's figures only: its member's pages and the click on its job.
    let admin = app.signed_in("admin@acme.test").await;
    let acme_report = report(&app, &admin, "7").await;
    assert!(!acme_report.platform);
    let acme_day = acme_report.days.last().unwrap();
    assert_eq!((acme_day.searches, acme_day.search_clicks, acme_day.sign_ins, acme_day.active_users, acme_day.applications), (0, 1, 1, 1, 1));
    assert_eq!(acme_report.top_searches.iter().map(|s| (s.query.as_str(), s.clicks)).collect::<Vec<_>>(), vec![("customer success", 1)]);
    assert!(acme_report.top_pages.iter().all(|(path, _)| path != "/jobs-board"), "a visitor's pages are nobody's tenant's");
    let globex = report(&app, &app.signed_in("admin@globex.test").await, "7").await;
    assert_eq!(globex.total(|d| d.page_views + d.sign_ins + d.search_clicks), 0);

    // Who may read: admins and superadmins, for the periods offered.
    for email in ["recruiter@acme.test", "seeker@example.com"] {
        let (status, _) = error_of(app.call::<ReadUsage>(&app.signed_in(email).await, &[("days", "7")]).await).await;
        assert_eq!(status, 403, "{email}");
    }
    let (status, _) = error_of(app.call::<ReadUsage>(&app.browser(), &[("days", "7")]).await).await;
    assert_eq!(status, 401);
    let (status, error) = error_of(app.call::<ReadUsage>(&admin, &[("days", "8")]).await).await;
    assert_eq!((status, error.field()), (400, Some("days")));
    let (status, html) = app.page(&admin, "/usage").await;
    assert_eq!(status, 200);
    assert!(html.contains("Retention by sign-up week") && html.contains("customer success"), "the page");
    let (status, _) = app.page(&superadmin, "/console/usage?days=90").await;
    assert_eq!(status, 200);

    // The tables hold: in Acme's scope, only Acme's rows are readable, and nothing is writable.
    let mut conn = app.app_role().await;
    let mut tx = sqlx::Connection::begin(&mut conn).await.unwrap();
    sqlx::query("select set_config('app.tenant_id', $1, true)").bind(acme.to_string()).execute(&mut *tx).await.unwrap();
    let foreign: i64 = sqlx::query_scalar("select count(*) from daily_metrics where tenant_id is distinct from $1").bind(acme).fetch_one(&mut *tx).await.unwrap();
    assert_eq!(foreign, 0);
    let own: i64 = sqlx::query_scalar("select count(*) from analytics_events").fetch_one(&mut *tx).await.unwrap();
    assert!(own > 0);
    assert!(sqlx::query("insert into daily_metrics (tenant_id, metric, day, value) values ($1, 'page_views', current_date, 1)").bind(acme).execute(&mut *tx).await.is_err());
}

/// Inserts `count` events of `kind` for `user` (and tenant) on `day`, as the owner.
async fn events(app: &TestApp, day: chrono::NaiveDate, kind: &str, user: Option<Uuid>, tenant: Option<Uuid>, query: Option<&str>, count: i32) {
    sqlx::query(
        "insert into analytics_events (at, kind, user_id, tenant_id, query, results)
         select $1::date + time '12:00', $2, $3, $4, $5, case when $2 = 'search' then 3 end from generate_series(1, $6)",
    )
    .bind(day)
    .bind(kind)
    .bind(user)
    .bind(tenant)
    .bind(query)
    .bind(count)
    .execute(&app.superuser().await)
    .await
    .unwrap();
}

async fn metric(app: &TestApp, tenant: Option<Uuid>, metric: &str, day: chrono::NaiveDate, dimension: &str) -> i64 {
    sqlx::query_scalar("select coalesce(sum(value), 0)::int8 from daily_metrics where tenant_id is not distinct from $1 and metric = $2 and day = $3 and dimension = $4")
        .bind(tenant)
        .bind(metric)
        .bind(day)
        .bind(dimension)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_rollup_counts_distinct_people_keeps_the_frequent_searches_builds_cohorts_and_ends_raw_events_after_90_days() {
    let app = TestApp::spawn().await;
    without_demo_usage(&app).await;
    let acme = tenant_id(&app, "acme").await;
    let (ann, bob) = (user_id(&app, "recruiter@acme.test").await, user_id(&app, "admin@acme.test").await);
    let today = Utc::now().date_naive();
    let monday = app::usage::repo::week_of(today);
    let (last_week, long_ago) = (monday - Duration::days(7), today - Duration::days(120));
    // Ann and Bob joined Acme last week; Ann came back this week.
    sqlx::query("update memberships set created_at = $1::date + time '09:00' where user_id = any($2)").bind(last_week).bind(vec![ann, bob]).execute(&app.superuser().await).await.unwrap();
    sqlx::query("update users set created_at = $1::date + time '09:00' where id = any($2)").bind(last_week).bind(vec![ann, bob]).execute(&app.superuser().await).await.unwrap();
    events(&app, last_week, "page_view", Some(ann), Some(acme), None, 3).await;
    events(&app, last_week, "page_view", Some(bob), Some(acme), None, 2).await;
    events(&app, monday, "page_view", Some(ann), Some(acme), None, 4).await;
    // Searches: 105 different words once, one word 5 times; only the 100 most frequent are kept by their words.
    for n in 0..105 {
        events(&app, monday, "search", None, None, Some(&format!("word{n:03}")), 1).await;
    }
    events(&app, monday, "search", None, None, Some("rust"), 5).await;
    events(&app, monday, "search_click", None, None, Some("word104"), 1).await;
    events(&app, long_ago, "page_view", None, None, None, 7).await;

    let rolled = app::usage::jobs::roll_up(&app.platform, today).await.unwrap();
    assert_eq!(rolled as i64, (today - long_ago).num_days() + 1, "every day since the oldest event");
    for _ in 0..2 {
        assert_eq!(metric(&app, Some(acme), "page_views", last_week, "").await, 5);
        assert_eq!(metric(&app, None, "page_views", last_week, "").await, 5);
        assert_eq!(metric(&app, Some(acme), "active_users", last_week, "").await, 2);
        assert_eq!(metric(&app, Some(acme), "weekly_active_users", last_week + Duration::days(6), "").await, 2, "both, within the 7 days");
        assert_eq!(metric(&app, None, "searches", monday, "").await, 110);
        assert_eq!(metric(&app, None, "search", monday, "rust").await, 5);
        assert_eq!(app.scalar_i64(&format!("select count(*) from daily_metrics where metric = 'search' and day = '{monday}'")).await, 100);
        assert_eq!(metric(&app, None, "search", monday, "word104").await, 0, "the rarest words count in the total only");
        assert_eq!(metric(&app, None, "search_click", monday, "word104").await, 1, "a click is kept among the day's most clicked");
        // Of last week's two new members, both were active that week and one this week.
        let cohort = last_week.format("%Y-%m-%d").to_string();
        assert_eq!(metric(&app, Some(acme), "cohort_active", last_week, &cohort).await, 2);
        assert_eq!(metric(&app, Some(acme), "cohort_active", monday, &cohort).await, 1);
        assert_eq!(metric(&app, Some(acme), "cohort_size", last_week, "").await, 2);
        // Rolling the same days up again changes nothing.
        sqlx::query("delete from usage_rollup_days where day >= $1").bind(last_week).execute(&app.superuser().await).await.unwrap();
        sqlx::query("insert into usage_rollup_days (day, events) values ($1, 0) on conflict do nothing").bind(last_week).execute(&app.superuser().await).await.unwrap();
        app::usage::jobs::roll_up(&app.platform, today).await.unwrap();
    }
    // The 120-day-old events are gone; their day's figures stay.
    assert_eq!(app.scalar_i64(&format!("select count(*) from analytics_events where at < '{}'", today - Duration::days(90))).await, 0);
    assert_eq!(metric(&app, None, "page_views", long_ago, "").await, 7);
    assert!(app.scalar_i64("select count(*) from analytics_events").await > 0, "recent events stay");

    let admin = app.signed_in("admin@acme.test").await;
    let acme_report = report(&app, &admin, "30").await;
    let cohort = acme_report.cohorts.iter().find(|c| c.week == last_week).expect("last week's cohort");
    assert_eq!((cohort.size, cohort.active.clone()), (2, vec![2, 1]));
    assert_eq!(cohort.percent(1), Some(50.0));
}

#[tokio::test]
async fn the_demo_shows_thirty_days_of_use_to_the_platform_and_to_acme() {
    let app = TestApp::spawn().await;
    let platform = report(&app, &app.signed_in("superadmin@hirevoo.test").await, "30").await;
    assert!(platform.days.iter().filter(|d| d.page_views > 0 && d.searches > 0 && d.active_users > 0).count() >= 25, "{:?}", platform.days);
    assert!(platform.total(|d| d.sign_in_failures) > 0 && platform.total(|d| d.applications) > 0);
    assert!(platform.top_searches.len() >= 10 && platform.top_searches.iter().any(|s| s.clicks > 0), "{:?}", platform.top_searches);
    assert!(!platform.searches_without_results.is_empty());
    assert!(platform.days.iter().all(|d| d.weekly_active_users >= d.active_users));
    // The last four weeks each have sign-ups, never more active than signed up.
    let cohorts: Vec<_> = platform.cohorts.iter().filter(|c| c.size > 0).collect();
    assert!(cohorts.len() >= 4, "{:?}", platform.cohorts);
    assert!(cohorts.iter().all(|c| c.active.iter().all(|n| *n <= c.size)));
    let acme = report(&app, &app.signed_in("admin@acme.test").await, "30").await;
    assert!(acme.total(|d| d.sign_ins) > 10 && acme.total(|d| d.applications) > 10);
    assert!(acme.top_pages.iter().any(|(path, _)| path == "/jobs/{id}/pipeline"), "{:?}", acme.top_pages);
    assert!(acme.total(|d| d.page_views) < platform.total(|d| d.page_views));
}
