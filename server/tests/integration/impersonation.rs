//! Viewing the product as a tenant member: the superadmin's password again, nobody they may
//! not view as, read-only enforced by the database on every state-changing function, changes
//! allowed only with a reason, the end after an hour, and both names in the audit log.

use crate::support;

use app::console::impersonation::api::{StopViewingAs, ViewAs};
use app::identity::api::{InviteMember, SessionUser, SignOut, SignOutEverywhere};
use app::notifications::api::{MarkAllNotificationsRead, SaveNotificationPreferences};
use app::platform::{AppError, CurrentUser, Role};
use app::recruiting::requisitions::api::{ChangeRequisitionStatus, SaveRequisition};
use app::recruiting::candidates::api::SaveCandidate;
use app::recruiting::pipeline::api::AddApplicationNote;
use app::assessments::api::{CreateQuestionSet, CreateSkill};
use support::{error_of, TestApp, PASSWORD};
use uuid::Uuid;

async fn id_of(app: &TestApp, sql: &str) -> Uuid {
    sqlx::query_scalar(sql).fetch_one(&app.superuser().await).await.unwrap()
}

async fn who(app: &TestApp, client: &reqwest::Client) -> CurrentUser {
    let response = app.call::<SessionUser>(client, &[]).await;
    assert!(response.status().is_success());
    response.json::<Option<CurrentUser>>().await.unwrap().expect("signed in")
}

async fn view_as(app: &TestApp, client: &reqwest::Client, tenant: Uuid, user: Uuid, password: &str, extra: &[(&str, &str)]) -> reqwest::Response {
    let (tenant, user) = (tenant.to_string(), user.to_string());
    let mut form = vec![("tenant_id", tenant.as_str()), ("user_id", user.as_str()), ("password", password)];
    form.extend_from_slice(extra);
    app.call::<ViewAs>(client, &form).await
}

/// What a recruiter could change, counted from the rows themselves.
async fn fingerprint(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for sql in [
        "select count(*) from requisitions",
        "select count(*) from requisitions where status = 'open'",
        "select count(*) from candidates",
        "select count(*) from question_sets",
        "select count(*) from skills",
        "select count(*) from application_notes",
        "select count(*) from member_invitations",
        "select count(*) from notification_preferences",
        "select count(*) from notifications where read_at is null",
        "select count(*) from sessions where revoked_at is null and impersonator_id is null",
        "select count(*) from audit_log where action not like 'impersonation.%'",
    ] {
        counts.push(app.scalar_i64(sql).await);
    }
    counts
}

#[tokio::test]
async fn viewing_as_a_member_is_read_only_on_every_change_audited_and_stops() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let sam = who(&app, &superadmin).await;
    let acme = id_of(&app, "select id from tenants where slug = 'acme'").await;
    let rita = id_of(&app, "select id from users where email = 'recruiter@acme.test'").await;
    let ada = id_of(&app, "select id from users where email = 'admin@acme.test'").await;
    let chloe = id_of(&app, "select id from users where email = 'candidate@acme.test'").await;
    let db = app.superuser().await;
    // A second superadmin who is also a member of Acme.
    let other_admin = Uuid::now_v7();
    sqlx::query("insert into users (id, email, display_name, is_superadmin) values ($1, 'ops@hirevoo.test', 'Olu Ops', true)").bind(other_admin).execute(&db).await.unwrap();
    sqlx::query("insert into memberships (id, tenant_id, user_id, role) values ($1, $2, $3, 'tenant_admin')").bind(Uuid::now_v7()).bind(acme).bind(other_admin).execute(&db).await.unwrap();

    // Refused, each with its reason, and nothing started.
    let refusals = [
        (view_as(&app, &superadmin, acme, rita, "", &[]).await, "password", "Enter your own password"),
        (view_as(&app, &superadmin, acme, rita, "not my password at all", &[]).await, "password", "not your password"),
        (view_as(&app, &superadmin, acme, sam.user_id, PASSWORD, &[]).await, "user_id", "as yourself"),
        (view_as(&app, &superadmin, acme, other_admin, PASSWORD, &[]).await, "user_id", "Superadmins cannot"),
        (view_as(&app, &superadmin, acme, chloe, PASSWORD, &[]).await, "user_id", "Only staff"),
        (view_as(&app, &superadmin, acme, Uuid::now_v7(), PASSWORD, &[]).await, "user_id", "members"),
        (view_as(&app, &superadmin, acme, rita, PASSWORD, &[("allow_changes", "yes")]).await, "reason", "Say why"),
    ];
    for (response, field, words) in refusals {
        let (status, error) = error_of(response).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{error:?}");
        assert!(error.to_string().contains(words), "{error}");
    }
    assert_eq!(app.scalar_i64("select count(*) from sessions where impersonator_id is not null").await, 0);
    for member in ["recruiter@acme.test", "admin@acme.test"] {
        let client = app.signed_in(member).await;
        let (status, error) = error_of(view_as(&app, &client, acme, ada, PASSWORD, &[]).await).await;
        assert_eq!((status, error), (403, AppError::Forbidden), "{member} may not view as anyone");
    }

    // Rita, read-only.
    let response = view_as(&app, &superadmin, acme, rita, PASSWORD, &[("reason", "Her pipeline looks empty to her")]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    assert_eq!(response.json::<String>().await.unwrap(), "/", "the page's code loads the home page afresh");
    let me = who(&app, &superadmin).await;
    assert_eq!((me.user_id, me.role), (rita, Role::Recruiter));
    let by = me.impersonation.clone().expect("marked as viewed by a superadmin");
    assert_eq!((by.superadmin_id, by.allow_changes), (sam.user_id, false));
    let minutes = (by.ends_at - chrono::Utc::now()).num_minutes();
    assert!((58..=60).contains(&minutes), "ends in an hour, not {minutes} minutes");
    let (status, home) = app.page(&superadmin, "/jobs").await;
    assert_eq!(status, 200);
    for words in ["Viewing as Rita Moreno", "read-only", "Stop viewing", "Senior Frontend Engineer"] {
        assert!(home.contains(words), "the page shows {words}");
    }

    // Every kind of change is refused by the database, and nothing moves.
    let before = fingerprint(&app).await;
    let open_job = id_of(&app, "select id from requisitions where status = 'open' and title = 'Senior Frontend Engineer'").await.to_string();
    let application = id_of(&app, "select a.id from applications a join requisitions r on r.id = a.requisition_id where r.title = 'Senior Frontend Engineer' limit 1").await.to_string();
    let changes = [
        app.call::<SaveRequisition>(&superadmin, &[("title", "Shadow job")]).await,
        app.call::<ChangeRequisitionStatus>(&superadmin, &[("id", &open_job), ("to", "on_hold"), ("reason", "testing")]).await,
        app.call::<SaveCandidate>(&superadmin, &[("name", "Shadow Person"), ("email", "shadow@example.com"), ("source", "sourced")]).await,
        app.call::<AddApplicationNote>(&superadmin, &[("application_id", &application), ("body", "written while viewing")]).await,
        app.call::<CreateQuestionSet>(&superadmin, &[("name", "Shadow set")]).await,
        app.call::<CreateSkill>(&superadmin, &[("name", "Shadowing")]).await,
        app.call::<SaveNotificationPreferences>(&superadmin, &[("in_app[]", app::notifications::types::NotificationKind::StageChanged.as_str())]).await,
        app.call::<MarkAllNotificationsRead>(&superadmin, &[]).await,
        app.call::<SignOutEverywhere>(&superadmin, &[]).await,
    ];
    for response in changes {
        let url = response.url().path().to_owned();
        let (status, error) = error_of(response).await;
        assert_eq!((status, error), (403, AppError::ReadOnly), "{url}");
    }
    assert_eq!(fingerprint(&app).await, before, "nothing changed");

    // The audit log: the start with its reason, and each request under both names.
    let start: (Uuid, serde_json::Value) = sqlx::query_as("select actor_id, details from audit_log where action = 'impersonation.start'").fetch_one(&db).await.unwrap();
    assert_eq!(start.0, sam.user_id);
    assert_eq!((start.1["as_user"].as_str(), start.1["reason"].as_str(), start.1["allow_changes"].as_bool()), (Some(rita.to_string().as_str()), Some("Her pipeline looks empty to her"), Some(false)));
    let requests: Vec<(Uuid, String, serde_json::Value)> = sqlx::query_as("select actor_id, target, details from audit_log where action = 'impersonation.request' order by id").fetch_all(&db).await.unwrap();
    assert!(requests.iter().all(|(actor, target, _)| *actor == sam.user_id && *target == format!("user:{rita}")));
    let refused = |path: &str| requests.iter().any(|(_, _, d)| d["path"].as_str().is_some_and(|p| p.contains(path)) && d["status"] == 403);
    assert!(refused("save_requisition") && refused("sign_out_everywhere"), "{requests:?}");
    assert!(requests.iter().any(|(_, _, d)| d["path"] == "/jobs" && d["status"] == 200));
    assert!(app.scalar_i64("select count(*) from audit_log where action = 'impersonation.request' and not details ? 'as_user'").await == 0);

    // Stop, from a plain form: back to Sam's own session, on Acme's page.
    let response = superadmin
        .post(format!("{}{}", app.url, <StopViewingAs as leptos::server_fn::ServerFn>::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], format!("/console/tenants/{acme}").as_str());
    assert_eq!(who(&app, &superadmin).await.user_id, sam.user_id);
    assert_eq!(app.scalar_i64("select count(*) from sessions where impersonator_id is not null and revoked_at is null").await, 0);
    let stop: Uuid = sqlx::query_scalar("select actor_id from audit_log where action = 'impersonation.stop'").fetch_one(&db).await.unwrap();
    assert_eq!(stop, sam.user_id);
    let (status, error) = error_of(app.call::<StopViewingAs>(&superadmin, &[]).await).await;
    assert_eq!(status, 400, "{error}");
    assert!(app.page(&superadmin, "/console/plans").await.1.contains("Plans"));
}

#[tokio::test]
async fn changes_allowed_with_a_reason_carry_both_names_and_the_view_ends_after_an_hour() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let sam = who(&app, &superadmin).await;
    let acme = id_of(&app, "select id from tenants where slug = 'acme'").await;
    let ada = id_of(&app, "select id from users where email = 'admin@acme.test'").await;
    let response = view_as(&app, &superadmin, acme, ada, PASSWORD, &[("allow_changes", "yes"), ("reason", "Ticket 4411: invite their new recruiter")]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    assert!(who(&app, &superadmin).await.impersonation.is_some_and(|i| i.allow_changes));

    let response = app.call::<InviteMember>(&superadmin, &[("email", "newhire@acme.test"), ("role", "recruiter")]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let db = app.superuser().await;
    let (actor, details): (Uuid, serde_json::Value) =
        sqlx::query_as("select actor_id, details from audit_log where action = 'member.invite' order by id desc limit 1").fetch_one(&db).await.unwrap();
    assert_eq!(actor, ada, "the change is the member's");
    assert_eq!(details["impersonated_by"].as_str(), Some(sam.user_id.to_string().as_str()), "and names who made it");

    // An hour later the view has ended by itself and Sam is himself again, without signing in.
    sqlx::query("update sessions set expires_at = now() - interval '1 second' where impersonator_id is not null").execute(&db).await.unwrap();
    let me = who(&app, &superadmin).await;
    assert_eq!((me.user_id, me.impersonation), (sam.user_id, None));
    assert_eq!(who(&app, &superadmin).await.user_id, sam.user_id, "his own cookie is back");

    // Signing out while viewing as someone only stops viewing.
    view_as(&app, &superadmin, acme, ada, PASSWORD, &[]).await;
    assert_eq!(who(&app, &superadmin).await.user_id, ada);
    app.call::<SignOut>(&superadmin, &[]).await;
    assert_eq!(who(&app, &superadmin).await.user_id, sam.user_id);

    // Signing Sam out everywhere ends the views he started too.
    view_as(&app, &superadmin, acme, ada, PASSWORD, &[]).await;
    let elsewhere = app.signed_in("superadmin@hirevoo.test").await;
    app.call::<SignOutEverywhere>(&elsewhere, &[]).await;
    assert_eq!(app.scalar_i64("select count(*) from sessions where impersonator_id is not null and revoked_at is null").await, 0);
    let response = app.call::<SessionUser>(&superadmin, &[]).await;
    assert_eq!(response.json::<Option<CurrentUser>>().await.unwrap(), None);
}
