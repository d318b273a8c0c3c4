//! Notifications' server functions: each person reads and marks only their own; tenant admins
//! reword their tenant's templates.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    super::templates::{self, Wording},
    crate::platform::context::{Access, Ctx},
};

#[cfg(feature = "ssr")]
fn kind_from(text: &str, field: &str) -> Result<NotificationKind, AppError> {
    NotificationKind::parse(text).ok_or_else(|| AppError::invalid(field, "Choose one of the kinds of notification."))
}

/// One page of the signed-in member's notifications, of one kind (or all) and unread only or all.
#[server]
pub async fn notification_list(#[server(default)] kind: String, #[server(default)] unread: bool, #[server(default)] page: Option<i64>) -> Result<Inbox, AppError> {
    let kind = if kind.is_empty() { None } else { Some(kind_from(&kind, "kind")?) };
    let page = page.unwrap_or(1);
    if page < 1 {
        return Err(AppError::invalid("page", "Pages start at 1."));
    }
    // The primary: a notification just marked read must not come back unread.
    let mut ctx = Ctx::staff(Access::Write).await?;
    let list = repo::list(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, kind, unread, page).await?;
    ctx.commit().await?;
    Ok(list)
}

/// How many of the signed-in member's notifications are unread, for the bell.
#[server]
pub async fn unread_notifications() -> Result<i64, AppError> {
    let mut ctx = Ctx::staff(Access::Write).await?;
    let count = repo::unread_count(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id).await?;
    ctx.commit().await?;
    Ok(count)
}

#[server]
pub async fn mark_notification_read(id: Uuid) -> Result<(), AppError> {
    let mut ctx = Ctx::staff(Access::Write).await?;
    repo::mark_read(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, id).await?;
    ctx.commit().await?;
    Ok(())
}

#[server]
pub async fn mark_all_notifications_read() -> Result<u64, AppError> {
    let mut ctx = Ctx::staff(Access::Write).await?;
    let count = repo::mark_all_read(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id).await?;
    ctx.commit().await?;
    Ok(count)
}

#[server]
pub async fn notification_preferences() -> Result<Vec<Preference>, AppError> {
    let mut ctx = Ctx::staff(Access::Write).await?;
    let preferences = repo::preferences(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id).await?;
    ctx.commit().await?;
    Ok(preferences)
}

/// Saves the member's choices: `in_app` lists the kinds to show in the app; `email` holds
/// `kind:choice` for each kind (instant, digest or off).
#[server]
pub async fn save_notification_preferences(#[server(default)] in_app: Vec<String>, #[server(default)] email: Vec<String>) -> Result<(), AppError> {
    if in_app.len() > 50 || email.len() > 50 {
        return Err(AppError::invalid("email", "Too many choices."));
    }
    for kind in &in_app {
        kind_from(kind, "in_app")?;
    }
    let mut preferences = Vec::new();
    for kind in NotificationKind::ALL {
        let choice = match email.iter().find_map(|e| e.strip_prefix(kind.as_str()).and_then(|rest| rest.strip_prefix(':'))) {
            Some(choice) => EmailChoice::parse(choice).ok_or_else(|| AppError::invalid("email", "Choose instant, digest or no email."))?,
            None => EmailChoice::Instant,
        };
        preferences.push(Preference { kind, in_app: in_app.iter().any(|k| k == kind.as_str()), email: choice });
    }
    let mut ctx = Ctx::staff(Access::Write).await?;
    repo::save_preferences(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, &preferences).await?;
    ctx.commit().await?;
    Ok(())
}

/// Every kind's wording as the tenant uses it. Tenant admins only.
#[server]
pub async fn notification_templates() -> Result<Vec<Template>, AppError> {
    let mut ctx = Ctx::admin(Access::Read).await?;
    let mut list = Vec::new();
    for kind in NotificationKind::ALL {
        let (wording, customized) = repo::wording(&mut ctx.tx, ctx.tenant_id, kind).await?;
        list.push(Template {
            kind,
            subject: wording.subject,
            text_body: wording.text_body,
            html_body: wording.html_body,
            customized,
            variables: templates::variables(kind).iter().map(|v| (*v).to_owned()).collect(),
        });
    }
    ctx.commit().await?;
    Ok(list)
}

#[cfg(feature = "ssr")]
fn checked_wording(kind: NotificationKind, subject: String, text_body: String, html_body: String) -> Result<(Wording, templates::Rendered), AppError> {
    let limits = [("subject", &subject, 500), ("text_body", &text_body, 20_000), ("html_body", &html_body, 40_000)];
    for (field, value, max) in limits {
        if value.trim().is_empty() || value.chars().count() > max {
            return Err(AppError::invalid(field, format!("Write 1 to {max} characters.")));
        }
    }
    let wording = Wording { subject, text_body, html_body };
    let sample = templates::check(kind, &wording)?;
    Ok((wording, sample))
}

/// Saves the tenant's wording of a kind after rendering it with sample values; returns the
/// rendered subject, text and HTML.
#[server]
pub async fn save_notification_template(kind: String, subject: String, text_body: String, html_body: String) -> Result<(String, String, String), AppError> {
    let kind = kind_from(&kind, "kind")?;
    let (wording, sample) = checked_wording(kind, subject, text_body, html_body)?;
    let mut ctx = Ctx::admin(Access::Write).await?;
    repo::save_wording(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, kind, &wording).await?;
    ctx.audit("notification.template", format!("notification_template:{}", kind.as_str()), serde_json::json!({ "subject": wording.subject }))
    .await?;
    ctx.commit().await?;
    Ok((sample.subject, sample.text, sample.html))
}

/// Goes back to the built-in wording of a kind.
#[server]
pub async fn reset_notification_template(kind: String) -> Result<(), AppError> {
    let kind = kind_from(&kind, "kind")?;
    let mut ctx = Ctx::admin(Access::Write).await?;
    repo::reset_wording(&mut ctx.tx, ctx.tenant_id, kind).await?;
    ctx.commit().await?;
    Ok(())
}
