//! The demo pipeline: the demo applications moved on through their stages over the days since
//! they arrived (some rejected, one withdrawn), notes from the hiring team, and the demo test
//! results tied to the applications of the same people.

use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::DEMO_TENANT_SLUG;

/// How far the n-th application gets: the index of its last stage, and how it left.
fn progress(n: usize) -> (usize, &'static str) {
    const STEPS: [usize; 12] = [0, 1, 2, 1, 3, 2, 4, 0, 1, 3, 5, 2];
    let step = STEPS[n % STEPS.len()];
    match n % 9 {
        4 => (step.min(3), "rejected"),
        7 => (step.min(2), "withdrawn"),
        _ => (step, "active"),
    }
}

const NOTES: [&str; 4] = [
    "Strong portfolio; the systems design answers stood out. @admin worth a look before the panel.",
    "Phone screen went well: clear communicator, asked good questions about the team.",
    "Salary expectations are at the top of the band; flag before an offer.",
    "Referred by a former colleague; availability in four weeks.",
];

/// Moves the demo applications unless it was done. True when it ran.
pub async fn seed(platform: &Platform) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let tenant_id: Option<Uuid> = sqlx::query_scalar("select id from tenants where slug = $1").bind(DEMO_TENANT_SLUG).fetch_optional(&mut *tx).await?;
    let Some(tenant_id) = tenant_id else { return Ok(false) };
    Db::enter_tenant(&mut tx, tenant_id).await?;
    let moved: bool = sqlx::query_scalar("select exists (select 1 from stage_events where tenant_id = $1 and from_stage_id is not null)")
        .bind(tenant_id)
        .fetch_one(&mut *tx)
        .await?;
    if moved {
        return Ok(false);
    }
    let rita: Option<Uuid> = sqlx::query_scalar("select id from users where email = 'recruiter@acme.test'").fetch_optional(&mut *tx).await?;
    let applications: Vec<(Uuid, Uuid, DateTime<Utc>)> = sqlx::query_as(
        "select id, requisition_id, created_at from applications where tenant_id = $1 order by requisition_id, created_at, id",
    )
    .bind(tenant_id)
    .fetch_all(&mut *tx)
    .await?;
    let now = Utc::now();
    for (n, (application_id, requisition_id, applied_at)) in applications.iter().enumerate() {
        let stages: Vec<(Uuid, String, String)> = sqlx::query_as("select id, name, kind from requisition_stages where requisition_id = $1 order by position")
            .bind(requisition_id)
            .fetch_all(&mut *tx)
            .await?;
        let (last, exit) = progress(n);
        let last = last.min(stages.len() - 1);
        // The moves spread evenly between the application and now.
        let span = (now - *applied_at) / (last as i32 + 2);
        let mut at = *applied_at;
        for step in 1..=last {
            at += span;
            let (from, to) = (&stages[step - 1], &stages[step]);
            sqlx::query(
                "insert into stage_events (id, tenant_id, application_id, requisition_id, from_stage_id, to_stage_id, from_status, to_status,
                                           from_stage_name, to_stage_name, to_kind, actor_id, created_at)
                 values ($1, $2, $3, $4, $5, $6, 'active', 'active', $7, $8, $9, $10, $11)",
            )
            .bind(Uuid::now_v7())
            .bind(tenant_id)
            .bind(application_id)
            .bind(requisition_id)
            .bind(from.0)
            .bind(to.0)
            .bind(&from.1)
            .bind(&to.1)
            .bind(&to.2)
            .bind(rita)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        let stage = &stages[last];
        let reason = match exit {
            "rejected" => "Skills do not match",
            "withdrawn" => "Accepted another offer",
            _ => "",
        };
        if exit != "active" {
            sqlx::query(
                "insert into stage_events (id, tenant_id, application_id, requisition_id, from_stage_id, to_stage_id, from_status, to_status,
                                           from_stage_name, to_stage_name, to_kind, reason, actor_id, created_at)
                 values ($1, $2, $3, $4, $5, $5, 'active', $6, $7, $7, $8, $9, $10, $11)",
            )
            .bind(Uuid::now_v7())
            .bind(tenant_id)
            .bind(application_id)
            .bind(requisition_id)
            .bind(stage.0)
            .bind(exit)
            .bind(&stage.1)
            .bind(&stage.2)
            .bind(reason)
            .bind(rita)
            .bind(at + span / 2)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "update applications set stage_id = $2, status = $3, rejection_reason = $4, version = $5, stage_entered_at = $6 where id = $1",
        )
        .bind(application_id)
        .bind(stage.0)
        .bind(exit)
        .bind(if exit == "rejected" { reason } else { "" })
        .bind(1 + last as i32 + i32::from(exit != "active"))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if n % 3 == 0 {
            sqlx::query("insert into application_notes (id, tenant_id, application_id, author_id, body, created_at) values ($1, $2, $3, $4, $5, $6)")
                .bind(Uuid::now_v7())
                .bind(tenant_id)
                .bind(application_id)
                .bind(rita)
                .bind(NOTES[n / 3 % NOTES.len()])
                .bind(*applied_at + span / 2)
                .execute(&mut *tx)
                .await?;
        }
    }
    // Stated skills, tags and places, so that the people page's filters have something to find.
    sqlx::query(
        "insert into candidate_skills (tenant_id, candidate_id, skill_id, proficiency)
         select c.tenant_id, c.id, k.id, 1 + abs(hashtext(c.email || k.name)) % 5 from candidates c join skills k on k.tenant_id = c.tenant_id
         where c.tenant_id = $1 and abs(hashtext(k.name || c.email)) % 3 <> 0
         on conflict do nothing",
    )
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update candidates set
             tags = case abs(hashtext(email)) % 4 when 0 then array['remote-ok'] when 1 then array['relocation', 'senior'] when 2 then array[]::text[] else array['referral'] end,
             location = (array['Berlin, Germany', 'London, United Kingdom', 'Bangalore, India', 'Remote', 'Lisbon, Portugal'])[1 + abs(hashtext(name)) % 5]
         where tenant_id = $1",
    )
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?;
    // The demo test results of people who also applied belong to their furthest application.
    sqlx::query(
        "update candidate_invitations i set application_id = (
             select a.id from applications a join candidates c on c.id = a.candidate_id join requisition_stages s on s.id = a.stage_id
             where lower(c.email) = lower(i.email) and a.tenant_id = i.tenant_id order by s.position desc, a.id limit 1)
         where i.tenant_id = $1 and i.application_id is null",
    )
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?;
    // The demo's notifications wait in the app; their emails are not sent to the demo addresses.
    sqlx::query("delete from notification_deliveries where tenant_id = $1").bind(tenant_id).execute(&mut *tx).await?;
    sqlx::query("delete from background_jobs where kind = $1 and payload ->> 'tenant_id' = $2::text")
        .bind(app::notifications::service::DELIVER_JOB)
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update applications set match_score = match_score(candidate_id, requisition_id) where tenant_id = $1")
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
