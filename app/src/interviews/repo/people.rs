//! The people of an interview, for mail, and members' interview settings.

use super::*;

/// Names and what mail needs about the people of an interview.
#[derive(sqlx::FromRow)]
pub struct Attendee {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub time_zone: String,
}

pub async fn attendees(conn: &mut PgConnection, interview_id: Uuid) -> Result<Vec<Attendee>, AppError> {
    Ok(sqlx::query_as(
        "select u.id as user_id, u.display_name as name, u.email, u.time_zone from interview_interviewers x join users u on u.id = x.user_id
         where x.interview_id = $1 order by u.display_name",
    )
    .bind(interview_id)
    .fetch_all(conn)
    .await?)
}

/// The candidate, requisition and organization of an interview, for its messages.
pub async fn message_context(conn: &mut PgConnection, interview_id: Uuid) -> Result<(String, String, String, String, Option<String>), AppError> {
    Ok(sqlx::query_as(
        "select c.name, c.email, r.title, t.name, (select email from users where id = i.scheduled_by)
         from interviews i join candidates c on c.id = i.candidate_id join requisitions r on r.id = i.requisition_id join tenants t on t.id = i.tenant_id
         where i.id = $1",
    )
    .bind(interview_id)
    .fetch_one(conn)
    .await?)
}

/// How long ago, in words: "3 days", "5 hours".
pub fn overdue_words(since: Duration) -> String {
    let hours = since.num_hours().max(0);
    if hours >= 48 {
        format!("{} days", hours / 24)
    } else if hours >= 2 {
        format!("{hours} hours")
    } else {
        let minutes = since.num_minutes().max(0);
        format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
    }
}

/// The member's time zone and weekly interview limit.
pub async fn interview_settings(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid) -> Result<(String, Option<i32>), AppError> {
    Ok(sqlx::query_as("select u.time_zone, m.weekly_interview_limit from users u join memberships m on m.user_id = u.id and m.tenant_id = $2 where u.id = $1")
        .bind(user_id)
        .bind(tenant_id)
        .fetch_one(conn)
        .await?)
}

pub async fn save_interview_settings(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, time_zone: &str, weekly_limit: Option<i32>) -> Result<(), AppError> {
    sqlx::query("update users set time_zone = $2 where id = $1").bind(user_id).bind(time_zone).execute(&mut *conn).await?;
    sqlx::query("update memberships set weekly_interview_limit = $3 where user_id = $1 and tenant_id = $2").bind(user_id).bind(tenant_id).bind(weekly_limit).execute(conn).await?;
    Ok(())
}

pub async fn organization_name(conn: &mut PgConnection, tenant_id: Uuid) -> Result<String, AppError> {
    Ok(sqlx::query_scalar("select name from tenants where id = $1").bind(tenant_id).fetch_one(conn).await?)
}
