//! Sending a notification: what each feature calls, in its own transaction, so that a
//! notification exists exactly when what it announces does.

use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

use super::repo;
use super::templates::render;
use super::types::{EmailChoice, NotificationKind};
use crate::platform::queue::{self, NewJob};
use crate::platform::AppError;

pub const DELIVER_JOB: &str = "notifications.deliver";
pub const DIGEST_JOB: &str = "notifications.digest";
/// Enough attempts, with the queue's doubling backoff capped at an hour, to outlast a mail
/// server that is down for more than an hour.
pub const DELIVERY_ATTEMPTS: i32 = 14;

/// Notifies `recipients` (user ids; those not staff members of the tenant are skipped) in the
/// caller's transaction: an in-app notification and/or an email delivery per each person's
/// preferences, emails through the queue. `vars` is a JSON object with the kind's template
/// variables; `link` a path such as "/applications/{id}".
pub async fn notify(conn: &mut PgConnection, tenant_id: Uuid, recipients: &[Uuid], kind: NotificationKind, vars: Value, link: &str) -> Result<(), AppError> {
    if recipients.is_empty() {
        return Ok(());
    }
    let people = repo::recipients(&mut *conn, tenant_id, recipients, kind).await?;
    if people.is_empty() {
        return Ok(());
    }
    let (wording, _) = repo::wording(&mut *conn, tenant_id, kind).await?;
    // A tenant's wording that fails here still leaves the notification readable.
    let (title, body) = match render(&wording, &vars, link) {
        Ok(rendered) => (rendered.subject, rendered.text),
        Err((part, error)) => {
            tracing::warn!(kind = kind.as_str(), part, %error, "a notification template failed; using the built-in one");
            let rendered = render(&super::templates::default_wording(kind), &vars, link).map_err(AppError::internal)?;
            (rendered.subject, rendered.text)
        }
    };
    let title: String = title.chars().take(300).collect();
    let body: String = body.lines().next().unwrap_or_default().chars().take(4000).collect();
    for (user_id, in_app, email) in people {
        let notification_id = if in_app { Some(repo::insert_notification(&mut *conn, tenant_id, user_id, kind, &title, &body, link).await?) } else { None };
        let channel = match email {
            EmailChoice::Off => continue,
            EmailChoice::Instant => "email",
            EmailChoice::Digest => "digest",
        };
        let delivery_id = repo::insert_delivery(&mut *conn, tenant_id, user_id, notification_id, kind, channel, &vars, link).await?;
        if email == EmailChoice::Instant {
            let job = NewJob::new(DELIVER_JOB, json!({ "tenant_id": tenant_id, "delivery_id": delivery_id })).attempts(DELIVERY_ATTEMPTS);
            queue::enqueue(&mut *conn, job).await?;
        }
    }
    Ok(())
}
