//! The seekers' server functions: signing up, and what a signed-in seeker keeps of the board.
//! Each runs in the seeker's own scope (`Ctx::seeker`): no tenant's rows, no other seeker's.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::job_board::types::BoardParams;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::platform::context::{platform, Access, Ctx},
    crate::platform::{tokens, validate},
};

/// How long a sign-up's link works.
#[cfg(feature = "ssr")]
const SIGN_UP_HOURS: i32 = 24;
#[cfg(feature = "ssr")]
const SIGN_UP_BUCKET: &str = "seekers.sign_up";
/// Sign-ups one network address may send an hour.
#[cfg(feature = "ssr")]
const SIGN_UPS_PER_HOUR: i64 = 10;

/// What a sign-up answers, whether or not the address had an account.
pub const SIGN_UP_SENT: &str = "Check your email: we sent a link to confirm your address. It works for 24 hours.";

/// Signs a job seeker up. Nothing exists until they confirm the address from their mailbox;
/// a known address is told so by mail instead, and the page answers the same either way.
#[server]
pub async fn sign_up(display_name: String, email: String, password: String, confirm: String) -> Result<String, AppError> {
    use crate::platform::mail::Mail;
    let platform = platform()?;
    let name = validate::name("display_name", "name", &display_name)?;
    let email = validate::email("email", &email)?;
    validate::new_password("password", &password, &confirm)?;
    // Hashed whether or not the address is known: both answers take the same time.
    let hash = platform.hasher.hash(password).await?;
    let mut tx = platform.db.write().begin().await?;
    if crate::platform::rate_limit::limited(&mut tx, SIGN_UP_BUCKET, &crate::platform::context::client_ip(), SIGN_UPS_PER_HOUR).await? {
        return Err(AppError::TooManyRequests { message: "Too many sign-ups from your network. Try again in an hour.".into() });
    }
    let base = &platform.settings.public_url;
    let mail = if crate::identity::repo::user_by_email(&mut tx, &email).await?.is_some() {
        Mail {
            to: email.clone(),
            subject: "Your Hirevoo account".into(),
            body: format!(
                "Someone (perhaps you) tried to sign up for Hirevoo Jobs with this address, which already has an account.\n\n\
                 Sign in: {base}/sign-in\nForgot your password? {base}/forgot-password\n\nIf it was not you, you can ignore this mail."
            ),
            ..Mail::default()
        }
    } else {
        let token = tokens::new_token();
        repo::add_sign_up(&mut tx, &tokens::hash(&token), &email, &name, &hash, SIGN_UP_HOURS).await?;
        Mail {
            to: email.clone(),
            subject: "Confirm your email address".into(),
            body: format!(
                "Hello {name},\n\nConfirm your address to finish signing up for Hirevoo Jobs:\n{base}/sign-up/confirm?token={token}\n\n\
                 The link works once, for 24 hours, with the password you chose. If you did not sign up, you can ignore this mail."
            ),
            ..Mail::default()
        }
    };
    platform.mailer.send(&mut tx, mail).await?;
    tx.commit().await?;
    // The page loads no application code: the form's post comes back to it, saying so.
    leptos_axum::redirect("/sign-up?sent=1");
    Ok(SIGN_UP_SENT.to_owned())
}

/// Confirms a sign-up: the link from the mailbox and the password chosen make the account,
/// and sign the seeker in.
#[server]
pub async fn confirm_sign_up(token: String, password: String) -> Result<(), AppError> {
    use crate::platform::db::{Db, Scope};
    let platform = platform()?;
    let unusable = || AppError::invalid("token", "This link does not work any more. Sign up again to get a new one.");
    if !tokens::well_formed(&token) {
        return Err(unusable());
    }
    let hash = tokens::hash(&token);
    let mut look = platform.db.write().begin().await?;
    let (_, _, password_hash) = repo::sign_up(&mut look, &hash, false).await?.ok_or_else(unusable)?;
    look.commit().await?;
    if !platform.hasher.verify(password, Some(password_hash)).await? {
        return Err(AppError::invalid("password", "That is not the password you chose when you signed up."));
    }
    let user_id = Uuid::now_v7();
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user_id)).await?;
    let (email, name, password_hash) = repo::sign_up(&mut tx, &hash, true).await?.ok_or_else(unusable)?;
    if crate::identity::repo::user_by_email(&mut tx, &email).await?.is_some() {
        return Err(AppError::invalid("token", "This address has an account already: sign in instead."));
    }
    repo::create(&mut tx, user_id, &email, &name, &password_hash).await?;
    crate::platform::audit::record(&mut tx, crate::platform::audit::Entry {
        tenant_id: None,
        actor_id: Some(user_id),
        action: "seeker.sign_up",
        target: format!("user:{user_id}"),
        details: serde_json::json!({}),
    })
    .await?;
    crate::platform::session::start(&mut tx, &platform, user_id, None, crate::platform::Role::Seeker).await?;
    tx.commit().await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Saves a job on the board for later, or forgets it.
#[server]
pub async fn save_job(job_id: Uuid, saved: bool) -> Result<(), AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    if saved && !repo::job_listed(&mut ctx.tx, job_id).await? {
        return Err(AppError::NotFound);
    }
    let user_id = ctx.user.user_id;
    repo::set_saved(&mut ctx.tx, user_id, job_id, saved).await?;
    ctx.commit().await
}

/// Hides a job from the seeker's searches, or shows it again.
#[server]
pub async fn hide_job(job_id: Uuid, hidden: bool) -> Result<(), AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    if hidden && !repo::job_listed(&mut ctx.tx, job_id).await? {
        return Err(AppError::NotFound);
    }
    let user_id = ctx.user.user_id;
    repo::set_hidden(&mut ctx.tx, user_id, job_id, hidden).await?;
    ctx.commit().await
}

/// Shows every hidden job again.
#[server]
pub async fn show_hidden_jobs() -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let user_id = ctx.user.user_id;
    let shown = repo::unhide_all(&mut ctx.tx, user_id).await?;
    ctx.commit().await?;
    Ok(match shown {
        1 => "1 job is back in your searches.".to_owned(),
        n => format!("{n} jobs are back in your searches."),
    })
}

/// Saves the board's search under a name, with an email alert of the jobs new to it.
#[server]
pub async fn save_search(#[server(default)] params: BoardParams, name: String, alert: String) -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let alert: Alert = alert.parse().map_err(|_| AppError::invalid("alert", "Choose how often to be emailed."))?;
    let name = match name.trim() {
        "" => params.label(),
        name => name.to_owned(),
    };
    if name.chars().count() > MAX_SEARCH_NAME {
        return Err(AppError::invalid("name", "The name can be at most 100 characters."));
    }
    if params.query_string(1).chars().count() > 1000 {
        return Err(AppError::invalid("name", "This search is too long to save."));
    }
    let user_id = ctx.user.user_id;
    if let Err(message) = repo::save_search(&mut ctx.tx, user_id, &name, &params, alert).await? {
        return Err(AppError::invalid("name", message));
    }
    ctx.commit().await?;
    Ok(match alert {
        Alert::Off => format!("Saved “{name}”."),
        Alert::Daily => format!("Saved “{name}”: we will email you its new jobs each day."),
        Alert::Weekly => format!("Saved “{name}”: we will email you its new jobs each week."),
    })
}

/// Changes how often a saved search emails.
#[server]
pub async fn change_alert(id: Uuid, alert: String) -> Result<(), AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let alert: Alert = alert.parse().map_err(|_| AppError::invalid("alert", "Choose how often to be emailed."))?;
    let user_id = ctx.user.user_id;
    if !repo::set_alert(&mut ctx.tx, user_id, id, alert).await? {
        return Err(AppError::NotFound);
    }
    ctx.commit().await
}

#[server]
pub async fn delete_saved_search(id: Uuid) -> Result<(), AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let user_id = ctx.user.user_id;
    if !repo::delete_saved_search(&mut ctx.tx, user_id, id).await? {
        return Err(AppError::NotFound);
    }
    ctx.commit().await
}

/// The seeker's home: applications, saved jobs and searches, recent searches, how many jobs they hid.
#[server]
pub async fn read_seeker_home() -> Result<SeekerHome, AppError> {
    let mut ctx = Ctx::seeker(Access::Read).await?;
    let user_id = ctx.user.user_id;
    let applications = repo::applications(&mut ctx.tx, user_id).await?;
    let tests = repo::tests(&mut ctx.tx, user_id).await?;
    let mut interviews = repo::interviews(&mut ctx.tx, user_id).await?;
    for interview in &mut interviews {
        interview.when = crate::interviews::calendar::written(interview.starts_at, &interview.time_zone);
    }
    let saved_jobs = crate::job_board::repo::saved_by_seeker(&mut ctx.tx).await?;
    let saved_searches = repo::saved_searches(&mut ctx.tx, user_id).await?;
    let recent_searches = repo::recent_searches(&mut ctx.tx, user_id, 10).await?;
    let hidden_jobs = repo::hidden_count(&mut ctx.tx, user_id).await?;
    ctx.commit().await?;
    Ok(SeekerHome { applications, tests, interviews, now: chrono::Utc::now(), saved_jobs, saved_searches, recent_searches, hidden_jobs })
}

/// Opens a test an organization sent for one of the seeker's applications: a new link replaces
/// the mailed one (the seeker's address is the candidate's, confirmed) and the browser goes there.
#[server]
pub async fn open_test(id: Uuid) -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let user_id = ctx.user.user_id;
    let (tenant_id, open) = repo::test_to_open(&mut ctx.tx, user_id, id).await?.ok_or(AppError::NotFound)?;
    let begun = || AppError::invalid("id", "This test was begun, withdrawn or has expired: continue it where you began it, or ask the organization for a new one.");
    if !open {
        return Err(begun());
    }
    // The seeker's own record of the test is what allows this one statement in the organization's scope.
    crate::platform::db::Db::enter_tenant(&mut ctx.tx, tenant_id).await?;
    let token = crate::assessments::repo::replace_link(&mut ctx.tx, tenant_id, id).await?.ok_or_else(begun)?;
    ctx.commit().await?;
    let path = format!("/take?token={token}");
    leptos_axum::redirect(&path);
    Ok(path)
}
