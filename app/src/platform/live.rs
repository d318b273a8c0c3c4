//! The live channel: changes announced by the database (`pg_notify` on `hirevoo_events`, sent by
//! triggers when the change commits) reach open pages as server-sent events.
//!
//! Each server instance holds one listening connection on the primary (a replica refuses LISTEN)
//! and relays what it hears to its own open pages; it keeps nothing another instance would need.
//! Events carry ids only: a page reads the rest through its usual server functions, and after a
//! gap (its reconnect, or this instance's listener reconnecting) it re-reads everything.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Extension, Request};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::broadcast;
use uuid::Uuid;

use super::context::{with_request, Platform};
use super::{session, Role};

pub const CHANNEL: &str = "hirevoo_events";

/// What a trigger announces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    pub kind: String,
    pub tenant: Option<Uuid>,
    /// For notifications: the one person it is for.
    #[serde(default)]
    pub user: Option<Uuid>,
    #[serde(default)]
    pub requisition: Option<Uuid>,
    pub id: Uuid,
}

/// The relay from this instance's listener to its open pages.
#[derive(Clone)]
pub struct Live {
    sender: broadcast::Sender<Arc<Announcement>>,
}

/// Sent to every page when the listener was away: what it missed must be re-read.
const RECONNECTED: &str = "reconnect";

impl Default for Live {
    fn default() -> Self {
        Self { sender: broadcast::channel(1024).0 }
    }
}

impl Live {
    /// Listens on the primary for as long as the process runs, reconnecting after a lost connection.
    pub fn listen(&self, pool: PgPool) {
        let sender = self.sender.clone();
        tokio::spawn(async move {
            let mut delay = Duration::from_millis(250);
            let mut first = true;
            loop {
                match PgListener::connect_with(&pool).await {
                    Ok(mut listener) => {
                        if listener.listen(CHANNEL).await.is_ok() {
                            if !first {
                                let _ = sender.send(Arc::new(Announcement { kind: RECONNECTED.into(), tenant: None, user: None, requisition: None, id: Uuid::nil() }));
                            }
                            first = false;
                            delay = Duration::from_millis(250);
                            // `try_recv` returns None when the connection was lost; `recv` would reconnect silently.
                            while let Ok(Some(notification)) = listener.try_recv().await {
                                match serde_json::from_str::<Announcement>(notification.payload()) {
                                    Ok(announcement) => {
                                        let _ = sender.send(Arc::new(announcement));
                                    }
                                    Err(error) => tracing::warn!(%error, payload = notification.payload(), "unreadable live announcement"),
                                }
                            }
                        }
                        tracing::warn!("the live channel's connection was lost; reconnecting");
                    }
                    Err(error) => tracing::warn!(%error, "could not open the live channel"),
                }
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(10));
            }
        });
    }

    /// Runs `reload` whenever the database announces `kind`, after this instance's listener
    /// reconnects (it may have missed one), and every 30 seconds whatever happens: for the
    /// in-memory copies every instance keeps of rarely changing platform data.
    pub fn follow<F, Fut>(&self, kind: &'static str, mut reload: F)
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        let mut heard = self.subscribe();
        tokio::spawn(async move {
            let mut poll = tokio::time::interval(Duration::from_secs(30));
            loop {
                tokio::select! {
                    _ = poll.tick() => {}
                    announcement = heard.recv() => match announcement {
                        Ok(a) if a.kind == kind || a.kind == RECONNECTED => {}
                        Ok(_) => continue,
                        Err(broadcast::error::RecvError::Lagged(_)) => {}
                        Err(broadcast::error::RecvError::Closed) => return,
                    },
                }
                reload().await;
            }
        });
    }

    /// Announces directly to this instance's pages, for tests of the relay.
    pub fn publish(&self, announcement: Announcement) {
        let _ = self.sender.send(Arc::new(announcement));
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<Announcement>> {
        self.sender.subscribe()
    }
}

/// Whether a signed-in member may hear of it: their own notifications; a tenant's pipeline changes
/// to its recruiters and admins; the relay's reconnects to everyone.
fn audible(announcement: &Announcement, user_id: Uuid, tenant_id: Uuid, role: Role) -> bool {
    match announcement.kind.as_str() {
        RECONNECTED => true,
        "notification" => announcement.user == Some(user_id) && announcement.tenant == Some(tenant_id),
        _ => announcement.tenant == Some(tenant_id) && Role::RECRUITING.contains(&role),
    }
}

/// What the browser receives: the kind, the id, and the requisition where there is one.
#[derive(Serialize)]
struct Message<'a> {
    kind: &'a str,
    id: Uuid,
    requisition: Option<Uuid>,
}

/// How often a live event stream checks that its session still lets its user in.
pub const SESSION_CHECK: Duration = Duration::from_secs(30);

/// `GET /events`: the signed-in member's live events as server-sent events.
pub async fn events(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let user = with_request(platform.clone(), parts, session::require(&platform)).await;
    let user = match user {
        Ok(user) => user,
        Err(error) => return error.into_response(),
    };
    let Ok(tenant_id) = user.tenant_id() else {
        return (StatusCode::FORBIDDEN, "Live events belong to an organization.").into_response();
    };
    let (user_id, role, session_id) = (user.user_id, user.role, user.session_id);
    let receiver = platform.live.subscribe();
    // The stream ends with the session (signed out, expired, revoked, organization suspended):
    // checked every half minute, since nothing else on the connection would notice.
    let mut check = tokio::time::interval_at(tokio::time::Instant::now() + SESSION_CHECK, SESSION_CHECK);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let stream = futures::stream::unfold((receiver, check, platform), move |(mut receiver, mut check, platform)| async move {
        loop {
            let received = tokio::select! {
                received = receiver.recv() => received,
                _ = check.tick() => {
                    if matches!(session::still_open(&platform, session_id).await, Ok(false)) {
                        return None;
                    }
                    continue;
                }
            };
            match received {
                Ok(announcement) if audible(&announcement, user_id, tenant_id, role) => {
                    let message = Message { kind: &announcement.kind, id: announcement.id, requisition: announcement.requisition };
                    let event = Event::default().data(serde_json::to_string(&message).unwrap_or_default());
                    return Some((Ok::<_, Infallible>(event), (receiver, check, platform)));
                }
                Ok(_) => continue,
                // Too slow to keep up: the page re-reads, as after a reconnect.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let message = Message { kind: RECONNECTED, id: Uuid::nil(), requisition: None };
                    return Some((Ok(Event::default().data(serde_json::to_string(&message).unwrap_or_default())), (receiver, check, platform)));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_hear_their_own_notifications_and_their_tenants_pipeline() {
        let (me, other, tenant, elsewhere) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let notice = |user, tenant| Announcement { kind: "notification".into(), tenant: Some(tenant), user: Some(user), requisition: None, id: Uuid::now_v7() };
        let moved = |tenant| Announcement { kind: "application".into(), tenant: Some(tenant), user: None, requisition: Some(Uuid::now_v7()), id: Uuid::now_v7() };
        assert!(audible(&notice(me, tenant), me, tenant, Role::Recruiter));
        assert!(!audible(&notice(other, tenant), me, tenant, Role::Recruiter));
        assert!(!audible(&notice(me, elsewhere), me, tenant, Role::Recruiter));
        assert!(audible(&moved(tenant), me, tenant, Role::TenantAdmin));
        assert!(!audible(&moved(elsewhere), me, tenant, Role::Recruiter));
        assert!(!audible(&moved(tenant), me, tenant, Role::Interviewer));
    }
}
