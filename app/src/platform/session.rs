//! Server-side sessions: a random token in an HttpOnly cookie, its hash in PostgreSQL,
//! idle and absolute expiry, and revocation.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use serde_json::json;

use super::audit;
use super::context::{self, Platform, Settings};
use super::roles::{Impersonation, TenantRef};
use super::{tokens, AppError, CurrentUser, Role};

pub fn cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies { "__Host-hirevoo_session" } else { "hirevoo_session" }
}


/// Holds a superadmin's own session token while they view the product as someone else.
fn console_cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies { "__Host-hirevoo_console" } else { "hirevoo_console" }
}

/// How long a superadmin may view the product as someone else before it ends by itself.
pub const IMPERSONATION_LIFETIME: std::time::Duration = std::time::Duration::from_secs(3600);

/// Who started a session as someone else, whether it may change anything, and why.
pub struct ViewingAs<'a> {
    pub superadmin_id: Uuid,
    pub allow_changes: bool,
    pub reason: Option<&'a str>,
}

async fn insert(
    conn: &mut PgConnection,
    user_id: Uuid,
    tenant_id: Option<Uuid>,
    role: Role,
    lifetime: std::time::Duration,
    viewing_as: Option<&ViewingAs<'_>>,
) -> Result<(Uuid, String), AppError> {
    let id = Uuid::now_v7();
    let token = tokens::new_token();
    // Row-level security lets a transaction reach the session whose token it holds.
    sqlx::query("select set_config('app.session_token_hash', encode($1, 'hex'), true)").bind(tokens::hash(&token)).execute(&mut *conn).await?;
    sqlx::query(
        "insert into sessions (id, token_hash, user_id, tenant_id, role, expires_at, ip, user_agent, impersonator_id, allow_changes, impersonation_reason)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
    .bind(tokens::hash(&token))
    .bind(user_id)
    .bind(tenant_id)
    .bind(role.as_str())
    .bind(Utc::now() + lifetime)
    .bind(context::client_ip())
    .bind(context::user_agent())
    .bind(viewing_as.map(|v| v.superadmin_id))
    .bind(viewing_as.is_some_and(|v| v.allow_changes))
    .bind(viewing_as.and_then(|v| v.reason))
    .execute(conn)
    .await?;
    Ok((id, token))
}

/// Starts a session for `user_id` acting as `role` in `tenant_id`, and sets its cookie.
/// Called inside the transaction that established who the user is.
pub async fn start(
    conn: &mut PgConnection,
    platform: &Platform,
    user_id: Uuid,
    tenant_id: Option<Uuid>,
    role: Role,
) -> Result<(), AppError> {
    let settings = &platform.settings;
    let lifetime = platform.live_settings.session_absolute();
    let (_, token) = insert(conn, user_id, tenant_id, role, lifetime, None).await?;
    context::set_site_cookie(settings, cookie_name(settings), &token, lifetime.as_secs());
    Ok(())
}

/// Starts a session as a tenant member for the superadmin of this request: this browser's
/// cookie now holds it, and the superadmin's own session waits in a second cookie until
/// they stop or it ends. Returns the new session's id.
pub async fn start_impersonation(
    conn: &mut PgConnection,
    platform: &Platform,
    member: (Uuid, Uuid, Role),
    viewing_as: &ViewingAs<'_>,
) -> Result<Uuid, AppError> {
    let settings = &platform.settings;
    let (user_id, tenant_id, role) = member;
    let own = context::cookie(cookie_name(settings)).ok_or(AppError::Unauthenticated)?;
    let (id, token) = insert(conn, user_id, Some(tenant_id), role, IMPERSONATION_LIFETIME, Some(viewing_as)).await?;
    audit::record(conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(viewing_as.superadmin_id),
        action: "impersonation.start",
        target: format!("user:{user_id}"),
        details: json!({ "session": id, "as_user": user_id, "role": role.as_str(), "allow_changes": viewing_as.allow_changes, "reason": viewing_as.reason, "ends_at": Utc::now() + IMPERSONATION_LIFETIME }),
    })
    .await?;
    context::set_site_cookie(settings, console_cookie_name(settings), &own, platform.live_settings.session_absolute().as_secs());
    context::set_site_cookie(settings, cookie_name(settings), &token, IMPERSONATION_LIFETIME.as_secs());
    Ok(id)
}

/// Ends the session a superadmin started as `user`, and gives the browser back their own.
/// Inside the caller's transaction (not a scoped one: stopping is allowed while read-only).
pub async fn end_impersonation(conn: &mut PgConnection, platform: &Platform, user: &CurrentUser) -> Result<(), AppError> {
    let settings = &platform.settings;
    revoke(conn, user.session_id).await?;
    if let Some(by) = &user.impersonation {
        audit::record(conn, audit::Entry {
            tenant_id: user.tenant.as_ref().map(|t| t.id),
            actor_id: Some(by.superadmin_id),
            action: "impersonation.stop",
            target: format!("user:{}", user.user_id),
            details: json!({ "session": user.session_id, "as_user": user.user_id }),
        })
        .await?;
    }
    match context::cookie(console_cookie_name(settings)) {
        Some(own) => context::set_site_cookie(settings, cookie_name(settings), &own, platform.live_settings.session_absolute().as_secs()),
        None => clear_cookie(settings),
    }
    context::set_site_cookie(settings, console_cookie_name(settings), "", 0);
    Ok(())
}

pub fn clear_cookie(settings: &Settings) {
    context::set_site_cookie(settings, cookie_name(settings), "", 0);
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: Uuid,
    user_id: Uuid,
    role: String,
    email: String,
    display_name: String,
    tenant_id: Option<Uuid>,
    tenant_name: Option<String>,
    tenant_slug: Option<String>,
    tenant_plan: Option<String>,
    tenant_status: Option<String>,
    suspended_reason: Option<String>,
    expires_at: DateTime<Utc>,
    impersonator_id: Option<Uuid>,
    impersonator_name: Option<String>,
    allow_changes: bool,
}

/// The session lookup of one request, shared by every server function and
/// resource that asks during it (the server puts one into each request).
#[derive(Clone, Default)]
pub struct RequestSession(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>, std::sync::Arc<std::sync::atomic::AtomicU32>);

/// The signed-in user of this request, if the session cookie is valid; looked up once per request.
pub async fn current(platform: &Platform) -> Result<Option<CurrentUser>, AppError> {
    let cache = context::request_parts().and_then(|parts| parts.extensions.get::<RequestSession>().cloned());
    match cache {
        Some(RequestSession(cell, _)) => cell.get_or_try_init(|| look_up(platform)).await.cloned(),
        None => look_up(platform).await,
    }
}

/// The signed-in user of this request if the server looked the session up before rendering
/// (`None` if it did not, or the lookup failed).
pub fn looked_up_user() -> Option<Option<CurrentUser>> {
    leptos::prelude::with_context::<http::request::Parts, _>(|parts| parts.extensions.get::<RequestSession>()?.0.get().cloned()).flatten()
}

impl RequestSession {
    /// How many database transactions this request has opened.
    pub fn transactions(&self) -> u32 {
        self.1.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Counts a transaction opened for the current request, if there is one.
    pub fn count_transaction() {
        leptos::prelude::with_context::<http::request::Parts, _>(|parts| {
            if let Some(session) = parts.extensions.get::<RequestSession>() {
                session.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        });
    }

    /// The signed-in user of this request, if its session has been looked up.
    pub fn user(&self) -> Option<CurrentUser> {
        self.0.get().cloned().flatten()
    }

    /// The user a superadmin is viewing the product as in this request, once looked up.
    pub fn viewed_user(&self) -> Option<CurrentUser> {
        self.0.get().and_then(Option::as_ref).filter(|user| user.impersonation.is_some()).cloned()
    }

    /// The impersonation of the current request's user, if its session has been looked up.
    fn impersonation() -> Option<Impersonation> {
        leptos::prelude::with_context::<http::request::Parts, _>(|parts| {
            let RequestSession(cell, _) = parts.extensions.get::<RequestSession>()?;
            cell.get()?.as_ref()?.impersonation.clone()
        })
        .flatten()
    }
}

/// Whether this request is a superadmin viewing the product as someone else without leave
/// to change anything: every transaction it opens is then read-only.
pub fn read_only_request() -> bool {
    RequestSession::impersonation().is_some_and(|i| !i.allow_changes)
}

/// The superadmin viewing the product as this request's user, if any.
pub fn request_impersonator() -> Option<Uuid> {
    RequestSession::impersonation().map(|i| i.superadmin_id)
}

async fn look_up(platform: &Platform) -> Result<Option<CurrentUser>, AppError> {
    let settings = &platform.settings;
    if let Some(token) = context::cookie(cookie_name(settings)).filter(|t| tokens::well_formed(t)) {
        if let Some(user) = find(platform, &token).await? {
            return Ok(Some(user));
        }
    }
    // Viewing as someone else ended by itself: the superadmin's own session takes over again.
    let Some(own) = context::cookie(console_cookie_name(settings)).filter(|t| tokens::well_formed(t)) else {
        return Ok(None);
    };
    context::set_site_cookie(settings, console_cookie_name(settings), "", 0);
    let user = find(platform, &own).await?;
    if user.is_some() {
        context::set_site_cookie(settings, cookie_name(settings), &own, platform.live_settings.session_absolute().as_secs());
    }
    Ok(user)
}

async fn find(platform: &Platform, token: &str) -> Result<Option<CurrentUser>, AppError> {
    let idle_secs = platform.live_settings.session_idle().as_secs() as f64;
    RequestSession::count_transaction();
    let row: Option<SessionRow> = sqlx::query_as("select * from open_session($1, $2)")
        .bind(tokens::hash(token))
        .bind(idle_secs)
        .fetch_optional(platform.db.write())
        .await?;
    let Some(row) = row else { return Ok(None) };
    if row.tenant_status.as_deref().is_some_and(|status| status != "active") {
        return Err(AppError::suspended(row.tenant_name.as_deref().unwrap_or_default(), row.suspended_reason.as_deref()));
    }
    let role = row.role.parse::<Role>().map_err(AppError::internal)?;
    let tenant = match (row.tenant_id, row.tenant_name, row.tenant_slug, row.tenant_plan) {
        (Some(id), Some(name), Some(slug), Some(plan)) => Some(TenantRef { id, name, slug, plan }),
        _ => None,
    };
    let impersonation = row.impersonator_id.map(|superadmin_id| Impersonation {
        superadmin_id,
        superadmin_name: row.impersonator_name.unwrap_or_default(),
        allow_changes: row.allow_changes,
        ends_at: row.expires_at,
    });
    let mut user = CurrentUser { user_id: row.user_id, session_id: row.id, email: row.email, display_name: row.display_name, role, tenant, features: Vec::new(), impersonation };
    user.features = platform.flags.enabled(&user.subject());
    Ok(Some(user))
}

/// Whether a session still lets its user in: not revoked, expired or idle, its organization
/// active. For what outlives the request that checked it, such as a live event stream.
pub async fn still_open(platform: &Platform, session_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select session_still_open($1, $2)")
    .bind(session_id)
    .bind(platform.live_settings.session_idle().as_secs() as f64)
    .fetch_one(platform.db.write())
    .await?)
}

/// The signed-in user, or `Unauthenticated`.
pub async fn require(platform: &Platform) -> Result<CurrentUser, AppError> {
    current(platform).await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in user if they hold one of `roles`, with their tenant for tenant roles.
pub async fn require_role(platform: &Platform, roles: &[Role]) -> Result<CurrentUser, AppError> {
    let user = require(platform).await?;
    if !roles.contains(&user.role) {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

impl CurrentUser {
    /// The tenant this user acts in; every tenant role has one.
    pub fn tenant_id(&self) -> Result<Uuid, AppError> {
        self.tenant.as_ref().map(|t| t.id).ok_or(AppError::Forbidden)
    }
}

pub async fn revoke(conn: &mut PgConnection, session_id: Uuid) -> Result<(), AppError> {
    sqlx::query("select end_sessions($1, null, null)").bind(session_id).execute(conn).await?;
    Ok(())
}

/// Ends every session of a user, optionally only those in one tenant, with the ones they
/// started as someone else.
pub async fn revoke_all(conn: &mut PgConnection, user_id: Uuid, tenant_id: Option<Uuid>) -> Result<u64, AppError> {
    let ended: i64 = sqlx::query_scalar("select end_sessions(null, $1, $2)").bind(user_id).bind(tenant_id).fetch_one(conn).await?;
    Ok(ended.max(0) as u64)
}

/// Writes one request made while a superadmin views the product as `user` to the audit log,
/// with both of them; called once the answer is ready.
pub async fn record_viewed_request(platform: &Platform, user: &CurrentUser, method: &str, path: &str, status: u16) {
    let Some(by) = &user.impersonation else { return };
    let entry = audit::Entry {
        tenant_id: user.tenant.as_ref().map(|t| t.id),
        actor_id: Some(by.superadmin_id),
        action: "impersonation.request",
        target: format!("user:{}", user.user_id),
        details: json!({ "session": user.session_id, "as_user": user.user_id, "method": method, "path": path, "status": status, "allow_changes": by.allow_changes }),
    };
    let recorded = async {
        let mut tx = platform.db.write().begin().await?;
        audit::record(&mut tx, entry).await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    };
    if let Err(error) = recorded.await {
        tracing::warn!(%error, path, "could not record a request made as someone else");
    }
}
