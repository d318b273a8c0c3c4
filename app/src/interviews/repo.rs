//! The interviews' SQL: plans, interviews and their panels, scorecards, offers of times.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::calendar::written;
use super::types::*;
use crate::platform::rollups::{duration_bounds, first_of_month, Histogram, MonthSplit};
use crate::platform::AppError;
use crate::recruiting::types::Member;

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

// Plans --------------------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct TypeRow {
    id: Uuid,
    position: i32,
    name: String,
    duration_minutes: i32,
    attributes: Vec<String>,
    focus: String,
    questions: String,
    default_interviewer_ids: Vec<Uuid>,
}

impl From<TypeRow> for InterviewType {
    fn from(r: TypeRow) -> Self {
        InterviewType {
            id: r.id,
            position: r.position,
            name: r.name,
            duration_minutes: r.duration_minutes,
            attributes: r.attributes,
            focus: r.focus,
            questions: r.questions,
            default_interviewers: r.default_interviewer_ids,
        }
    }
}

pub async fn types(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<Vec<InterviewType>, AppError> {
    let rows: Vec<TypeRow> = sqlx::query_as(
        "select id, position, name, duration_minutes, attributes, focus, questions, default_interviewer_ids
         from interview_types where requisition_id = $1 and tenant_id = $2 order by position",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn interview_type(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<(Uuid, InterviewType), AppError> {
    let requisition_id: Uuid = sqlx::query_scalar("select requisition_id from interview_types where id = $1 and tenant_id = $2")
        .bind(id)
        .bind(tenant_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let found = types(conn, tenant_id, requisition_id).await?.into_iter().find(|t| t.id == id).ok_or(AppError::NotFound)?;
    Ok((requisition_id, found))
}

pub async fn required_skills(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select s.name from requisitions r cross join lateral unnest(r.skill_ids) with ordinality k (skill_id, n)
         join skills s on s.id = k.skill_id where r.id = $1 and r.tenant_id = $2 order by k.n",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?)
}

pub struct TypeInput {
    pub name: String,
    pub duration_minutes: i32,
    pub attributes: Vec<String>,
    pub focus: String,
    pub questions: String,
    pub default_interviewers: Vec<Uuid>,
}

fn name_taken(error: sqlx::Error) -> AppError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => AppError::invalid("name", "This plan already has an interview of that name."),
        _ => error.into(),
    }
}

/// Binds a type's fields, in the order both statements take them.
fn bind_type<'q>(query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>, input: &'q TypeInput) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    query.bind(&input.name).bind(input.duration_minutes).bind(&input.attributes).bind(&input.focus).bind(&input.questions).bind(&input.default_interviewers)
}

pub async fn insert_type(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid, input: &TypeInput) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    let query = sqlx::query(
        "insert into interview_types (id, tenant_id, requisition_id, position, name, duration_minutes, attributes, focus, questions, default_interviewer_ids)
         values ($1, $2, $3, (select coalesce(max(position), 0) + 1 from interview_types where requisition_id = $3), $4, $5, $6, $7, $8, $9)",
    );
    bind_type(query.bind(id).bind(tenant_id).bind(requisition_id), input).execute(conn).await.map_err(name_taken)?;
    Ok(id)
}

pub async fn update_type(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, input: &TypeInput) -> Result<(), AppError> {
    let query = sqlx::query(
        "update interview_types set name = $3, duration_minutes = $4, attributes = $5, focus = $6, questions = $7, default_interviewer_ids = $8
         where id = $1 and tenant_id = $2",
    );
    bind_type(query.bind(id).bind(tenant_id), input).execute(conn).await.map_err(name_taken)?;
    Ok(())
}

pub async fn delete_type(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<(), AppError> {
    sqlx::query("delete from interview_types where id = $1 and tenant_id = $2").bind(id).bind(tenant_id).execute(conn).await?;
    Ok(())
}

/// Swaps a type with its neighbour above (`up`) or below.
pub async fn move_type(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid, id: Uuid, up: bool) -> Result<(), AppError> {
    let list = types(&mut *conn, tenant_id, requisition_id).await?;
    let Some(index) = list.iter().position(|t| t.id == id) else { return Err(AppError::NotFound) };
    let other = if up { index.checked_sub(1) } else { Some(index + 1).filter(|i| *i < list.len()) };
    let Some(other) = other else { return Ok(()) };
    sqlx::query("update interview_types set position = case id when $1 then $3 else $4 end where id in ($1, $2) and tenant_id = $5")
        .bind(list[index].id)
        .bind(list[other].id)
        .bind(list[other].position)
        .bind(list[index].position)
        .bind(tenant_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn templates(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<PlanTemplate>, AppError> {
    let rows: Vec<(Uuid, String, Json<Vec<TemplateType>>)> = sqlx::query_as("select id, name, types from interview_plan_templates where tenant_id = $1 order by lower(name)")
        .bind(tenant_id)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|(id, name, types)| PlanTemplate { id, name, types: types.0 }).collect())
}

pub async fn insert_template(conn: &mut PgConnection, tenant_id: Uuid, name: &str, types: &[TemplateType], by: Uuid) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query("insert into interview_plan_templates (id, tenant_id, name, types, created_by) values ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(tenant_id)
        .bind(name)
        .bind(Json(types))
        .bind(by)
        .execute(conn)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => AppError::invalid("name", "A template of that name exists; choose another name."),
            _ => e.into(),
        })?;
    Ok(id)
}

pub async fn delete_template(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query("delete from interview_plan_templates where id = $1 and tenant_id = $2").bind(id).bind(tenant_id).execute(conn).await?.rows_affected() == 1)
}

// Interviews ---------------------------------------------------------------------------------

/// What scheduling needs to know of an application.
#[derive(sqlx::FromRow)]
pub struct ApplicationContext {
    pub requisition_id: Uuid,
    pub candidate_id: Uuid,
    pub candidate_time_zone: String,
    pub in_interview_stage: bool,
    pub active: bool,
}

pub async fn application_context(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<ApplicationContext, AppError> {
    sqlx::query_as(
        "select a.requisition_id, a.candidate_id, c.time_zone as candidate_time_zone, s.kind = 'interview' as in_interview_stage, a.status = 'active' as active
         from applications a join candidates c on c.id = a.candidate_id join requisition_stages s on s.id = a.stage_id
         where a.id = $1 and a.tenant_id = $2",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// Serializes scheduling per interviewer, so that two requests cannot both take the same time.
pub async fn lock_interviewers(conn: &mut PgConnection, ids: &[Uuid]) -> Result<(), AppError> {
    let mut sorted = ids.to_vec();
    sorted.sort();
    for id in sorted {
        sqlx::query("select pg_advisory_xact_lock(hashtextextended('interviewer:' || $1::text, 0))").bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Why the time is a poor fit for the panel: overlapping interviews and weekly limits reached.
pub async fn conflicts(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    ids: &[Uuid],
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    except: Option<Uuid>,
) -> Result<Vec<String>, AppError> {
    let overlapping: Vec<(String, String, DateTime<Utc>, String)> = sqlx::query_as(
        "select u.display_name, i.title, i.starts_at, u.time_zone from interviews i
         join interview_interviewers ii on ii.interview_id = i.id join users u on u.id = ii.user_id
         where i.tenant_id = $1 and ii.user_id = any($2) and i.status in ('scheduled', 'in_progress')
           and i.starts_at < $4 and i.ends_at > $3 and i.id is distinct from $5
         order by u.display_name, i.starts_at",
    )
    .bind(tenant_id)
    .bind(ids)
    .bind(starts_at)
    .bind(ends_at)
    .bind(except)
    .fetch_all(&mut *conn)
    .await?;
    let mut found: Vec<String> =
        overlapping.into_iter().map(|(name, title, start, zone)| format!("{name} has “{title}” at {}.", written(start, &zone))).collect();
    let loads: Vec<(String, i32, i64)> = sqlx::query_as(
        "select u.display_name, m.weekly_interview_limit,
                (select count(*) from interviews i join interview_interviewers ii on ii.interview_id = i.id
                 where ii.user_id = m.user_id and i.tenant_id = $1 and i.status in ('scheduled', 'in_progress', 'completed')
                   and date_trunc('week', i.starts_at at time zone 'UTC') = date_trunc('week', $3 at time zone 'UTC') and i.id is distinct from $4)
         from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.user_id = any($2) and m.weekly_interview_limit is not null
         order by u.display_name",
    )
    .bind(tenant_id)
    .bind(ids)
    .bind(starts_at)
    .bind(except)
    .fetch_all(conn)
    .await?;
    for (name, limit, count) in loads {
        if count >= limit as i64 {
            found.push(format!("{name} already has {count} interview{} that week; their limit is {limit}.", if count == 1 { "" } else { "s" }));
        }
    }
    Ok(found)
}

pub struct NewInterview<'a> {
    pub application_id: Uuid,
    pub context: &'a ApplicationContext,
    pub interview_type: Option<&'a InterviewType>,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub time_zone: String,
    pub candidate_time_zone: String,
    pub location: String,
    pub video_url: String,
    pub candidate_notes: String,
    pub interviewers: Vec<Uuid>,
    pub scheduled_by: Option<Uuid>,
}

pub async fn insert_interview(conn: &mut PgConnection, tenant_id: Uuid, new: &NewInterview<'_>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    let (attributes, focus, questions) = match new.interview_type {
        Some(t) => (t.attributes.clone(), t.focus.clone(), t.questions.clone()),
        None => (Vec::new(), String::new(), String::new()),
    };
    sqlx::query(
        "insert into interviews (id, tenant_id, application_id, requisition_id, candidate_id, interview_type_id, title, attributes, focus, questions,
                                 starts_at, duration_minutes, ends_at, time_zone, candidate_time_zone, location, video_url, candidate_notes, scheduled_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11 + make_interval(mins => $12), $13, $14, $15, $16, $17, $18)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(new.application_id)
    .bind(new.context.requisition_id)
    .bind(new.context.candidate_id)
    .bind(new.interview_type.map(|t| t.id))
    .bind(&new.title)
    .bind(&attributes)
    .bind(&focus)
    .bind(&questions)
    .bind(new.starts_at)
    .bind(new.duration_minutes)
    .bind(&new.time_zone)
    .bind(&new.candidate_time_zone)
    .bind(&new.location)
    .bind(&new.video_url)
    .bind(&new.candidate_notes)
    .bind(new.scheduled_by)
    .execute(&mut *conn)
    .await?;
    sqlx::query("insert into interview_interviewers (tenant_id, interview_id, user_id) select $1, $2, unnest($3::uuid[])")
        .bind(tenant_id)
        .bind(id)
        .bind(&new.interviewers)
        .execute(&mut *conn)
        .await?;
    // The candidate's zone is remembered for the next interview.
    sqlx::query("update candidates set time_zone = $3 where id = $1 and tenant_id = $2 and time_zone is distinct from $3")
        .bind(new.context.candidate_id)
        .bind(tenant_id)
        .bind(&new.candidate_time_zone)
        .execute(&mut *conn)
        .await?;
    event(conn, tenant_id, id, "scheduled", None, Some(new.starts_at), None, Some(InterviewStatus::Scheduled), "", new.scheduled_by).await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub async fn event(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    interview_id: Uuid,
    kind: &str,
    from_starts_at: Option<DateTime<Utc>>,
    to_starts_at: Option<DateTime<Utc>>,
    from_status: Option<InterviewStatus>,
    to_status: Option<InterviewStatus>,
    reason: &str,
    actor: Option<Uuid>,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into interview_events (id, tenant_id, interview_id, kind, from_starts_at, to_starts_at, from_status, to_status, reason, actor_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(interview_id)
    .bind(kind)
    .bind(from_starts_at)
    .bind(to_starts_at)
    .bind(from_status.map(InterviewStatus::as_str))
    .bind(to_status.map(InterviewStatus::as_str))
    .bind(reason)
    .bind(actor)
    .execute(conn)
    .await?;
    Ok(())
}

/// An interview's row, locked for a change.
#[derive(sqlx::FromRow, Clone)]
pub struct InterviewRow {
    pub id: Uuid,
    pub application_id: Uuid,
    pub requisition_id: Uuid,
    pub candidate_id: Uuid,
    pub title: String,
    pub attributes: Vec<String>,
    pub focus: String,
    pub questions: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub time_zone: String,
    pub candidate_time_zone: String,
    pub location: String,
    pub video_url: String,
    pub candidate_notes: String,
    pub status: InterviewStatus,
    pub sequence: i32,
    pub scheduled_by: Option<Uuid>,
}

impl InterviewRow {
    pub fn status(&self) -> InterviewStatus {
        self.status
    }
}

const ROW: &str = "select id, application_id, requisition_id, candidate_id, title, attributes, focus, questions, starts_at, ends_at, duration_minutes,
    time_zone, candidate_time_zone, location, video_url, candidate_notes, status, sequence, scheduled_by from interviews";

pub async fn interview_row(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, lock: bool) -> Result<InterviewRow, AppError> {
    let sql = format!("{ROW} where id = $1 and tenant_id = $2{}", if lock { " for update" } else { "" });
    sqlx::query_as(&sql).bind(id).bind(tenant_id).fetch_optional(conn).await?.ok_or(AppError::NotFound)
}

pub async fn interviewer_ids(conn: &mut PgConnection, tenant_id: Uuid, interview_id: Uuid) -> Result<Vec<Uuid>, AppError> {
    Ok(sqlx::query_scalar("select user_id from interview_interviewers where interview_id = $1 and tenant_id = $2 order by user_id")
        .bind(interview_id)
        .bind(tenant_id)
        .fetch_all(conn)
        .await?)
}

pub async fn reschedule(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, starts_at: DateTime<Utc>, duration_minutes: i32, time_zone: &str, location: &str, video_url: &str) -> Result<(), AppError> {
    sqlx::query(
        "update interviews set starts_at = $3, duration_minutes = $4, ends_at = $3 + make_interval(mins => $4), time_zone = $5, location = $6, video_url = $7,
                sequence = sequence + 1, status = 'scheduled', updated_at = now()
         where id = $1 and tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(starts_at)
    .bind(duration_minutes)
    .bind(time_zone)
    .bind(location)
    .bind(video_url)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets the status; a cancellation raises the calendar sequence.
pub async fn set_status(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, status: InterviewStatus) -> Result<(), AppError> {
    sqlx::query(
        "update interviews set status = $3, sequence = sequence + case when $3 = 'cancelled' then 1 else 0 end, updated_at = now()
         where id = $1 and tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(status.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow, Clone)]
struct SummaryRow {
    id: Uuid,
    application_id: Uuid,
    title: String,
    candidate_name: String,
    requisition_title: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    status: InterviewStatus,
    interviewers: Vec<String>,
    location: String,
    video_url: String,
    duration_minutes: i32,
    time_zone: String,
    candidate_time_zone: String,
    sequence: i32,
}

const COLUMNS: &str = "select i.id, i.application_id, i.title, c.name as candidate_name, r.title as requisition_title, i.starts_at, i.ends_at, i.status,
    coalesce((select array_agg(u.display_name order by u.display_name) from interview_interviewers x join users u on u.id = x.user_id
              where x.interview_id = i.id), '{}') as interviewers, i.location, i.video_url, i.duration_minutes, i.time_zone, i.candidate_time_zone, i.sequence";
const SUMMARY: &str = "from interviews i join candidates c on c.id = i.candidate_id join requisitions r on r.id = i.requisition_id";

pub fn place(location: &str, video_url: &str) -> String {
    match (location.is_empty(), video_url.is_empty()) {
        (false, false) => format!("{location} · {video_url}"),
        (true, false) => video_url.to_owned(),
        (false, true) => location.to_owned(),
        (true, true) => String::new(),
    }
}

fn summary(row: &SummaryRow, zone: &str) -> InterviewSummary {
    let row = row.clone();
    InterviewSummary {
        id: row.id,
        application_id: row.application_id,
        title: row.title,
        candidate_name: row.candidate_name,
        requisition_title: row.requisition_title,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        status: row.status,
        local_time: written(row.starts_at, zone),
        interviewers: row.interviewers,
        place: place(&row.location, &row.video_url),
    }
}

pub async fn application_interviews(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, zone: &str) -> Result<Vec<ScheduledInterview>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!("{COLUMNS} {SUMMARY} where i.application_id = $1 and i.tenant_id = $2 order by i.starts_at"))
        .bind(application_id)
        .bind(tenant_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(scheduled(conn, tenant_id, row, zone).await?);
    }
    Ok(out)
}

/// An interview with its zones, times for each person, and history.
async fn scheduled(conn: &mut PgConnection, tenant_id: Uuid, row: SummaryRow, zone: &str) -> Result<ScheduledInterview, AppError> {
    let summary = summary(&row, zone);
    let zones: Vec<(String, String)> = sqlx::query_as(
        "select u.display_name, u.time_zone from interview_interviewers x join users u on u.id = x.user_id where x.interview_id = $1 order by u.display_name",
    )
    .bind(summary.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut times = vec![("Candidate".to_owned(), written(row.starts_at, &row.candidate_time_zone))];
    times.extend(zones.into_iter().map(|(name, zone)| (name, written(row.starts_at, &zone))));
    let events: Vec<(String, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<String>, String, Option<String>, DateTime<Utc>)> = sqlx::query_as(
        "select e.kind, e.from_starts_at, e.to_starts_at, e.to_status, e.reason, u.display_name, e.created_at
         from interview_events e left join users u on u.id = e.actor_id where e.interview_id = $1 and e.tenant_id = $2 order by e.created_at, e.id",
    )
    .bind(summary.id)
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let history = events
        .into_iter()
        .map(|(kind, from, to, status, reason, actor, at)| {
            let mut what = match kind.as_str() {
                "scheduled" => format!("Scheduled for {}", to.map(|t| written(t, &row.time_zone)).unwrap_or_default()),
                "rescheduled" => format!(
                    "Moved from {} to {}",
                    from.map(|t| written(t, &row.time_zone)).unwrap_or_default(),
                    to.map(|t| written(t, &row.time_zone)).unwrap_or_default()
                ),
                "cancelled" => "Cancelled".to_owned(),
                _ => format!("Marked {}", status.as_deref().and_then(InterviewStatus::parse).map(|s| s.label().to_lowercase()).unwrap_or_default()),
            };
            if !reason.is_empty() {
                what.push_str(&format!(" — {reason}"));
            }
            InterviewEvent { what, actor, at }
        })
        .collect();
    Ok(ScheduledInterview {
        summary,
        duration_minutes: row.duration_minutes,
        time_zone: row.time_zone,
        candidate_time_zone: row.candidate_time_zone,
        times,
        location: row.location,
        video_url: row.video_url,
        sequence: row.sequence,
        history,
    })
}

pub async fn scheduled_interview(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, zone: &str) -> Result<ScheduledInterview, AppError> {
    let row: SummaryRow = sqlx::query_as(&format!("{COLUMNS} {SUMMARY} where i.id = $1 and i.tenant_id = $2"))
        .bind(id)
        .bind(tenant_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    scheduled(conn, tenant_id, row, zone).await
}

/// The interviewer's interviews starting in `[from, to)`, live ones only.
pub async fn panel_interviews(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, from: DateTime<Utc>, to: DateTime<Utc>, zone: &str) -> Result<Vec<InterviewSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{COLUMNS} {SUMMARY} join interview_interviewers me on me.interview_id = i.id and me.user_id = $2
         where i.tenant_id = $1 and i.starts_at >= $3 and i.starts_at < $4 and i.status in ('scheduled', 'in_progress') order by i.starts_at limit 100"
    ))
    .bind(tenant_id)
    .bind(user_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| summary(&r, zone)).collect())
}

/// Interviews over that still wait for the interviewer's scorecard, oldest first.
pub async fn scorecards_due(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, now: DateTime<Utc>, zone: &str) -> Result<Vec<InterviewSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        // From the interviewer's own panel seats, one interview at a time: a hash over every
        // interview of the tenant costs more once there are thousands.
        "{COLUMNS} from interview_interviewers me cross join lateral (select * from interviews where id = me.interview_id offset 0) i
         join candidates c on c.id = i.candidate_id join requisitions r on r.id = i.requisition_id
         where me.user_id = $2 and i.tenant_id = $1 and i.ends_at <= $3 and i.status in ('scheduled', 'in_progress', 'completed')
           and not exists (select 1 from scorecards s where s.interview_id = i.id and s.interviewer_id = $2 and s.submitted_at is not null)
         order by i.ends_at limit 100"
    ))
    .bind(tenant_id)
    .bind(user_id)
    .bind(now)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| summary(&r, zone)).collect())
}

#[derive(sqlx::FromRow)]
struct SubmittedRow {
    #[sqlx(flatten)]
    interview: SummaryRow,
    submitted_at: DateTime<Utc>,
}

pub async fn recently_submitted(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid, zone: &str) -> Result<Vec<(InterviewSummary, DateTime<Utc>)>, AppError> {
    let rows: Vec<SubmittedRow> = sqlx::query_as(&format!(
        "{COLUMNS}, s.submitted_at {SUMMARY} join scorecards s on s.interview_id = i.id and s.interviewer_id = $2
         where i.tenant_id = $1 and s.submitted_at is not null order by s.submitted_at desc limit 10"
    ))
    .bind(tenant_id)
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (summary(&r.interview, zone), r.submitted_at)).collect())
}

// Scorecards -----------------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct ScorecardRow {
    id: Uuid,
    interview_id: Uuid,
    interview_title: String,
    interviewer: String,
    interviewer_id: Uuid,
    ratings: Json<Vec<RatingEntry>>,
    takeaways: String,
    recommendation: Option<i16>,
    private_notes: String,
    submitted_at: Option<DateTime<Utc>>,
}

const SCORECARD: &str = "select s.id, s.interview_id, i.title as interview_title, u.display_name as interviewer, s.interviewer_id, s.ratings, s.takeaways,
    s.recommendation, s.private_notes, s.submitted_at
    from scorecards s join interviews i on i.id = s.interview_id join users u on u.id = s.interviewer_id";

/// The amendments of these scorecards, oldest first, each with its scorecard's id.
async fn amendments(conn: &mut PgConnection, scorecard_ids: &[Uuid]) -> Result<Vec<(Uuid, Amendment)>, AppError> {
    let rows: Vec<(Uuid, String, Option<String>, DateTime<Utc>, Json<ScorecardContent>)> = sqlx::query_as(
        "select a.scorecard_id, a.reason, u.display_name, a.created_at, a.before from scorecard_amendments a left join users u on u.id = a.actor_id
         where a.scorecard_id = any($1) order by a.created_at",
    )
    .bind(scorecard_ids)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, reason, actor, at, before)| (id, Amendment { reason, actor, at, before: before.0 })).collect())
}

async fn with_amendments(conn: &mut PgConnection, rows: Vec<ScorecardRow>) -> Result<Vec<Scorecard>, AppError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let all = amendments(&mut *conn, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let amendments = all.iter().filter(|(id, _)| *id == r.id).map(|(_, a)| a.clone()).collect();
        out.push(Scorecard {
            id: r.id,
            interview_id: r.interview_id,
            interview_title: r.interview_title,
            interviewer: r.interviewer,
            interviewer_id: r.interviewer_id,
            content: ScorecardContent { ratings: r.ratings.0, takeaways: r.takeaways, recommendation: r.recommendation, private_notes: r.private_notes },
            submitted_at: r.submitted_at,
            amendments,
        });
    }
    Ok(out)
}

/// Every scorecard of the application: submitted ones, and the viewer's own drafts.
pub async fn application_scorecards(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, viewer: Uuid) -> Result<Vec<Scorecard>, AppError> {
    let rows: Vec<ScorecardRow> = sqlx::query_as(&format!(
        "{SCORECARD} where s.application_id = $1 and s.tenant_id = $2 and (s.submitted_at is not null or s.interviewer_id = $3)
         order by i.starts_at, u.display_name"
    ))
    .bind(application_id)
    .bind(tenant_id)
    .bind(viewer)
    .fetch_all(&mut *conn)
    .await?;
    with_amendments(conn, rows).await
}

/// The interviewer's scorecard for an interview, if one was saved.
pub async fn own_scorecard(conn: &mut PgConnection, tenant_id: Uuid, interview_id: Uuid, user_id: Uuid) -> Result<Option<Scorecard>, AppError> {
    let rows: Vec<ScorecardRow> = sqlx::query_as(&format!("{SCORECARD} where s.interview_id = $1 and s.tenant_id = $2 and s.interviewer_id = $3"))
        .bind(interview_id)
        .bind(tenant_id)
        .bind(user_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(with_amendments(conn, rows).await?.into_iter().next())
}

pub async fn is_hiring_manager(conn: &mut PgConnection, requisition_id: Uuid, user_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select hiring_manager_id is not distinct from $2 from requisitions where id = $1")
        .bind(requisition_id)
        .bind(user_id)
        .fetch_one(conn)
        .await?)
}

/// What a kit shows besides the interview: the requisition's text, and the candidate's links,
/// stated skills, applications (requisition, stage, status) and this application's stages.
pub struct KitContext {
    pub title: String,
    pub description: String,
    pub links: Vec<String>,
    pub skills: Vec<(String, i16)>,
    pub applications: Vec<(String, String, String)>,
    pub stage_history: Vec<(String, DateTime<Utc>)>,
}

pub async fn kit_context(conn: &mut PgConnection, row: &InterviewRow) -> Result<KitContext, AppError> {
    let (title, description): (String, String) =
        sqlx::query_as("select title, description from requisitions where id = $1").bind(row.requisition_id).fetch_one(&mut *conn).await?;
    let links = sqlx::query_scalar("select unnest(links) from candidates where id = $1").bind(row.candidate_id).fetch_all(&mut *conn).await?;
    let skills = sqlx::query_as(
        "select s.name, cs.proficiency from candidate_skills cs join skills s on s.id = cs.skill_id where cs.candidate_id = $1 order by cs.proficiency desc, s.name",
    )
    .bind(row.candidate_id)
    .fetch_all(&mut *conn)
    .await?;
    let applications = sqlx::query_as(
        "select r.title, s.name, a.status from applications a join requisitions r on r.id = a.requisition_id join requisition_stages s on s.id = a.stage_id
         where a.candidate_id = $1 and r.deleted_at is null order by a.created_at desc",
    )
    .bind(row.candidate_id)
    .fetch_all(&mut *conn)
    .await?;
    let stage_history = sqlx::query_as("select to_stage_name, created_at from stage_events where application_id = $1 and to_status = 'active' order by created_at")
        .bind(row.application_id)
        .fetch_all(conn)
        .await?;
    Ok(KitContext { title, description, links, skills, applications, stage_history })
}

/// Whether the viewer has submitted a scorecard for any interview of the application.
pub async fn has_submitted(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, user_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from scorecards where application_id = $1 and tenant_id = $2 and interviewer_id = $3 and submitted_at is not null)")
        .bind(application_id)
        .bind(tenant_id)
        .bind(user_id)
        .fetch_one(conn)
        .await?)
}

/// Saves a draft unless the scorecard is submitted or holds a later save. Returns the
/// sequence number held and whether the scorecard is submitted.
pub async fn save_draft(conn: &mut PgConnection, tenant_id: Uuid, interview: &InterviewRow, user_id: Uuid, seq: i64, content: &ScorecardContent) -> Result<(i64, bool), AppError> {
    let row: Option<(i64, bool)> = sqlx::query_as(
        "insert into scorecards (id, tenant_id, interview_id, application_id, interviewer_id, ratings, takeaways, recommendation, private_notes, draft_seq)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (interview_id, interviewer_id) do update
             set ratings = excluded.ratings, takeaways = excluded.takeaways, recommendation = excluded.recommendation,
                 private_notes = excluded.private_notes, draft_seq = excluded.draft_seq, updated_at = now()
             where scorecards.submitted_at is null and scorecards.draft_seq < excluded.draft_seq
         returning draft_seq, submitted_at is not null",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(interview.id)
    .bind(interview.application_id)
    .bind(user_id)
    .bind(Json(&content.ratings))
    .bind(&content.takeaways)
    .bind(content.recommendation)
    .bind(&content.private_notes)
    .bind(seq)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = row {
        return Ok(row);
    }
    // Nothing changed: the scorecard is submitted or holds a later save.
    Ok(sqlx::query_as("select draft_seq, submitted_at is not null from scorecards where interview_id = $1 and interviewer_id = $2")
        .bind(interview.id)
        .bind(user_id)
        .fetch_one(conn)
        .await?)
}

/// Submits the scorecard; refused when it was submitted already.
pub async fn submit(conn: &mut PgConnection, tenant_id: Uuid, interview: &InterviewRow, user_id: Uuid, content: &ScorecardContent) -> Result<Uuid, AppError> {
    let id: Option<Uuid> = sqlx::query_scalar(
        "insert into scorecards (id, tenant_id, interview_id, application_id, interviewer_id, ratings, takeaways, recommendation, private_notes, submitted_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
         on conflict (interview_id, interviewer_id) do update
             set ratings = excluded.ratings, takeaways = excluded.takeaways, recommendation = excluded.recommendation,
                 private_notes = excluded.private_notes, submitted_at = now(), updated_at = now()
             where scorecards.submitted_at is null
         returning id",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(interview.id)
    .bind(interview.application_id)
    .bind(user_id)
    .bind(Json(&content.ratings))
    .bind(&content.takeaways)
    .bind(content.recommendation)
    .bind(&content.private_notes)
    .fetch_optional(conn)
    .await?;
    id.ok_or_else(|| AppError::invalid("scorecard", "You already submitted this scorecard. To change it, amend it with a reason."))
}

/// Replaces a submitted scorecard's content, keeping the former one with the reason.
pub async fn amend(conn: &mut PgConnection, tenant_id: Uuid, interview_id: Uuid, user_id: Uuid, content: &ScorecardContent, reason: &str) -> Result<Uuid, AppError> {
    let Some(card) = own_scorecard(&mut *conn, tenant_id, interview_id, user_id).await? else {
        return Err(AppError::invalid("scorecard", "Submit the scorecard first; an amendment changes a submitted one."));
    };
    if card.submitted_at.is_none() {
        return Err(AppError::invalid("scorecard", "Submit the scorecard first; an amendment changes a submitted one."));
    }
    sqlx::query("select 1 from scorecards where id = $1 for update").bind(card.id).execute(&mut *conn).await?;
    sqlx::query("insert into scorecard_amendments (id, tenant_id, scorecard_id, reason, before, after, actor_id) values ($1, $2, $3, $4, $5, $6, $7)")
        .bind(Uuid::now_v7())
        .bind(tenant_id)
        .bind(card.id)
        .bind(reason)
        .bind(Json(&card.content))
        .bind(Json(content))
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("update scorecards set ratings = $2, takeaways = $3, recommendation = $4, private_notes = $5, updated_at = now() where id = $1")
        .bind(card.id)
        .bind(Json(&content.ratings))
        .bind(&content.takeaways)
        .bind(content.recommendation)
        .bind(&content.private_notes)
        .execute(conn)
        .await?;
    Ok(card.id)
}

/// The submitted recommendations per application, for the pipeline's cards.
pub async fn recommendations(conn: &mut PgConnection, tenant_id: Uuid, application_ids: &[Uuid]) -> Result<Vec<(Uuid, Vec<i16>)>, AppError> {
    Ok(sqlx::query_as(
        "select application_id, array_agg(recommendation order by submitted_at) from scorecards
         where tenant_id = $1 and application_id = any($2) and submitted_at is not null group by application_id",
    )
    .bind(tenant_id)
    .bind(application_ids)
    .fetch_all(conn)
    .await?)
}

// Calibration ----------------------------------------------------------------------------------
//
// The report reads rollups per interviewer and day (and month) of the interviews' start (UTC),
// which triggers mark as changed (calibration_changes) and `refresh_calibration` recomputes.

/// Changes wait to be rolled up (a plain read; a report then refreshes first).
pub async fn calibration_behind(conn: &mut PgConnection, tenant_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select from calibration_changes where tenant_id = $1)").bind(tenant_id).fetch_one(conn).await?)
}

/// The tenants with changes to roll up, for the queue; forgets those of tenants deleted since.
pub async fn calibration_tenants_behind(conn: &mut PgConnection) -> Result<Vec<Uuid>, AppError> {
    sqlx::query("delete from calibration_changes c where not exists (select from tenants t where t.id = c.tenant_id)").execute(&mut *conn).await?;
    Ok(sqlx::query_scalar("select distinct tenant_id from calibration_changes order by 1").fetch_all(conn).await?)
}

/// Recomputes the rollups of the days that changed, and of their months. True when there were
/// changes. A concurrent refresh waits for this one's taken changes and then finds them gone.
pub async fn refresh_calibration(conn: &mut PgConnection, tenant_id: Uuid) -> Result<bool, AppError> {
    let (applications, days): (Option<Vec<Uuid>>, Option<Vec<NaiveDate>>) = sqlx::query_as(
        "with taken as (delete from calibration_changes where tenant_id = $1 returning application_id, day)
         select array_agg(distinct application_id), array_agg(distinct day) from taken",
    )
    .bind(tenant_id)
    .fetch_one(&mut *conn)
    .await?;
    let (Some(applications), Some(mut days)) = (applications, days) else { return Ok(false) };
    // The applications' recommendations per interviewer and day, and their first and last days.
    sqlx::query("delete from calibration_cards where tenant_id = $1 and application_id = any($2)").bind(tenant_id).bind(&applications).execute(&mut *conn).await?;
    sqlx::query(
        "insert into calibration_cards (tenant_id, application_id, interviewer_id, day, total, n)
         select $1, s.application_id, s.interviewer_id, (i.starts_at at time zone 'utc')::date, sum(s.recommendation), count(*)
         from scorecards s join interviews i on i.id = s.interview_id
         where s.tenant_id = $1 and s.application_id = any($2) and s.submitted_at is not null
         group by 2, 3, 4",
    )
    .bind(tenant_id)
    .bind(&applications)
    .execute(&mut *conn)
    .await?;
    // An application's comparisons are counted on its first day: that day, before and after, changes too.
    let before: Vec<NaiveDate> = sqlx::query_scalar("delete from calibration_spans where tenant_id = $1 and application_id = any($2) returning first_day")
        .bind(tenant_id)
        .bind(&applications)
        .fetch_all(&mut *conn)
        .await?;
    let after: Vec<NaiveDate> = sqlx::query_scalar(
        "insert into calibration_spans (tenant_id, application_id, first_day, last_day)
         select $1, application_id, min(day), max(day) from calibration_cards where tenant_id = $1 and application_id = any($2) group by 2
         returning first_day",
    )
    .bind(tenant_id)
    .bind(&applications)
    .fetch_all(&mut *conn)
    .await?;
    days.extend(before);
    days.extend(after);
    days.sort();
    days.dedup();
    if days.is_empty() {
        return Ok(true);
    }
    // The interviews of those days, each day's read through the index on the tenant and start (a
    // condition on the UTC date would keep row-level security from using an index); then read by id.
    let starts: Vec<DateTime<Utc>> = days.iter().filter_map(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc()).collect();
    let stops: Vec<DateTime<Utc>> = starts.iter().map(|d| *d + Duration::days(1)).collect();
    let interviews: Vec<Uuid> = sqlx::query_scalar(
        "select i.id from unnest($2::timestamptz[], $3::timestamptz[]) g (start, stop)
         join interviews i on i.tenant_id = $1 and i.starts_at >= g.start and i.starts_at < g.stop",
    )
    .bind(tenant_id)
    .bind(&starts)
    .bind(&stops)
    .fetch_all(&mut *conn)
    .await?;
    for table in ["calibration_days", "calibration_ratings"] {
        sqlx::query(&format!("delete from {table} where tenant_id = $1 and not month and day = any($2)")).bind(tenant_id).bind(&days).execute(&mut *conn).await?;
    }
    sqlx::query(&format!(
        "with pairs as (
             select x.user_id as interviewer_id, (i.starts_at at time zone 'utc')::date as day, s.submitted_at is not null as submitted,
                    greatest(extract(epoch from s.submitted_at - i.ends_at), 0)::int as delay
             from interviews i join interview_interviewers x on x.interview_id = i.id
             left join scorecards s on s.interview_id = i.id and s.interviewer_id = x.user_id
             where i.id = any($4) and i.status <> 'cancelled'
         ),
         counted as (select interviewer_id, day, count(*)::int as interviews, (count(*) filter (where submitted))::int as submitted from pairs group by 1, 2),
         delays as (select interviewer_id, day, width_bucket(delay, $3::int[])::smallint as bucket, count(*)::int as n from pairs where submitted group by 1, 2, 3),
         {DELAY_HISTOGRAMS},
         -- All the recommendations on the applications whose first day is one of these.
         cards as (
             select c.interviewer_id, c.application_id, c.total, c.n, p.first_day
             from calibration_spans p join calibration_cards c on c.application_id = p.application_id
             where p.tenant_id = $1 and p.first_day = any($2) and c.tenant_id = $1
         ),
         own as (select interviewer_id, application_id, first_day, sum(total)::float8 as total, sum(n) as n from cards group by 1, 2, 3),
         everyone as (select application_id, sum(total)::float8 as total, sum(n) as n from cards group by 1),
         compared as (
             select o.interviewer_id, o.first_day as day, count(*)::int as compared, sum(o.total / o.n - (e.total - o.total) / (e.n - o.n)) as difference_sum
             from own o join everyone e using (application_id) where e.n > o.n group by 1, 2
         )
         insert into calibration_days (tenant_id, month, day, interviewer_id, interviews, submitted, delay_buckets, delay_counts, compared, difference_sum)
         select $1, false, day, interviewer_id, coalesce(c.interviews, 0), coalesce(c.submitted, 0), coalesce(h.buckets, '{{}}'), coalesce(h.counts, '{{}}'),
                coalesce(d.compared, 0), coalesce(d.difference_sum, 0)
         from counted c full join compared d using (interviewer_id, day) left join histograms h using (interviewer_id, day)"
    ))
    .bind(tenant_id)
    .bind(&days)
    .bind(duration_bounds())
    .bind(&interviews)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into calibration_ratings (tenant_id, month, day, interviewer_id, attribute, not_assessed, ones, twos, threes, fours)
         select $1, false, (i.starts_at at time zone 'utc')::date, s.interviewer_id, coalesce(r ->> 'attribute', ''),
                count(*) filter (where coalesce((r ->> 'rating')::smallint not between 1 and 4, true)),
                count(*) filter (where (r ->> 'rating')::smallint = 1), count(*) filter (where (r ->> 'rating')::smallint = 2),
                count(*) filter (where (r ->> 'rating')::smallint = 3), count(*) filter (where (r ->> 'rating')::smallint = 4)
         from scorecards s join interviews i on i.id = s.interview_id cross join jsonb_array_elements(s.ratings) r
         where s.interview_id = any($2) and s.tenant_id = $1 and s.submitted_at is not null
         group by 3, 4, 5",
    )
    .bind(tenant_id)
    .bind(&interviews)
    .execute(&mut *conn)
    .await?;
    // The months of those days, summed again from their days.
    let mut months: Vec<NaiveDate> = days.iter().map(|d| first_of_month(*d)).collect();
    months.dedup();
    for table in ["calibration_days", "calibration_ratings"] {
        sqlx::query(&format!("delete from {table} where tenant_id = $1 and month and day = any($2)")).bind(tenant_id).bind(&months).execute(&mut *conn).await?;
    }
    // The day rows (`c`) of each month (`m.first`).
    let of_months = |table: &str| {
        format!("unnest($2::date[]) m (first) join {table} c on c.tenant_id = $1 and not c.month and c.day >= m.first and c.day < (m.first + interval '1 month')::date")
    };
    sqlx::query(&format!(
        "with d as (select m.first as month_start, c.* from {}),
         totals as (
             select interviewer_id, month_start as day, sum(interviews)::int as interviews, sum(submitted)::int as submitted,
                    sum(compared)::int as compared, sum(difference_sum) as difference_sum
             from d group by 1, 2
         ),
         delays as (
             select interviewer_id, month_start as day, bucket, sum(n)::int as n
             from d, unnest(d.delay_buckets, d.delay_counts) u (bucket, n) group by 1, 2, 3
         ),
         {DELAY_HISTOGRAMS}
         insert into calibration_days (tenant_id, month, day, interviewer_id, interviews, submitted, delay_buckets, delay_counts, compared, difference_sum)
         select $1, true, t.day, t.interviewer_id, t.interviews, t.submitted, coalesce(h.buckets, '{{}}'), coalesce(h.counts, '{{}}'), t.compared, t.difference_sum
         from totals t left join histograms h using (interviewer_id, day)",
        of_months("calibration_days")
    ))
    .bind(tenant_id)
    .bind(&months)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "insert into calibration_ratings (tenant_id, month, day, interviewer_id, attribute, not_assessed, ones, twos, threes, fours)
         select $1, true, m.first, c.interviewer_id, c.attribute, sum(c.not_assessed), sum(c.ones), sum(c.twos), sum(c.threes), sum(c.fours)
         from {} group by 3, 4, 5",
        of_months("calibration_ratings")
    ))
    .bind(tenant_id)
    .bind(&months)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// The (bucket, count) arrays per interviewer and day of the `delays` (interviewer, day, bucket, n).
const DELAY_HISTOGRAMS: &str = "histograms as (
    select interviewer_id, day, array_agg(bucket order by bucket) as buckets, array_agg(n order by bucket) as counts from delays group by 1, 2
)";

/// The rollup rows of a period: its whole months' rows and the other days' rows ($2 to $7).
const IN_PERIOD: &str = "tenant_id = $1 and ((month and day between $2 and $3) or (not month and (day between $4 and $5 or day between $6 and $7)))";

fn bind_period<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>,
    tenant_id: Uuid,
    split: &MonthSplit,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments> {
    let (first_month, last_month) = split.month_range();
    let [(a, b), (c, d)] = split.day_ranges();
    query.bind(tenant_id).bind(first_month).bind(last_month).bind(a).bind(b).bind(c).bind(d)
}

/// Per interviewer on an interview that started from `from` to `to` (UTC days; cancelled ones
/// aside): name, interviews, submitted scorecards and the median hours from the interview's end to
/// submission (from a histogram: within an hour below two days, six hours below two weeks).
pub async fn calibration_figures(conn: &mut PgConnection, tenant_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<(Uuid, String, i64, i64, Option<f64>)>, AppError> {
    let split = MonthSplit::of(from, to);
    let rows: Vec<(Uuid, i32, i32, Vec<i16>, Vec<i32>)> = bind_period(
        sqlx::query_as(&format!("select interviewer_id, interviews, submitted, delay_buckets, delay_counts from calibration_days where {IN_PERIOD}")),
        tenant_id,
        &split,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut figures: std::collections::HashMap<Uuid, (i64, i64, Histogram)> = std::collections::HashMap::new();
    for (interviewer, interviews, submitted, buckets, counts) in rows {
        let entry = figures.entry(interviewer).or_default();
        entry.0 += i64::from(interviews);
        entry.1 += i64::from(submitted);
        entry.2.add(&buckets, &counts);
    }
    figures.retain(|_, f| f.0 > 0);
    let ids: Vec<Uuid> = figures.keys().copied().collect();
    let mut names: Vec<(Uuid, String)> = sqlx::query_as("select id, display_name from users where id = any($1)").bind(&ids).fetch_all(conn).await?;
    names.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(names
        .into_iter()
        .filter_map(|(id, name)| {
            let (interviews, submitted, delays) = figures.remove(&id)?;
            Some((id, name, interviews, submitted, delays.median().map(|s| s / 3_600.0)))
        })
        .collect())
}

/// Per interviewer: on how many candidates they and someone else recommended, and the mean of
/// (their recommendation − the mean of the others'), a person's several cards on one candidate
/// averaged; over the scorecards of interviews that started from `from` to `to`. Exact: the
/// rollups count an application's comparisons on its first day, and an application whose days the
/// period cuts is taken out again (when the period holds its first day) and counted from its
/// recommendations per day within the period. A period that ends today cuts few: scorecards
/// come after interviews, and interviews are rarely months apart.
pub async fn calibration_differences(conn: &mut PgConnection, tenant_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<(Uuid, i64, f64)>, AppError> {
    let split = MonthSplit::of(from, to);
    let rows: Vec<(Uuid, i64, f64)> = bind_period(
        sqlx::query_as(&format!(
            "with rolled as (select interviewer_id, compared, difference_sum from calibration_days where {IN_PERIOD} and compared > 0),
             cut as (
                 select application_id, first_day from calibration_spans where tenant_id = $1 and last_day >= $8 and first_day < $8
                 union
                 select application_id, first_day from calibration_spans where tenant_id = $1 and last_day > $9 and first_day <= $9
             ),
             -- -1: the application as the rollups counted it (all its days); +1: its days within the period.
             counted as (
                 select -1 as sign, r.interviewer_id, r.application_id, r.total, r.n
                 from cut c join calibration_cards r on r.application_id = c.application_id where c.first_day between $8 and $9 and r.tenant_id = $1
                 union all
                 select 1, r.interviewer_id, r.application_id, r.total, r.n
                 from calibration_cards r join cut c on c.application_id = r.application_id where r.tenant_id = $1 and r.day between $8 and $9
             ),
             own as (select sign, interviewer_id, application_id, sum(total)::float8 as total, sum(n) as n from counted group by 1, 2, 3),
             everyone as (select sign, application_id, sum(total)::float8 as total, sum(n) as n from counted group by 1, 2),
             corrections as (
                 select o.interviewer_id, sum(o.sign)::int as compared, sum(o.sign * (o.total / o.n - (e.total - o.total) / (e.n - o.n))) as difference_sum
                 from own o join everyone e using (sign, application_id) where e.n > o.n group by 1
             )
             select interviewer_id, sum(compared)::int8, sum(difference_sum)
             from (select * from rolled union all select * from corrections) x group by 1 having sum(compared) > 0"
        )),
        tenant_id,
        &split,
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, compared, sum)| (id, compared, sum / compared as f64)).collect())
}

/// Per interviewer and attribute, how many of their submitted ratings fell on each value (none: not assessed).
pub async fn calibration_ratings(conn: &mut PgConnection, tenant_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<(Uuid, String, Option<i16>, i64)>, AppError> {
    let split = MonthSplit::of(from, to);
    let rows: Vec<(Uuid, String, Vec<i64>)> = bind_period(
        sqlx::query_as(&format!(
            "select interviewer_id, attribute, array[sum(not_assessed), sum(ones), sum(twos), sum(threes), sum(fours)]::int8[]
             from calibration_ratings where {IN_PERIOD} group by 1, 2 order by 1, 2"
        )),
        tenant_id,
        &split,
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .flat_map(|(id, attribute, counts)| {
            counts.into_iter().enumerate().filter(|(_, n)| *n > 0).map(move |(i, n)| (id, attribute.clone(), (i > 0).then_some(i as i16), n))
        })
        .collect())
}

// Offers of times ------------------------------------------------------------------------------

pub struct NewOffer<'a> {
    pub application_id: Uuid,
    pub interview_type_id: Option<Uuid>,
    pub interviewers: &'a [Uuid],
    pub duration_minutes: i32,
    pub time_zone: &'a str,
    pub candidate_time_zone: &'a str,
    pub location: &'a str,
    pub video_url: &'a str,
    pub candidate_notes: &'a str,
    pub token_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub slots: &'a [DateTime<Utc>],
    pub created_by: Uuid,
}

pub async fn insert_offer(conn: &mut PgConnection, tenant_id: Uuid, offer: &NewOffer<'_>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into interview_slot_offers (id, tenant_id, application_id, interview_type_id, interviewer_ids, duration_minutes, time_zone, candidate_time_zone,
                                            location, video_url, candidate_notes, token_hash, expires_at, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(offer.application_id)
    .bind(offer.interview_type_id)
    .bind(offer.interviewers)
    .bind(offer.duration_minutes)
    .bind(offer.time_zone)
    .bind(offer.candidate_time_zone)
    .bind(offer.location)
    .bind(offer.video_url)
    .bind(offer.candidate_notes)
    .bind(&offer.token_hash)
    .bind(offer.expires_at)
    .bind(offer.created_by)
    .execute(&mut *conn)
    .await?;
    sqlx::query("insert into interview_offer_slots (id, tenant_id, offer_id, starts_at) select gen_random_uuid(), $1, $2, unnest($3::timestamptz[])")
        .bind(tenant_id)
        .bind(id)
        .bind(offer.slots)
        .execute(conn)
        .await?;
    Ok(id)
}

#[derive(sqlx::FromRow, Clone)]
pub struct OfferRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub application_id: Uuid,
    pub interview_type_id: Option<Uuid>,
    pub interviewer_ids: Vec<Uuid>,
    pub duration_minutes: i32,
    pub time_zone: String,
    pub candidate_time_zone: String,
    pub location: String,
    pub video_url: String,
    pub candidate_notes: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub interview_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
}

/// The offer a token opens (scoping the transaction to its tenant), locked when `lock`.
pub async fn open_offer(conn: &mut PgConnection, token_hash: &[u8], lock: bool) -> Result<Option<OfferRow>, AppError> {
    let (id, _tenant): (Option<Uuid>, Option<Uuid>) = sqlx::query_as("select id, tenant_id from open_slot_offer($1)").bind(token_hash).fetch_one(&mut *conn).await?;
    let Some(id) = id else { return Ok(None) };
    let sql = format!(
        "select id, tenant_id, application_id, interview_type_id, interviewer_ids, duration_minutes, time_zone, candidate_time_zone, location, video_url,
                candidate_notes, expires_at, used_at, interview_id, created_by from interview_slot_offers where id = $1{}",
        if lock { " for update" } else { "" }
    );
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

pub async fn tenant_is_active(conn: &mut PgConnection, tenant_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from tenants where id = $1 and status = 'active')").bind(tenant_id).fetch_one(conn).await?)
}

pub async fn offer_slots(conn: &mut PgConnection, offer_id: Uuid) -> Result<Vec<(Uuid, DateTime<Utc>)>, AppError> {
    Ok(sqlx::query_as("select id, starts_at from interview_offer_slots where offer_id = $1 order by starts_at").bind(offer_id).fetch_all(conn).await?)
}

pub async fn offer_used(conn: &mut PgConnection, offer_id: Uuid, interview_id: Uuid) -> Result<(), AppError> {
    sqlx::query("update interview_slot_offers set used_at = now(), interview_id = $2 where id = $1").bind(offer_id).bind(interview_id).execute(conn).await?;
    Ok(())
}

pub async fn application_offers(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, zone: &str) -> Result<Vec<OfferSummary>, AppError> {
    let rows: Vec<(Uuid, DateTime<Utc>, bool, Vec<DateTime<Utc>>)> = sqlx::query_as(
        "select o.id, o.expires_at, o.used_at is not null, array(select starts_at from interview_offer_slots s where s.offer_id = o.id order by starts_at)
         from interview_slot_offers o where o.application_id = $1 and o.tenant_id = $2 order by o.created_at desc limit 10",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, expires_at, used, slots)| OfferSummary { id, expires_at, used, slots: slots.into_iter().map(|t| written(t, zone)).collect() }).collect())
}

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

/// The organization, requisition title and interview name an offer of times is for.
pub async fn offer_context(conn: &mut PgConnection, offer: &OfferRow) -> Result<(String, String, String), AppError> {
    Ok(sqlx::query_as(
        "select t.name, r.title, coalesce((select name from interview_types where id = $2), 'Interview')
         from applications a join requisitions r on r.id = a.requisition_id join tenants t on t.id = a.tenant_id where a.id = $1",
    )
    .bind(offer.application_id)
    .bind(offer.interview_type_id)
    .fetch_one(conn)
    .await?)
}
