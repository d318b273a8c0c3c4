//! Refresh tokens and their families (platform scope: the token itself is the credential).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::platform::{AppError, Role};

pub async fn new_family(conn: &mut PgConnection, user_id: Uuid, role: Role, user_agent: Option<&str>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query("insert into api_token_families (id, user_id, role, user_agent) values ($1, $2, $3, $4)")
        .bind(id)
        .bind(user_id)
        .bind(role.as_str())
        .bind(user_agent)
        .execute(conn)
        .await?;
    Ok(id)
}

pub async fn add_token(conn: &mut PgConnection, family_id: Uuid, token_hash: &[u8], expires_at: DateTime<Utc>) -> Result<(), AppError> {
    sqlx::query("insert into api_refresh_tokens (token_hash, family_id, expires_at) values ($1, $2, $3)")
        .bind(token_hash)
        .bind(family_id)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// A refresh token as stored, locked for its one use.
#[derive(sqlx::FromRow)]
pub struct StoredToken {
    pub family_id: Uuid,
    pub user_id: Uuid,
    pub role: String,
    pub used: bool,
    pub expired: bool,
    pub family_revoked: bool,
}

pub async fn take(conn: &mut PgConnection, token_hash: &[u8]) -> Result<Option<StoredToken>, AppError> {
    Ok(sqlx::query_as(
        "select t.family_id, f.user_id, f.role, t.used_at is not null as used, t.expires_at <= now() as expired,
                f.revoked_at is not null as family_revoked
         from api_refresh_tokens t join api_token_families f on f.id = t.family_id
         where t.token_hash = $1 for update of t, f",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await?)
}

pub async fn mark_used(conn: &mut PgConnection, token_hash: &[u8]) -> Result<(), AppError> {
    sqlx::query("update api_refresh_tokens set used_at = now() where token_hash = $1").bind(token_hash).execute(conn).await?;
    Ok(())
}

pub async fn revoke_family(conn: &mut PgConnection, family_id: Uuid, because: &str) -> Result<(), AppError> {
    sqlx::query("update api_token_families set revoked_at = now(), revoked_because = $2 where id = $1 and revoked_at is null")
        .bind(family_id)
        .bind(because)
        .execute(conn)
        .await?;
    Ok(())
}
