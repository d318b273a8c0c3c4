//! Two-step sign-in's server functions: the second step of signing in, each person's own
//! setup, and an organization's requirement. Each authenticates, authorizes and validates by itself.

use leptos::prelude::*;

use super::types::{TwoStepChallenge, TwoStepStatus};
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::{codes, repo, repo::TwoStepRow, types::TwoStepSetup},
    crate::identity::api::finish_sign_in,
    crate::identity::attempts::sign_in_target,
    crate::identity::attempts::count_attempt,
    crate::identity::repo as identity_repo,
    crate::platform::{
        audit,
        context::{self, platform, remember_write, Platform},
        db::{Db, Scope},
        session, tokens, CurrentUser, Role,
    },
    serde_json::json,
    sqlx::PgConnection,
    uuid::Uuid,
};

/// How long the second step may take after the password.
#[cfg(feature = "ssr")]
const CHALLENGE_MINUTES: i32 = 10;

#[cfg(feature = "ssr")]
fn challenge_cookie(platform: &Platform) -> &'static str {
    if platform.settings.secure_cookies { "__Host-hirevoo_challenge" } else { "hirevoo_challenge" }
}

#[cfg(feature = "ssr")]
fn expired() -> AppError {
    AppError::Invalid { field: None, message: "This sign-in has expired. Sign in again with your email and password.".into() }
}

#[cfg(feature = "ssr")]
fn wrong_code() -> AppError {
    AppError::invalid("code", "That code is not right. Enter the code your app shows now, or one of your recovery codes.")
}

/// Whether it is required of this person: always for superadmins, for members when their
/// organization says so.
#[cfg(feature = "ssr")]
async fn required(conn: &mut PgConnection, is_superadmin: bool, tenant_id: Option<Uuid>) -> Result<bool, AppError> {
    Ok(is_superadmin || match tenant_id {
        Some(tenant_id) => repo::tenant_requires(conn, tenant_id).await?,
        None => false,
    })
}

/// Whether signing in needs the second step (the person turned it on, or it is required of
/// them): if so, their two-step state, locked until the transaction ends, for `challenge`.
#[cfg(feature = "ssr")]
pub async fn asks_for_second_step(conn: &mut PgConnection, user: &identity_repo::UserRow, tenant_id: Option<Uuid>) -> Result<Option<TwoStepRow>, AppError> {
    let state = repo::state(&mut *conn, user.id, true).await?;
    let asked = state.confirmed_at.is_some() || required(conn, user.is_superadmin, tenant_id).await?;
    Ok(asked.then_some(state))
}

/// Starts the second step for this browser; someone who must use it and has no key yet gets a
/// setup to confirm there. `state` is the user's, as `asks_for_second_step` locked it.
#[cfg(feature = "ssr")]
pub async fn challenge(conn: &mut PgConnection, platform: &Platform, user_id: Uuid, state: &TwoStepRow, next_path: &str) -> Result<(), AppError> {
    if state.confirmed_at.is_none() && state.pending_secret.is_none() {
        new_setup(&mut *conn, platform, user_id).await?;
    }
    let token = tokens::new_token();
    repo::create_challenge(conn, &tokens::hash(&token), user_id, next_path, CHALLENGE_MINUTES).await?;
    context::set_site_cookie(&platform.settings, challenge_cookie(platform), &token, CHALLENGE_MINUTES as u64 * 60);
    Ok(())
}

#[cfg(feature = "ssr")]
async fn new_setup(conn: &mut PgConnection, platform: &Platform, user_id: Uuid) -> Result<(), AppError> {
    let key = codes::new_key()?;
    let recovery = codes::new_recovery_codes()?.join("\n");
    repo::begin_setup(conn, user_id, &platform.secret_box.seal(&key)?, &platform.secret_box.seal(recovery.as_bytes())?).await
}

#[cfg(feature = "ssr")]
fn setup_view(platform: &Platform, email: &str, state: &TwoStepRow) -> Result<Option<TwoStepSetup>, AppError> {
    let (Some(key), Some(recovery)) = (&state.pending_secret, &state.pending_codes) else { return Ok(None) };
    let key = platform.secret_box.open(key)?;
    let recovery = String::from_utf8(platform.secret_box.open(recovery)?).map_err(AppError::internal)?;
    Ok(Some(TwoStepSetup {
        key_text: codes::key_text(&key),
        qr_svg: codes::qr_svg(&codes::provisioning_uri(email, &key))?,
        recovery_codes: recovery.lines().map(str::to_owned).collect(),
    }))
}

/// The pending setup, if `code` is its key's code now: it becomes the key in use, with its
/// recovery codes. Returns whether it did.
#[cfg(feature = "ssr")]
async fn confirm_if_matching(conn: &mut PgConnection, platform: &Platform, user_id: Uuid, state: &TwoStepRow, code: &str) -> Result<bool, AppError> {
    let (Some(key), Some(recovery)) = (&state.pending_secret, &state.pending_codes) else { return Ok(false) };
    let key = platform.secret_box.open(key)?;
    let Some(step) = codes::matching_step(&key, code, chrono::Utc::now().timestamp(), 0) else { return Ok(false) };
    let recovery = String::from_utf8(platform.secret_box.open(recovery)?).map_err(AppError::internal)?;
    let hashes: Vec<Vec<u8>> = recovery.lines().map(codes::recovery_code_hash).collect();
    repo::confirm_setup(conn, user_id, step, &hashes).await?;
    Ok(true)
}

/// What a typed code proved at sign-in, for the audit log.
#[cfg(feature = "ssr")]
enum Proof {
    TimeCode,
    SetupConfirmed,
    RecoveryCode,
}

/// Checks a code typed at sign-in against the key in use (or, for a setup, the new key), or
/// spends a recovery code. A time code works once.
#[cfg(feature = "ssr")]
async fn check_code(conn: &mut PgConnection, platform: &Platform, user_id: Uuid, state: &TwoStepRow, input: &str) -> Result<Option<Proof>, AppError> {
    match (codes::as_time_code(input), &state.secret) {
        (Some(code), Some(sealed)) => {
            let key = platform.secret_box.open(sealed)?;
            match codes::matching_step(&key, &code, chrono::Utc::now().timestamp(), state.last_used_step) {
                Some(step) => {
                    repo::record_step(conn, user_id, step).await?;
                    Ok(Some(Proof::TimeCode))
                }
                None => Ok(None),
            }
        }
        (Some(code), None) => Ok(confirm_if_matching(conn, platform, user_id, state, &code).await?.then_some(Proof::SetupConfirmed)),
        (None, Some(_)) => Ok(repo::spend_recovery_code(conn, user_id, &codes::recovery_code_hash(input)).await?.then_some(Proof::RecoveryCode)),
        (None, None) => Ok(None),
    }
}

#[cfg(feature = "ssr")]
fn challenge_hash(platform: &Platform) -> Result<Vec<u8>, AppError> {
    context::cookie(challenge_cookie(platform)).filter(|token| tokens::well_formed(token)).map(|token| tokens::hash(&token)).ok_or_else(expired)
}

/// The second step of the sign-in under way in this browser.
#[server]
pub async fn second_step() -> Result<TwoStepChallenge, AppError> {
    let platform = platform()?;
    let hash = challenge_hash(&platform)?;
    let mut tx = platform.db.write().begin().await?;
    let challenge = repo::challenge(&mut tx, &hash).await?.ok_or_else(expired)?;
    let state = repo::state(&mut tx, challenge.user_id, false).await?;
    tx.commit().await?;
    let setup = if state.confirmed_at.is_none() { setup_view(&platform, &challenge.email, &state)? } else { None };
    Ok(TwoStepChallenge { email: challenge.email, setup })
}

/// Answers the second step with a code from the app or a recovery code; signs in.
#[server]
pub async fn verify_two_step(code: String) -> Result<(), AppError> {
    let platform = platform()?;
    let hash = challenge_hash(&platform)?;
    if code.trim().is_empty() || code.chars().count() > 40 {
        return Err(AppError::invalid("code", "Enter the six-digit code your app shows, or a recovery code."));
    }
    // Whose sign-in this is, the challenge says: the transaction enters their scope once it is read.
    let mut tx = platform.db.write().begin().await?;
    let challenge = repo::challenge(&mut tx, &hash).await?.ok_or_else(expired)?;
    let user_id = challenge.user_id;
    crate::platform::db::Db::enter_user(&mut tx, user_id).await?;
    count_attempt(&mut tx, &platform, &challenge.email).await?;
    let state = repo::state(&mut tx, user_id, true).await?;
    let Some(proof) = check_code(&mut tx, &platform, user_id, &state, &code).await? else {
        crate::platform::metrics::metrics().sign_in_failed();
        // The failure stays counted.
        tx.commit().await?;
        return Err(wrong_code());
    };
    let user = identity_repo::user_by_email(&mut tx, &challenge.email).await?.ok_or_else(expired)?;
    let (tenant_id, role) = sign_in_target(&mut tx, user_id, user.is_superadmin).await?;
    let action = match proof {
        Proof::TimeCode => None,
        Proof::SetupConfirmed => Some("two_step.enable"),
        Proof::RecoveryCode => Some("two_step.recovery_code_used"),
    };
    if let Some(action) = action {
        record_change(&mut tx, tenant_id, user_id, action).await?;
    }
    repo::end_challenge(&mut tx, &hash).await?;
    finish_sign_in(&mut tx, &platform, &challenge.email, user_id, tenant_id, role).await?;
    tx.commit().await?;
    context::set_site_cookie(&platform.settings, challenge_cookie(&platform), "", 0);
    leptos_axum::redirect(&challenge.next_path);
    Ok(())
}

/// A change to someone's own two-step sign-in, in the audit log (what changed, never a key or code).
#[cfg(feature = "ssr")]
async fn record_change(conn: &mut PgConnection, tenant_id: Option<Uuid>, user_id: Uuid, action: &'static str) -> Result<(), AppError> {
    audit::record(conn, audit::Entry { tenant_id, actor_id: Some(user_id), action, target: format!("user:{user_id}"), details: json!({}) }).await
}

/// The signed-in person themselves: a superadmin viewing as a member may not see or change
/// that member's keys.
#[cfg(feature = "ssr")]
async fn own_account(platform: &Platform) -> Result<CurrentUser, AppError> {
    let user = session::require(platform).await?;
    if user.impersonation.is_some() {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

#[cfg(feature = "ssr")]
async fn required_of(conn: &mut PgConnection, user: &CurrentUser) -> Result<bool, AppError> {
    required(conn, user.role == Role::Superadmin, user.tenant.as_ref().map(|t| t.id)).await
}

#[server]
pub async fn my_two_step() -> Result<TwoStepStatus, AppError> {
    let platform = platform()?;
    let user = session::require(&platform).await?;
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.user_id)).await?;
    let state = repo::state(&mut tx, user.user_id, false).await?;
    let recovery_codes_left = repo::recovery_codes_left(&mut tx, user.user_id).await?;
    let required = required_of(&mut tx, &user).await?;
    tx.commit().await?;
    let setup = if user.impersonation.is_none() { setup_view(&platform, &user.email, &state)? } else { None };
    Ok(TwoStepStatus { enabled_since: state.confirmed_at, recovery_codes_left, required, setup })
}

/// A new key and recovery codes to confirm with a code; the key in use (if any) stays until then.
#[server]
pub async fn start_two_step_setup() -> Result<(), AppError> {
    let platform = platform()?;
    let user = own_account(&platform).await?;
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.user_id)).await?;
    new_setup(&mut tx, &platform, user.user_id).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}

#[server]
pub async fn confirm_two_step_setup(code: String) -> Result<(), AppError> {
    let platform = platform()?;
    let user = own_account(&platform).await?;
    let code = codes::as_time_code(&code).ok_or_else(|| AppError::invalid("code", "Enter the six-digit code your app shows."))?;
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.user_id)).await?;
    let state = repo::state(&mut tx, user.user_id, true).await?;
    if state.pending_secret.is_none() {
        return Err(AppError::Invalid { field: None, message: "There is no setup waiting. Start it again.".into() });
    }
    if !confirm_if_matching(&mut tx, &platform, user.user_id, &state, &code).await? {
        return Err(AppError::invalid("code", "That code is not right. Check that the app shows Hirevoo with your email, and enter the code it shows now."));
    }
    let action = if state.confirmed_at.is_some() { "two_step.replace" } else { "two_step.enable" };
    record_change(&mut tx, user.tenant.as_ref().map(|t| t.id), user.user_id, action).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}

#[server]
pub async fn cancel_two_step_setup() -> Result<(), AppError> {
    let platform = platform()?;
    let user = own_account(&platform).await?;
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.user_id)).await?;
    repo::cancel_setup(&mut tx, user.user_id).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}

/// Turns it off, with the password typed again; not where it is required.
#[server]
pub async fn turn_off_two_step(password: String) -> Result<(), AppError> {
    let platform = platform()?;
    let user = own_account(&platform).await?;
    if password.is_empty() || password.chars().count() > crate::platform::validate::MAX_PASSWORD {
        return Err(AppError::invalid("password", "Enter your password."));
    }
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.user_id)).await?;
    if required_of(&mut tx, &user).await? {
        return Err(AppError::conflict("password", "Two-step sign-in is required for your account; it cannot be turned off."));
    }
    let account = identity_repo::user_by_email(&mut tx, &user.email).await?.ok_or(AppError::Unauthenticated)?;
    tx.commit().await?;
    if !platform.hasher.verify(password, account.password_hash).await? {
        return Err(AppError::invalid("password", "That is not your password."));
    }
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.user_id)).await?;
    repo::turn_off(&mut tx, user.user_id).await?;
    record_change(&mut tx, user.tenant.as_ref().map(|t| t.id), user.user_id, "two_step.disable").await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}

/// Requires (or stops requiring) the second step of every member, from their next sign-in.
#[server]
pub async fn set_two_step_requirement(required: bool) -> Result<(), AppError> {
    let platform = platform()?;
    let user = session::require_role(&platform, &[Role::TenantAdmin]).await?;
    let tenant_id = user.tenant_id()?;
    let mut tx = Db::begin(platform.db.write(), &Scope::Tenant { tenant_id, user_id: user.user_id }).await?;
    repo::set_tenant_requirement(&mut tx, tenant_id, required).await?;
    audit::record(&mut tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(user.user_id),
        action: "tenant.two_step_requirement",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "required": required }),
    })
    .await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}
