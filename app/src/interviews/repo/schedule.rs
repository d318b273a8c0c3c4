//! Interviews: scheduling, their rows and summaries, the interviewer's lists.

use super::*;

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
    let events: Vec<(String, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<InterviewStatus>, String, Option<String>, DateTime<Utc>)> = sqlx::query_as(
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
                _ => format!("Marked {}", status.map(|s| s.label().to_lowercase()).unwrap_or_default()),
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
