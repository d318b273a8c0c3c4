//! The pipeline's background jobs: following up a submitted test, and emails to candidates.

use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::repo;
use crate::assessments::events::AssessmentSubmitted;
use crate::platform::context::Platform;
use crate::platform::db::Db;
use crate::platform::events::Subscription;
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::mail::{Attachment, Mail};
use crate::platform::queue::ClaimedJob;
use crate::platform::AppError;

#[derive(Deserialize)]
struct CandidateEmail {
    tenant_id: Uuid,
    to: String,
    subject: String,
    body: String,
    #[serde(default)]
    attachments: Vec<Attachment>,
}

fn read<T: for<'de> Deserialize<'de>>(payload: &Value) -> Result<T, String> {
    serde_json::from_value(payload.clone()).map_err(|e| format!("unreadable payload: {e}"))
}

async fn in_tenant<F>(platform: &Platform, tenant_id: Uuid, work: F) -> Result<(), AppError>
where
    F: for<'c> FnOnce(&'c mut sqlx::PgConnection) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), AppError>> + Send + 'c>>,
{
    let mut tx = Db::begin_in_tenant(platform.db.write(), tenant_id).await?;
    work(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn assessment_submitted(platform: &Platform, payload: &Value) -> Result<(), String> {
    let job: AssessmentSubmitted = read(payload)?;
    in_tenant(platform, job.tenant_id, |conn| Box::pin(repo::assessment_submitted(conn, job.tenant_id, job.session_id, !job.regraded)))
        .await
        .map_err(|e| e.to_string())
}

/// Sends one email to a candidate; a failure is retried by the queue.
pub async fn candidate_email(platform: &Platform, payload: &Value) -> Result<(), String> {
    let job: CandidateEmail = read(payload)?;
    let mail = Mail { to: job.to, subject: job.subject, body: job.body, html: None, attachments: job.attachments };
    let mailer = platform.mailer.clone();
    in_tenant(platform, job.tenant_id, move |conn| Box::pin(async move { mailer.send(conn, mail).await }))
        .await
        .map_err(|e| e.to_string())
}

/// Follows up a graded test tied to an application: match scores, open boards and, on
/// submission, the hiring team's notification.
pub struct FollowUpGradedTest;

impl Job for FollowUpGradedTest {
    const KIND: &'static str = repo::ASSESSMENT_SUBMITTED_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        assessment_submitted(platform, &job.payload).await
    }
}

inventory::submit! { Subscription::new::<AssessmentSubmitted, FollowUpGradedTest>() }

pub struct SendCandidateEmail;

impl Job for SendCandidateEmail {
    const KIND: &'static str = repo::CANDIDATE_EMAIL_JOB;

    async fn run(platform: &Platform, job: &ClaimedJob) -> Result<(), String> {
        candidate_email(platform, &job.payload).await
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<FollowUpGradedTest>(), registered::<SendCandidateEmail>()];
