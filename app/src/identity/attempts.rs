//! Checking a password someone types: counted against the sign-in limits before it is checked,
//! whether to sign in or to confirm a change to their own account; and where a person who
//! proved who they are lands.

use super::repo;
use crate::platform::context::{self, Platform};
use crate::platform::{live_settings, validate, AppError, CurrentUser, Role};
use uuid::Uuid;

/// Counts a sign-in attempt (a password, or a second-step code) as a failure before it is
/// checked (success forgets it), refused beyond the limits per account and per address. The
/// count and the record are one step per account and address: guesses sent at once cannot all
/// pass the limit before any of them is recorded.
pub async fn count_attempt(tx: &mut sqlx::PgConnection, platform: &Platform, email: &str) -> Result<(), AppError> {
    let ip = context::client_ip();
    repo::lock_sign_in_attempts(&mut *tx, email, &ip).await?;
    let (account_failures, ip_failures) = repo::recent_failures(&mut *tx, email, &ip).await?;
    let limits = &platform.live_settings;
    if account_failures >= limits.get(live_settings::SIGN_IN_FAILURES_PER_ACCOUNT) || ip_failures >= limits.get(live_settings::SIGN_IN_FAILURES_PER_ADDRESS) {
        return Err(AppError::TooManyRequests {
            message: format!("Too many failed sign-in attempts. Wait {} minutes, or reset your password.", repo::THROTTLE_WINDOW_MINUTES),
        });
    }
    repo::record_failure(tx, email, &ip).await
}

/// Checks the signed-in person's password again before a change that needs it (a new
/// password, deleting the account), counted against the same limits as signing in. Someone
/// viewing the product as this person cannot pass it.
pub async fn confirm_password(platform: &Platform, user: &CurrentUser, field: &str, password: String) -> Result<(), AppError> {
    if user.impersonation.is_some() {
        return Err(AppError::Forbidden);
    }
    if password.is_empty() {
        return Err(AppError::invalid(field, "Enter your password."));
    }
    let wrong = || AppError::invalid(field, "That is not your password.");
    if password.chars().count() > validate::MAX_PASSWORD {
        return Err(wrong());
    }
    let mut attempt = platform.db.write().begin().await?;
    count_attempt(&mut attempt, platform, &user.email).await?;
    let hash = repo::user_by_email(&mut attempt, &user.email).await?.and_then(|row| row.password_hash);
    attempt.commit().await?;
    if !platform.hasher.verify(password, hash).await? {
        return Err(wrong());
    }
    repo::clear_failures(&mut *platform.db.write().acquire().await?, &user.email).await
}

/// Where a person signing in lands: the platform for a superadmin, else their first active
/// organization, else the delegation service for its admins and employees, else the job board's side for a seeker; refused with the reason otherwise
/// (needs a `Scope::User` transaction).
pub async fn sign_in_target(tx: &mut sqlx::PgConnection, user_id: Uuid, is_superadmin: bool) -> Result<(Option<Uuid>, Role), AppError> {
    if is_superadmin {
        return Ok((None, Role::Superadmin));
    }
    if let Some((tenant_id, role)) = repo::first_active_membership(tx, user_id).await? {
        return Ok((Some(tenant_id), role));
    }
    if let Some(role) = crate::delegation::repo::staff_role(tx, user_id).await? {
        return Ok((None, role));
    }
    if crate::seekers::repo::is_seeker(tx, user_id).await? {
        return Ok((None, Role::Seeker));
    }
    if let Some((organization, reason)) = repo::suspended_membership(tx, user_id).await? {
        return Err(AppError::suspended(&organization, reason.as_deref()));
    }
    Err(AppError::Invalid {
        field: None,
        message: "Your account is not part of an active organization. Ask your administrator for an invitation.".into(),
    })
}
