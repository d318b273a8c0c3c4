//! The seekers' background jobs: saved searches' email alerts.

use super::repo;
use crate::job_board::repo::{search, Search};
use crate::job_board::types::Sort;
use crate::platform::context::Platform;
use crate::platform::db::{Db, Scope};
use crate::platform::jobs::{registered, Job, RegisteredJob};
use crate::platform::mail::Mail;
use crate::platform::queue::ClaimedJob;
use crate::platform::AppError;

/// Alerts taken at a time, each batch in its own transaction.
const BATCH: i64 = 100;

/// Mails each saved search that is due the jobs posted since its last alert that it never sent
/// before (a job reposted or edited is not sent again), newest first.
pub struct SendAlerts;

impl Job for SendAlerts {
    const KIND: &'static str = "seekers.send_alerts";
    // Hourly: a daily alert goes out about a day after the last, whenever it was saved.
    const SCHEDULE: Option<&'static str> = Some("0 50 * * * *");

    async fn run(platform: &Platform, _: &ClaimedJob) -> Result<(), String> {
        let sent = send_alerts(platform).await.map_err(|e| e.to_string())?;
        if sent > 0 {
            tracing::info!(sent, "mailed saved searches' new jobs");
        }
        Ok(())
    }
}

/// Returns how many alerts were mailed.
pub async fn send_alerts(platform: &Platform) -> Result<usize, AppError> {
    let base = &platform.settings.public_url;
    let mut mailed = 0;
    loop {
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        let due = repo::due_alerts(&mut tx, BATCH).await?;
        for alert in &due {
            // The seeker's hidden jobs stay hidden in their alerts.
            Db::enter_user(&mut tx, alert.user_id).await?;
            let mut wanted = Search::from_params(&alert.params);
            wanted.for_seeker = true;
            wanted.posted_after = Some(alert.since);
            wanted.not_sent_by = Some(alert.id);
            let (jobs, total) = search(&mut tx, &wanted, Sort::Newest, 1).await?;
            if !jobs.is_empty() {
                let lines: Vec<String> = jobs.iter().map(|job| format!("- {} at {} ({})\n  {base}/jobs-board/{}", job.title, job.company, job.location, job.id)).collect();
                let more = if total > jobs.len() as i64 { format!("\nSee them all: {base}/jobs-board?{}&sort=newest\n", alert.params.query_string(1)) } else { String::new() };
                let subject = match jobs.len() {
                    1 => format!("1 new job for “{}”", alert.name),
                    n => format!("{n} new jobs for “{}”", alert.name),
                };
                let body = format!(
                    "New on Hirevoo Jobs for your saved search “{}”:\n\n{}\n{more}\nChange or stop this alert on your home page: {base}/\n",
                    alert.name,
                    lines.join("\n")
                );
                platform.mailer.send(&mut tx, Mail { to: alert.email.clone(), subject, body, ..Mail::default() }).await?;
                mailed += 1;
            }
            let ids: Vec<_> = jobs.iter().map(|job| job.id).collect();
            repo::alert_sent(&mut tx, alert, &ids).await?;
        }
        tx.commit().await?;
        if (due.len() as i64) < BATCH {
            return Ok(mailed);
        }
    }
}

pub const JOBS: &[RegisteredJob] = &[registered::<SendAlerts>()];
