//! Sending the emails: one delivery per job, retried by the queue with its status and error kept
//! on the delivery; and the daily digest, one email per person listing what waited for it.

use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use super::repo;
use super::templates::{default_wording, render, Rendered, Wording};
use super::types::NotificationKind;
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::mail::Mail;
use crate::platform::queue::ClaimedJob;
use crate::platform::AppError;

#[derive(Deserialize)]
struct Delivery {
    tenant_id: Uuid,
    delivery_id: Uuid,
}

fn url(platform: &Platform, link: &str) -> String {
    format!("{}{link}", platform.settings.public_url)
}

/// The tenant's wording rendered, or the built-in one when the tenant's fails.
fn rendered(wording: &Wording, kind: NotificationKind, vars: &Value, url: &str) -> Result<Rendered, AppError> {
    render(wording, vars, url).or_else(|_| render(&default_wording(kind), vars, url)).map_err(AppError::internal)
}

/// Sends one email delivery. A failure is recorded on the delivery and returned, so that the
/// queue tries again later; the last attempt marks it failed.
pub async fn deliver(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
    let Delivery { tenant_id, delivery_id } = serde_json::from_value(job.payload.clone()).map_err(|e| format!("unreadable payload: {e}"))?;
    let outcome = async {
        let mut tx = Db::begin_in_tenant(platform.db.write(), tenant_id).await?;
        let Some(delivery) = repo::pending_delivery(&mut tx, tenant_id, delivery_id).await? else {
            return Ok(());
        };
        let (wording, _) = repo::wording(&mut tx, tenant_id, delivery.kind).await?;
        let message = rendered(&wording, delivery.kind, &delivery.vars, &url(platform, &delivery.link))?;
        // A notification may carry files in its variables, such as an interview's calendar invitation.
        let attachments = delivery.vars.get("attachments").cloned().and_then(|files| serde_json::from_value(files).ok()).unwrap_or_default();
        let mail = Mail { to: delivery.email, subject: message.subject, body: message.text, html: Some(message.html), attachments };
        platform.mailer.send_now(&mut tx, mail).await?;
        repo::delivered(&mut tx, &[delivery_id]).await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(error) = &outcome {
        let last = job.attempts >= job.max_attempts;
        let recorded = async {
            let mut tx = Db::begin_in_tenant(platform.db.write(), tenant_id).await?;
            repo::attempt_failed(&mut tx, delivery_id, &error.to_string(), last).await?;
            tx.commit().await?;
            Ok::<_, AppError>(())
        };
        if let Err(record_error) = recorded.await {
            tracing::error!(?record_error, "could not record a failed delivery");
        }
    }
    outcome.map_err(|e| e.to_string())
}

/// One email per person with pending digest deliveries, listing them; each marked sent once its email went.
pub async fn send_digests(platform: &Platform) -> Result<usize, String> {
    let run = async {
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        let pending = repo::pending_digests(&mut tx).await?;
        let mut people: Vec<((Uuid, Uuid), Vec<(Uuid, NotificationKind, Value, String)>)> = Vec::new();
        for (id, tenant_id, user_id, kind, vars, link) in pending {
            match people.last_mut() {
                Some((key, items)) if *key == (tenant_id, user_id) => items.push((id, kind, vars, link)),
                _ => people.push(((tenant_id, user_id), vec![(id, kind, vars, link)])),
            }
        }
        let mut sent = 0;
        let mut failures = Vec::new();
        for ((tenant_id, user_id), items) in people {
            let mut lines = Vec::new();
            for (_, kind, vars, link) in &items {
                let (wording, _) = repo::wording(&mut tx, tenant_id, *kind).await?;
                let message = rendered(&wording, *kind, vars, &url(platform, link))?;
                lines.push(json!({ "title": message.subject, "url": url(platform, link) }));
            }
            let digest = Wording {
                subject: "Your Hirevoo digest: {{ items|length }} notification{% if items|length != 1 %}s{% endif %}".into(),
                text_body: "What happened since your last digest:\n\n{% for item in items %}- {{ item.title }}\n  {{ item.url }}\n{% endfor %}".into(),
                html_body: "<p>What happened since your last digest:</p>\n<ul>{% for item in items %}<li><a href=\"{{ item.url }}\">{{ item.title }}</a></li>{% endfor %}</ul>".into(),
            };
            let message = render(&digest, &json!({ "items": lines }), &platform.settings.public_url).map_err(AppError::internal)?;
            let ids: Vec<Uuid> = items.iter().map(|(id, ..)| *id).collect();
            let mail = Mail { to: repo::email_of(&mut tx, user_id).await?, subject: message.subject, body: message.text, html: Some(message.html), ..Mail::default() };
            match platform.mailer.send_now(&mut tx, mail).await {
                Ok(()) => {
                    repo::delivered(&mut tx, &ids).await?;
                    sent += 1;
                }
                Err(error) => {
                    for id in &ids {
                        repo::attempt_failed(&mut tx, *id, &error.to_string(), false).await?;
                    }
                    failures.push(error.to_string());
                }
            }
        }
        tx.commit().await?;
        Ok::<_, AppError>((sent, failures))
    };
    let (sent, failures) = run.await.map_err(|e| e.to_string())?;
    // Left pending, they go out when the queue retries this job.
    if let Some(error) = failures.first() {
        return Err(format!("{} digest(s) could not be sent: {error}", failures.len()));
    }
    Ok(sent)
}
