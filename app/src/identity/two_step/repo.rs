//! Two-step sign-in's SQL: a person's key and recovery codes, and sign-in challenges.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::TwoStepRequirement;
use crate::platform::AppError;

/// A person's two-step state; keys and codes still sealed.
#[derive(Debug, Default, sqlx::FromRow)]
pub struct TwoStepRow {
    pub secret: Option<Vec<u8>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub last_used_step: i64,
    pub pending_secret: Option<Vec<u8>>,
    pub pending_codes: Option<Vec<u8>>,
}

/// `lock` holds the row until the transaction ends: a code checked and spent by one request at a time.
pub async fn state(conn: &mut PgConnection, user_id: Uuid, lock: bool) -> Result<TwoStepRow, AppError> {
    let sql = "select secret, confirmed_at, last_used_step, pending_secret, pending_codes from user_two_step where user_id = $1";
    let row = sqlx::query_as(&if lock { format!("{sql} for update") } else { sql.to_owned() })
        .bind(user_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.unwrap_or_default())
}

/// A setup waiting for its first code, in place of any earlier one; the key in use stays until then.
pub async fn begin_setup(conn: &mut PgConnection, user_id: Uuid, sealed_key: &[u8], sealed_codes: &[u8]) -> Result<(), AppError> {
    sqlx::query(
        "insert into user_two_step (user_id, pending_secret, pending_codes, pending_since) values ($1, $2, $3, now())
         on conflict (user_id) do update set pending_secret = excluded.pending_secret, pending_codes = excluded.pending_codes,
                                             pending_since = now(), updated_at = now()",
    )
    .bind(user_id)
    .bind(sealed_key)
    .bind(sealed_codes)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn cancel_setup(conn: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
    sqlx::query("update user_two_step set pending_secret = null, pending_codes = null, pending_since = null, updated_at = now() where user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The pending setup becomes the key in use, with its recovery codes (by hash) replacing the old.
pub async fn confirm_setup(conn: &mut PgConnection, user_id: Uuid, step: i64, code_hashes: &[Vec<u8>]) -> Result<(), AppError> {
    sqlx::query(
        "update user_two_step set secret = pending_secret, confirmed_at = now(), last_used_step = $2,
                pending_secret = null, pending_codes = null, pending_since = null, updated_at = now()
         where user_id = $1 and pending_secret is not null",
    )
    .bind(user_id)
    .bind(step)
    .execute(&mut *conn)
    .await?;
    sqlx::query("delete from two_step_recovery_codes where user_id = $1").bind(user_id).execute(&mut *conn).await?;
    sqlx::query("insert into two_step_recovery_codes (user_id, code_hash) select $1, unnest($2::bytea[])")
        .bind(user_id)
        .bind(code_hashes)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn record_step(conn: &mut PgConnection, user_id: Uuid, step: i64) -> Result<(), AppError> {
    sqlx::query("update user_two_step set last_used_step = greatest(last_used_step, $2), updated_at = now() where user_id = $1")
        .bind(user_id)
        .bind(step)
        .execute(conn)
        .await?;
    Ok(())
}

/// Spends an unused recovery code; false when it is not one.
pub async fn spend_recovery_code(conn: &mut PgConnection, user_id: Uuid, code_hash: &[u8]) -> Result<bool, AppError> {
    let spent = sqlx::query("update two_step_recovery_codes set used_at = now() where user_id = $1 and code_hash = $2 and used_at is null")
        .bind(user_id)
        .bind(code_hash)
        .execute(conn)
        .await?;
    Ok(spent.rows_affected() == 1)
}

pub async fn recovery_codes_left(conn: &mut PgConnection, user_id: Uuid) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("select count(*) from two_step_recovery_codes where user_id = $1 and used_at is null").bind(user_id).fetch_one(conn).await?)
}

pub async fn turn_off(conn: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
    sqlx::query("delete from user_two_step where user_id = $1").bind(user_id).execute(&mut *conn).await?;
    sqlx::query("delete from two_step_recovery_codes where user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

/// Whether the organization asks every member for the second step.
pub async fn tenant_requires(conn: &mut PgConnection, tenant_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select require_two_step from tenants where id = $1").bind(tenant_id).fetch_optional(conn).await?.unwrap_or(false))
}

/// The organization's rule, and how many of its members have the second step on.
pub async fn requirement(conn: &mut PgConnection, tenant_id: Uuid) -> Result<TwoStepRequirement, AppError> {
    let (required, members_with_two_step, members): (bool, i64, i64) = sqlx::query_as(
        "select t.require_two_step, count(*) filter (where s.confirmed_at is not null), count(m.id)
         from tenants t left join memberships m on m.tenant_id = t.id left join user_two_step s on s.user_id = m.user_id
         where t.id = $1 group by t.id",
    )
    .bind(tenant_id)
    .fetch_one(conn)
    .await?;
    Ok(TwoStepRequirement { required, members_with_two_step, members })
}

/// In the platform scope: only the tenant admins' path opens it for this one change.
pub async fn set_tenant_requirement(conn: &mut PgConnection, tenant_id: Uuid, required: bool) -> Result<(), AppError> {
    sqlx::query("select set_config('app.platform_scope', 'on', true)").execute(&mut *conn).await?;
    sqlx::query("update tenants set require_two_step = $2 where id = $1").bind(tenant_id).bind(required).execute(&mut *conn).await?;
    sqlx::query("select set_config('app.platform_scope', '', true)").execute(conn).await?;
    Ok(())
}

/// A challenge waiting for the second step; `minutes` to answer it.
pub async fn create_challenge(conn: &mut PgConnection, token_hash: &[u8], user_id: Uuid, next_path: &str, minutes: i32) -> Result<(), AppError> {
    sqlx::query("delete from sign_in_challenges where user_id = $1").bind(user_id).execute(&mut *conn).await?;
    sqlx::query("insert into sign_in_challenges (token_hash, user_id, next_path, expires_at) values ($1, $2, $3, now() + make_interval(mins => $4))")
        .bind(token_hash)
        .bind(user_id)
        .bind(next_path)
        .bind(minutes)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct ChallengeRow {
    pub user_id: Uuid,
    pub email: String,
    pub next_path: String,
}

/// The live challenge of this token, locked for the answer.
pub async fn challenge(conn: &mut PgConnection, token_hash: &[u8]) -> Result<Option<ChallengeRow>, AppError> {
    Ok(sqlx::query_as(
        "select c.user_id, u.email, c.next_path from sign_in_challenges c join users u on u.id = c.user_id
         where c.token_hash = $1 and c.expires_at > now() for update of c",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await?)
}

pub async fn end_challenge(conn: &mut PgConnection, token_hash: &[u8]) -> Result<(), AppError> {
    sqlx::query("delete from sign_in_challenges where token_hash = $1").bind(token_hash).execute(conn).await?;
    Ok(())
}
