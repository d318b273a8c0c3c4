//! Sign-in, sessions, password reset, members and invitations, over real HTTP on a real database.

use crate::support;

use app::identity::api::*;
use app::platform::AppError;
use support::{error_of, TestApp, PASSWORD};

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("hirevoo_session="))
        .map(str::to_owned)
}

#[tokio::test]
async fn signing_in_sets_a_hardened_session_cookie_and_stores_only_its_hash() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    let response = app.call::<SignIn>(&client, &[("email", "Admin@Acme.test"), ("password", PASSWORD)]).await;
    assert!(response.status().is_success(), "{}", response.status());
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    let token = cookie.split(['=', ';']).nth(1).unwrap().to_owned();
    assert_eq!(token.len(), 64, "256-bit token");
    let stored: i64 = sqlx::query_scalar("select count(*) from sessions where token_hash = sha256($1::bytea)")
        .bind(token.as_bytes())
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!(stored, 1, "the hash is stored");
    assert_eq!(app.scalar_i64(&format!("select count(*) from sessions where encode(token_hash, 'escape') like '%{token}%'")).await, 0);

    let me = app.call::<SessionUser>(&client, &[]).await.json::<Option<app::platform::CurrentUser>>().await.unwrap().unwrap();
    assert_eq!(me.email, "admin@acme.test");
    assert_eq!(me.role, app::platform::Role::TenantAdmin);
    assert_eq!(me.tenant.unwrap().slug, "acme");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer_and_no_session() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    let wrong = app.call::<SignIn>(&client, &[("email", "admin@acme.test"), ("password", "not the password")]).await;
    assert!(session_cookie(&wrong).is_none());
    let unknown = app.call::<SignIn>(&client, &[("email", "nobody@acme.test"), ("password", "not the password")]).await;
    let (wrong_status, wrong_error) = error_of(wrong).await;
    let (unknown_status, unknown_error) = error_of(unknown).await;
    assert_eq!(wrong_status, 400);
    assert_eq!((wrong_status, &wrong_error), (unknown_status, &unknown_error));
    assert_eq!(wrong_error.to_string(), "The email or password is incorrect.");
    assert_eq!(app.scalar_i64("select count(*) from sessions").await, 0);
}

#[tokio::test]
async fn malformed_input_is_refused_with_a_field_error() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    let (status, error) = error_of(app.call::<SignIn>(&client, &[("email", "not-an-email"), ("password", "x")]).await).await;
    assert_eq!(status, 400);
    assert_eq!(error.field(), Some("email"));
    let (status, error) = error_of(app.call::<SignIn>(&client, &[("password", "x")]).await).await;
    assert_eq!(status, 400, "a missing argument is the client's fault: {error:?}");
    assert!(matches!(error, AppError::BadRequest { .. }));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while_whatever_the_password() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    for _ in 0..5 {
        let response = app.call::<SignIn>(&client, &[("email", "recruiter@acme.test"), ("password", "guess guess guess")]).await;
        assert_eq!(response.status().as_u16(), 400);
    }
    let (status, error) = error_of(app.call::<SignIn>(&client, &[("email", "recruiter@acme.test"), ("password", PASSWORD)]).await).await;
    assert_eq!(status, 429, "{error:?}");
    // Other accounts are unaffected.
    let response = app.call::<SignIn>(&app.browser(), &[("email", "interviewer@acme.test"), ("password", PASSWORD)]).await;
    assert!(response.status().is_success());
}

#[tokio::test]
async fn guesses_sent_at_once_are_checked_no_more_than_the_limit() {
    let app = TestApp::spawn().await;
    let guesses = (0..50).map(|_| {
        let client = app.browser();
        let app = &app;
        async move { app.call::<SignIn>(&client, &[("email", "recruiter@acme.test"), ("password", "guess guess guess")]).await.status().as_u16() }
    });
    let statuses = futures::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|status| **status == 400).count();
    let refused = statuses.iter().filter(|status| **status == 429).count();
    assert_eq!((checked, refused), (5, 45), "{statuses:?}");
    assert_eq!(app.scalar_i64("select count(*) from sign_in_failures").await, 5);
}

/// The app behind a proxy on this machine that the settings trust.
async fn behind_proxy(app: &TestApp) -> String {
    let mut platform = app.platform.clone();
    let mut settings = (*platform.settings).clone();
    settings.trusted_proxies = "127.0.0.1/32, ::1".parse().unwrap();
    platform.settings = std::sync::Arc::new(settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let mut options = server::leptos_options(&server::config::Config::default());
    options.site_root = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").into();
    let router = server::http::router(options, platform);
    tokio::spawn(async move { axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap() });
    url
}

async fn sign_in_from(url: &str, forwarded_for: &str, email: &str, password: &str) -> u16 {
    let path = <SignIn as leptos::server_fn::ServerFn>::PATH;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    client
        .post(format!("{url}{path}"))
        .header("origin", url)
        .header("accept", "application/json")
        .header("x-forwarded-for", forwarded_for)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_limited_by_its_own_address() {
    let app = TestApp::spawn().await;
    sqlx::query("insert into platform_settings (key, value) values ('sign_in_failures_per_address', 10)").execute(&app.superuser().await).await.unwrap();
    app.platform.live_settings.reload(&app.superuser().await).await.unwrap();
    let proxied = behind_proxy(&app).await;
    for n in 0..10 {
        assert_eq!(sign_in_from(&proxied, "198.51.100.7", &format!("guess{n}@example.com"), "guess guess guess").await, 400);
    }
    // That address is locked out, whatever it claims to the left of what the proxy wrote.
    assert_eq!(sign_in_from(&proxied, "198.51.100.7", "another@example.com", "guess guess guess").await, 429);
    assert_eq!(sign_in_from(&proxied, "203.0.113.1, 198.51.100.7", "recruiter@acme.test", PASSWORD).await, 429);
    // Everyone else behind the same proxy is not.
    assert_eq!(sign_in_from(&proxied, "198.51.100.8", "recruiter@acme.test", PASSWORD).await, 200);
    assert_eq!(app.scalar_i64("select count(*) from sessions where ip = '198.51.100.8'").await, 1, "the session records the client, not the proxy");
    assert_eq!(app.scalar_i64("select count(*) from sign_in_failures where ip = '127.0.0.1'").await, 0);

    // Without the setting the header is anyone's to write, and is not believed.
    assert_eq!(sign_in_from(&app.url, "198.51.100.9", "direct@example.com", "guess guess guess").await, 400);
    assert_eq!(app.scalar_i64("select count(*) from sign_in_failures where ip = '127.0.0.1'").await, 1);
}

#[tokio::test]
async fn after_signing_in_only_a_plain_path_of_this_site_is_followed() {
    let app = TestApp::spawn().await;
    let path = <SignIn as leptos::server_fn::ServerFn>::PATH;
    for (next, expected) in [("/jobs?status=open", "/jobs?status=open"), ("/\t/evil.example", "/"), ("//evil.example", "/"), ("/\\evil.example", "/"), ("/%2F/evil.example", "/"), ("https://evil.example/", "/")] {
        let response = app
            .browser()
            .post(format!("{}{path}", app.url))
            .header("accept", "text/html")
            .form(&[("email", "recruiter@acme.test"), ("password", PASSWORD), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 302, "{next:?}");
        assert_eq!(response.headers()["location"], expected, "{next:?}");
    }
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session_and_signing_out_ends_it() {
    let app = TestApp::spawn().await;
    let client = app.signed_in("recruiter@acme.test").await;
    let again = app.call::<SignIn>(&client, &[("email", "recruiter@acme.test"), ("password", PASSWORD)]).await;
    assert!(again.status().is_success());
    assert_eq!(app.scalar_i64("select count(*) from sessions where revoked_at is null").await, 1, "the old session ended");
    assert_eq!(app.scalar_i64("select count(*) from sessions").await, 2);

    let out = app.call::<SignOut>(&client, &[]).await;
    assert!(out.status().is_success() || out.status().is_redirection());
    assert_eq!(app.scalar_i64("select count(*) from sessions where revoked_at is null").await, 0);
    let me = app.call::<SessionUser>(&client, &[]).await.json::<Option<app::platform::CurrentUser>>().await.unwrap();
    assert!(me.is_none());
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_user() {
    let app = TestApp::spawn().await;
    let laptop = app.signed_in("interviewer@acme.test").await;
    let phone = app.signed_in("interviewer@acme.test").await;
    let other = app.signed_in("recruiter@acme.test").await;
    let sessions = app.call::<MySessions>(&laptop, &[]).await.json::<Vec<app::identity::types::ActiveSession>>().await.unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s.current).count(), 1);
    assert!(app.call::<SignOutEverywhere>(&laptop, &[]).await.status().is_success());
    for client in [&laptop, &phone] {
        let (status, _) = error_of(app.call::<MySessions>(client, &[]).await).await;
        assert_eq!(status, 401);
    }
    assert!(app.call::<MySessions>(&other, &[]).await.status().is_success());
}

#[tokio::test]
async fn an_expired_or_idle_session_is_not_accepted() {
    let app = TestApp::spawn().await;
    let client = app.signed_in("recruiter@acme.test").await;
    let db = app.superuser().await;
    sqlx::query("update sessions set last_seen_at = now() - interval '9 hours'").execute(&db).await.unwrap();
    assert_eq!(error_of(app.call::<MySessions>(&client, &[]).await).await.0, 401, "idle for longer than 8 hours");
    sqlx::query("update sessions set last_seen_at = now(), expires_at = now() - interval '1 second'").execute(&db).await.unwrap();
    assert_eq!(error_of(app.call::<MySessions>(&client, &[]).await).await.0, 401, "past the absolute expiry");
}

#[tokio::test]
async fn password_reset_by_emailed_single_use_token() {
    let app = TestApp::spawn().await;
    let anyone = app.browser();
    let known = app.call::<RequestPasswordReset>(&anyone, &[("email", "recruiter@acme.test")]).await.json::<String>().await.unwrap();
    let unknown = app.call::<RequestPasswordReset>(&anyone, &[("email", "ghost@acme.test")]).await.json::<String>().await.unwrap();
    assert_eq!(known, unknown, "the answer does not reveal who has an account");
    // The request did the same for both: a job each, no lookup's trace yet.
    assert_eq!(app.scalar_i64("select count(*) from background_jobs where kind = 'identity.password_reset'").await, 2);
    assert_eq!(app.scalar_i64("select count(*) from password_resets").await + app.scalar_i64("select count(*) from outbox").await, 0);
    assert_eq!(app.run_jobs().await, 2);
    assert_eq!(app.scalar_i64("select count(*) from outbox where to_address = 'ghost@acme.test'").await, 0);
    let token = app.mailed_token("recruiter@acme.test").await;
    assert_eq!(app.scalar_i64("select count(*) from password_resets where expires_at between now() + interval '29 minutes' and now() + interval '31 minutes'").await, 1);

    let short = app.call::<ResetPassword>(&anyone, &[("token", &token), ("password", "short"), ("confirm", "short")]).await;
    assert_eq!(error_of(short).await.1.field(), Some("password"));
    let new_password = "a brand new password";
    let ok = app.call::<ResetPassword>(&anyone, &[("token", &token), ("password", new_password), ("confirm", new_password)]).await;
    assert!(ok.status().is_success(), "{}", ok.status());
    let reused = app.call::<ResetPassword>(&anyone, &[("token", &token), ("password", new_password), ("confirm", new_password)]).await;
    assert_eq!(error_of(reused).await.0, 400, "single use");

    let old = app.call::<SignIn>(&app.browser(), &[("email", "recruiter@acme.test"), ("password", PASSWORD)]).await;
    assert_eq!(old.status().as_u16(), 400);
    let new = app.call::<SignIn>(&app.browser(), &[("email", "recruiter@acme.test"), ("password", new_password)]).await;
    assert!(new.status().is_success());
}

#[tokio::test]
async fn reset_links_are_limited_per_account_and_per_address_alike_for_unknown_ones() {
    let app = TestApp::spawn().await;
    let anyone = app.browser();
    for email in ["recruiter@acme.test", "ghost@acme.test"] {
        for _ in 0..3 {
            assert!(app.call::<RequestPasswordReset>(&anyone, &[("email", email)]).await.status().is_success());
        }
        let (status, error) = error_of(app.call::<RequestPasswordReset>(&anyone, &[("email", email)]).await).await;
        assert_eq!(status, 429, "{email}: {error:?}");
    }
    // Ten an hour from one address, whatever the accounts.
    for n in 0..2 {
        assert!(app.call::<RequestPasswordReset>(&anyone, &[("email", &format!("someone{n}@example.com"))]).await.status().is_success());
    }
    assert_eq!(error_of(app.call::<RequestPasswordReset>(&anyone, &[("email", "someone.else@example.com")]).await).await.0, 429);
    assert_eq!(app.scalar_i64("select count(*) from background_jobs where kind = 'identity.password_reset'").await, 8);
    app.run_jobs().await;
    assert_eq!(app.scalar_i64("select count(*) from outbox where to_address = 'recruiter@acme.test'").await, 3);
    assert_eq!(app.scalar_i64("select count(*) from password_resets where used_at is null").await, 1, "only the newest link works");
}

#[tokio::test]
async fn an_expired_reset_token_is_refused() {
    let app = TestApp::spawn().await;
    app.call::<RequestPasswordReset>(&app.browser(), &[("email", "recruiter@acme.test")]).await;
    app.run_jobs().await;
    let token = app.mailed_token("recruiter@acme.test").await;
    sqlx::query("update password_resets set expires_at = now() - interval '1 second'").execute(&app.superuser().await).await.unwrap();
    let response = app.call::<ResetPassword>(&app.browser(), &[("token", &token), ("password", "another new password"), ("confirm", "another new password")]).await;
    assert_eq!(error_of(response).await.0, 400);
}

#[tokio::test]
async fn an_admin_invites_someone_who_joins_with_the_emailed_link() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@acme.test").await;
    let response = app.call::<InviteMember>(&admin, &[("email", "new.person@example.com"), ("role", "interviewer")]).await;
    assert!(response.status().is_success(), "{}", response.status());
    let again = app.call::<InviteMember>(&admin, &[("email", "new.person@example.com"), ("role", "recruiter")]).await;
    let (status, error) = error_of(again).await;
    assert_eq!((status, error.field()), (409, Some("email")));

    let token = app.mailed_token("new.person@example.com").await;
    let visitor = app.browser();
    let details = app.call::<GetInvitation>(&visitor, &[("token", &token)]).await.json::<app::identity::types::InvitationDetails>().await.unwrap();
    assert_eq!(details.tenant_name, "Acme Hiring");
    assert!(!details.has_account);
    let joined = app
        .call::<AcceptInvitation>(&visitor, &[("token", &token), ("display_name", "Nia <New> O'Neil"), ("password", "a good long password"), ("confirm", "a good long password")])
        .await;
    assert!(joined.status().is_success(), "{}", joined.status());
    let me = app.call::<SessionUser>(&visitor, &[]).await.json::<Option<app::platform::CurrentUser>>().await.unwrap().unwrap();
    assert_eq!((me.role, me.display_name.as_str()), (app::platform::Role::Interviewer, "Nia <New> O'Neil"));
    let reused = app.call::<AcceptInvitation>(&app.browser(), &[("token", &token), ("password", "a good long password")]).await;
    assert_eq!(error_of(reused).await.0, 400, "an invitation is used once");

    // The name is shown as text, never as markup.
    let (_, html) = app.page(&admin, "/members").await;
    assert!(html.contains("Nia &lt;New&gt; O&#39;Neil") || html.contains("Nia &lt;New&gt; O'Neil"), "escaped name on the page");
    assert!(!html.contains("<New>"));
}

#[tokio::test]
async fn role_changes_reach_live_sessions_and_removal_ends_them() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@acme.test").await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let membership = app.membership_id("recruiter@acme.test").await.to_string();
    let changed = app.call::<ChangeMemberRole>(&admin, &[("membership_id", &membership), ("role", "tenant_admin")]).await;
    assert!(changed.status().is_success());
    assert!(app.call::<ListMembers>(&recruiter, &[]).await.status().is_success(), "now an admin");

    let bad_role = app.call::<ChangeMemberRole>(&admin, &[("membership_id", &membership), ("role", "superadmin")]).await;
    assert_eq!(error_of(bad_role).await.1.field(), Some("role"));

    let removed = app.call::<RemoveMember>(&admin, &[("membership_id", &membership)]).await;
    assert!(removed.status().is_success());
    assert_eq!(error_of(app.call::<ListMembers>(&recruiter, &[]).await).await.0, 401);
    assert_eq!(app.scalar_i64("select count(*) from audit_log where action in ('member.change_role', 'member.remove')").await, 2);
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_nor_remove_themselves() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@acme.test").await;
    let me = app.membership_id("admin@acme.test").await.to_string();
    let (status, _) = error_of(app.call::<ChangeMemberRole>(&admin, &[("membership_id", &me), ("role", "recruiter")]).await).await;
    assert_eq!(status, 409);
    let (status, _) = error_of(app.call::<RemoveMember>(&admin, &[("membership_id", &me)]).await).await;
    assert_eq!(status, 400);
    assert_eq!(app.scalar_i64("select count(*) from memberships where role = 'tenant_admin'").await, 2, "acme's and globex's admins");
}

#[tokio::test]
async fn roles_without_the_right_get_forbidden() {
    let app = TestApp::spawn().await;
    for email in ["recruiter@acme.test", "interviewer@acme.test", "candidate@acme.test", "superadmin@hirevoo.test"] {
        let client = app.signed_in(email).await;
        let (status, _) = error_of(app.call::<InviteMember>(&client, &[("email", "x@example.com"), ("role", "recruiter")]).await).await;
        assert_eq!(status, 403, "{email}");
    }
    let (status, _) = error_of(app.call::<ListMembers>(&app.browser(), &[]).await).await;
    assert_eq!(status, 401);
    assert_eq!(app.scalar_i64("select count(*) from member_invitations").await, 0);
}

#[tokio::test]
async fn a_ten_megabyte_body_is_refused_without_a_server_error() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    let huge = "x".repeat(10 * 1024 * 1024);
    let response = client
        .post(format!("{}{}", app.url, <SignIn as leptos::server_fn::ServerFn>::PATH))
        .form(&[("email", huge.as_str()), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(app.scalar_i64("select count(*) from sign_in_failures").await, 0);
}

#[tokio::test]
async fn metacharacters_in_names_are_stored_verbatim_or_refused_cleanly() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let tenants_before = app.scalar_i64("select count(*) from tenants").await;
    let name = "Robert'); DROP TABLE tenants;-- <script>alert(1)</script>";
    let created = app.call::<app::console::tenants::api::CreateTenant>(&superadmin, &[("name", name), ("slug", "bobby"), ("plan", "starter"), ("admin_email", "bobby@example.com")]).await;
    assert!(created.status().is_success(), "{}", created.status());
    let stored: String = sqlx::query_scalar("select name from tenants where slug = 'bobby'").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(stored, name);
    let (_, html) = app.page(&superadmin, "/").await;
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    let bad_slug = app.call::<app::console::tenants::api::CreateTenant>(&superadmin, &[("name", "X"), ("slug", "'; drop--"), ("plan", "starter"), ("admin_email", "x@example.com")]).await;
    let (status, error) = error_of(bad_slug).await;
    assert_eq!((status, error.field()), (400, Some("slug")));
    let taken = app.call::<app::console::tenants::api::CreateTenant>(&superadmin, &[("name", "Again"), ("slug", "bobby"), ("plan", "starter"), ("admin_email", "y@example.com")]).await;
    let (status, error) = error_of(taken).await;
    assert_eq!((status, error.field()), (409, Some("slug")));
    assert_eq!(app.scalar_i64("select count(*) from tenants").await, tenants_before + 1);
    assert_eq!(app.scalar_i64("select count(*) from outbox").await, 1, "one invitation for the one tenant created");
}

#[tokio::test]
async fn a_superadmin_creates_a_tenant_whose_first_admin_joins() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let created = app.call::<app::console::tenants::api::CreateTenant>(&superadmin, &[("name", "Initech"), ("slug", "initech"), ("plan", "enterprise"), ("admin_email", "boss@initech.test")]).await;
    assert!(created.status().is_success());
    let token = app.mailed_token("boss@initech.test").await;
    let boss = app.browser();
    let joined = app.call::<AcceptInvitation>(&boss, &[("token", &token), ("display_name", "Bill"), ("password", "initech password 1"), ("confirm", "initech password 1")]).await;
    assert!(joined.status().is_success());
    let page = app.call::<ListMembers>(&boss, &[]).await.json::<app::identity::types::MembersPage>().await.unwrap();
    assert_eq!(page.members.len(), 1);
    assert_eq!(page.members[0].role, app::platform::Role::TenantAdmin);

    let tenants = app.call::<app::console::tenants::api::ListTenants>(&superadmin, &[]).await.json::<Vec<app::console::tenants::types::TenantSummary>>().await.unwrap();
    assert_eq!(tenants.iter().find(|t| t.slug == "initech").unwrap().members, 1);
}

#[tokio::test]
async fn a_suspended_tenant_keeps_its_people_out_and_says_why() {
    let app = TestApp::spawn().await;
    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let recruiter = app.signed_in("recruiter@globex.test").await;
    let globex: uuid::Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&app.superuser().await).await.unwrap();
    let no_reason = app.call::<app::console::tenants::api::SetTenantStatus>(&superadmin, &[("tenant_id", &globex.to_string()), ("status", "suspended")]).await;
    assert_eq!(error_of(no_reason).await.0, 400);
    let suspended = app
        .call::<app::console::tenants::api::SetTenantStatus>(&superadmin, &[("tenant_id", &globex.to_string()), ("status", "suspended"), ("reason", "Unpaid invoice")])
        .await;
    assert!(suspended.status().is_success());
    let (status, error) = error_of(app.call::<MySessions>(&recruiter, &[]).await).await;
    assert_eq!(status, 403);
    assert!(error.to_string().contains("Globex") && error.to_string().contains("Unpaid invoice"), "{error}");
    let (status, page) = app.page(&recruiter, "/overview").await;
    assert_eq!(status, 403);
    assert!(page.contains("Organization suspended") && page.contains("support@hirevoo.test"));
    let response = app.call::<SignIn>(&app.browser(), &[("email", "recruiter@globex.test"), ("password", PASSWORD)]).await;
    let (status, error) = error_of(response).await;
    assert_eq!(status, 403);
    assert!(error.to_string().contains("suspended"));
    let back = app.call::<app::console::tenants::api::SetTenantStatus>(&superadmin, &[("tenant_id", &globex.to_string()), ("status", "active")]).await;
    assert!(back.status().is_success());
    assert!(app.call::<MySessions>(&recruiter, &[]).await.status().is_success());
}

#[tokio::test]
async fn the_audit_chain_verifies_and_detects_tampering() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@acme.test").await;
    let mut conn = app.superuser().await.acquire().await.unwrap().detach();
    // The demo data's own entries (its requisitions' history) come first.
    let seeded = app::platform::audit::verify(&mut conn).await.unwrap().unwrap();
    for email in ["a@example.com", "b@example.com", "c@example.com"] {
        app.call::<InviteMember>(&admin, &[("email", email), ("role", "candidate")]).await;
    }
    assert_eq!(app::platform::audit::verify(&mut conn).await.unwrap(), Ok(seeded + 3));
    sqlx::query("update audit_log set details = '{\"email\": \"evil@example.com\"}' where id = (select min(id) + 1 from audit_log)").execute(&mut conn).await.unwrap();
    let broken = app::platform::audit::verify(&mut conn).await.unwrap();
    assert!(broken.is_err());
    let mut app_conn = app.app_role().await;
    assert!(sqlx::query("delete from audit_log").execute(&mut app_conn).await.is_err(), "the app cannot delete audit entries");
}
