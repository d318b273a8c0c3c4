//! Recording events: each is handed to a batcher that writes those gathered meanwhile in one
//! statement, so that a page waits for none of it. Events are what the dashboards count, not
//! records anyone relies on: an instance that stops loses the few waiting, and a full queue
//! drops the newest rather than slow the site.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::types::EventKind;
use crate::platform::batches::Batches;
use crate::platform::context::Platform;
use crate::platform::session::RequestSession;
use crate::platform::AppError;

/// Events waiting to be written, at most, and the largest batch.
const WAITING: usize = 4_096;
const LARGEST: usize = 512;

#[derive(Debug, Clone)]
pub struct Event {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub tenant_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub success: bool,
    pub path: Option<String>,
    pub query: Option<String>,
    pub results: Option<i32>,
}

impl Event {
    pub fn new(kind: EventKind) -> Self {
        Self { kind, at: Utc::now(), tenant_id: None, user_id: None, success: true, path: None, query: None, results: None }
    }
}

pub type Recorder = Batches<Event, ()>;

/// Starts the batcher writing events to `pool`.
pub fn recorder(pool: sqlx::PgPool) -> Recorder {
    Batches::start(WAITING, 2, LARGEST, move |events: Vec<Event>| {
        let pool = pool.clone();
        async move {
            let count = events.len();
            let outcome = super::repo::insert_events(&pool, events).await;
            if let Err(error) = &outcome {
                tracing::warn!(?error, count, "usage events could not be written");
            }
            (0..count).map(|_| outcome.clone()).collect::<Vec<Result<(), AppError>>>()
        }
    })
}

/// Records `event` without waiting for it to be written.
pub fn record(platform: &Platform, event: Event) {
    let recorder = platform.usage.clone();
    tokio::spawn(async move { _ = recorder.write(event).await });
}

/// Counts each page a browser loads (a GET answered with HTML), by its route, with the
/// signed-in user the page looked up. Superadmins viewing as someone else are not counted.
pub async fn count_page_views(request: Request, next: Next) -> Response {
    let page = request.method() == http::Method::GET;
    let route = request.extensions().get::<MatchedPath>().map(|path| path.as_str().to_owned());
    let session = request.extensions().get::<RequestSession>().cloned();
    let platform = request.extensions().get::<Platform>().cloned();
    let response = next.run(request).await;
    let html = response.headers().get(http::header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(|value| value.starts_with("text/html"));
    if let (true, true, true, Some(platform)) = (page, html, response.status() == http::StatusCode::OK, platform) {
        let user = session.and_then(|session| session.user());
        if user.as_ref().is_none_or(|user| user.impersonation.is_none()) {
            let mut event = Event::new(EventKind::PageView);
            event.path = Some(route.unwrap_or_else(|| "unmatched".to_owned()).chars().take(200).collect());
            event.user_id = user.as_ref().map(|user| user.user_id);
            event.tenant_id = user.and_then(|user| user.tenant.map(|tenant| tenant.id));
            record(&platform, event);
        }
    }
    response
}
