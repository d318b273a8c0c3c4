//! The candidate's page as a browser meets it: the bundles it loads, the security policy
//! of every page, and a start that works before the page's code has loaded, or without it.

use crate::support;

use app::assessments::api::*;
use app::assessments::taking::StartTest;
use app::assessments::types::Bank;
use leptos::server_fn::ServerFn;
use support::TestApp;
use uuid::Uuid;

const PROMPT: &str = "Describe a hard bug you fixed.";

/// A one-question assessment and an invitation to it; returns the candidate's token.
async fn invitation(app: &TestApp) -> String {
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let saved = app.call::<SaveQuestion>(&recruiter, &[("kind", "long_text"), ("prompt", PROMPT), ("difficulty", "easy"), ("points", "1")]).await;
    assert!(saved.status().is_success(), "{}", saved.text().await.unwrap());
    let set_id = app.call::<CreateQuestionSet>(&recruiter, &[("name", "Stories")]).await.json::<Uuid>().await.unwrap().to_string();
    let bank: Bank = app.call::<QuestionBank>(&recruiter, &[]).await.json().await.unwrap();
    let question = bank.questions.iter().find(|q| q.prompt == PROMPT).expect("the new question");
    assert!(app.call::<AddToSet>(&recruiter, &[("set_id", &set_id), ("question_id", &question.question_id.to_string())]).await.status().is_success());
    let created = app
        .call::<CreateAssessment>(&recruiter, &[("title", "Debugging"), ("time_limit_minutes", "30"), ("passing_percent", "50"), ("rules[0][set_id]", &set_id)])
        .await;
    assert!(created.status().is_success(), "{}", created.text().await.unwrap());
    let assessment = created.json::<Uuid>().await.unwrap();
    let invited = app.call::<InviteCandidates>(&recruiter, &[("assessment_id", &assessment.to_string()), ("emails", "pat@example.com")]).await;
    assert!(invited.status().is_success());
    app.mailed_token("pat@example.com").await
}

/// Every `/pkg/…` address a page refers to.
fn bundle_files(html: &str) -> Vec<String> {
    let mut files: Vec<String> = html
        .match_indices("/pkg/")
        .map(|(at, _)| html[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || "/_.-".contains(*c)).collect())
        .collect();
    files.sort();
    files.dedup();
    files
}

#[tokio::test]
async fn every_bundle_file_a_page_asks_for_is_served_and_plain_pages_ask_for_none() {
    let app = TestApp::spawn().await;
    let token = invitation(&app).await;
    let admin = app.signed_in("admin@acme.test").await;
    for (client, path) in [(&admin, "/".to_owned()), (&app.browser(), format!("/take?token={token}"))] {
        let (status, html) = app.page(client, &path).await;
        assert_eq!(status, 200, "{path}");
        let files = bundle_files(&html);
        assert!(files.iter().any(|f| f.ends_with(".wasm")) && files.iter().any(|f| f.ends_with(".js")), "{path} loads a bundle: {files:?}");
        let own = if path.starts_with("/take") { "/pkg/candidate.wasm" } else { "/pkg/hirevoo.wasm" };
        assert!(files.contains(&own.to_owned()), "{path} loads {own}: {files:?}");
        for file in files {
            let response = client.get(format!("{}{file}", app.url)).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 200, "{path} asks for {file}, which is not served (`make build` writes the bundles)");
        }
    }
    // Forms and links alone: these pages download no application code.
    for path in ["/sign-in", "/forgot-password", "/careers/acme"] {
        let (status, html) = app.page(&app.browser(), path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(bundle_files(&html), Vec::<String>::new(), "{path}");
        assert!(html.contains("<form"), "{path} still has its form");
    }
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_whose_fresh_nonce_is_on_every_script() {
    let app = TestApp::spawn().await;
    let client = app.browser();
    let mut nonces = Vec::new();
    for path in ["/status", "/no/such/page"] {
        let response = client.get(format!("{}{path}", app.url)).send().await.unwrap();
        let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        let html = response.text().await.unwrap();
        for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "style-src 'self'"] {
            assert!(policy.contains(directive), "{path}: {directive} in {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_owned();
        let scripts: Vec<&str> = html.split("<script").skip(1).map(|tag| tag.split('>').next().unwrap_or_default()).collect();
        assert!(!scripts.is_empty(), "{path} has scripts");
        for tag in scripts {
            assert!(tag.contains(&format!(r#"nonce="{nonce}""#)), "{path}: <script{tag}> lacks the nonce");
        }
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a new nonce for every response");
    let health = client.get(format!("{}/healthz", app.url)).send().await.unwrap();
    assert_eq!(health.headers()["content-security-policy"], app::platform::security::LOCKED_DOWN_POLICY);
    assert!(health.headers().get("strict-transport-security").is_none(), "HSTS only over https");
}

#[tokio::test]
async fn over_https_browsers_are_told_to_keep_to_https() {
    use tower::ServiceExt;
    let pair = support::shared_cluster();
    let database = support::fresh_database(&pair.primary).await;
    let pool = sqlx::postgres::PgPoolOptions::new().connect_lazy_with(pair.primary.options(server::database::APP_ROLE, &database));
    let mut config = server::config::Config::default();
    config.site.public_url = "https://hire.example.com".into();
    let platform = server::platform(&config, app::platform::db::Db::new(pool, None, std::time::Duration::from_secs(10))).await.unwrap();
    let router = server::http::router(server::leptos_options(&config), platform);
    let response = router.oneshot(axum::http::Request::get("/healthz").body(axum::body::Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.headers()["strict-transport-security"], "max-age=63072000; includeSubDomains");
}

#[tokio::test]
async fn the_start_is_a_plain_form_that_needs_consent_and_opens_the_player_for_this_browser_only() {
    let app = TestApp::spawn().await;
    let token = invitation(&app).await;
    let candidate = app.browser();
    let take = format!("/take?token={token}");
    let response = candidate.get(format!("{}{take}", app.url)).send().await.unwrap();
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("hirevoo_browser="))
        .expect("the browser gets an id")
        .to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let browser_id = cookie.trim_start_matches("hirevoo_browser=").split(';').next().unwrap().to_owned();
    let html = response.text().await.unwrap();
    let path = <StartTest as ServerFn>::PATH;
    assert!(html.contains(&format!(r#"action="{path}""#)) && html.contains(r#"method="post""#), "a real form");
    assert!(html.contains(&format!(r#"name="client_id" value="{browser_id}""#)), "the form carries this browser's id");
    let consent = html.split(r#"name="consent""#).nth(1).and_then(|rest| rest.split('>').next()).expect("a consent box");
    assert!(consent.contains("required"), "the box must be ticked: {consent}");

    let sessions = || app.scalar_i64("select count(*) from test_sessions s join candidate_invitations i on i.id = s.invitation_id where i.email = 'pat@example.com'");
    // Sent without the box ticked, as a browser without JavaScript sends it: back to the page with the reason; nothing starts.
    let post = |fields: Vec<(&'static str, String)>| {
        candidate
            .post(format!("{}{path}", app.url))
            .header("accept", "text/html")
            .header("referer", format!("{}{take}", app.url))
            .form(&fields)
            .send()
    };
    let refused = post(vec![("token", token.clone()), ("client_id", browser_id.clone())]).await.unwrap();
    assert_eq!(refused.status().as_u16(), 302);
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains(&token), "{back}");
    assert_eq!(sessions().await, 0);
    let back = back.strip_prefix(&app.url).unwrap_or(&back).to_owned();
    let (_, html) = app.page(&candidate, &back).await;
    assert!(html.contains("Tick the box to say you understand what is recorded, then start."), "the refusal is shown");

    let started = post(vec![("token", token.clone()), ("client_id", browser_id.clone()), ("consent", "yes".into())]).await.unwrap();
    assert_eq!(started.status().as_u16(), 302);
    assert_eq!(sessions().await, 1);
    let (status, html) = app.page(&candidate, &take).await;
    assert_eq!(status, 200);
    assert!(html.contains("Question 1 of 1") && html.contains(PROMPT) && html.contains(r#"role="timer""#), "the player, rendered by the server");
    let holder: Uuid = sqlx::query_scalar("select s.client_id from test_sessions s join candidate_invitations i on i.id = s.invitation_id where i.email = 'pat@example.com'")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!(holder.to_string(), browser_id);

    // Another browser sees the landing, told that the test is open elsewhere; nothing moves until it asks.
    let (_, html) = app.page(&app.browser(), &take).await;
    assert!(html.contains("This test is open in another browser.") && html.contains("Continue the test"));
    assert!(!html.contains("Question 1 of 1"));
}

#[tokio::test]
async fn without_javascript_the_player_saves_each_answer_as_the_candidate_moves_on_and_submits() {
    use app::assessments::taking::{AnswerAndGo, SubmitTest};
    let app = TestApp::spawn().await;
    let token = invitation(&app).await;
    let candidate = app.browser();
    let take = format!("/take?token={token}");
    let (_, html) = app.page(&candidate, &take).await;
    let browser_id = html.split(r#"name="client_id" value=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    let send = |path: &'static str, fields: Vec<(&'static str, String)>| {
        candidate.post(format!("{}{path}", app.url)).header("accept", "text/html").header("referer", format!("{}{take}", app.url)).form(&fields).send()
    };
    let started = send(<StartTest as ServerFn>::PATH, vec![("token", token.clone()), ("client_id", browser_id.clone()), ("consent", "yes".into())]).await.unwrap();
    assert_eq!(started.status().as_u16(), 302);

    let (_, html) = app.page(&candidate, &take).await;
    let player = html.split(&format!(r#"action="{}""#, <AnswerAndGo as ServerFn>::PATH)).nth(1).expect("the player is a form");
    let version_id = player.split(r#"name="version_id" value=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert!(player.contains(r#"name="text""#) && player.contains(r#"name="go" value="finish""#));

    let answer = "A race between two writers, found with a log of every lock taken.";
    let fields = |go: &str| vec![("token", token.clone()), ("client_id", browser_id.clone()), ("version_id", version_id.clone()), ("text", answer.to_owned()), ("go", go.to_owned())];
    let moved = send(<AnswerAndGo as ServerFn>::PATH, fields("finish")).await.unwrap();
    assert_eq!(moved.status().as_u16(), 302);
    assert_eq!(moved.headers()["location"], format!("{take}&q=1&confirm=1"));
    let stored: serde_json::Value = sqlx::query_scalar("select a.response from answers a join test_sessions s on s.id = a.session_id join candidate_invitations i on i.id = s.invitation_id where i.email = 'pat@example.com'")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!(stored, serde_json::json!({ "type": "text", "value": answer }));
    // Sent again unchanged (a double click): nothing new is stored.
    let seq = || app.scalar_i64("select a.seq from answers a join test_sessions s on s.id = a.session_id join candidate_invitations i on i.id = s.invitation_id where i.email = 'pat@example.com'");
    let held = seq().await;
    assert_eq!(send(<AnswerAndGo as ServerFn>::PATH, fields("finish")).await.unwrap().status().as_u16(), 302);
    assert_eq!(seq().await, held);
    let bad = send(<AnswerAndGo as ServerFn>::PATH, fields("sideways")).await.unwrap();
    assert!(bad.headers()["location"].to_str().unwrap().contains("err"), "a refusal goes back with its reason");

    let (_, html) = app.page(&candidate, &format!("{take}&q=1&confirm=1")).await;
    assert!(html.contains("Submit your answers?") && html.contains(answer), "the confirmation, with the saved answer on the page");
    let submitted = send(<SubmitTest as ServerFn>::PATH, vec![("token", token.clone()), ("client_id", browser_id.clone())]).await.unwrap();
    assert_eq!(submitted.status().as_u16(), 302);
    let (_, html) = app.page(&candidate, &take).await;
    assert!(html.contains("Thank you") && html.contains("Your answers have been submitted."));
}

#[tokio::test]
async fn signals_excused_by_an_accommodation_are_not_stored_whatever_the_browser_sends() {
    use app::assessments::taking::RecordEvents;
    let app = TestApp::spawn().await;
    invitation(&app).await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let assessment: Uuid = sqlx::query_scalar("select id from assessments where title = 'Debugging'").fetch_one(&app.superuser().await).await.unwrap();
    let invited = app
        .call::<InviteCandidates>(&recruiter, &[("assessment_id", &assessment.to_string()), ("emails", "alex@example.com"), ("unflag_window_blur", "on")])
        .await;
    assert!(invited.status().is_success());
    let token = app.mailed_token("alex@example.com").await;
    let browser = Uuid::now_v7().to_string();
    let candidate = app.browser();
    let started = app.call::<StartTest>(&candidate, &[("token", &token), ("client_id", &browser), ("consent", "yes")]).await;
    assert!(started.status().is_success());
    let events = serde_json::json!({ "token": token, "client_id": browser, "events": [
        { "kind": "window_blur", "at_ms": 1_767_225_600_000_i64 }, { "kind": "window_focus", "at_ms": 1_767_225_601_000_i64 },
        { "kind": "tab_hidden", "at_ms": 1_767_225_602_000_i64 }, { "kind": "paste", "at_ms": 1_767_225_603_000_i64 },
    ] });
    assert_eq!(app.call_json::<RecordEvents>(&candidate, events).await.json::<u32>().await.unwrap(), 1);
    let stored: Vec<String> = sqlx::query_scalar(
        "select e.kind from proctoring_events e join test_sessions s on s.id = e.session_id join candidate_invitations i on i.id = s.invitation_id where i.email = 'alex@example.com'",
    )
    .fetch_all(&app.superuser().await)
    .await
    .unwrap();
    assert_eq!(stored, ["paste"]);
}
