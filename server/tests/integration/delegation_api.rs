//! The REST API v1 over real HTTP: signing in, rotating refresh tokens (a reused one revokes
//! the family), JSON errors with stable codes, the rate limits, CORS for the extension only,
//! delegating and completing with a screenshot, and the OpenAPI document naming every route.

use crate::support::{TestApp, PASSWORD};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const NOOR: &str = "seeker@example.com";
const ELI: &str = "eli@delegation.test";

async fn post(app: &TestApp, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
    let mut request = Client::new().post(format!("{}{path}", app.url)).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get(app: &TestApp, path: &str, token: &str) -> (StatusCode, Value) {
    let response = Client::new().get(format!("{}{path}", app.url)).bearer_auth(token).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn login(app: &TestApp, email: &str) -> Value {
    let (status, body) = post(app, "/api/v1/auth/login", None, json!({ "email": email, "password": PASSWORD })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_family() {
    let app = TestApp::spawn().await;
    let first = login(&app, NOOR).await;
    assert_eq!(first["user"]["role"], "client");
    assert_eq!(first["expires_in"], 900);
    let (status, me) = get(&app, "/api/v1/me", first["access_token"].as_str().unwrap()).await;
    assert_eq!((status, me["email"].as_str()), (StatusCode::OK, Some(NOOR)));

    let (status, second) = post(&app, "/api/v1/auth/refresh", None, json!({ "refresh_token": first["refresh_token"] })).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    // The first token again: a copy is in use somewhere, so every token of the family goes.
    let (status, body) = post(&app, "/api/v1/auth/refresh", None, json!({ "refresh_token": first["refresh_token"] })).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "refresh_token_reused"));
    let (status, body) = post(&app, "/api/v1/auth/refresh", None, json!({ "refresh_token": second["refresh_token"] })).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "invalid_refresh_token"), "the newest of the family too");
    assert_eq!(app.scalar_i64("select count(*) from audit_log where action = 'api.refresh_token_reused'").await, 1);

    // Another sign-in is another family, untouched; logging out ends it.
    let other = login(&app, NOOR).await;
    let (status, _) = post(&app, "/api/v1/auth/logout", None, json!({ "refresh_token": other["refresh_token"] })).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = post(&app, "/api/v1/auth/refresh", None, json!({ "refresh_token": other["refresh_token"] })).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "invalid_refresh_token"));

    // Signing out everywhere on the website ends the API's sign-ins too.
    let extension = login(&app, NOOR).await;
    let browser = app.signed_in(NOOR).await;
    let response = app.call::<app::identity::api::SignOutEverywhere>(&browser, &[]).await;
    assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());
    let (status, body) = post(&app, "/api/v1/auth/refresh", None, json!({ "refresh_token": extension["refresh_token"] })).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "invalid_refresh_token"));
}

#[tokio::test]
async fn errors_are_json_with_stable_codes() {
    let app = TestApp::spawn().await;
    let (status, body) = post(&app, "/api/v1/auth/login", None, json!({ "email": NOOR, "password": "wrong password" })).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "invalid_credentials"));
    let (status, body) = post(&app, "/api/v1/auth/login", None, json!({ "email": "not an address", "password": "x" })).await;
    assert_eq!((status, code(&body), body["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, "invalid_input", Some("email")));
    let (status, body) = post(&app, "/api/v1/auth/login", None, json!({ "email": "recruiter@acme.test", "password": PASSWORD })).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"), "a recruiter does not use the service");
    let (status, body) = post(&app, "/api/v1/auth/login", None, json!({ "email": "superadmin@hirevoo.test", "password": PASSWORD })).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "two_step_required"));
    let response = Client::new().post(format!("{}/api/v1/auth/login", app.url)).body("{not json").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(code(&response.json().await.unwrap()), "invalid_input");

    let (status, body) = get(&app, "/api/v1/me", "not-a-token").await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "unauthenticated"));
    // A token that expired, signed with the server's own key.
    let noor: uuid::Uuid = sqlx::query_scalar("select id from users where email = $1").bind(NOOR).fetch_one(&app.superuser().await).await.unwrap();
    let now = chrono::Utc::now().timestamp();
    let claims = app::platform::jwt::Claims { sub: noor, name: "Noor".into(), role: app::platform::Role::Seeker, fam: uuid::Uuid::now_v7(), iat: now - 2000, exp: now - 1000 };
    let expired = app.platform.secret_box.token_signer().sign(&claims);
    let (status, body) = get(&app, "/api/v1/me", &expired).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "token_expired"));

    let token = login(&app, NOOR).await["access_token"].as_str().unwrap().to_owned();
    let (status, body) = get(&app, &format!("/api/v1/delegations/{}", uuid::Uuid::now_v7()), &token).await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));
    let (status, body) = get(&app, "/api/v1/delegations?limit=1000", &token).await;
    assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("limit")));
    let (status, body) = get(&app, "/api/v1/delegations?status=lost", &token).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, "invalid_input"));
    let before = app.scalar_i64("select count(*) from delegations").await;
    let (status, body) = post(&app, "/api/v1/delegations", Some(&token), json!({ "job_url": "https://jobs.example.com/1", "company": "X", "title": "Y", "resume_type_id": uuid::Uuid::now_v7(), "deadline": "2020-01-01" })).await;
    assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("deadline")));
    assert_eq!(app.scalar_i64("select count(*) from delegations").await, before, "nothing stored");
    let employee = login(&app, ELI).await["access_token"].as_str().unwrap().to_owned();
    let (status, body) = get(&app, "/api/v1/resume-types", &employee).await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"), "résumé types are the client's");
}

#[tokio::test]
async fn a_client_delegates_and_the_employee_completes_through_the_api() {
    let app = TestApp::spawn().await;
    let noor = login(&app, NOOR).await["access_token"].as_str().unwrap().to_owned();
    let (_, types) = get(&app, "/api/v1/resume-types", &noor).await;
    let resume = types[0]["id"].as_str().unwrap().to_owned();
    let deadline = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    let (status, created) = post(&app, "/api/v1/delegations", Some(&noor), json!({
        "job_url": "https://jobs.example.com/rust", "company": "Example", "title": "Rust Engineer", "resume_type_id": resume, "priority": "urgent", "deadline": deadline
    }))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let employee: String = sqlx::query_scalar("select u.email from delegations d join users u on u.id = d.employee_id where d.id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let worker = login(&app, &employee).await["access_token"].as_str().unwrap().to_owned();
    let (status, queue) = get(&app, "/api/v1/delegations?status=pending&limit=100", &worker).await;
    assert_eq!(status, StatusCode::OK);
    assert!(queue.as_array().unwrap().iter().any(|item| item["id"] == id.as_str()));

    let send = |bytes: Vec<u8>| {
        let (app, worker, id) = (&app, &worker, &id);
        async move {
            let form = Form::new().text("notes", "Sent through the site.").part("screenshot", Part::bytes(bytes).file_name("shot.png"));
            let response = Client::new().post(format!("{}/api/v1/delegations/{id}/completions", app.url)).bearer_auth(worker).multipart(form).send().await.unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = send(b"<svg/>".to_vec()).await;
    assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("screenshot")));
    let (status, body) = send(server::seed::demo_screenshot()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, detail) = get(&app, &format!("/api/v1/delegations/{id}"), &noor).await;
    assert_eq!((status, detail["item"]["status"].as_str(), detail["item"]["review"].as_str()), (StatusCode::OK, Some("completed"), Some("waiting")));
    let (status, body) = post(&app, &format!("/api/v1/delegations/{id}/review"), Some(&noor), json!({ "decision": "reject" })).await;
    assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("reason")));
    let (status, item) = post(&app, &format!("/api/v1/delegations/{id}/review"), Some(&noor), json!({ "decision": "accept" })).await;
    assert_eq!((status, item["review"].as_str()), (StatusCode::OK, Some("accepted")));
}

#[tokio::test]
async fn the_api_answers_the_extension_origin_only_and_limits_rates() {
    let app = TestApp::spawn().await;
    let preflight = |origin: &'static str| {
        let app = &app;
        async move {
            Client::new()
                .request(reqwest::Method::OPTIONS, format!("{}/api/v1/delegations", app.url))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "authorization,content-type")
                .send()
                .await
                .unwrap()
        }
    };
    let extension = preflight("chrome-extension://jnaliofggnngejjeoceblkmdahdmhono").await;
    assert_eq!(extension.headers()["access-control-allow-origin"], "chrome-extension://jnaliofggnngejjeoceblkmdahdmhono");
    let stranger = preflight("https://evil.example").await;
    assert!(stranger.headers().get("access-control-allow-origin").is_none());

    // Sign-ins: 20 a minute from one address, then 429 with Retry-After.
    let mut last = None;
    for _ in 0..21 {
        let response = Client::new().post(format!("{}/api/v1/auth/login", app.url)).json(&json!({ "email": "nobody@example.com", "password": "x" })).send().await.unwrap();
        last = Some(response);
    }
    let last = last.unwrap();
    assert_eq!(last.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = last.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(code(&last.json().await.unwrap()), "rate_limited");
}

#[tokio::test]
async fn the_openapi_document_names_every_route() {
    let app = TestApp::spawn().await;
    let document: Value = Client::new().get(format!("{}/api/v1/openapi.json", app.url)).send().await.unwrap().json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths = document["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/refresh", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/resume-types", "get"),
        ("/api/v1/delegations", "get"),
        ("/api/v1/delegations", "post"),
        ("/api/v1/delegations/{id}", "get"),
        ("/api/v1/delegations/{id}/cancel", "post"),
        ("/api/v1/delegations/{id}/start", "post"),
        ("/api/v1/delegations/{id}/review", "post"),
        ("/api/v1/delegations/{id}/completions", "post"),
    ] {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path}");
    }
    assert_eq!(paths.values().map(|p| p.as_object().unwrap().len()).sum::<usize>(), 12, "no route undocumented, none documented that is not served");
    assert!(document["components"]["schemas"]["DelegationItem"].is_object());
}
