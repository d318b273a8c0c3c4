//! The router: pages, server functions, static files, health, and the middleware
//! every request passes (same-origin check, error statuses, body limits, security headers).

use app::platform::context::Platform;
use app::platform::security::LOCKED_DOWN_POLICY;
use app::platform::AppError;
use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The compiled stylesheet, embedded at build time.
pub const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/hirevoo.css"));
/// Largest request body a server function accepts.
pub const MAX_BODY: usize = 64 * 1024;

/// The stylesheet's address, with a content hash so browsers may cache it for good.
pub fn stylesheet_href() -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(STYLESHEET.as_bytes());
        format!("/style/{}.css", app::platform::tokens::hex(&digest[..8]))
    })
}

#[derive(Clone)]
struct Origins {
    public: Arc<str>,
}

pub fn router(options: LeptosOptions, platform: Platform) -> Router {
    let routes = generate_route_list(app::App);
    let origins = Origins { public: origin_of(&platform.settings.public_url).unwrap_or_default().into() };
    let context = {
        let platform = platform.clone();
        move || provide_context(platform.clone())
    };
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    // Built by `make build`; without it (e.g. under `cargo leptos watch`) the test page loads the whole app.
    let candidate_bundle = std::path::Path::new(&format!("{pkg_dir}/{}.wasm", app::CANDIDATE_BUNDLE)).exists();
    let pkg = ServeDir::new(&pkg_dir).precompressed_br().precompressed_gzip();
    let shell_options = options.clone();
    // Browsers remember it for two years: only where the site is served over https.
    let strict_transport = platform.settings.public_url.starts_with("https://").then(|| HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(prometheus_metrics))
        .route(stylesheet_href(), get(stylesheet))
        .route("/events", get(app::platform::live::events))
        .merge(feature_routes())
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")))
                .service(pkg),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), move || app::shell(shell_options.clone(), stylesheet_href(), candidate_bundle))
        .fallback(leptos_axum::file_and_error_handler_with_context(context, move |options| app::shell(options, stylesheet_href(), candidate_bundle)))
        // leptos_routes also mounts every server function; these layers cover them.
        .layer(middleware::from_fn(error_status))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        // Forms that carry a file have their own, larger limits, outside the site-wide one.
        .merge(feature_upload_routes())
        .layer(middleware::from_fn_with_state(origins, same_origin))
        // Bearer tokens, not cookies: no cross-site request can use them, so no same-origin check.
        .merge(app::api_v1::routes().layer(api_cors(&platform.settings.api_origins)))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        // Pages set their own policy, with their nonce; everything else may run nothing.
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(LOCKED_DOWN_POLICY)))
        .layer(SetResponseHeaderLayer::if_not_present(header::HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, strict_transport))
        .layer(middleware::from_fn(app::usage::events::count_page_views))
        .layer(middleware::from_fn(measure))
        .layer(middleware::from_fn(request_session))
        .layer(middleware::from_fn(client_address))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(axum::Extension(platform))
        .with_state(options)
}

/// Which pages may call the REST API from a browser: only the configured origins (the extension).
fn api_cors(origins: &[String]) -> tower_http::cors::CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|origin| HeaderValue::from_str(origin).ok()).collect();
    tower_http::cors::CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600))
}

/// Each feature's plain routes: downloads, exports, feeds, the old addresses of moved pages.
fn feature_routes() -> Router<LeptosOptions> {
    Router::new()
        .merge(app::assessments::routes::routes())
        .merge(app::careers::routes::routes())
        .merge(app::recruiting::requisitions::routes::routes())
        .merge(app::recruiting::candidates::routes::routes())
        .merge(app::console::routes::routes())
        .merge(app::console::tenants::routes::routes())
        .merge(app::console::audit::routes::routes())
        .merge(app::seekers::routes::routes())
        .merge(app::delegation::routes::routes())
}

/// Each feature's forms that carry a file, with their own body limits.
fn feature_upload_routes() -> Router<LeptosOptions> {
    Router::new()
        .merge(app::careers::routes::upload_routes())
        .merge(app::recruiting::candidates::routes::upload_routes())
        .merge(app::seekers::routes::upload_routes())
        .merge(app::delegation::routes::upload_routes())
}

/// Counts each request by its route's pattern (not its path: ids would make a series each)
/// and status, with the time it took.
async fn measure(request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let route = request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().clone();
    let session = request.extensions().get::<app::platform::session::RequestSession>().cloned();
    let response = next.run(request).await;
    let metrics = app::platform::metrics::metrics();
    metrics.request(&route, method.as_str(), response.status().as_u16(), started.elapsed().as_secs_f64());
    if let Some(session) = session {
        metrics.request_transactions(&route, session.transactions());
    }
    response
}

/// `/metrics` in the Prometheus text format: with a token configured, only for requests that
/// bear it; otherwise only from this machine.
async fn prometheus_metrics(axum::Extension(platform): axum::Extension<Platform>, request: Request) -> Response {
    let allowed = match &platform.settings.metrics_token {
        Some(token) => request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            // Compared as digests, so that the time taken says nothing about the token.
            .is_some_and(|given| app::platform::tokens::hash(given) == app::platform::tokens::hash(token)),
        // A proxy on this machine would make every request look local: only direct ones count.
        None => {
            !app::platform::client_address::was_forwarded(request.headers())
                && request.extensions().get::<ConnectInfo<SocketAddr>>().is_some_and(|info| info.0.ip().is_loopback())
        }
    };
    if !allowed {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "A bearer token is needed for /metrics.").into_response();
    }
    let text = app::console::metrics::service::scrape(&platform).await;
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text).into_response()
}

/// Works out once who sent the request (see `client_address`), for rate limits, the audit
/// log, sessions and view counts.
async fn client_address(mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    let proxies = request.extensions().get::<Platform>().map(|platform| &platform.settings.trusted_proxies);
    if let (Some(peer), Some(proxies)) = (peer, proxies) {
        let client = app::platform::client_address::ClientAddress(proxies.client(peer, request.headers()));
        request.extensions_mut().insert(client);
    }
    next.run(request).await
}

/// Gives each request its one session lookup, and writes what a superadmin viewing the
/// product as someone else asked for to the audit log.
async fn request_session(mut request: Request, next: Next) -> Response {
    let session = app::platform::session::RequestSession::default();
    request.extensions_mut().insert(session.clone());
    let platform = request.extensions().get::<Platform>().cloned();
    let (method, path) = (request.method().to_string(), request.uri().path().to_owned());
    // A page knows who is signed in before it renders, so that it is built once (see `SignedIn`).
    let mut cookies = Vec::new();
    if let (Some(platform), true) = (&platform, is_page_request(&request)) {
        let (parts, body) = request.into_parts();
        let work = app::platform::session::current(platform);
        (_, cookies) = app::platform::context::with_request_cookies(platform.clone(), parts.clone(), work).await;
        request = Request::from_parts(parts, body);
    }
    let mut response = next.run(request).await;
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    if let (Some(platform), Some(user)) = (platform, session.viewed_user()) {
        app::platform::session::record_viewed_request(&platform, &user, &method, &path, response.status().as_u16()).await;
    }
    response
}

/// A request for a page (not a server function, a bundle, a file or an event stream).
fn is_page_request(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && !["/api/", "/pkg/", "/style/", "/files/", "/events", "/metrics", "/healthz", "/readyz"].iter().any(|prefix| path.starts_with(prefix))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")],
        STYLESHEET,
    )
}

async fn readyz(axum::Extension(platform): axum::Extension<Platform>) -> impl IntoResponse {
    let readiness = platform.db.readiness().await;
    // A lost replica only slows reads (they go to the primary): still ready.
    let status = if readiness.primary { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(readiness))
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

fn request_origin(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER))?.to_str().ok()?;
    origin_of(value)
}

/// Refuses a state-changing request unless it comes from the site's own pages.
async fn same_origin(State(origins): State<Origins>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_ascii_lowercase);
    let allowed = request_origin(request.headers()).is_some_and(|origin| {
        origin == *origins.public
            || host.as_ref().is_some_and(|host| origin == format!("http://{host}") || origin == format!("https://{host}"))
    });
    if allowed {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "cross-origin request refused");
        (StatusCode::FORBIDDEN, "Cross-origin request refused.").into_response()
    }
}

/// Gives a server function's error its own status (400, 401, 403, 404, 409, 429, 503)
/// instead of the framework's 500.
/// When a client refused with 503 should try again; the test player's queue retries every 3 s.
const RETRY_AFTER_SECONDS: &str = "3";

async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
        if parts.status == StatusCode::SERVICE_UNAVAILABLE {
            parts.headers.insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origins() {
        assert_eq!(origin_of("https://Hire.Example.com/path?x").as_deref(), Some("https://hire.example.com"));
        assert_eq!(origin_of("http://127.0.0.1:3000").as_deref(), Some("http://127.0.0.1:3000"));
        assert_eq!(origin_of("null"), None);
    }
}
