//! The seekers' tables: each transaction is the seeker's own (`Scope::User`), except the alerts'
//! background work, in the platform scope.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::*;
use crate::job_board::types::BoardParams;
use crate::platform::AppError;

/// Whether the user has a seeker's account (needs their `Scope::User`).
pub async fn is_seeker(conn: &mut PgConnection, user_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from seekers where user_id = $1)").bind(user_id).fetch_one(conn).await?)
}

/// A sign-up waiting for its address to be confirmed, for `hours`.
pub async fn add_sign_up(conn: &mut PgConnection, token_hash: &[u8], email: &str, name: &str, password_hash: &str, hours: i32) -> Result<(), AppError> {
    sqlx::query("select add_seeker_sign_up($1, $2, $3, $4, $5)")
        .bind(token_hash)
        .bind(email)
        .bind(name)
        .bind(password_hash)
        .bind(hours)
        .execute(conn)
        .await?;
    Ok(())
}

/// A waiting sign-up: (email, name, password hash), while its link works; `take` uses it up.
pub async fn sign_up(conn: &mut PgConnection, token_hash: &[u8], take: bool) -> Result<Option<(String, String, String)>, AppError> {
    Ok(sqlx::query_as("select email, display_name, password_hash from seeker_sign_up($1, $2)").bind(token_hash).bind(take).fetch_optional(conn).await?)
}

/// The seeker's account, as their confirmed sign-up asked (in the new user's scope).
pub async fn create(conn: &mut PgConnection, user_id: Uuid, email: &str, name: &str, password_hash: &str) -> Result<(), AppError> {
    sqlx::query("insert into users (id, email, display_name, password_hash) values ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(email)
        .bind(name)
        .bind(password_hash)
        .execute(&mut *conn)
        .await?;
    sqlx::query("insert into seekers (user_id) values ($1)").bind(user_id).execute(conn).await?;
    Ok(())
}

/// The job's marks for the seeker of this transaction.
pub async fn marks(conn: &mut PgConnection, job_id: Uuid) -> Result<crate::job_board::types::SeekerMarks, AppError> {
    let (saved, hidden, applied): (bool, bool, Option<ApplicationStatus>) = sqlx::query_as(
        "select exists (select 1 from seeker_bookmarks where user_id = app_user_id() and job_id = $1),
                exists (select 1 from seeker_hidden_jobs where user_id = app_user_id() and job_id = $1),
                (select a.status from seeker_applications a join board_jobs j on j.requisition_id = a.requisition_id
                 where a.user_id = app_user_id() and j.id = $1)",
    )
    .bind(job_id)
    .fetch_one(conn)
    .await?;
    Ok(crate::job_board::types::SeekerMarks { saved, hidden, applied })
}

/// Counts the seeker's view of a job, once a day.
pub async fn record_view(conn: &mut PgConnection, user_id: Uuid, job_id: Uuid) -> Result<(), AppError> {
    sqlx::query("insert into seeker_job_views (user_id, job_id, day) values ($1, $2, (now() at time zone 'utc')::date) on conflict do nothing")
        .bind(user_id)
        .bind(job_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the job is on the board (listed), so that a seeker can keep it.
pub async fn job_listed(conn: &mut PgConnection, job_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from board_jobs where id = $1 and listed)").bind(job_id).fetch_one(conn).await?)
}

/// Saves the job for the seeker, or forgets it; true when that changed anything.
pub async fn set_saved(conn: &mut PgConnection, user_id: Uuid, job_id: Uuid, saved: bool) -> Result<bool, AppError> {
    let sql = if saved {
        "insert into seeker_bookmarks (user_id, job_id) values ($1, $2) on conflict do nothing"
    } else {
        "delete from seeker_bookmarks where user_id = $1 and job_id = $2"
    };
    Ok(sqlx::query(sql).bind(user_id).bind(job_id).execute(conn).await?.rows_affected() > 0)
}

/// Hides the job from the seeker's searches, or shows it again; true when that changed anything.
pub async fn set_hidden(conn: &mut PgConnection, user_id: Uuid, job_id: Uuid, hidden: bool) -> Result<bool, AppError> {
    let sql = if hidden {
        "insert into seeker_hidden_jobs (user_id, job_id) values ($1, $2) on conflict do nothing"
    } else {
        "delete from seeker_hidden_jobs where user_id = $1 and job_id = $2"
    };
    Ok(sqlx::query(sql).bind(user_id).bind(job_id).execute(conn).await?.rows_affected() > 0)
}

/// Shows every hidden job again; returns how many.
pub async fn unhide_all(conn: &mut PgConnection, user_id: Uuid) -> Result<u64, AppError> {
    Ok(sqlx::query("delete from seeker_hidden_jobs where user_id = $1").bind(user_id).execute(conn).await?.rows_affected())
}

/// Remembers a search, keeping the last 50.
pub async fn record_search(conn: &mut PgConnection, user_id: Uuid, params: &BoardParams) -> Result<(), AppError> {
    sqlx::query("insert into seeker_search_history (id, user_id, query, params) values ($1, $2, $3, $4)")
        .bind(Uuid::now_v7())
        .bind(user_id)
        .bind(params.query_string(1))
        .bind(Json(params))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "delete from seeker_search_history where user_id = $1 and id not in
            (select id from seeker_search_history where user_id = $1 order by searched_at desc limit 50)",
    )
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Saves a search; `None` when the seeker saved the same one before, or has too many.
pub async fn save_search(conn: &mut PgConnection, user_id: Uuid, name: &str, params: &BoardParams, alert: Alert) -> Result<Result<Uuid, &'static str>, AppError> {
    let count: i64 = sqlx::query_scalar("select count(*) from seeker_saved_searches where user_id = $1").bind(user_id).fetch_one(&mut *conn).await?;
    if count >= MAX_SAVED_SEARCHES {
        return Ok(Err("You have 50 saved searches: delete one to save another."));
    }
    let id = Uuid::now_v7();
    let saved = sqlx::query(
        "insert into seeker_saved_searches (id, user_id, name, query, params, alert) values ($1, $2, $3, $4, $5, $6)
         on conflict (user_id, query) do nothing",
    )
    .bind(id)
    .bind(user_id)
    .bind(name)
    .bind(params.query_string(1))
    .bind(Json(params))
    .bind(alert)
    .execute(conn)
    .await?;
    Ok(if saved.rows_affected() == 1 { Ok(id) } else { Err("You saved this search already.") })
}

/// Changes how often a saved search mails; false when the seeker has no such search.
pub async fn set_alert(conn: &mut PgConnection, user_id: Uuid, id: Uuid, alert: Alert) -> Result<bool, AppError> {
    // Switched on, it starts from now: it does not mail everything posted since it was saved.
    let changed = sqlx::query(
        "update seeker_saved_searches set alert = $3, alerted_at = case when alert = 'off' and $3 <> 'off' then now() else alerted_at end
         where user_id = $1 and id = $2",
    )
    .bind(user_id)
    .bind(id)
    .bind(alert)
    .execute(conn)
    .await?;
    Ok(changed.rows_affected() == 1)
}

pub async fn delete_saved_search(conn: &mut PgConnection, user_id: Uuid, id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query("delete from seeker_saved_searches where user_id = $1 and id = $2").bind(user_id).bind(id).execute(conn).await?.rows_affected() == 1)
}

pub async fn saved_searches(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<SavedSearch>, AppError> {
    let rows: Vec<(Uuid, String, String, Json<BoardParams>, Alert)> =
        sqlx::query_as("select id, name, query, params, alert from seeker_saved_searches where user_id = $1 order by created_at desc")
            .bind(user_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(id, name, query, Json(params), alert)| SavedSearch { id, name, query, label: params.label(), alert }).collect())
}

/// The seeker's last searches, each once, newest first.
pub async fn recent_searches(conn: &mut PgConnection, user_id: Uuid, limit: i64) -> Result<Vec<RecentSearch>, AppError> {
    let rows: Vec<(String, Json<BoardParams>, DateTime<Utc>)> = sqlx::query_as(
        "select query, params, at from (
            select distinct on (query) query, params, searched_at as at from seeker_search_history
            where user_id = $1 order by query, searched_at desc) latest
         order by at desc limit $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(query, Json(params), at)| RecentSearch { query, label: params.label(), at }).collect())
}

pub async fn hidden_count(conn: &mut PgConnection, user_id: Uuid) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("select count(*) from seeker_hidden_jobs where user_id = $1").bind(user_id).fetch_one(conn).await?)
}

/// A saved search whose alert is due.
#[derive(Debug, Clone)]
pub struct DueAlert {
    pub id: Uuid,
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub params: BoardParams,
    pub since: DateTime<Utc>,
}

/// The alerts due now (daily ones a day after their last, weekly ones a week); in the platform scope.
pub async fn due_alerts(conn: &mut PgConnection, limit: i64) -> Result<Vec<DueAlert>, AppError> {
    let rows: Vec<(Uuid, Uuid, String, String, Json<BoardParams>, DateTime<Utc>)> = sqlx::query_as(
        "select s.id, s.user_id, u.email, s.name, s.params, s.alerted_at
           from seeker_saved_searches s
           join users u on u.id = s.user_id
          where (s.alert = 'daily' and s.alerted_at <= now() - interval '23 hours')
             or (s.alert = 'weekly' and s.alerted_at <= now() - interval '6 days 23 hours')
          order by s.alerted_at limit $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, user_id, email, name, Json(params), since)| DueAlert { id, user_id, email, name, params, since }).collect())
}

/// Records what an alert sent (each job once, ever) and when it ran.
pub async fn alert_sent(conn: &mut PgConnection, alert: &DueAlert, job_ids: &[Uuid]) -> Result<(), AppError> {
    sqlx::query(
        "insert into seeker_alerted_jobs (saved_search_id, job_id, user_id) select $1, unnest($2::uuid[]), $3 on conflict do nothing",
    )
    .bind(alert.id)
    .bind(job_ids)
    .bind(alert.user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("update seeker_saved_searches set alerted_at = now() where id = $1").bind(alert.id).execute(conn).await?;
    Ok(())
}

/// The seeker's record of an application just sent, with the tenant's application's id.
pub async fn record_application(conn: &mut PgConnection, user_id: Uuid, application_id: Uuid, job: &crate::careers::repo::AppliedJob<'_>) -> Result<(), AppError> {
    sqlx::query(
        "insert into seeker_applications (id, user_id, requisition_id, title, company, company_slug) values ($1, $2, $3, $4, $5, $6)
         on conflict (user_id, requisition_id) do nothing",
    )
    .bind(application_id)
    .bind(user_id)
    .bind(job.requisition_id)
    .bind(job.title)
    .bind(job.company)
    .bind(job.company_slug)
    .execute(conn)
    .await?;
    Ok(())
}

/// The seeker's applications, newest first.
pub async fn applications(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<SentApplication>, AppError> {
    Ok(sqlx::query_as(
        "select requisition_id, title, company, company_slug, status, status_changed_at, applied_at
         from seeker_applications where user_id = $1 order by applied_at desc limit 200",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?)
}

/// Where the seeker's application for a job stands, if they applied.
pub async fn application_status(conn: &mut PgConnection, user_id: Uuid, requisition_id: Uuid) -> Result<Option<ApplicationStatus>, AppError> {
    Ok(sqlx::query_scalar("select status from seeker_applications where user_id = $1 and requisition_id = $2")
        .bind(user_id)
        .bind(requisition_id)
        .fetch_optional(conn)
        .await?)
}

/// The name and address a seeker applies with.
pub async fn applicant(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<(String, String)>, AppError> {
    Ok(sqlx::query_as("select u.display_name, u.email from seekers s join users u on u.id = s.user_id where s.user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await?)
}

/// The tests organizations sent the seeker, the newest first.
pub async fn tests(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<SeekerTest>, AppError> {
    Ok(sqlx::query_as(
        "select t.id, t.assessment, a.company, a.title as job_title, t.time_limit_minutes, t.expires_at, t.state
         from seeker_tests t join seeker_applications a on a.id = t.application_id
         where t.user_id = $1 order by t.created_at desc limit 50",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?)
}

const INTERVIEW_COLUMNS: &str = "i.id, i.title, a.company, a.title as job_title, i.starts_at, i.ends_at, i.time_zone, i.location,
                                 i.video_url, i.notes, i.status, i.sequence";

/// The seeker's interviews from a week ago on, the soonest first.
pub async fn interviews(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<SeekerInterview>, AppError> {
    Ok(sqlx::query_as(&format!(
        "select {INTERVIEW_COLUMNS} from seeker_interviews i join seeker_applications a on a.id = i.application_id
         where i.user_id = $1 and i.ends_at > now() - interval '7 days' order by i.starts_at limit 50"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await?)
}

/// One of the seeker's interviews.
pub async fn interview(conn: &mut PgConnection, user_id: Uuid, id: Uuid) -> Result<Option<SeekerInterview>, AppError> {
    Ok(sqlx::query_as(&format!(
        "select {INTERVIEW_COLUMNS} from seeker_interviews i join seeker_applications a on a.id = i.application_id
         where i.user_id = $1 and i.id = $2"
    ))
    .bind(user_id)
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Whose test it is and whether it can still be opened, for the seeker's own test.
pub async fn test_to_open(conn: &mut PgConnection, user_id: Uuid, id: Uuid) -> Result<Option<(Uuid, bool)>, AppError> {
    Ok(sqlx::query_as("select tenant_id, state = 'to_take' and expires_at > now() from seeker_tests where user_id = $1 and id = $2")
        .bind(user_id)
        .bind(id)
        .fetch_optional(conn)
        .await?)
}
