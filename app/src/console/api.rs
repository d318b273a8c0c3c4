use leptos::prelude::*;

use super::types::OutboxMail;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    crate::platform::{
        context::{platform, Access, Ctx},
        session, Role,
    },
    uuid::Uuid,
};

/// The newest mail kept by the development outbox.
#[server]
pub async fn list_outbox() -> Result<Vec<OutboxMail>, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let rows: Vec<(Uuid, String, String, String, chrono::DateTime<chrono::Utc>)> =
        sqlx::query_as("select id, to_address, subject, body, created_at from outbox order by id desc limit 100")
            .fetch_all(&mut *ctx.tx)
            .await?;
    ctx.commit().await?;
    Ok(rows.into_iter().map(|(id, to_address, subject, body, created_at)| OutboxMail { id, to_address, subject, body, created_at }).collect())
}

/// The background queue at a glance: counts, and the jobs of each group.
#[server]
pub async fn list_jobs() -> Result<super::types::JobsOverview, AppError> {
    use super::types::{BackgroundJob, JobCounts, JobsOverview, JOBS_PER_GROUP};
    use crate::platform::queue::{self, JobRow, JobState};
    let platform = platform()?;
    session::require_role(&platform, &[Role::Superadmin]).await?;
    // The queue changes by the second, and a retry must show at once: read the primary.
    let mut tx = queue::platform_tx(platform.db.write()).await?;
    let to_view = |rows: Vec<JobRow>| -> Vec<BackgroundJob> {
        rows.into_iter()
            .map(|row| BackgroundJob {
                tenant_id: row.tenant_id(),
                id: row.id,
                kind: row.kind,
                attempts: row.attempts,
                max_attempts: row.max_attempts,
                run_at: row.run_at,
                locked_until: row.locked_until,
                locked_by: row.locked_by,
                last_error: row.last_error,
                created_at: row.created_at,
                tenant_name: row.tenant,
            })
            .collect()
    };
    let counts = queue::counts(&mut tx).await?;
    let overview = JobsOverview {
        counts: JobCounts { ready: counts.ready, scheduled: counts.scheduled, running: counts.running, failed: counts.failed, dead: counts.dead },
        queued: to_view(queue::list(&mut tx, &[JobState::Ready, JobState::Scheduled], JOBS_PER_GROUP).await?),
        running: to_view(queue::list(&mut tx, &[JobState::Running], JOBS_PER_GROUP).await?),
        failed: to_view(queue::list(&mut tx, &[JobState::Failed], JOBS_PER_GROUP).await?),
        dead: to_view(queue::list(&mut tx, &[JobState::Dead], JOBS_PER_GROUP).await?),
    };
    tx.commit().await?;
    Ok(overview)
}

/// Runs a dead or failed job again now.
#[server]
pub async fn retry_job(id: i64) -> Result<(), AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    crate::platform::queue::retry(&mut ctx.tx, id, ctx.user.user_id).await?;
    ctx.commit().await?;
    Ok(())
}

/// Deletes a job that is not running.
#[server]
pub async fn discard_job(id: i64) -> Result<(), AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    crate::platform::queue::discard(&mut ctx.tx, id, ctx.user.user_id).await?;
    ctx.commit().await?;
    Ok(())
}
