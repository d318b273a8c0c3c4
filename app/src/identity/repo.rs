//! The identity queries. Tenant-owned tables are always read inside a scoped
//! transaction (row-level security) and filtered by tenant as well.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::{ActiveSession, Member, PendingInvitation};
use crate::platform::{AppError, Role};

/// Reset links asked for per hour, from one address and for one account.
pub const RESET_ADDRESS_BUCKET: &str = "identity.reset.address";
pub const RESETS_PER_ADDRESS_HOUR: i64 = 10;
pub const RESET_ACCOUNT_BUCKET: &str = "identity.reset.account";
pub const RESETS_PER_ACCOUNT_HOUR: i64 = 3;

/// Failed sign-ins counted over this window for throttling.
pub const THROTTLE_WINDOW_MINUTES: i32 = 15;

fn role(text: &str) -> Result<Role, AppError> {
    text.parse().map_err(AppError::internal)
}

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub password_hash: Option<String>,
    pub is_superadmin: bool,
}

pub async fn user_by_email(conn: &mut PgConnection, email: &str) -> Result<Option<UserRow>, AppError> {
    Ok(sqlx::query_as("select id, email, password_hash, is_superadmin from users where lower(email) = lower($1)")
        .bind(email)
        .fetch_optional(conn)
        .await?)
}

/// Serializes sign-in attempts per account and per address until the transaction ends, so that
/// counting the recent failures and recording this attempt happen as one step.
pub async fn lock_sign_in_attempts(conn: &mut PgConnection, email: &str, ip: &str) -> Result<(), AppError> {
    // Always the account first, then the address: two attempts never wait on each other in a cycle.
    sqlx::query("select pg_advisory_xact_lock(hashtextextended('sign-in account ' || lower($1), 0)), pg_advisory_xact_lock(hashtextextended('sign-in address ' || $2, 0))")
        .bind(email)
        .bind(ip)
        .execute(conn)
        .await?;
    Ok(())
}

/// A new reset link for the user, valid for 30 minutes; the earlier unused ones stop working.
pub async fn replace_password_reset(conn: &mut PgConnection, user_id: Uuid, token_hash: &[u8]) -> Result<(), AppError> {
    sqlx::query("update password_resets set used_at = now() where user_id = $1 and used_at is null").bind(user_id).execute(&mut *conn).await?;
    sqlx::query("insert into password_resets (id, user_id, token_hash, expires_at) values ($1, $2, $3, now() + interval '30 minutes')")
        .bind(Uuid::now_v7())
        .bind(user_id)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn recent_failures(conn: &mut PgConnection, email: &str, ip: &str) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "select count(*) filter (where lower(email) = lower($1)), count(*) filter (where ip = $2)
         from sign_in_failures
         where at > now() - make_interval(mins => $3) and (lower(email) = lower($1) or ip = $2)",
    )
    .bind(email)
    .bind(ip)
    .bind(THROTTLE_WINDOW_MINUTES)
    .fetch_one(conn)
    .await?)
}

pub async fn record_failure(conn: &mut PgConnection, email: &str, ip: &str) -> Result<(), AppError> {
    sqlx::query("insert into sign_in_failures (id, email, ip) values ($1, $2, $3)")
        .bind(Uuid::now_v7())
        .bind(email.chars().take(254).collect::<String>())
        .bind(ip)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets a new password (already hashed) for the user.
pub async fn set_password(conn: &mut PgConnection, user_id: Uuid, password_hash: &str) -> Result<(), AppError> {
    sqlx::query("update users set password_hash = $1, updated_at = now() where id = $2").bind(password_hash).bind(user_id).execute(conn).await?;
    Ok(())
}

pub async fn clear_failures(conn: &mut PgConnection, email: &str) -> Result<(), AppError> {
    sqlx::query("delete from sign_in_failures where lower(email) = lower($1)").bind(email).execute(conn).await?;
    Ok(())
}

/// The user's first membership in an active tenant (needs a `Scope::User` transaction).
pub async fn first_active_membership(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<(Uuid, Role)>, AppError> {
    let row: Option<(Uuid, String)> = sqlx::query_as(
        "select m.tenant_id, m.role from memberships m join tenants t on t.id = m.tenant_id
         where m.user_id = $1 and t.status = 'active' order by m.created_at, m.id limit 1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    row.map(|(tenant_id, text)| Ok((tenant_id, role(&text)?))).transpose()
}

/// For someone with no active membership: a suspended organization they belong to, and why.
pub async fn suspended_membership(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<(String, Option<String>)>, AppError> {
    Ok(sqlx::query_as(
        "select t.name, t.suspended_reason from memberships m join tenants t on t.id = m.tenant_id
         where m.user_id = $1 and t.status = 'suspended' order by m.created_at limit 1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?)
}

type MemberRow = (Uuid, Uuid, String, String, String, DateTime<Utc>);

fn to_member((membership_id, user_id, email, display_name, role_text, joined_at): MemberRow) -> Result<Member, AppError> {
    Ok(Member { membership_id, user_id, email, display_name, role: role(&role_text)?, joined_at })
}

pub async fn members(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<Member>, AppError> {
    let rows: Vec<MemberRow> = sqlx::query_as(
        "select m.id, u.id, u.email, u.display_name, m.role, m.created_at
         from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 order by lower(u.display_name), m.id",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(to_member).collect()
}

pub async fn member(conn: &mut PgConnection, tenant_id: Uuid, membership_id: Uuid) -> Result<Member, AppError> {
    let row: Option<MemberRow> = sqlx::query_as(
        "select m.id, u.id, u.email, u.display_name, m.role, m.created_at
         from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.id = $2 for update of m",
    )
    .bind(tenant_id)
    .bind(membership_id)
    .fetch_optional(conn)
    .await?;
    row.map(to_member).transpose()?.ok_or(AppError::NotFound)
}

pub async fn admin_count(conn: &mut PgConnection, tenant_id: Uuid) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("select count(*) from memberships where tenant_id = $1 and role = 'tenant_admin'")
        .bind(tenant_id)
        .fetch_one(conn)
        .await?)
}

pub async fn is_member(conn: &mut PgConnection, tenant_id: Uuid, email: &str) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from memberships m join users u on u.id = m.user_id
                        where m.tenant_id = $1 and lower(u.email) = lower($2))",
    )
    .bind(tenant_id)
    .bind(email)
    .fetch_one(conn)
    .await?)
}

pub async fn pending_invitations(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<PendingInvitation>, AppError> {
    let rows: Vec<(Uuid, String, String, DateTime<Utc>)> = sqlx::query_as(
        "select id, email, role, expires_at from member_invitations
         where tenant_id = $1 and accepted_at is null and revoked_at is null and expires_at > now()
         order by created_at desc",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, email, role_text, expires_at)| Ok(PendingInvitation { id, email, role: role(&role_text)?, expires_at }))
        .collect()
}

/// Creates an invitation; an expired pending one for the same address is retired first.
pub async fn create_invitation(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    email: &str,
    role: Role,
    token_hash: &[u8],
    invited_by: Option<Uuid>,
) -> Result<Uuid, AppError> {
    sqlx::query(
        "update member_invitations set revoked_at = now()
         where tenant_id = $1 and lower(email) = lower($2) and accepted_at is null and revoked_at is null and expires_at <= now()",
    )
    .bind(tenant_id)
    .bind(email)
    .execute(&mut *conn)
    .await?;
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into member_invitations (id, tenant_id, email, role, token_hash, invited_by, expires_at)
         values ($1, $2, $3, $4, $5, $6, now() + interval '7 days')",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(email)
    .bind(role.as_str())
    .bind(token_hash)
    .bind(invited_by)
    .execute(conn)
    .await
    .map_err(crate::platform::error::on_constraint("member_invitations_pending_key", || {
        AppError::conflict("email", "This person already has a pending invitation.")
    }))?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
pub struct InvitationRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub email: String,
    pub role: String,
}

/// The pending, unexpired invitation with this token hash (needs a `Scope::InvitationToken` transaction).
pub async fn invitation_by_token(conn: &mut PgConnection, token_hash: &[u8]) -> Result<Option<InvitationRow>, AppError> {
    Ok(sqlx::query_as(
        "select i.id, i.tenant_id, t.name as tenant_name, i.email, i.role
         from member_invitations i join tenants t on t.id = i.tenant_id
         where i.token_hash = $1 and i.accepted_at is null and i.revoked_at is null
           and i.expires_at > now() and t.status = 'active'
         for update of i",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await?)
}

pub async fn sessions_of(conn: &mut PgConnection, user_id: Uuid, current: Uuid) -> Result<Vec<ActiveSession>, AppError> {
    let rows: Vec<(Uuid, DateTime<Utc>, DateTime<Utc>, Option<String>, Option<String>)> = sqlx::query_as(
        "select id, created_at, last_seen_at, ip, user_agent from sessions
         where user_id = $1 and revoked_at is null and expires_at > now()
         order by last_seen_at desc limit 50",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, created_at, last_seen_at, ip, user_agent)| ActiveSession { id, created_at, last_seen_at, ip, user_agent, current: id == current })
        .collect())
}

/// Deletes sign-in data past any use: failures older than a day (throttling looks back
/// minutes), password resets a day past expiry, sessions a month past expiry or revocation.
pub async fn purge_expired_sign_in_data(conn: &mut PgConnection) -> Result<(), AppError> {
    sqlx::query(
        "with f as (delete from sign_in_failures where at < now() - interval '1 day'),
              r as (delete from password_resets where expires_at < now() - interval '1 day'),
              c as (delete from sign_in_challenges where expires_at < now()),
              w as (delete from rate_limit_windows where window_start < now() - interval '10 minutes'),
              t as (delete from api_refresh_tokens where expires_at < now() - interval '1 day')
         delete from sessions where expires_at < now() - interval '30 days' or revoked_at < now() - interval '30 days'",
    )
    .execute(conn)
    .await?;
    Ok(())
}
