//! Server-side sessions: a random token in an HttpOnly cookie, its hash in PostgreSQL,
//! idle and absolute expiry, and revocation.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::context::{self, Platform, Settings};
use super::roles::TenantRef;
use super::{tokens, AppError, CurrentUser, Role};

pub fn cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies { "__Host-hirevoo_session" } else { "hirevoo_session" }
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
    let token = tokens::new_token();
    let lifetime = platform.live_settings.session_absolute();
    let expires_at = Utc::now() + lifetime;
    sqlx::query(
        "insert into sessions (id, token_hash, user_id, tenant_id, role, expires_at, ip, user_agent)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(Uuid::now_v7())
    .bind(tokens::hash(&token))
    .bind(user_id)
    .bind(tenant_id)
    .bind(role.as_str())
    .bind(expires_at)
    .bind(context::client_ip())
    .bind(context::user_agent())
    .execute(conn)
    .await?;
    context::set_site_cookie(settings, cookie_name(settings), &token, lifetime.as_secs());
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
    last_seen_at: DateTime<Utc>,
}

/// The session lookup of one request, shared by every server function and
/// resource that asks during it (the server puts one into each request).
#[derive(Clone, Default)]
pub struct RequestSession(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>);

/// The signed-in user of this request, if the session cookie is valid; looked up once per request.
pub async fn current(platform: &Platform) -> Result<Option<CurrentUser>, AppError> {
    let cache = context::request_parts().and_then(|parts| parts.extensions.get::<RequestSession>().cloned());
    match cache {
        Some(RequestSession(cell)) => cell.get_or_try_init(|| look_up(platform)).await.cloned(),
        None => look_up(platform).await,
    }
}

async fn look_up(platform: &Platform) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = context::cookie(cookie_name(&platform.settings)).filter(|t| tokens::well_formed(t)) else {
        return Ok(None);
    };
    let idle_secs = platform.live_settings.session_idle().as_secs() as f64;
    let row: Option<SessionRow> = sqlx::query_as(
        "select s.id, s.user_id, s.role, u.email, u.display_name, s.tenant_id,
                t.name as tenant_name, t.slug as tenant_slug, t.plan as tenant_plan,
                t.status as tenant_status, t.suspended_reason, s.last_seen_at
         from sessions s
         join users u on u.id = s.user_id
         left join tenants t on t.id = s.tenant_id
         where s.token_hash = $1
           and s.revoked_at is null
           and s.expires_at > now()
           and s.last_seen_at > now() - make_interval(secs => $2)",
    )
    .bind(tokens::hash(&token))
    .bind(idle_secs)
    .fetch_optional(platform.db.write())
    .await?;
    let Some(row) = row else { return Ok(None) };
    if row.tenant_status.as_deref().is_some_and(|status| status != "active") {
        return Err(AppError::suspended(row.tenant_name.as_deref().unwrap_or_default(), row.suspended_reason.as_deref()));
    }
    // Idle expiry needs a fresh last-seen time, but not a write on every request.
    if Utc::now() - row.last_seen_at > chrono::Duration::seconds(60) {
        sqlx::query("update sessions set last_seen_at = now() where id = $1")
            .bind(row.id)
            .execute(platform.db.write())
            .await?;
    }
    let role = row.role.parse::<Role>().map_err(|_| AppError::Internal)?;
    let tenant = match (row.tenant_id, row.tenant_name, row.tenant_slug, row.tenant_plan) {
        (Some(id), Some(name), Some(slug), Some(plan)) => Some(TenantRef { id, name, slug, plan }),
        _ => None,
    };
    let mut user = CurrentUser { user_id: row.user_id, session_id: row.id, email: row.email, display_name: row.display_name, role, tenant, features: Vec::new() };
    user.features = platform.flags.enabled(&user.subject());
    Ok(Some(user))
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
    sqlx::query("update sessions set revoked_at = now() where id = $1 and revoked_at is null")
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user, optionally only those in one tenant.
pub async fn revoke_all(conn: &mut PgConnection, user_id: Uuid, tenant_id: Option<Uuid>) -> Result<u64, AppError> {
    let done = sqlx::query(
        "update sessions set revoked_at = now()
         where user_id = $1 and revoked_at is null and ($2::uuid is null or tenant_id = $2)",
    )
    .bind(user_id)
    .bind(tenant_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
