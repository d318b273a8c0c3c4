//! Tenant isolation: a user of one tenant learns nothing of another, not even
//! whether a record exists; and row-level security holds on its own.

use crate::support;

use app::console::api::*;
use app::console::tenants::api::*;
use app::home::api::{OrganizationOverview, Overview};
use app::identity::api::*;
use sqlx::Connection;
use support::{error_of, TestApp};
use uuid::Uuid;

async fn globex_invitation(app: &TestApp) -> Uuid {
    let globex_admin = app.signed_in("admin@globex.test").await;
    let response = app.call::<InviteMember>(&globex_admin, &[("email", "secret.hire@example.com"), ("role", "recruiter")]).await;
    assert!(response.status().is_success());
    sqlx::query_scalar("select id from member_invitations where email = 'secret.hire@example.com'").fetch_one(&app.superuser().await).await.unwrap()
}

#[tokio::test]
async fn another_tenants_records_answer_exactly_like_missing_ones() {
    let app = TestApp::spawn().await;
    let acme_admin = app.signed_in("admin@acme.test").await;
    let foreign_member = app.membership_id("recruiter@globex.test").await.to_string();
    let foreign_invitation = globex_invitation(&app).await.to_string();
    let missing = Uuid::now_v7().to_string();

    for (foreign, label) in [(&foreign_member, "globex membership"), (&missing, "no such membership")] {
        let changed = error_of(app.call::<ChangeMemberRole>(&acme_admin, &[("membership_id", foreign), ("role", "tenant_admin")]).await).await;
        let removed = error_of(app.call::<RemoveMember>(&acme_admin, &[("membership_id", foreign)]).await).await;
        assert_eq!(changed, (404, app::platform::AppError::NotFound), "{label}");
        assert_eq!(removed, (404, app::platform::AppError::NotFound), "{label}");
    }
    for id in [&foreign_invitation, &missing] {
        let revoked = error_of(app.call::<RevokeInvitation>(&acme_admin, &[("invitation_id", id)]).await).await;
        assert_eq!(revoked, (404, app::platform::AppError::NotFound));
    }
    let db = app.superuser().await;
    let role: String = sqlx::query_scalar("select m.role from memberships m join users u on u.id = m.user_id where u.email = 'recruiter@globex.test'").fetch_one(&db).await.unwrap();
    assert_eq!(role, "recruiter", "unchanged");
    assert_eq!(app.scalar_i64("select count(*) from member_invitations where revoked_at is null").await, 1, "still pending");
}

#[tokio::test]
async fn lists_and_overviews_hold_only_the_users_own_tenant() {
    let app = TestApp::spawn().await;
    globex_invitation(&app).await;
    let acme_admin = app.signed_in("admin@acme.test").await;
    let page = app.call::<ListMembers>(&acme_admin, &[]).await.json::<app::identity::types::MembersPage>().await.unwrap();
    assert_eq!(page.members.len(), 4);
    assert!(page.members.iter().all(|m| m.email.ends_with("@acme.test")));
    assert!(page.invitations.is_empty(), "globex's invitation is not listed");

    for email in ["admin@acme.test", "recruiter@acme.test", "interviewer@acme.test", "candidate@acme.test"] {
        let client = app.signed_in(email).await;
        let overview = app.call::<OrganizationOverview>(&client, &[]).await.json::<Overview>().await.unwrap();
        assert_eq!(overview.tenant_name, "Acme Hiring");
        assert_eq!(overview.members_by_role.iter().map(|(_, n)| n).sum::<i64>(), 4, "{email}");
        assert_eq!(overview.pending_invitations, 0);
        let sessions = app.call::<MySessions>(&client, &[]).await.json::<Vec<app::identity::types::ActiveSession>>().await.unwrap();
        let own = if email == "admin@acme.test" { 2 } else { 1 };
        assert_eq!(sessions.len(), own, "only their own sessions: {email}");
        assert_eq!(sessions.iter().filter(|s| s.current).count(), 1);
    }
    let (_, html) = app.page(&acme_admin, "/members").await;
    assert!(!html.contains("globex"), "no trace of the other tenant on the page");
}

#[tokio::test]
async fn the_platform_functions_are_for_superadmins_only() {
    let app = TestApp::spawn().await;
    let globex: Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&app.superuser().await).await.unwrap();
    for email in ["admin@acme.test", "recruiter@acme.test", "candidate@acme.test"] {
        let client = app.signed_in(email).await;
        assert_eq!(error_of(app.call::<ListTenants>(&client, &[]).await).await.0, 403);
        assert_eq!(error_of(app.call::<ListOutbox>(&client, &[]).await).await.0, 403);
        assert_eq!(error_of(app.call::<SetTenantStatus>(&client, &[("tenant_id", &globex.to_string()), ("status", "suspended")]).await).await.0, 403);
        let created = app.call::<CreateTenant>(&client, &[("name", "X"), ("slug", "x"), ("plan", "starter"), ("admin_email", "x@example.com")]).await;
        assert_eq!(error_of(created).await.0, 403);
    }
    assert_eq!(app.scalar_i64("select count(*) from tenants where status = 'active'").await, 2);
    // And the superadmin, with no tenant, cannot use a tenant's functions.
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    assert_eq!(error_of(app.call::<ListMembers>(&superadmin, &[]).await).await.0, 403);
    assert_eq!(error_of(app.call::<OrganizationOverview>(&superadmin, &[]).await).await.0, 403);
}

#[tokio::test]
async fn an_invitation_token_reveals_only_its_own_invitation() {
    let app = TestApp::spawn().await;
    globex_invitation(&app).await;
    let token = app.mailed_token("secret.hire@example.com").await;
    let details = app.call::<GetInvitation>(&app.browser(), &[("token", &token)]).await.json::<app::identity::types::InvitationDetails>().await.unwrap();
    assert_eq!(details.tenant_name, "Globex Talent");
    let forged = "0".repeat(64);
    let (status, _) = error_of(app.call::<GetInvitation>(&app.browser(), &[("token", &forged)]).await).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn row_level_security_alone_stops_a_query_that_forgets_its_tenant_filter() {
    let app = TestApp::spawn().await;
    let (acme, globex): (Uuid, Uuid) = sqlx::query_as("select (select id from tenants where slug = 'acme'), (select id from tenants where slug = 'globex')")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let mut conn = app.app_role().await;

    let unscoped: i64 = sqlx::query_scalar("select count(*) from memberships").fetch_one(&mut conn).await.unwrap();
    assert_eq!(unscoped, 0, "no tenant set: no rows");

    let mut tx = conn.begin().await.unwrap();
    sqlx::query("select set_config('app.tenant_id', $1, true)").bind(acme.to_string()).execute(&mut *tx).await.unwrap();
    let forgetful: Vec<Uuid> = sqlx::query_scalar("select tenant_id from memberships").fetch_all(&mut *tx).await.unwrap();
    assert_eq!(forgetful.len(), 4);
    assert!(forgetful.iter().all(|t| *t == acme));
    let asked_for_globex: i64 = sqlx::query_scalar("select count(*) from memberships where tenant_id = $1").bind(globex).fetch_one(&mut *tx).await.unwrap();
    assert_eq!(asked_for_globex, 0);
    let updated = sqlx::query("update memberships set role = 'candidate' where tenant_id = $1").bind(globex).execute(&mut *tx).await.unwrap();
    assert_eq!(updated.rows_affected(), 0);
    let user_id: Uuid = sqlx::query_scalar("select id from users where email = 'admin@acme.test'").fetch_one(&mut *tx).await.unwrap();
    let smuggled = sqlx::query("insert into memberships (id, tenant_id, user_id, role) values ($1, $2, $3, 'tenant_admin')")
        .bind(Uuid::now_v7())
        .bind(globex)
        .bind(user_id)
        .execute(&mut *tx)
        .await;
    assert!(smuggled.is_err(), "writing into another tenant is refused");
    tx.rollback().await.unwrap();

    let can_bypass: bool = sqlx::query_scalar("select rolbypassrls or rolsuper from pg_roles where rolname = current_user").fetch_one(&mut conn).await.unwrap();
    assert!(!can_bypass);
    let owns_tables: i64 = sqlx::query_scalar("select count(*) from pg_tables where tableowner = current_user").fetch_one(&mut conn).await.unwrap();
    assert_eq!(owns_tables, 0);
}

#[tokio::test]
async fn the_server_refuses_a_database_role_that_row_level_security_does_not_bind() {
    let app = TestApp::spawn().await;
    server::database::check_app_role(&app.platform.db).await.expect("the application role is bound");
    let superuser = app::platform::db::Db::new(app.superuser().await, None, std::time::Duration::from_secs(1));
    let refused = server::database::check_app_role(&superuser).await.unwrap_err();
    assert!(refused.contains("row-level security"), "{refused}");
}

#[tokio::test]
async fn the_platforms_own_tables_change_only_in_the_platform_scope() {
    let app = TestApp::spawn().await;
    let acme: Uuid = sqlx::query_scalar("select id from tenants where slug = 'acme'").fetch_one(&app.superuser().await).await.unwrap();
    let superuser = app.superuser().await;
    sqlx::query("insert into outbox (id, to_address, subject, body) values ($1, 'someone@example.com', 'Reset your password', 'token=secret')")
        .bind(Uuid::now_v7())
        .execute(&superuser)
        .await
        .unwrap();
    sqlx::query("insert into tenant_deletions (tenant_id, tenant_name, tenant_slug, reason, requested_by, due_at) select id, name, slug, 'asked', null, now() + interval '30 days' from tenants where slug = 'globex'")
        .execute(&superuser)
        .await
        .unwrap();
    let mut conn = app.app_role().await;

    // A tenant's transaction: reads what the product runs on, changes none of it.
    let mut tx = conn.begin().await.unwrap();
    sqlx::query("select set_config('app.tenant_id', $1, true)").bind(acme.to_string()).execute(&mut *tx).await.unwrap();
    let plans: i64 = sqlx::query_scalar("select count(*) from plans").fetch_one(&mut *tx).await.unwrap();
    assert!(plans >= 3, "plans stay readable");
    for change in [
        "update tenants set plan = 'enterprise', status = 'active'",
        "update plans set name = 'Free for all'",
        "delete from plan_quotas",
        "update feature_flags set killed = true",
        "delete from platform_settings",
    ] {
        let done = sqlx::query(change).execute(&mut *tx).await.unwrap();
        assert_eq!(done.rows_affected(), 0, "{change}");
    }
    for smuggled in [
        "insert into plans (key, name, custom) values ('free', 'Free', true)",
        "insert into tenants (id, name, slug) values (gen_random_uuid(), 'Mine', 'mine')",
        "insert into platform_settings (key, value) values ('signups', 1)",
    ] {
        let mut savepoint = tx.begin().await.unwrap();
        assert!(sqlx::query(smuggled).execute(&mut *savepoint).await.is_err(), "{smuggled}");
        savepoint.rollback().await.unwrap();
    }
    let mail: i64 = sqlx::query_scalar("select count(*) from outbox").fetch_one(&mut *tx).await.unwrap();
    assert_eq!(mail, 0, "nobody's mail, with its links, is readable from a tenant's transaction");
    let deletions: i64 = sqlx::query_scalar("select count(*) from tenant_deletions").fetch_one(&mut *tx).await.unwrap();
    assert_eq!(deletions, 0);
    sqlx::query("insert into outbox (id, to_address, subject, body) values ($1, 'ada@example.com', 'Welcome', 'Hello')")
        .bind(Uuid::now_v7())
        .execute(&mut *tx)
        .await
        .expect("any transaction may keep a mail");
    tx.rollback().await.unwrap();

    // The platform scope, set by the superadmin paths, reads and changes them.
    let mut tx = conn.begin().await.unwrap();
    sqlx::query("select set_config('app.platform_scope', 'on', true)").execute(&mut *tx).await.unwrap();
    assert_eq!(sqlx::query_scalar::<_, i64>("select count(*) from outbox").fetch_one(&mut *tx).await.unwrap(), 1);
    assert_eq!(sqlx::query_scalar::<_, i64>("select count(*) from tenant_deletions").fetch_one(&mut *tx).await.unwrap(), 1);
    let suspended = sqlx::query("update tenants set status = 'suspended' where id = $1").bind(acme).execute(&mut *tx).await.unwrap();
    assert_eq!(suspended.rows_affected(), 1);
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn the_queue_is_read_and_changed_in_the_platform_scope_only() {
    let app = TestApp::spawn().await;
    let superuser = app.superuser().await;
    let globex: Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&superuser).await.unwrap();
    sqlx::query("insert into background_jobs (kind, payload) values ('recruiting.import', json_build_object('tenant_id', $1::uuid, 'import_id', gen_random_uuid()))")
        .bind(globex)
        .execute(&superuser)
        .await
        .unwrap();
    let mut conn = app.app_role().await;

    // A tenant's transaction adds its own jobs and reaches no one's.
    let mut tx = conn.begin().await.unwrap();
    sqlx::query("select set_config('app.tenant_id', (select id::text from tenants where slug = 'acme'), true)").execute(&mut *tx).await.unwrap();
    let added = app::platform::queue::enqueue(&mut tx, app::platform::queue::NewJob::new("test.job", serde_json::json!({})).unique("mine")).await.unwrap();
    assert!(added.is_some(), "any transaction may enqueue");
    let again = app::platform::queue::enqueue(&mut tx, app::platform::queue::NewJob::new("test.job", serde_json::json!({})).unique("mine")).await.unwrap();
    assert_eq!(again, None, "the unique key still holds");
    for read in ["select count(*) from background_jobs", "select count(*) from periodic_jobs"] {
        let seen: i64 = sqlx::query_scalar(read).fetch_one(&mut *tx).await.unwrap();
        assert_eq!(seen, 0, "{read}");
    }
    for change in [
        "update background_jobs set payload = '{}', run_at = now()",
        "delete from background_jobs",
        "update periodic_jobs set next_run_at = now() + interval '1 year'",
    ] {
        let done = sqlx::query(change).execute(&mut *tx).await.unwrap();
        assert_eq!(done.rows_affected(), 0, "{change}");
    }
    let mut savepoint = tx.begin().await.unwrap();
    assert!(sqlx::query("insert into background_jobs (kind) values ('smuggled')").execute(&mut *savepoint).await.is_err(), "only through enqueue_job");
    savepoint.rollback().await.unwrap();
    let scope: String = sqlx::query_scalar("select coalesce(current_setting('app.platform_scope', true), '')").fetch_one(&mut *tx).await.unwrap();
    assert_eq!(scope, "", "enqueuing leaves the transaction's scope as it was");
    tx.commit().await.unwrap();

    // The platform scope (the workers and the console) reaches every job.
    let mut tx = app::platform::queue::platform_tx(app.platform.db.write()).await.unwrap();
    let jobs: i64 = sqlx::query_scalar("select count(*) from background_jobs where kind in ('recruiting.import', 'test.job')").fetch_one(&mut *tx).await.unwrap();
    assert_eq!(jobs, 2);
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn sessions_are_reached_by_token_user_or_tenant_only() {
    let app = TestApp::spawn().await;
    let _acme = app.signed_in("admin@acme.test").await;
    let _globex = app.signed_in("recruiter@globex.test").await;
    let (acme, globex): (Uuid, Uuid) = sqlx::query_as("select (select id from tenants where slug = 'acme'), (select id from tenants where slug = 'globex')")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let mut conn = app.app_role().await;

    let unscoped: i64 = sqlx::query_scalar("select count(*) from sessions").fetch_one(&mut conn).await.unwrap();
    assert_eq!(unscoped, 0, "no scope: no sessions, not even their token hashes");

    let mut tx = conn.begin().await.unwrap();
    sqlx::query("select set_config('app.tenant_id', $1, true)").bind(acme.to_string()).execute(&mut *tx).await.unwrap();
    let seen: Vec<Option<Uuid>> = sqlx::query_scalar("select tenant_id from sessions").fetch_all(&mut *tx).await.unwrap();
    assert!(!seen.is_empty() && seen.iter().all(|t| *t == Some(acme)), "{seen:?}");
    let ended = sqlx::query("update sessions set revoked_at = now() where tenant_id = $1").bind(globex).execute(&mut *tx).await.unwrap();
    assert_eq!(ended.rows_affected(), 0, "another tenant's sessions cannot be ended from here");
    tx.rollback().await.unwrap();
    assert_eq!(app.scalar_i64(&format!("select count(*) from sessions where tenant_id = '{globex}' and revoked_at is null")).await, 1);
}
