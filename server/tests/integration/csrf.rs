//! Cross-site request forgery: every server function refuses a state-changing
//! request from another origin, before it runs.

use crate::support;

use leptos::server_fn::axum::server_fn_paths;
use support::TestApp;

const REFUSED: &str = "Cross-origin request refused.";

#[tokio::test]
async fn every_server_function_refuses_a_cross_origin_post() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@acme.test").await;
    let attacker = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let session = app.scalar_i64("select count(*) from sessions").await;
    // A forged sign-out from another origin, with the victim's cookie, ends nothing.
    let sign_out = format!("{}{}", app.url, <app::identity::api::SignOut as leptos::server_fn::ServerFn>::PATH);
    let response = admin.post(&sign_out).header("origin", "https://evil.example").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(app.scalar_i64("select count(*) from sessions where revoked_at is null").await, session);
    let paths: Vec<&str> = server_fn_paths().map(|(path, _)| path).collect();
    assert!(paths.len() >= 17, "all server functions are registered: {paths:?}");
    for path in &paths {
        let url = format!("{}{path}", app.url);
        for (header, value) in [("origin", "https://evil.example"), ("referer", "https://evil.example/page"), ("origin", "null")] {
            let response = attacker.post(&url).header(header, value).form(&[("email", "x@example.com"), ("role", "recruiter")]).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 403, "{path} with {header}: {value}");
            assert_eq!(response.text().await.unwrap(), REFUSED);
        }
        let bare = attacker.post(&url).form(&[("email", "x@example.com")]).send().await.unwrap();
        assert_eq!(bare.status().as_u16(), 403, "{path} with neither Origin nor Referer");
        // The same request from the site itself gets through the check.
        let own = admin.post(&url).header("accept", "application/json").form(&[("x", "y")]).send().await.unwrap();
        assert_ne!(own.text().await.unwrap(), REFUSED, "{path} from the site");
    }
    assert_eq!(app.scalar_i64("select count(*) from member_invitations").await, 0, "no forged invitation");
}
