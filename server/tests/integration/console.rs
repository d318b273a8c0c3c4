//! The superadmin console on the server: plans and quotas (enforced where things are created,
//! race-free), per-tenant overrides, feature flags (rules, kill switch, overrides, a second
//! instance following a change), and who may use each function.

use crate::support;

use std::time::{Duration, Instant};

use app::console::flags::api::*;
use app::console::flags::types::FlagRow;
use app::console::tenants::api::*;
use app::console::tenants::types::{PlanAndUsage, Quota, TenantOverview};
use app::identity::api::{InviteMember, SessionUser};
use app::interviews::api::CalibrationReport;
use app::platform::flags::{keys, Subject};
use app::platform::{AppError, CurrentUser};
use app::recruiting::requisitions::api::{ChangeRequisitionStatus, SaveRequisition};
use app::recruiting::candidates::api::SaveCandidate;
use support::{error_of, TestApp};
use uuid::Uuid;

async fn tenant_id(app: &TestApp, slug: &str) -> Uuid {
    sqlx::query_scalar("select id from tenants where slug = $1").bind(slug).fetch_one(&app.superuser().await).await.unwrap()
}

async fn overview(app: &TestApp, superadmin: &reqwest::Client, tenant: Uuid) -> TenantOverview {
    let response = app.call::<TenantDetail>(superadmin, &[("tenant_id", &tenant.to_string())]).await;
    assert!(response.status().is_success());
    response.json().await.unwrap()
}

fn used(overview: &TenantOverview, quota: Quota) -> i64 {
    overview.usage.iter().find(|u| u.resource == quota).unwrap().used
}

async fn set_quota(app: &TestApp, superadmin: &reqwest::Client, tenant: Uuid, quota: Quota, mode: &str, limit: &str) -> String {
    let response = app.call::<SetQuotaOverride>(superadmin, &[("tenant_id", &tenant.to_string()), ("resource", quota.as_str()), ("mode", mode), ("quota", limit)]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

async fn draft(app: &TestApp, recruiter: &reqwest::Client, title: &str) -> String {
    let response = app.call::<SaveRequisition>(recruiter, &[("title", title)]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    response.json::<Uuid>().await.unwrap().to_string()
}

/// What the database counts, recounted from the rows themselves.
async fn recount(app: &TestApp, tenant: Uuid) -> (i64, i64, i64) {
    let db = app.superuser().await;
    let count = |sql: &'static str| {
        let db = db.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).bind(tenant).fetch_one(&db).await.unwrap() }
    };
    (
        count("select count(*) from requisitions where tenant_id = $1 and status = 'open' and deleted_at is null").await,
        count("select (select count(*) from memberships where tenant_id = $1 and role <> 'candidate') + (select count(*) from member_invitations where tenant_id = $1 and role <> 'candidate' and accepted_at is null and revoked_at is null)").await,
        count("select count(*) from candidates where tenant_id = $1").await,
    )
}

#[tokio::test]
async fn two_requests_at_a_quota_one_wins_and_the_refusal_names_the_limit_and_plan() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let admin = app.signed_in("admin@acme.test").await;
    let acme = tenant_id(&app, "acme").await;
    let before = overview(&app, &superadmin, acme).await;
    let (open, seats, candidates) = recount(&app, acme).await;
    assert_eq!((used(&before, Quota::OpenRequisitions), used(&before, Quota::Seats), used(&before, Quota::Candidates)), (open, seats, candidates), "the counts start right");

    // Open requisitions: room for one more, two opened at once.
    set_quota(&app, &superadmin, acme, Quota::OpenRequisitions, "limit", &(open + 1).to_string()).await;
    let (first, second) = (draft(&app, &recruiter, "Racer one").await, draft(&app, &recruiter, "Racer two").await);
    let (open_first, open_second) = ([("id", first.as_str()), ("to", "open")], [("id", second.as_str()), ("to", "open")]);
    let (a, b) = tokio::join!(app.call::<ChangeRequisitionStatus>(&recruiter, &open_first), app.call::<ChangeRequisitionStatus>(&recruiter, &open_second));
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    assert!(statuses.contains(&200) && statuses.contains(&402), "{statuses:?}");
    let refused = if a.status().as_u16() == 402 { a } else { b };
    let (_, error) = error_of(refused).await;
    assert!(matches!(error, AppError::QuotaExceeded { .. }));
    assert_eq!(error.to_string(), format!("Acme Hiring's Growth plan allows {} open requisitions. Close or pause a requisition, or ask us about a larger plan.", open + 1));
    assert_eq!(recount(&app, acme).await.0, open + 1, "exactly one was opened");
    // Closing one frees its place.
    assert!(app.call::<ChangeRequisitionStatus>(&recruiter, &[("id", &first), ("to", "closed"), ("reason", "filled")]).await.status().is_success()
        || app.call::<ChangeRequisitionStatus>(&recruiter, &[("id", &second), ("to", "closed"), ("reason", "filled")]).await.status().is_success());
    assert_eq!(used(&overview(&app, &superadmin, acme).await, Quota::OpenRequisitions), open);

    // Seats, counting pending invitations: room for one, two invitations at once.
    set_quota(&app, &superadmin, acme, Quota::Seats, "limit", &(seats + 1).to_string()).await;
    let (a, b) = tokio::join!(
        app.call::<InviteMember>(&admin, &[("email", "first.racer@example.com"), ("role", "interviewer")]),
        app.call::<InviteMember>(&admin, &[("email", "second.racer@example.com"), ("role", "recruiter")]),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 402]);
    assert_eq!(recount(&app, acme).await.1, seats + 1);
    // A candidate's invitation takes no seat.
    assert!(app.call::<InviteMember>(&admin, &[("email", "a.candidate@example.com"), ("role", "candidate")]).await.status().is_success());

    // Candidates at their limit: refused, nothing stored; unlimited again, accepted.
    set_quota(&app, &superadmin, acme, Quota::Candidates, "limit", &candidates.to_string()).await;
    let (status, error) = error_of(app.call::<SaveCandidate>(&recruiter, &[("name", "One Too Many"), ("email", "one.too.many@example.com"), ("source", "sourced")]).await).await;
    assert_eq!(status, 402);
    assert!(error.to_string().contains(&format!("allows {candidates} candidates")), "{error}");
    assert_eq!(recount(&app, acme).await.2, candidates);
    set_quota(&app, &superadmin, acme, Quota::Candidates, "unlimited", "").await;
    assert!(app.call::<SaveCandidate>(&recruiter, &[("name", "One More"), ("email", "one.more@example.com"), ("source", "sourced")]).await.status().is_success());
    let after = overview(&app, &superadmin, acme).await;
    let candidate_usage = after.usage.iter().find(|u| u.resource == Quota::Candidates).unwrap();
    assert_eq!((candidate_usage.used, candidate_usage.quota, candidate_usage.overridden), (candidates + 1, None, true));
    // Back to the plan's quota.
    set_quota(&app, &superadmin, acme, Quota::Candidates, "plan", "").await;
    let back = overview(&app, &superadmin, acme).await;
    assert_eq!(back.usage.iter().find(|u| u.resource == Quota::Candidates).unwrap().quota, Some(50_000));

    // The tenant's admin sees the same figures; nobody else in the tenant does.
    let own: PlanAndUsage = app.call::<PlanUsage>(&admin, &[]).await.json().await.unwrap();
    assert_eq!(own.plan, "growth");
    assert_eq!(own.usage, back.usage);
    assert_eq!(error_of(app.call::<PlanUsage>(&recruiter, &[]).await).await.0, 403);
    assert!(back.audit.iter().any(|a| a.action == "tenant.quota_override"));
}

#[tokio::test]
async fn a_plan_below_usage_is_saved_with_a_warning_and_deletes_nothing() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let acme = tenant_id(&app, "acme").await;
    let (_, _, candidates) = recount(&app, acme).await;
    assert!(candidates > 1);
    let saved = app
        .call::<SavePlan>(&superadmin, &[("existing", "growth"), ("name", "Growth"), ("seats", "50"), ("open_requisitions", "100"), ("invitations", "5000"), ("candidates", "1"), ("storage", "51200")])
        .await;
    assert!(saved.status().is_success());
    let message: String = saved.json().await.unwrap();
    assert!(message.contains(&format!("Acme Hiring already uses {candidates} of 1 (candidates)")), "{message}");
    assert_eq!(recount(&app, acme).await.2, candidates, "nothing is removed");
    assert_eq!(error_of(app.call::<SaveCandidate>(&recruiter, &[("name", "Blocked"), ("email", "blocked@example.com"), ("source", "sourced")]).await).await.0, 402);

    // A custom plan without limits, and the tenant moved onto it.
    let custom = app.call::<SavePlan>(&superadmin, &[("key", "acme-special"), ("name", "Acme special"), ("seats", "500")]).await;
    assert!(custom.status().is_success(), "{}", custom.text().await.unwrap());
    assert!(app.call::<ChangeTenantPlan>(&superadmin, &[("tenant_id", &acme.to_string()), ("plan", "acme-special")]).await.status().is_success());
    assert!(app.call::<SaveCandidate>(&recruiter, &[("name", "Welcome"), ("email", "welcome@example.com"), ("source", "sourced")]).await.status().is_success());
    let plans: Vec<app::console::tenants::types::Plan> = app.call::<ListPlans>(&superadmin, &[]).await.json().await.unwrap();
    let special = plans.iter().find(|p| p.key == "acme-special").unwrap();
    assert!(special.custom);
    assert_eq!((special.quotas.clone(), special.tenants), (vec![(Quota::Seats, 500)], 1));
    // Signing in again, the session carries the new plan.
    let me: Option<CurrentUser> = app.call::<SessionUser>(&app.signed_in("recruiter@acme.test").await, &[]).await.json().await.unwrap();
    assert_eq!(me.unwrap().tenant.unwrap().plan, "acme-special");

    // Bad input, each refused with nothing stored.
    let plans_before = app.scalar_i64("select count(*) from plans").await;
    for (fields, field) in [
        (vec![("key", "x"), ("name", "X"), ("seats", "-1")], "seats"),
        (vec![("key", "x"), ("name", "X"), ("candidates", "many")], "candidates"),
        (vec![("key", "Not A Slug"), ("name", "X")], "key"),
        (vec![("key", "x"), ("name", "")], "name"),
    ] {
        let (status, error) = error_of(app.call::<SavePlan>(&superadmin, &fields).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{fields:?}");
    }
    assert_eq!(error_of(app.call::<SavePlan>(&superadmin, &[("key", "growth"), ("name", "Again")]).await).await.0, 409);
    assert_eq!(error_of(app.call::<ChangeTenantPlan>(&superadmin, &[("tenant_id", &acme.to_string()), ("plan", "platinum")]).await).await.0, 400);
    assert_eq!(error_of(app.call::<SetQuotaOverride>(&superadmin, &[("tenant_id", &acme.to_string()), ("resource", "seats"), ("mode", "limit"), ("quota", "")]).await).await.0, 400);
    assert_eq!(error_of(app.call::<SetQuotaOverride>(&superadmin, &[("tenant_id", &acme.to_string()), ("resource", "laptops"), ("mode", "plan")]).await).await.0, 400);
    assert_eq!(app.scalar_i64("select count(*) from plans").await, plans_before);
}

async fn careers_status(app: &TestApp, slug: &str) -> u16 {
    app.page(&app.browser(), &format!("/careers/{slug}")).await.0
}

/// Waits up to five seconds for `check` to hold, as a change reaches an instance.
async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !check().await {
        assert!(start.elapsed() < Duration::from_secs(5), "{what} did not happen within 5 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn flags_change_what_a_tenant_sees_on_every_instance() {
    let app = TestApp::spawn().await;
    let other_instance = TestApp::start(&app.primary, None, &app.database, Duration::from_secs(10)).await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let (acme, globex) = (tenant_id(&app, "acme").await, tenant_id(&app, "globex").await);
    assert_eq!((careers_status(&app, "acme").await, careers_status(&other_instance, "acme").await), (200, 200));

    // Off for Acme alone: its careers site disappears on both instances; Globex's stays.
    let off = app.call::<SetTenantFlag>(&superadmin, &[("tenant_id", &acme.to_string()), ("key", keys::CAREERS_SITE), ("state", "off")]).await;
    assert_eq!(off.json::<String>().await.unwrap(), "careers-site is off for acme.");
    eventually("careers off here", async || careers_status(&app, "acme").await == 404).await;
    eventually("careers off on the other instance", async || careers_status(&other_instance, "acme").await == 404).await;
    assert_eq!(careers_status(&app, "globex").await, 200);
    let feed = app.page(&app.browser(), "/careers/acme/jobs.xml").await.0;
    assert_eq!(feed, 404, "the feeds go with it");
    let in_effect: Vec<app::console::flags::types::FlagInEffect> = app.call::<TenantFlags>(&superadmin, &[("tenant_id", &acme.to_string())]).await.json().await.unwrap();
    let careers = in_effect.iter().find(|f| f.key == keys::CAREERS_SITE).unwrap();
    assert_eq!((careers.on, careers.because.as_str(), careers.overridden.as_str()), (false, "set for this tenant", "off"));
    let audit: (serde_json::Value,) = sqlx::query_as("select details from audit_log where action = 'flag.tenant_override' order by id desc limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(audit.0["old"]["tenants_off"], serde_json::json!([]));
    assert_eq!(audit.0["new"]["tenants_off"], serde_json::json!([acme]));
    app.call::<SetTenantFlag>(&superadmin, &[("tenant_id", &acme.to_string()), ("key", keys::CAREERS_SITE), ("state", "rules")]).await;
    eventually("careers back on the other instance", async || careers_status(&other_instance, "acme").await == 200).await;

    // Calibration off for Acme, on for Globex: what a browser sends about its tenant changes nothing.
    let rita = app.signed_in("recruiter@acme.test").await;
    let globex_recruiter = app.signed_in("recruiter@globex.test").await;
    app.call::<SetTenantFlag>(&superadmin, &[("tenant_id", &acme.to_string()), ("key", keys::CALIBRATION), ("state", "off")]).await;
    eventually("calibration off", async || app.call::<CalibrationReport>(&rita, &[]).await.status().as_u16() == 404).await;
    let forged = app.call::<CalibrationReport>(&rita, &[("tenant_id", &globex.to_string()), ("tenant", "globex"), ("plan", "enterprise")]).await;
    assert_ne!(forged.status().as_u16(), 200);
    assert!(app.call::<CalibrationReport>(&globex_recruiter, &[]).await.status().is_success());
    let me: Option<CurrentUser> = app.call::<SessionUser>(&rita, &[]).await.json().await.unwrap();
    assert!(!me.unwrap().has_feature(keys::CALIBRATION), "the page is told, and hides its link");

    // The kill switch beats the override that turns it on, for everyone.
    app.call::<SetTenantFlag>(&superadmin, &[("tenant_id", &globex.to_string()), ("key", keys::CANDIDATE_IMPORT), ("state", "on")]).await;
    let killed = app.call::<ChangeFlag>(&superadmin, &[("key", keys::CANDIDATE_IMPORT), ("change", "kill")]).await;
    assert!(killed.status().is_success());
    let subject = Subject { tenant: Some(globex), plan: Some("starter"), user: None };
    eventually("killed on the other instance", async || !other_instance.platform.flags.is_on(keys::CANDIDATE_IMPORT, &subject)).await;
    eventually("import gone", async || app.call::<app::recruiting::candidates::import::api::CandidateImports>(&globex_recruiter, &[]).await.status().as_u16() == 404).await;
    app.call::<ChangeFlag>(&superadmin, &[("key", keys::CANDIDATE_IMPORT), ("change", "release")]).await;
    eventually("released", async || other_instance.platform.flags.is_on(keys::CANDIDATE_IMPORT, &subject)).await;

    // A plan entitlement with a prerequisite, on a new flag.
    let created = app
        .call::<SaveFlag>(&superadmin, &[("key", "new-board"), ("kind", "release"), ("description", "The new board"), ("plans[]", "growth"), ("prerequisites[]", keys::CAREERS_SITE)])
        .await;
    assert!(created.status().is_success(), "{}", created.text().await.unwrap());
    let growth = Subject { tenant: Some(acme), plan: Some("growth"), user: None };
    eventually("entitled", async || other_instance.platform.flags.is_on("new-board", &growth)).await;
    assert!(!other_instance.platform.flags.is_on("new-board", &subject), "not on Globex's plan");
    app.call::<ChangeFlag>(&superadmin, &[("key", keys::CAREERS_SITE), ("change", "archive")]).await;
    eventually("its prerequisite archived", async || !other_instance.platform.flags.is_on("new-board", &growth)).await;
    let flags: Vec<FlagRow> = app.call::<ListFlags>(&superadmin, &[]).await.json().await.unwrap();
    assert!(flags.iter().find(|f| f.flag.key == keys::CAREERS_SITE).unwrap().flag.archived);
    assert_eq!(flags.last().unwrap().flag.key, keys::CAREERS_SITE, "archived flags come last");
}

#[tokio::test]
async fn bad_flag_input_is_refused_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    assert!(app.call::<SaveFlag>(&superadmin, &[("key", "alpha"), ("kind", "experiment")]).await.status().is_success());
    assert!(app.call::<SaveFlag>(&superadmin, &[("key", "beta"), ("kind", "experiment"), ("prerequisites[]", "alpha")]).await.status().is_success());
    let before = app.scalar_i64("select count(*) from feature_flags").await;
    let rules_before: String = sqlx::query_scalar("select prerequisites::text from feature_flags where key = 'alpha'").fetch_one(&app.superuser().await).await.unwrap();
    for (fields, field, words) in [
        (vec![("key", "Not a slug!"), ("kind", "release")], "key", "lowercase letters"),
        (vec![("key", "gamma"), ("kind", "nonsense")], "kind", "kinds"),
        (vec![("key", "gamma"), ("kind", "release"), ("rollout_percent", "101")], "rollout_percent", "0 to 100"),
        (vec![("key", "gamma"), ("kind", "release"), ("rollout_percent", "-5")], "rollout_percent", "0 to 100"),
        (vec![("key", "gamma"), ("kind", "release"), ("prerequisites[]", "missing")], "prerequisites", "no flag missing"),
        (vec![("key", "gamma"), ("kind", "release"), ("tenants_on", "nowhere")], "tenants_on", "nowhere"),
        (vec![("key", "gamma"), ("kind", "release"), ("tenants_on", "acme"), ("tenants_off", "acme")], "tenants_off", "both"),
        (vec![("key", "gamma"), ("kind", "release"), ("plans[]", "platinum")], "plans", "platinum"),
        (vec![("existing", "alpha"), ("kind", "experiment"), ("prerequisites[]", "beta")], "prerequisites", "alpha → beta → alpha"),
        (vec![("existing", "alpha"), ("kind", "experiment"), ("prerequisites[]", "alpha")], "prerequisites", "cycle"),
    ] {
        let (status, error) = error_of(app.call::<SaveFlag>(&superadmin, &fields).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{fields:?}: {error}");
        assert!(error.to_string().contains(words), "{fields:?}: {error}");
    }
    assert_eq!(error_of(app.call::<SaveFlag>(&superadmin, &[("key", "alpha"), ("kind", "release")]).await).await.0, 409);
    assert_eq!(error_of(app.call::<ChangeFlag>(&superadmin, &[("key", "alpha"), ("change", "delete")]).await).await.0, 400);
    assert_eq!(error_of(app.call::<ChangeFlag>(&superadmin, &[("key", "missing"), ("change", "kill")]).await).await.0, 404);
    assert_eq!(app.scalar_i64("select count(*) from feature_flags").await, before);
    let rules_after: String = sqlx::query_scalar("select prerequisites::text from feature_flags where key = 'alpha'").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(rules_after, rules_before);
}

#[tokio::test]
async fn every_console_function_is_for_superadmins_only() {
    let app = TestApp::spawn().await;
    let acme = tenant_id(&app, "acme").await.to_string();
    for email in ["admin@acme.test", "recruiter@acme.test", "interviewer@acme.test", "candidate@acme.test"] {
        let client = app.signed_in(email).await;
        let refused = [
            app.call::<ListFlags>(&client, &[]).await,
            app.call::<FlagEditor>(&client, &[]).await,
            app.call::<SaveFlag>(&client, &[("key", "sneaky"), ("kind", "release")]).await,
            app.call::<ChangeFlag>(&client, &[("key", keys::CAREERS_SITE), ("change", "kill")]).await,
            app.call::<TenantFlags>(&client, &[("tenant_id", &acme)]).await,
            app.call::<SetTenantFlag>(&client, &[("tenant_id", &acme), ("key", keys::CAREERS_SITE), ("state", "off")]).await,
            app.call::<TenantDetail>(&client, &[("tenant_id", &acme)]).await,
            app.call::<ChangeTenantPlan>(&client, &[("tenant_id", &acme), ("plan", "enterprise")]).await,
            app.call::<SetQuotaOverride>(&client, &[("tenant_id", &acme), ("resource", "seats"), ("mode", "unlimited")]).await,
            app.call::<ListPlans>(&client, &[]).await,
            app.call::<SavePlan>(&client, &[("existing", "growth"), ("name", "Free for all")]).await,
        ];
        for response in refused {
            assert_eq!(error_of(response).await.0, 403, "{email}");
        }
    }
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    assert_eq!(error_of(app.call::<PlanUsage>(&superadmin, &[]).await).await.0, 403, "a tenant admin's own view");
    assert_eq!(error_of(app.call::<PlanUsage>(&app.browser(), &[]).await).await.0, 401);
    assert_eq!(app.scalar_i64("select count(*) from feature_flags where key = 'sneaky' or killed").await, 0);
    assert_eq!(app.scalar_i64("select count(*) from tenants where plan <> 'growth' and slug = 'acme'").await, 0);
}

#[tokio::test]
async fn settings_are_typed_audited_and_take_effect_on_every_instance_without_a_restart() {
    use app::console::settings::api::*;
    use app::identity::api::SignIn;
    use app::platform::live_settings::{SettingRow, SIGN_IN_FAILURES_PER_ACCOUNT};
    let app = TestApp::spawn().await;
    let other_instance = TestApp::start(&app.primary, None, &app.database, Duration::from_secs(10)).await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let save = |value: &'static str| {
        let (app, superadmin) = (&app, &superadmin);
        async move { app.call::<SavePlatformSetting>(superadmin, &[("key", SIGN_IN_FAILURES_PER_ACCOUNT), ("value", value)]).await }
    };
    for (value, words) in [("many", "whole number"), ("2", "from 3 to 100"), ("101", "from 3 to 100"), ("3.5", "whole number")] {
        let (status, error) = error_of(save(value).await).await;
        assert_eq!((status, error.field()), (400, Some("value")), "{value}");
        assert!(error.to_string().contains(words), "{value}: {error}");
    }
    assert_eq!(error_of(app.call::<SavePlatformSetting>(&superadmin, &[("key", "max_power"), ("value", "9")]).await).await.0, 400);
    assert_eq!(app.scalar_i64("select count(*) from platform_settings").await, 0);

    let saved = save("3").await;
    assert_eq!(saved.json::<String>().await.unwrap(), "Failed sign-ins before an account waits is now 3 attempts.");
    eventually("the other instance follows", async || other_instance.platform.live_settings.get(SIGN_IN_FAILURES_PER_ACCOUNT) == 3).await;
    // Three wrong passwords on the other instance, and the right one waits there too.
    for _ in 0..3 {
        let wrong = other_instance.call::<SignIn>(&other_instance.browser(), &[("email", "recruiter@acme.test"), ("password", "not the password")]).await;
        assert_eq!(wrong.status().as_u16(), 400);
    }
    let right = other_instance.call::<SignIn>(&other_instance.browser(), &[("email", "recruiter@acme.test"), ("password", support::PASSWORD)]).await;
    assert_eq!(right.status().as_u16(), 429);

    let rows: Vec<SettingRow> = app.call::<PlatformSettings>(&superadmin, &[]).await.json().await.unwrap();
    let row = rows.iter().find(|r| r.key == SIGN_IN_FAILURES_PER_ACCOUNT).unwrap();
    assert_eq!((row.value, row.default, row.overridden), (3, 5, true));
    let reset = app.call::<SavePlatformSetting>(&superadmin, &[("key", SIGN_IN_FAILURES_PER_ACCOUNT), ("reset", "yes")]).await;
    assert_eq!(reset.json::<String>().await.unwrap(), "Failed sign-ins before an account waits is back to its default, 5 attempts.");
    eventually("the default again", async || other_instance.platform.live_settings.get(SIGN_IN_FAILURES_PER_ACCOUNT) == 5).await;
    let audit: Vec<(String, serde_json::Value)> = sqlx::query_as("select action, details from audit_log where target = $1 order by id")
        .bind(format!("setting:{SIGN_IN_FAILURES_PER_ACCOUNT}"))
        .fetch_all(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!(audit, vec![
        ("setting.update".to_owned(), serde_json::json!({ "old": 5, "new": 3, "default": 5 })),
        ("setting.reset".to_owned(), serde_json::json!({ "old": 3, "new": 5, "default": 5 })),
    ]);
    for email in ["admin@acme.test", "recruiter@acme.test"] {
        let client = app.signed_in(email).await;
        assert_eq!(error_of(app.call::<PlatformSettings>(&client, &[]).await).await.0, 403);
        assert_eq!(error_of(app.call::<SavePlatformSetting>(&client, &[("key", SIGN_IN_FAILURES_PER_ACCOUNT), ("value", "100")]).await).await.0, 403);
    }
}
