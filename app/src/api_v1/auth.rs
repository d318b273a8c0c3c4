//! Signing in to the API: a password gives a 15-minute access token and a refresh token; each
//! refresh token works once and gives the next pair of its family. A refresh token used twice
//! was copied: the whole family is revoked, the thief's copy and the owner's alike.

use axum::extract::{Extension, Request};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::call::{count_request, json_body, run};
use super::error::{ApiError, ErrorBody};
use super::repo;
use crate::delegation::rest::{service_user, ApiUser};
use crate::platform::context::{user_agent, Platform};
use crate::platform::db::{Db, Scope};
use crate::platform::jwt::Claims;
use crate::platform::{audit, tokens, validate, AppError, Role};

pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
pub const REFRESH_TOKEN_DAYS: i64 = 30;
/// Sign-ins and refreshes a minute from one address.
const SIGN_IN_PER_ADDRESS: i32 = 20;
const REFRESH_PER_ADDRESS: i32 = 120;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds the access token works.
    pub expires_in: i64,
    /// Works once, for `refresh_expires_in` seconds.
    pub refresh_token: String,
    pub refresh_expires_in: i64,
    pub user: ApiUser,
}

/// A new refresh token of `family` and an access token for `user`, stored and signed.
async fn issue(conn: &mut sqlx::PgConnection, platform: &Platform, family: Uuid, user: ApiUser, role: Role) -> Result<TokenPair, ApiError> {
    let refresh_token = tokens::new_token();
    repo::add_token(conn, family, &tokens::hash(&refresh_token), Utc::now() + Duration::days(REFRESH_TOKEN_DAYS)).await?;
    let now = Utc::now().timestamp();
    let claims = Claims { sub: user.id, name: user.name.clone(), role, fam: family, iat: now, exp: now + ACCESS_TOKEN_SECONDS };
    Ok(TokenPair {
        access_token: platform.secret_box.token_signer().sign(&claims),
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_SECONDS,
        refresh_token,
        refresh_expires_in: REFRESH_TOKEN_DAYS * 24 * 3600,
        user,
    })
}

fn wrong_password() -> ApiError {
    ApiError::unauthenticated("invalid_credentials", "The email or password is incorrect.")
}

/// Signs in with an email and password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest, responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 400, description = "A field is missing or malformed", body = ErrorBody),
    (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = ErrorBody),
    (status = 403, description = "Not a person of the service, or one who signs in with a second step (`two_step_required`)", body = ErrorBody),
    (status = 429, description = "Too many attempts (`rate_limited`); see Retry-After", body = ErrorBody),
))]
pub async fn login(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    run(platform.clone(), parts, StatusCode::OK, async move {
        count_request(&platform, "api.sign_in", None, SIGN_IN_PER_ADDRESS).await?;
        let input: LoginRequest = json_body(body).await?;
        let email = validate::email("email", &input.email)?;
        if input.password.is_empty() {
            return Err(AppError::invalid("password", "Enter your password.").into());
        }
        if input.password.chars().count() > validate::MAX_PASSWORD {
            return Err(wrong_password());
        }
        let mut attempt = platform.db.write().begin().await.map_err(AppError::from)?;
        crate::identity::attempts::count_attempt(&mut attempt, &platform, &email).await?;
        let user = crate::identity::repo::user_by_email(&mut attempt, &email).await?;
        attempt.commit().await.map_err(AppError::from)?;
        let matches = platform.hasher.verify(input.password, user.as_ref().and_then(|user| user.password_hash.clone())).await?;
        let (Some(user), true) = (user, matches) else {
            crate::platform::metrics::metrics().sign_in_failed();
            return Err(wrong_password());
        };
        let mut tx = Db::begin(platform.db.write(), &Scope::User(user.id)).await?;
        let (_, role) = crate::identity::attempts::sign_in_target(&mut tx, user.id, user.is_superadmin).await?;
        let two_step = crate::identity::two_step::repo::state(&mut tx, user.id, false).await?.confirmed_at.is_some();
        if user.is_superadmin || two_step {
            return Err(ApiError::new(StatusCode::FORBIDDEN, "two_step_required", "This account signs in with a second step: use the website."));
        }
        let api_user = service_user(&mut tx, user.id, role).await?.ok_or_else(|| ApiError::new(StatusCode::FORBIDDEN, "forbidden", "This account does not use the delegation service."))?;
        crate::identity::repo::clear_failures(&mut tx, &email).await?;
        sqlx::query("select set_config('app.platform_scope', 'on', true)").execute(&mut *tx).await.map_err(AppError::from)?;
        let family = repo::new_family(&mut tx, user.id, role, user_agent().as_deref()).await?;
        let pair = issue(&mut tx, &platform, family, api_user, role).await?;
        tx.commit().await.map_err(AppError::from)?;
        Ok(pair)
    })
    .await
}

/// Trades a refresh token (once) for a new pair.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "The next pair of the family", body = TokenPair),
    (status = 400, description = "The body is malformed", body = ErrorBody),
    (status = 401, description = "Unknown, expired or revoked (`invalid_refresh_token`), or used before (`refresh_token_reused`: the family is revoked)", body = ErrorBody),
    (status = 403, description = "The person no longer uses the service", body = ErrorBody),
    (status = 429, description = "Too many requests (`rate_limited`)", body = ErrorBody),
))]
pub async fn refresh(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    run(platform.clone(), parts, StatusCode::OK, async move {
        count_request(&platform, "api.refresh", None, REFRESH_PER_ADDRESS).await?;
        let input: RefreshRequest = json_body(body).await?;
        let invalid = || ApiError::unauthenticated("invalid_refresh_token", "The refresh token is not valid: sign in again.");
        if !tokens::well_formed(input.refresh_token.trim()) {
            return Err(invalid());
        }
        let hash = tokens::hash(input.refresh_token.trim());
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        let stored = repo::take(&mut tx, &hash).await?.ok_or_else(invalid)?;
        if stored.family_revoked || stored.expired {
            return Err(invalid());
        }
        if stored.used {
            repo::revoke_family(&mut tx, stored.family_id, "reused").await?;
            audit::record(&mut tx, audit::Entry {
                tenant_id: None,
                actor_id: Some(stored.user_id),
                action: "api.refresh_token_reused",
                target: format!("user:{}", stored.user_id),
                details: json!({ "family": stored.family_id }),
            })
            .await?;
            tx.commit().await.map_err(AppError::from)?;
            return Err(ApiError::unauthenticated("refresh_token_reused", "This refresh token was used before: every token of this sign-in is revoked. Sign in again."));
        }
        repo::mark_used(&mut tx, &hash).await?;
        let role: Role = stored.role.parse().map_err(AppError::internal)?;
        let Some(api_user) = service_user(&mut tx, stored.user_id, role).await? else {
            repo::revoke_family(&mut tx, stored.family_id, "signed_out").await?;
            tx.commit().await.map_err(AppError::from)?;
            return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", "This account no longer uses the delegation service."));
        };
        let pair = issue(&mut tx, &platform, stored.family_id, api_user, role).await?;
        tx.commit().await.map_err(AppError::from)?;
        Ok(pair)
    })
    .await
}

/// Ends the sign-in the refresh token belongs to (every token of its family).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshRequest, responses(
    (status = 204, description = "Signed out (also for a token that was not valid)"),
    (status = 400, description = "The body is malformed", body = ErrorBody),
    (status = 429, description = "Too many requests (`rate_limited`)", body = ErrorBody),
))]
pub async fn logout(Extension(platform): Extension<Platform>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    run(platform.clone(), parts, StatusCode::NO_CONTENT, async move {
        count_request(&platform, "api.refresh", None, REFRESH_PER_ADDRESS).await?;
        let input: RefreshRequest = json_body(body).await?;
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        if let Some(stored) = repo::take(&mut tx, &tokens::hash(input.refresh_token.trim())).await? {
            repo::revoke_family(&mut tx, stored.family_id, "signed_out").await?;
        }
        tx.commit().await.map_err(AppError::from)?;
        Ok(())
    })
    .await
}
