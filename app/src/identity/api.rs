//! The identity server functions. Each authenticates, authorizes and validates by itself.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::{ActiveSession, InvitationDetails, MembersPage};
use crate::platform::{AppError, CurrentUser};

#[cfg(feature = "ssr")]
use {
    super::{attempts, repo},
    crate::platform::{
        audit,
        context::{self, platform, Access, Ctx},
        db::{Db, Scope},
        mail::Mail,
        session, tokens, validate, Role,
    },
    crate::usage::{events::Event, types::EventKind},
    serde_json::json,
};

#[server]
pub async fn session_user() -> Result<Option<CurrentUser>, AppError> {
    let platform = platform()?;
    session::current(&platform).await
}

#[server]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let platform = platform()?;
    let email = validate::email("email", &email)?;
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter your password."));
    }
    if password.chars().count() > validate::MAX_PASSWORD {
        return Err(AppError::invalid("password", "The email or password is incorrect."));
    }
    let mut attempt = platform.db.write().begin().await?;
    attempts::count_attempt(&mut attempt, &platform, &email).await?;
    let user = repo::user_by_email(&mut attempt, &email).await?;
    attempt.commit().await?;
    let hash = user.as_ref().and_then(|user| user.password_hash.clone());
    let matches = platform.hasher.verify(password, hash).await?;
    let wrong = || AppError::Invalid { field: None, message: "The email or password is incorrect.".into() };
    let (Some(user), true) = (user, matches) else {
        crate::platform::metrics::metrics().sign_in_failed();
        crate::usage::events::record(&platform, Event { success: false, ..Event::new(EventKind::SignIn) });
        return Err(wrong());
    };

    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.id)).await?;
    let (tenant_id, role) = attempts::sign_in_target(&mut tx, user.id, user.is_superadmin).await?;
    let next = validate::local_path(next.as_deref());
    if let Some(two_step) = super::two_step::api::asks_for_second_step(&mut tx, &user, tenant_id).await? {
        // The attempt stays counted as a failure until the second step succeeds.
        super::two_step::api::challenge(&mut tx, &platform, user.id, &two_step, next).await?;
        tx.commit().await?;
        leptos_axum::redirect(super::two_step::SIGN_IN_PATH);
        return Ok(());
    }
    finish_sign_in(&mut tx, &platform, &email, user.id, tenant_id, role).await?;
    tx.commit().await?;
    leptos_axum::redirect(next);
    Ok(())
}

/// The session of someone who proved who they are: a new token (whatever session this browser
/// had ends here), and their recent failures forgotten.
#[cfg(feature = "ssr")]
pub async fn finish_sign_in(
    tx: &mut sqlx::PgConnection,
    platform: &crate::platform::context::Platform,
    email: &str,
    user_id: Uuid,
    tenant_id: Option<Uuid>,
    role: Role,
) -> Result<(), AppError> {
    if let Ok(Some(previous)) = session::current(platform).await {
        session::revoke(&mut *tx, previous.session_id).await?;
    }
    repo::clear_failures(&mut *tx, email).await?;
    session::start(tx, platform, user_id, tenant_id, role).await?;
    crate::usage::events::record(platform, Event { user_id: Some(user_id), tenant_id, ..Event::new(EventKind::SignIn) });
    Ok(())
}

#[server]
pub async fn sign_out() -> Result<String, AppError> {
    let platform = platform()?;
    // A suspended organization's session cannot be looked up, but its cookie still goes.
    if let Ok(Some(user)) = session::current(&platform).await {
        // Signing out while viewing as someone else only stops that.
        if user.impersonation.is_some() {
            return crate::console::impersonation::api::stop_viewing_as().await;
        }
        session::revoke(&mut *platform.db.write().acquire().await?, user.session_id).await?;
    }
    session::clear_cookie(&platform.settings);
    Ok(crate::platform::context::reload_at("/sign-in"))
}

/// Ends every session of the signed-in user, on every device, this one included.
#[server]
pub async fn sign_out_everywhere() -> Result<String, AppError> {
    let platform = platform()?;
    let user = session::require(&platform).await?;
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.user_id)).await?;
    let ended = session::revoke_all(&mut tx, user.user_id, None).await?;
    audit::record(&mut tx, audit::Entry {
        tenant_id: user.tenant.as_ref().map(|t| t.id),
        actor_id: Some(user.user_id),
        action: "sessions.revoke_all",
        target: format!("user:{}", user.user_id),
        details: json!({ "ended": ended.to_string() }),
    })
    .await?;
    tx.commit().await?;
    session::clear_cookie(&platform.settings);
    Ok(crate::platform::context::reload_at("/sign-in"))
}

#[server]
pub async fn my_sessions() -> Result<Vec<ActiveSession>, AppError> {
    let platform = platform()?;
    let user = session::require(&platform).await?;
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.user_id)).await?;
    let sessions = repo::sessions_of(&mut tx, user.user_id, user.session_id).await?;
    tx.commit().await?;
    Ok(sessions)
}

#[cfg(feature = "ssr")]
const RESET_SENT: &str = "If an account exists for that address, we have sent it a link to choose a new password. The link works once, for 30 minutes.";


/// Asks for a reset link. Whether the address has an account is decided later, in the queue:
/// the request does the same work, in the same time, for a known and an unknown address.
#[server]
pub async fn request_password_reset(email: String) -> Result<String, AppError> {
    use crate::platform::queue::{enqueue, NewJob};
    use crate::platform::rate_limit::limited;
    let platform = platform()?;
    let email = validate::email("email", &email)?;
    let mut tx = platform.db.write().begin().await?;
    let refused = limited(&mut tx, repo::RESET_ADDRESS_BUCKET, &context::client_ip(), repo::RESETS_PER_ADDRESS_HOUR).await?
        || limited(&mut tx, repo::RESET_ACCOUNT_BUCKET, &email, repo::RESETS_PER_ACCOUNT_HOUR).await?;
    if refused {
        tx.commit().await?;
        return Err(AppError::TooManyRequests { message: "Too many reset requests. Wait an hour and try again, or ask your administrator.".into() });
    }
    enqueue(&mut tx, NewJob::new(super::types::PASSWORD_RESET_JOB, json!({ "email": email }))).await?;
    tx.commit().await?;
    Ok(RESET_SENT.to_owned())
}

/// The queue's `PASSWORD_RESET_JOB`: a new single-use link for the address's account (the
/// earlier ones stop working), mailed; nothing for an address without one.
#[cfg(feature = "ssr")]
pub async fn send_password_reset(platform: &crate::platform::context::Platform, payload: &serde_json::Value) -> Result<(), String> {
    let email = payload.get("email").and_then(|email| email.as_str()).ok_or("unreadable payload")?;
    let run = async {
        let mut tx = platform.db.write().begin().await?;
        let Some(user) = repo::user_by_email(&mut tx, email).await? else { return Ok(()) };
        let token = tokens::new_token();
        repo::replace_password_reset(&mut tx, user.id, &tokens::hash(&token)).await?;
        let mail = Mail {
            to: user.email.clone(),
            subject: "Choose a new Hirevoo password".into(),
            body: format!(
                "Someone asked to reset the password of your Hirevoo account.\n\nChoose a new password here (the link works once, for 30 minutes):\n{}/reset-password?token={token}\n\nIf it was not you, ignore this message: your password stays as it is.",
                platform.settings.public_url
            ),
            html: None,
            ..Mail::default()
        };
        platform.mailer.send(&mut tx, mail).await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    };
    run.await.map_err(|error| error.to_string())
}

#[server]
pub async fn reset_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    let platform = platform()?;
    let invalid_link = || AppError::Invalid { field: None, message: "This reset link is invalid, used or expired. Ask for a new one.".into() };
    if !tokens::well_formed(&token) {
        return Err(invalid_link());
    }
    validate::new_password("password", &password, &confirm)?;
    let mut tx = platform.db.write().begin().await?;
    let reset: Option<(Uuid, Uuid)> = sqlx::query_as(
        "select id, user_id from password_resets
         where token_hash = $1 and used_at is null and expires_at > now() for update",
    )
    .bind(tokens::hash(&token))
    .fetch_optional(&mut *tx)
    .await?;
    let (reset_id, user_id) = reset.ok_or_else(invalid_link)?;
    let hash = platform.hasher.hash(password).await?;
    repo::set_password(&mut tx, user_id, &hash).await?;
    sqlx::query("update password_resets set used_at = now() where id = $1").bind(reset_id).execute(&mut *tx).await?;
    session::revoke_all(&mut tx, user_id, None).await?;
    audit::record(&mut tx, audit::Entry { tenant_id: None, actor_id: Some(user_id), action: "password.reset", target: format!("user:{user_id}"), details: json!({}) }).await?;
    tx.commit().await?;
    session::clear_cookie(&platform.settings);
    leptos_axum::redirect("/sign-in?reset=done");
    Ok(())
}

/// Changes the signed-in person's password, given the current one. Every session of theirs
/// ends but a new one for this browser: whoever else held one is signed out.
#[server]
pub async fn change_password(current: String, password: String, confirm: String) -> Result<String, AppError> {
    let platform = platform()?;
    let user = session::require(&platform).await?;
    validate::new_password("password", &password, &confirm)?;
    attempts::confirm_password(&platform, &user, "current", current).await?;
    let hash = platform.hasher.hash(password).await?;
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user.user_id)).await?;
    repo::set_password(&mut tx, user.user_id, &hash).await?;
    session::revoke_all(&mut tx, user.user_id, None).await?;
    session::start(&mut tx, &platform, user.user_id, user.tenant.as_ref().map(|t| t.id), user.role).await?;
    audit::record(&mut tx, audit::Entry {
        tenant_id: user.tenant.as_ref().map(|t| t.id),
        actor_id: Some(user.user_id),
        action: "password.change",
        target: format!("user:{}", user.user_id),
        details: json!({}),
    })
    .await?;
    tx.commit().await?;
    Ok("Your password is changed. You are still signed in here, and signed out everywhere else.".to_owned())
}

/// The members and pending invitations of the admin's organization.
#[server]
pub async fn list_members() -> Result<MembersPage, AppError> {
    let mut ctx = Ctx::admin(Access::Read).await?;
    let members = repo::members(&mut ctx.tx, ctx.tenant_id).await?;
    let invitations = repo::pending_invitations(&mut ctx.tx, ctx.tenant_id).await?;
    let two_step = super::two_step::repo::requirement(&mut ctx.tx, ctx.tenant_id).await?;
    ctx.commit().await?;
    Ok(MembersPage { members, invitations, two_step })
}

#[cfg(feature = "ssr")]
fn tenant_role(field: &str, value: &str) -> Result<Role, AppError> {
    value
        .parse::<Role>()
        .ok()
        .filter(|role| Role::TENANT_ROLES.contains(role))
        .ok_or_else(|| AppError::invalid(field, "Choose one of the roles in the list."))
}

#[server]
pub async fn invite_member(email: String, role: String) -> Result<String, AppError> {
    let mut ctx = Ctx::admin(Access::Write).await?;
    let email = validate::email("email", &email)?;
    let role = tenant_role("role", &role)?;
    if repo::is_member(&mut ctx.tx, ctx.tenant_id, &email).await? {
        return Err(AppError::conflict("email", "This person is already a member of your organization."));
    }
    super::invitations::send_invitation(&ctx.platform, &mut ctx.tx, ctx.tenant_id, &email, role, Some(ctx.user.user_id)).await?;
    ctx.commit().await?;
    Ok(format!("Invitation sent to {email}."))
}


#[server]
pub async fn change_member_role(membership_id: Uuid, role: String) -> Result<(), AppError> {
    let mut ctx = Ctx::admin(Access::Write).await?;
    let role = tenant_role("role", &role)?;
    let member = repo::member(&mut ctx.tx, ctx.tenant_id, membership_id).await?;
    if member.role == Role::TenantAdmin && role != Role::TenantAdmin && repo::admin_count(&mut ctx.tx, ctx.tenant_id).await? <= 1 {
        return Err(AppError::conflict("role", "An organization needs at least one admin. Make someone else an admin first."));
    }
    sqlx::query("update memberships set role = $1 where id = $2 and tenant_id = $3")
        .bind(role.as_str())
        .bind(membership_id)
        .bind(ctx.tenant_id)
        .execute(&mut *ctx.tx)
        .await?;
    // Sessions carry the role: they follow the change at once.
    sqlx::query("update sessions set role = $1 where user_id = $2 and tenant_id = $3 and revoked_at is null")
        .bind(role.as_str())
        .bind(member.user_id)
        .bind(ctx.tenant_id)
        .execute(&mut *ctx.tx)
        .await?;
    ctx.audit("member.change_role", format!("membership:{membership_id}"), json!({ "from": member.role.as_str(), "to": role.as_str() }))
    .await?;
    ctx.commit().await?;
    Ok(())
}

#[server]
pub async fn remove_member(membership_id: Uuid) -> Result<(), AppError> {
    let mut ctx = Ctx::admin(Access::Write).await?;
    let member = repo::member(&mut ctx.tx, ctx.tenant_id, membership_id).await?;
    if member.user_id == ctx.user.user_id {
        return Err(AppError::Invalid { field: None, message: "You cannot remove yourself. Ask another admin.".into() });
    }
    sqlx::query("delete from memberships where id = $1 and tenant_id = $2").bind(membership_id).bind(ctx.tenant_id).execute(&mut *ctx.tx).await?;
    session::revoke_all(&mut ctx.tx, member.user_id, Some(ctx.tenant_id)).await?;
    ctx.audit("member.remove", format!("membership:{membership_id}"), json!({ "email": member.email, "role": member.role.as_str() }))
    .await?;
    ctx.commit().await?;
    Ok(())
}

#[server]
pub async fn revoke_invitation(invitation_id: Uuid) -> Result<(), AppError> {
    let mut ctx = Ctx::admin(Access::Write).await?;
    let revoked = sqlx::query(
        "update member_invitations set revoked_at = now()
         where id = $1 and tenant_id = $2 and accepted_at is null and revoked_at is null",
    )
    .bind(invitation_id)
    .bind(ctx.tenant_id)
    .execute(&mut *ctx.tx)
    .await?;
    if revoked.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    ctx.audit("member.revoke_invitation", format!("invitation:{invitation_id}"), json!({}))
    .await?;
    ctx.commit().await?;
    Ok(())
}

#[cfg(feature = "ssr")]
fn invitation_unusable() -> AppError {
    AppError::Invalid {
        field: None,
        message: "This invitation link is invalid, expired, revoked or already used. Ask your administrator for a new one.".into(),
    }
}

#[server]
pub async fn get_invitation(token: String) -> Result<InvitationDetails, AppError> {
    let platform = platform()?;
    if !tokens::well_formed(&token) {
        return Err(invitation_unusable());
    }
    let mut tx = Db::begin(platform.db.write(), &Scope::InvitationToken(tokens::hash_hex(&token))).await?;
    let invitation = repo::invitation_by_token(&mut tx, &tokens::hash(&token)).await?.ok_or_else(invitation_unusable)?;
    let has_account = repo::user_by_email(&mut tx, &invitation.email).await?.is_some_and(|u| u.password_hash.is_some());
    tx.commit().await?;
    Ok(InvitationDetails {
        tenant_name: invitation.tenant_name,
        email: invitation.email,
        role: invitation.role.parse().map_err(AppError::internal)?,
        has_account,
    })
}

/// Joins the invitation's organization: a new account chooses a name and password,
/// an existing one confirms its password. Signs the person in.
#[server]
pub async fn accept_invitation(token: String, display_name: Option<String>, password: String, confirm: Option<String>) -> Result<(), AppError> {
    let platform = platform()?;
    if !tokens::well_formed(&token) {
        return Err(invitation_unusable());
    }
    let mut tx = Db::begin(platform.db.write(), &Scope::InvitationToken(tokens::hash_hex(&token))).await?;
    let invitation = repo::invitation_by_token(&mut tx, &tokens::hash(&token)).await?.ok_or_else(invitation_unusable)?;
    let role: Role = invitation.role.parse().map_err(AppError::internal)?;
    let user_id = match repo::user_by_email(&mut tx, &invitation.email).await? {
        Some(user) if user.password_hash.is_some() => {
            if !platform.hasher.verify(password, user.password_hash).await? {
                return Err(AppError::invalid("password", "That is not the password of this account."));
            }
            user.id
        }
        existing => {
            let name = validate::name("display_name", "name", display_name.as_deref().unwrap_or_default())?;
            validate::new_password("password", &password, confirm.as_deref().unwrap_or_default())?;
            let hash = platform.hasher.hash(password).await?;
            let id = existing.map(|user| user.id).unwrap_or_else(Uuid::now_v7);
            sqlx::query(
                "insert into users (id, email, display_name, password_hash) values ($1, $2, $3, $4)
                 on conflict (id) do update set display_name = excluded.display_name, password_hash = excluded.password_hash, updated_at = now()",
            )
            .bind(id)
            .bind(&invitation.email)
            .bind(name)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    Db::enter_tenant(&mut tx, invitation.tenant_id).await?;
    sqlx::query(
        "insert into memberships (id, tenant_id, user_id, role) values ($1, $2, $3, $4)
         on conflict (tenant_id, user_id) do nothing",
    )
    .bind(Uuid::now_v7())
    .bind(invitation.tenant_id)
    .bind(user_id)
    .bind(role.as_str())
    .execute(&mut *tx)
    .await?;
    sqlx::query("update member_invitations set accepted_at = now() where id = $1").bind(invitation.id).execute(&mut *tx).await?;
    audit::record(&mut tx, audit::Entry {
        tenant_id: Some(invitation.tenant_id),
        actor_id: Some(user_id),
        action: "member.join",
        target: format!("invitation:{}", invitation.id),
        details: json!({ "role": role.as_str() }),
    })
    .await?;
    session::start(&mut tx, &platform, user_id, Some(invitation.tenant_id), role).await?;
    tx.commit().await?;
    leptos_axum::redirect("/");
    Ok(())
}
