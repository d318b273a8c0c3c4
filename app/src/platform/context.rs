//! What the server hands every server function and page render.

use leptos::prelude::*;
use std::sync::Arc;

use super::db::{Db, Lsn};
use super::mail::Mailer;
use super::password::Hasher;
use super::AppError;

/// Settings the identity and session code needs, read by the server from Leptos.toml.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site's public address, e.g. `https://hire.example.com`; links in mail start with it.
    pub public_url: String,
    /// Secure cookies with the `__Host-` prefix; on whenever the site is served over HTTPS.
    pub secure_cookies: bool,
    /// Whom `/metrics` answers: holders of this bearer token, or else only this machine.
    pub metrics_token: Option<String>,
    /// The proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: super::client_address::TrustedProxies,
    /// The origins whose pages may call the REST API (the browser extension's).
    pub api_origins: Vec<String>,
}

#[derive(Clone)]
pub struct Platform {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub mailer: Mailer,
    pub hasher: Hasher,
    /// Candidates' answer saves, written in batches (group commit).
    pub answer_saves: super::batches::Batches<crate::assessments::repo::AnswerSave, crate::assessments::repo::StoredSave>,
    /// Uploaded files (résumés).
    pub storage: super::storage::Storage,
    /// Changes relayed to open pages.
    pub live: super::live::Live,
    /// Every feature flag, kept current.
    pub flags: super::flags::Flags,
    /// The settings a superadmin changes at run time, kept current.
    pub live_settings: super::live_settings::LiveSettings,
    /// Uploads from people who are not signed in (applications with a résumé) this server reads
    /// at once: each holds up to 10 MB in memory, so a flood waits here instead of taking it all.
    pub anonymous_uploads: Arc<tokio::sync::Semaphore>,
    /// Seals the secrets the server reads back (two-step sign-in keys).
    pub secret_box: super::secret_box::SecretBox,
    /// Usage events, written in batches.
    pub usage: crate::usage::events::Recorder,
}

/// The platform services, from the context the server provides.
pub fn platform() -> Result<Platform, AppError> {
    use_context::<Platform>().ok_or_else(|| {
        tracing::error!("platform context missing");
        AppError::Internal
    })
}

pub fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// Sends the browser to `path` once a change of who is signed in has committed, with a whole
/// page load: what the page's code holds (the signed-in frame, the last page's data) belongs to
/// the identity before. A plain form post (no page code) is redirected; a call from the page's
/// code gets `path` back, and the page loads it (`ui::load_page_on_success`).
pub fn reload_at(path: &str) -> String {
    let from_plain_form = request_parts().is_some_and(|parts| {
        parts.headers.get(http::header::ACCEPT).and_then(|accept| accept.to_str().ok()).is_some_and(|accept| accept.contains("text/html"))
    });
    if from_plain_form {
        leptos_axum::redirect(path);
    }
    path.to_owned()
}

/// The value of one cookie of the current request.
pub fn cookie(name: &str) -> Option<String> {
    let parts = request_parts()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Sets an HttpOnly, SameSite=Lax cookie for the whole site (Secure under https); a zero `max_age_secs` removes it.
pub fn set_site_cookie(settings: &Settings, name: &str, value: &str, max_age_secs: u64) {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    set_cookie(format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"));
}

fn set_cookie(value: String) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(value) = http::HeaderValue::from_str(&value) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}

/// The client's address (see `client_address`), as text.
pub fn client_ip() -> String {
    request_parts().map_or_else(|| "unknown".to_owned(), |parts| client_ip_of(&parts.extensions))
}

pub fn client_ip_of(extensions: &http::Extensions) -> String {
    extensions.get::<super::client_address::ClientAddress>().map_or_else(|| "unknown".to_owned(), |client| client.0.to_string())
}

pub fn user_agent() -> Option<String> {
    let parts = request_parts()?;
    let agent = parts.headers.get(http::header::USER_AGENT)?.to_str().ok()?;
    Some(agent.chars().take(300).collect())
}

const WRITE_POSITION_COOKIE: &str = "hirevoo_wal";

/// Remembers, for this browser, where the log stood after its write, so that its
/// next reads wait for the replica to catch up or go to the primary.
pub async fn remember_write(platform: &Platform) {
    if !platform.db.has_replica() {
        return;
    }
    if let Ok(lsn) = platform.db.write_position().await {
        set_site_cookie(&platform.settings, WRITE_POSITION_COOKIE, &lsn.to_string(), 60);
    }
}

/// The pool for this request's stale-tolerant reads.
pub async fn read_pool(platform: &Platform) -> &sqlx::PgPool {
    let after = cookie(WRITE_POSITION_COOKIE).and_then(|value| Lsn::parse(&value));
    platform.db.read(after).await
}

/// Whether a request's transaction writes (primary) or only reads (replica when fresh enough).
#[derive(Clone, Copy, PartialEq)]
pub enum Access {
    Read,
    Write,
    /// A REST API call: on the primary for reads too (it brings no cookie saying what it last
    /// wrote, so the replica could show it the past), and no cookie is set.
    Token,
}

impl Access {
    pub async fn pool(self, platform: &Platform) -> &sqlx::PgPool {
        match self {
            Access::Read => read_pool(platform).await,
            Access::Write | Access::Token => platform.db.write(),
        }
    }
}

/// One server function's request: the platform, who asks, the tenant they act in (`()` for a
/// superadmin working on the platform itself) and a transaction scoped to it. Each constructor
/// authenticates and checks the role; `commit` also remembers the write position for a write.
pub struct Ctx<Tenant = uuid::Uuid> {
    pub platform: Platform,
    pub user: super::CurrentUser,
    pub tenant_id: Tenant,
    pub tx: sqlx::Transaction<'static, sqlx::Postgres>,
    access: Access,
}

impl Ctx {
    /// A recruiter or tenant admin.
    pub async fn recruiter(access: Access) -> Result<Self, AppError> {
        Self::tenant(&super::Role::RECRUITING, access).await
    }

    /// Anyone on the tenant's staff (admins, recruiters, interviewers).
    pub async fn staff(access: Access) -> Result<Self, AppError> {
        Self::tenant(&super::Role::TENANT_STAFF, access).await
    }

    /// The tenant's admins only.
    pub async fn admin(access: Access) -> Result<Self, AppError> {
        Self::tenant(&[super::Role::TenantAdmin], access).await
    }

    /// A member of the signed-in tenant holding one of `roles`.
    pub async fn tenant(roles: &[super::Role], access: Access) -> Result<Self, AppError> {
        let platform = platform()?;
        let user = super::session::require_role(&platform, roles).await?;
        let tenant_id = user.tenant_id()?;
        let pool = access.pool(&platform).await;
        let tx = super::db::Db::begin(pool, &super::db::Scope::Tenant { tenant_id, user_id: user.user_id }).await?;
        Ok(Self { platform, user, tenant_id, tx, access })
    }

    /// For a feature behind the flag `key`: not found while it is off for this person.
    pub fn feature(self, key: &str) -> Result<Self, AppError> {
        self.platform.flags.require(key, &self.user.subject())?;
        Ok(self)
    }
}

impl Ctx<()> {
    /// A superadmin, in the platform scope (every tenant).
    pub async fn superadmin(access: Access) -> Result<Self, AppError> {
        let platform = platform()?;
        let user = super::session::require_role(&platform, &[super::Role::Superadmin]).await?;
        let pool = access.pool(&platform).await;
        let tx = super::db::Db::begin(pool, &super::db::Scope::Platform).await?;
        Ok(Self { platform, user, tenant_id: (), tx, access })
    }

    /// A job seeker, in their own scope: their rows of the seekers' tables, no tenant's.
    pub async fn seeker(access: Access) -> Result<Self, AppError> {
        let platform = platform()?;
        let user = super::session::require_role(&platform, &[super::Role::Seeker]).await?;
        let pool = access.pool(&platform).await;
        let tx = super::db::Db::begin(pool, &super::db::Scope::User(user.user_id)).await?;
        Ok(Self { platform, user, tenant_id: (), tx, access })
    }
}

impl Ctx<()> {
    /// A transaction for `user`, whose right to it the caller has checked, seeing what `scope` allows.
    pub async fn for_user(platform: Platform, user: super::CurrentUser, scope: &super::db::Scope, access: Access) -> Result<Self, AppError> {
        let pool = access.pool(&platform).await;
        let tx = super::db::Db::begin(pool, scope).await?;
        Ok(Self { platform, user, tenant_id: (), tx, access })
    }
}

/// The tenant an audit entry belongs to: a tenant's id, or none for the platform.
pub trait AuditTenant {
    fn audit_tenant(&self) -> Option<uuid::Uuid>;
}

impl AuditTenant for uuid::Uuid {
    fn audit_tenant(&self) -> Option<uuid::Uuid> {
        Some(*self)
    }
}

impl AuditTenant for () {
    fn audit_tenant(&self) -> Option<uuid::Uuid> {
        None
    }
}

impl<Tenant: AuditTenant> Ctx<Tenant> {
    /// Appends to the audit log, in this transaction, as this request's user.
    pub async fn audit(&mut self, action: &str, target: String, details: serde_json::Value) -> Result<(), AppError> {
        super::audit::record(
            &mut self.tx,
            super::audit::Entry { tenant_id: self.tenant_id.audit_tenant(), actor_id: Some(self.user.user_id), action, target, details },
        )
        .await
    }

    /// Commits; after a write, this browser's next reads wait for the replica to catch up.
    pub async fn commit(self) -> Result<(), AppError> {
        self.tx.commit().await?;
        if self.access == Access::Write {
            remember_write(&self.platform).await;
        }
        Ok(())
    }
}

/// Runs `work` the way a server function runs: with the request's parts and the platform in
/// context, so that sessions and cookies work in a plain route (a file download, a feed).
pub async fn with_request<T>(platform: Platform, parts: http::request::Parts, work: impl std::future::Future<Output = T>) -> T {
    with_request_cookies(platform, parts, work).await.0
}

/// `with_request`, also giving back the cookies the work set (a write position, a renewed
/// session), for a plain route to put on its answer.
pub async fn with_request_cookies<T>(platform: Platform, parts: http::request::Parts, work: impl std::future::Future<Output = T>) -> (T, Vec<http::HeaderValue>) {
    let owner = leptos::reactive::owner::Owner::new();
    let response = leptos_axum::ResponseOptions::default();
    owner.with(|| {
        provide_context(parts);
        provide_context(platform);
        provide_context(response.clone());
    });
    let result = owner.with(|| leptos::reactive::computed::ScopedFuture::new(work)).await;
    let cookies = match response.0.read() {
        Ok(parts) => parts.headers.get_all(http::header::SET_COOKIE).iter().cloned().collect(),
        Err(_) => Vec::new(),
    };
    (result, cookies)
}
