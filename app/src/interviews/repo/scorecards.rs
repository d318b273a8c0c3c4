//! Scorecards: drafts, submission, amendments, what a kit shows.

use super::*;

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
