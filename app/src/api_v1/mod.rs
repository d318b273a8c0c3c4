//! The REST API, version 1, for the browser extension and other programs: bearer tokens
//! (`auth`), JSON errors with stable codes (`error`), rate limits per address and person shared
//! by every app server (`call`), and its OpenAPI document, generated from the handlers' own
//! declarations and served at `/api/v1/openapi.json`. The endpoints belong to their features
//! (`delegation::rest`); this folder only assembles them.

pub mod auth;
pub mod call;
pub mod error;
mod repo;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::OpenApi;

use crate::delegation::rest;

#[derive(OpenApi)]
#[openapi(
    info(title = "Hirevoo delegation API", version = "1.0.0", description = "Delegate job applications, follow them, and prove them done. Errors are JSON: `{\"error\": {\"code\", \"message\", \"field\"}}`."),
    paths(
        auth::login, auth::refresh, auth::logout,
        rest::me, rest::resume_types, rest::list, rest::delegate, rest::get, rest::cancel, rest::start, rest::review, rest::complete,
    ),
    modifiers(&BearerTokens),
    tags((name = "auth", description = "Signing in and refreshing tokens"), (name = "people"), (name = "delegations")),
)]
pub struct ApiDoc;

struct BearerTokens;

impl utoipa::Modify for BearerTokens {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::builder().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()));
    }
}

/// The OpenAPI document, made once.
pub fn document() -> &'static str {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| ApiDoc::openapi().to_pretty_json().expect("the document serializes"))
}

async fn openapi() -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], document())
}

/// Every route of the API, under `/api/v1`.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/auth/login", post(auth::login))
        .route("/api/v1/auth/refresh", post(auth::refresh))
        .route("/api/v1/auth/logout", post(auth::logout))
        .route("/api/v1/me", get(rest::me))
        .route("/api/v1/resume-types", get(rest::resume_types))
        .route("/api/v1/delegations", get(rest::list).post(rest::delegate))
        .route("/api/v1/delegations/{id}", get(rest::get))
        .route("/api/v1/delegations/{id}/cancel", post(rest::cancel))
        .route("/api/v1/delegations/{id}/start", post(rest::start))
        .route("/api/v1/delegations/{id}/review", post(rest::review))
        .route(
            "/api/v1/delegations/{id}/completions",
            post(rest::complete).layer(DefaultBodyLimit::max(crate::delegation::types::MAX_SCREENSHOT_BYTES + 64 * 1024)),
        )
}
