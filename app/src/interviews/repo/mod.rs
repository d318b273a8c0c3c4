//! The interviews' SQL: plans, interviews and their panels, scorecards, offers of times.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::calendar::written;
use super::types::*;
use crate::platform::rollups::{duration_bounds, first_of_month, Histogram, MonthSplit};
use crate::platform::AppError;
use crate::recruiting::requisitions::types::Member;

mod plans;
mod schedule;
mod scorecards;
mod calibration;
mod offers;
mod people;

pub use plans::*;
pub use schedule::*;
pub use scorecards::*;
pub use calibration::*;
pub use offers::*;
pub use people::*;

// Who may see what ---------------------------------------------------------------------------
/// Whether `user_id` is on the interview's panel.
pub async fn on_panel(conn: &mut PgConnection, tenant_id: Uuid, interview_id: Uuid, user_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from interview_interviewers where interview_id = $1 and tenant_id = $2 and user_id = $3)")
        .bind(interview_id)
        .bind(tenant_id)
        .bind(user_id)
        .fetch_one(conn)
        .await?)
}

/// Whether an interviewer may download a stored file: it is the résumé or a document of a
/// candidate they are interviewing, until the interview is cancelled or a week after it ended.
pub async fn interviewer_may_read_file(conn: &mut PgConnection, tenant_id: Uuid, file_id: Uuid, user_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "select exists (
            select 1 from interviews i join interview_interviewers ii on ii.interview_id = i.id
            where ii.user_id = $3 and i.tenant_id = $2
              and i.status <> 'cancelled' and i.ends_at > now() - interval '7 days'
              and (exists (select 1 from applications a where a.candidate_id = i.candidate_id and a.resume_file_id = $1)
                   or exists (select 1 from candidate_documents d where d.candidate_id = i.candidate_id and d.file_id = $1)))",
    )
    .bind(file_id)
    .bind(tenant_id)
    .bind(user_id)
    .fetch_one(conn)
    .await?)
}

/// Members who may sit on a panel: interviewers, recruiters and admins.
pub async fn panel(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<Member>, AppError> {
    let rows: Vec<(Uuid, String)> = sqlx::query_as(
        "select u.id, u.display_name from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.role in ('interviewer', 'recruiter', 'tenant_admin') order by u.display_name, u.id",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, name)| Member { id, name }).collect())
}

/// The time zone of each member who may sit on a panel.
pub async fn panel_zones(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(sqlx::query_as(
        "select u.id, u.time_zone from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.role in ('interviewer', 'recruiter', 'tenant_admin')",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?)
}

/// Refuses anyone in `ids` who is not a staff member of the tenant able to interview.
pub async fn check_panel(conn: &mut PgConnection, tenant_id: Uuid, ids: &[Uuid]) -> Result<(), AppError> {
    if ids.is_empty() {
        return Err(AppError::invalid("interviewer_ids", "Choose at least one interviewer."));
    }
    if ids.len() > 10 {
        return Err(AppError::invalid("interviewer_ids", "Choose at most 10 interviewers."));
    }
    let known: i64 = sqlx::query_scalar("select count(*) from memberships where tenant_id = $1 and user_id = any($2) and role in ('interviewer', 'recruiter', 'tenant_admin')")
        .bind(tenant_id)
        .bind(ids)
        .fetch_one(conn)
        .await?;
    if known != ids.len() as i64 {
        return Err(AppError::invalid("interviewer_ids", "Interviewers must be members of this organization with the interviewer, recruiter or admin role."));
    }
    Ok(())
}

pub async fn user_time_zone(conn: &mut PgConnection, user_id: Uuid) -> Result<String, AppError> {
    Ok(sqlx::query_scalar("select time_zone from users where id = $1").bind(user_id).fetch_optional(conn).await?.unwrap_or_else(|| "UTC".into()))
}
