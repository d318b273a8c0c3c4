//! Two-step sign-in: a code after the password, once per code; recovery codes; an
//! organization's requirement; keys sealed at rest; wrong codes counted like wrong passwords.

use crate::support;

use app::identity::api::{SessionUser, SignIn};
use app::identity::two_step::api::*;
use app::identity::two_step::codes;
use app::identity::two_step::types::{TwoStepChallenge, TwoStepStatus};
use support::{asks_second_step, error_of, TestApp, PASSWORD};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn demo_code() -> String {
    server::seed::demo_two_step_code(now())
}

/// A code that is none of the key's codes around now.
fn wrong_code(key: &[u8]) -> String {
    let step = codes::step_at(now());
    let near: Vec<String> = (step - 1..=step + 1).map(|s| codes::code_for_step(key, s)).collect();
    (0..).map(|n| format!("{:06}", 100_000 + n)).find(|code| !near.contains(code)).unwrap()
}

fn demo_key() -> Vec<u8> {
    codes::key_from_text(server::seed::DEMO_TWO_STEP_KEY).unwrap()
}

async fn signed_in_as(app: &TestApp, client: &reqwest::Client) -> Option<String> {
    app.call::<SessionUser>(client, &[]).await.json::<Option<app::platform::CurrentUser>>().await.unwrap().map(|user| user.email)
}

#[tokio::test]
async fn a_superadmin_needs_a_code_after_the_password_and_each_code_works_once() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    let response = app.call::<SignIn>(&client, &[("email", "superadmin@hirevoo.test"), ("password", PASSWORD)]).await;
    assert!(asks_second_step(&response), "the password alone does not sign a superadmin in");
    assert_eq!(signed_in_as(&app, &client).await, None);
    assert_eq!(app.scalar_i64("select count(*) from sessions").await, 0);

    let challenge: TwoStepChallenge = app.call::<SecondStep>(&client, &[]).await.json().await.unwrap();
    assert_eq!((challenge.email.as_str(), challenge.setup.is_none()), ("superadmin@hirevoo.test", true), "already set up: no key shown");

    let (status, error) = error_of(app.call::<VerifyTwoStep>(&client, &[("code", &wrong_code(&demo_key()))]).await).await;
    assert_eq!((status, error.field()), (400, Some("code")));
    assert_eq!(signed_in_as(&app, &client).await, None);

    let code = demo_code();
    let response = app.call::<VerifyTwoStep>(&client, &[("code", &code)]).await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(signed_in_as(&app, &client).await.as_deref(), Some("superadmin@hirevoo.test"));
    assert_eq!(app.scalar_i64("select count(*) from sign_in_challenges").await, 0, "the challenge is spent");
    assert_eq!(app.scalar_i64("select count(*) from sign_in_failures").await, 0, "success forgets the failures");

    // Someone who saw the code cannot use it again, even with the password.
    let other = app.browser();
    app.call::<SignIn>(&other, &[("email", "superadmin@hirevoo.test"), ("password", PASSWORD)]).await;
    let (status, _) = error_of(app.call::<VerifyTwoStep>(&other, &[("code", &code)]).await).await;
    assert_eq!(status, 400, "a code works once");
    assert_eq!(signed_in_as(&app, &other).await, None);

    // Without a challenge there is nothing to answer.
    let (status, error) = error_of(app.call::<VerifyTwoStep>(&app.browser(), &[("code", &demo_code())]).await).await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("expired"), "{error}");
}

#[tokio::test]
async fn wrong_codes_count_toward_the_accounts_sign_in_limit() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    app.call::<SignIn>(&client, &[("email", "superadmin@hirevoo.test"), ("password", PASSWORD)]).await;
    let wrong = wrong_code(&demo_key());
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(app.call::<VerifyTwoStep>(&client, &[("code", &wrong)]).await.status().as_u16());
    }
    // The password counted once (until the second step succeeds), then four wrong codes.
    assert_eq!(statuses, [400, 400, 400, 400, 429]);
    let (status, _) = error_of(app.call::<VerifyTwoStep>(&client, &[("code", &demo_code())]).await).await;
    assert_eq!(status, 429, "even the right code waits out the lock");
    assert_eq!(signed_in_as(&app, &client).await, None);
}

#[tokio::test]
async fn a_member_turns_it_on_with_a_sealed_key_and_recovery_codes_that_work_once() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    assert!(app.call::<StartTwoStepSetup>(&rita, &[]).await.status().is_success());
    let status: TwoStepStatus = app.call::<MyTwoStep>(&rita, &[]).await.json().await.unwrap();
    let setup = status.setup.expect("a setup to confirm");
    assert!(status.enabled_since.is_none(), "off until confirmed");
    assert_eq!(setup.recovery_codes.len(), 10);
    assert!(setup.qr_svg.starts_with("<svg"));
    let key = codes::key_from_text(&setup.key_text).unwrap();

    // The key is sealed: its bytes and its text are nowhere in the row.
    let sealed: Vec<u8> = sqlx::query_scalar("select pending_secret from user_two_step t join users u on u.id = t.user_id where u.email = 'recruiter@acme.test'")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert!(!sealed.windows(key.len()).any(|w| w == key.as_slice()));
    assert_ne!(sealed.len(), key.len());

    let (status, error) = error_of(app.call::<ConfirmTwoStepSetup>(&rita, &[("code", &wrong_code(&key))]).await).await;
    assert_eq!((status, error.field()), (400, Some("code")));
    let (status, _) = error_of(app.call::<ConfirmTwoStepSetup>(&rita, &[("code", "12345")]).await).await;
    assert_eq!(status, 400);
    let step = codes::step_at(now());
    assert!(app.call::<ConfirmTwoStepSetup>(&rita, &[("code", &codes::code_for_step(&key, step))]).await.status().is_success());
    let status: TwoStepStatus = app.call::<MyTwoStep>(&rita, &[]).await.json().await.unwrap();
    assert!(status.enabled_since.is_some() && status.setup.is_none() && !status.required);
    assert_eq!(status.recovery_codes_left, 10);
    assert_eq!(app.scalar_i64("select count(*) from audit_log where action = 'two_step.enable'").await, 1);
    let kept = "select count(*) from two_step_recovery_codes c join users u on u.id = c.user_id where u.email = 'recruiter@acme.test' and length(c.code_hash) = 32";
    assert_eq!(app.scalar_i64(kept).await, 10, "only hashes");

    // Signing in now asks for it; a recovery code does, once.
    let phone_lost = app.browser();
    let response = app.call::<SignIn>(&phone_lost, &[("email", "recruiter@acme.test"), ("password", PASSWORD)]).await;
    assert!(asks_second_step(&response));
    let recovery = setup.recovery_codes[3].to_uppercase();
    assert!(app.call::<VerifyTwoStep>(&phone_lost, &[("code", &recovery)]).await.status().is_success());
    assert_eq!(signed_in_as(&app, &phone_lost).await.as_deref(), Some("recruiter@acme.test"));
    let again = app.browser();
    app.call::<SignIn>(&again, &[("email", "recruiter@acme.test"), ("password", PASSWORD)]).await;
    let (status, _) = error_of(app.call::<VerifyTwoStep>(&again, &[("code", &recovery)]).await).await;
    assert_eq!(status, 400, "a recovery code works once");
    let status: TwoStepStatus = app.call::<MyTwoStep>(&rita, &[]).await.json().await.unwrap();
    assert_eq!(status.recovery_codes_left, 9);

    // Turning it off takes the password.
    let (status, error) = error_of(app.call::<TurnOffTwoStep>(&rita, &[("password", "not my password")]).await).await;
    assert_eq!((status, error.field()), (400, Some("password")));
    assert!(app.call::<TurnOffTwoStep>(&rita, &[("password", PASSWORD)]).await.status().is_success());
    let response = app.call::<SignIn>(&app.browser(), &[("email", "recruiter@acme.test"), ("password", PASSWORD)]).await;
    assert!(response.status().is_success() && !asks_second_step(&response), "off again");
}

#[tokio::test]
async fn an_organization_that_requires_it_has_members_set_it_up_at_their_next_sign_in() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    assert_eq!(app.call::<SetTwoStepRequirement>(&rita, &[("required", "true")]).await.status().as_u16(), 403, "admins only");
    let ada = app.signed_in("admin@acme.test").await;
    assert!(app.call::<SetTwoStepRequirement>(&ada, &[("required", "true")]).await.status().is_success());
    assert_eq!(app.scalar_i64("select count(*) from tenants where require_two_step").await, 1, "Acme only");
    assert_eq!(app.scalar_i64("select count(*) from audit_log where action = 'tenant.two_step_requirement'").await, 1);

    // Globex's members are not asked.
    let response = app.call::<SignIn>(&app.browser(), &[("email", "recruiter@globex.test"), ("password", PASSWORD)]).await;
    assert!(!asks_second_step(&response));

    let client = app.browser();
    let response = app.call::<SignIn>(&client, &[("email", "interviewer@acme.test"), ("password", PASSWORD)]).await;
    assert!(asks_second_step(&response));
    let challenge: TwoStepChallenge = app.call::<SecondStep>(&client, &[]).await.json().await.unwrap();
    let setup = challenge.setup.expect("the setup comes with the second step");
    let key = codes::key_from_text(&setup.key_text).unwrap();
    let response = app.call::<VerifyTwoStep>(&client, &[("code", &codes::code_for_step(&key, codes::step_at(now())))]).await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(signed_in_as(&app, &client).await.as_deref(), Some("interviewer@acme.test"));
    let status: TwoStepStatus = app.call::<MyTwoStep>(&client, &[]).await.json().await.unwrap();
    assert!(status.required && status.enabled_since.is_some());
    let (status, _) = error_of(app.call::<TurnOffTwoStep>(&client, &[("password", PASSWORD)]).await).await;
    assert_eq!(status, 409, "required: it stays on");

    // A superadmin cannot turn theirs off either.
    let sam = app.signed_in("superadmin@hirevoo.test").await;
    let (status, _) = error_of(app.call::<TurnOffTwoStep>(&sam, &[("password", PASSWORD)]).await).await;
    assert_eq!(status, 409);
}
