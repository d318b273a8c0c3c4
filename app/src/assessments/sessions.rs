//! Sessions on the server: drawing and shuffling questions, the state a browser
//! restores, finishing (grading, skill scores) and the sweeper for expired sessions.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::events::AssessmentSubmitted;
use super::grading::{self, AnswerKey, Grade, Response};
use super::types::{ChoiceOption, Outcome, QuestionKind, SessionQuestion, SessionState};
use crate::platform::AppError;

/// Uniformly random order of `items` from the operating system's randomness.
fn shuffle<T>(items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        let j = (u32::from_le_bytes(bytes) as usize) % (i + 1);
        items.swap(i, j);
    }
}

/// How many questions the assessment's rules draw.
pub async fn question_count(conn: &mut PgConnection, assessment_id: Uuid) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "select coalesce(sum(coalesce(r.draw, (select count(*) from question_set_items i where i.set_id = r.set_id))), 0)::int8
         from assessment_rules r where r.assessment_id = $1",
    )
    .bind(assessment_id)
    .fetch_one(conn)
    .await?)
}

/// Creates the next attempt: draws the questions, fixes their order and option order, sets the deadline.
pub async fn begin_session(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    invitation_id: Uuid,
    assessment_id: Uuid,
    multiplier: f64,
    client_id: Uuid,
) -> Result<Uuid, AppError> {
    let (minutes, shuffle_questions, shuffle_options, attempts_allowed, open): (i32, bool, bool, i32, bool) = sqlx::query_as(
        "select time_limit_minutes, shuffle_questions, shuffle_options, attempts_allowed,
                (opens_at is null or opens_at <= now()) and (closes_at is null or closes_at > now())
         from assessments where id = $1",
    )
    .bind(assessment_id)
    .fetch_one(&mut *conn)
    .await?;
    if !open {
        return Err(AppError::Invalid { field: None, message: "This assessment is not open now. Check the dates in your invitation.".into() });
    }
    let attempts: i32 = sqlx::query_scalar("select count(*)::int4 from test_sessions where invitation_id = $1").bind(invitation_id).fetch_one(&mut *conn).await?;
    if attempts >= attempts_allowed {
        return Err(AppError::Invalid { field: None, message: "You have used every attempt this assessment allows.".into() });
    }
    let rules: Vec<(Uuid, Option<i32>, Option<String>)> =
        sqlx::query_as("select set_id, draw, difficulty from assessment_rules where assessment_id = $1 order by position").bind(assessment_id).fetch_all(&mut *conn).await?;
    let mut drawn: Vec<(Uuid, Vec<String>)> = Vec::new();
    for (set_id, draw, difficulty) in rules {
        let mut candidates: Vec<(Uuid, Json<Vec<ChoiceOption>>)> = sqlx::query_as(
            "select v.id, v.options from question_set_items i
             join questions q on q.id = i.question_id and not q.archived
             join lateral (select id, options, difficulty from question_versions v where v.question_id = i.question_id order by version desc limit 1) v on true
             where i.set_id = $1 and ($2::text is null or v.difficulty = $2)
             order by i.position",
        )
        .bind(set_id)
        .bind(difficulty)
        .fetch_all(&mut *conn)
        .await?;
        if let Some(n) = draw {
            shuffle(&mut candidates);
            candidates.truncate(n as usize);
        }
        for (version_id, Json(options)) in candidates {
            if drawn.iter().any(|(id, _)| *id == version_id) {
                continue;
            }
            let mut order: Vec<String> = options.into_iter().map(|o| o.id).collect();
            if shuffle_options {
                shuffle(&mut order);
            }
            drawn.push((version_id, order));
        }
    }
    if drawn.is_empty() {
        return Err(AppError::Invalid { field: None, message: "This assessment has no questions yet. Tell the recruiter who sent it.".into() });
    }
    if shuffle_questions {
        shuffle(&mut drawn);
    }
    let session_id = Uuid::now_v7();
    let seconds = (f64::from(minutes) * 60.0 * multiplier).round();
    sqlx::query(
        "insert into test_sessions (id, tenant_id, invitation_id, attempt, deadline_at, client_id)
         values ($1, $2, $3, $4, now() + make_interval(secs => $5), $6)",
    )
    .bind(session_id)
    .bind(tenant_id)
    .bind(invitation_id)
    .bind(attempts + 1)
    .bind(seconds)
    .bind(client_id)
    .execute(&mut *conn)
    .await?;
    for (position, (version_id, order)) in drawn.into_iter().enumerate() {
        sqlx::query("insert into session_questions (tenant_id, session_id, position, question_version_id, option_order) values ($1, $2, $3, $4, $5)")
            .bind(tenant_id)
            .bind(session_id)
            .bind(position as i32 + 1)
            .bind(version_id)
            .bind(order)
            .execute(&mut *conn)
            .await?;
    }
    Ok(session_id)
}

/// Stores a session's proctoring events, (kind, time, details) each, in one statement.
pub async fn record_events(conn: &mut PgConnection, tenant_id: Uuid, session_id: Uuid, events: &[(String, DateTime<Utc>, serde_json::Value)]) -> Result<(), AppError> {
    let ids: Vec<Uuid> = events.iter().map(|_| Uuid::now_v7()).collect();
    let kinds: Vec<&str> = events.iter().map(|(kind, _, _)| kind.as_str()).collect();
    let times: Vec<DateTime<Utc>> = events.iter().map(|(_, at, _)| *at).collect();
    let details: Vec<&serde_json::Value> = events.iter().map(|(_, _, details)| details).collect();
    sqlx::query(
        "insert into proctoring_events (id, tenant_id, session_id, kind, occurred_at, details)
         select id, $2, $3, kind, occurred_at, details from unnest($1::uuid[], $4::text[], $5::timestamptz[], $6::jsonb[]) as e(id, kind, occurred_at, details)",
    )
    .bind(ids)
    .bind(tenant_id)
    .bind(session_id)
    .bind(kinds)
    .bind(times)
    .bind(details)
    .execute(conn)
    .await?;
    Ok(())
}

type StateRow = (i32, Uuid, QuestionKind, String, Json<Vec<ChoiceOption>>, Vec<String>, Option<Json<Response>>, Option<bool>, Option<i64>);

/// What the candidate's browser needs to show the session: questions in their order, saved answers, time left.
pub async fn session_state(conn: &mut PgConnection, session_id: Uuid, unflagged: &[String]) -> Result<SessionState, AppError> {
    let (title, deadline, submitted, now): (String, DateTime<Utc>, bool, DateTime<Utc>) = sqlx::query_as(
        "select a.title, s.deadline_at, s.submitted_at is not null, now()
         from test_sessions s join candidate_invitations i on i.id = s.invitation_id join assessments a on a.id = i.assessment_id
         where s.id = $1",
    )
    .bind(session_id)
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<StateRow> = sqlx::query_as(
        "select sq.position, v.id, v.kind, v.prompt, v.options, sq.option_order, a.response, a.flagged, a.seq
         from session_questions sq
         join question_versions v on v.id = sq.question_version_id
         left join answers a on a.session_id = sq.session_id and a.question_version_id = v.id
         where sq.session_id = $1 order by sq.position",
    )
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut questions = Vec::with_capacity(rows.len());
    for (position, version_id, kind, prompt, Json(options), order, response, flagged, seq) in rows {
        let options = order.iter().filter_map(|id| options.iter().find(|o| &o.id == id).cloned()).collect();
        questions.push(SessionQuestion {
            position,
            version_id,
            kind,
            prompt,
            options,
            response: response.map(|Json(response)| response),
            flagged: flagged.unwrap_or(false),
            seq: seq.unwrap_or(0),
        });
    }
    Ok(SessionState {
        session_id,
        title,
        questions,
        remaining_ms: (deadline - now).num_milliseconds().max(0),
        submitted,
        unflagged_signals: unflagged.to_vec(),
    })
}

type GradeRow = (Uuid, Json<AnswerKey>, f64, Option<Uuid>, Option<Json<Response>>, Option<f64>);

/// Grades and closes a session (idempotent: a finished session is only re-read).
pub async fn finish(conn: &mut PgConnection, session_id: Uuid, submitted_by: &str) -> Result<Outcome, AppError> {
    let (tenant_id, passing, already): (Uuid, f64, bool) = sqlx::query_as(
        "select s.tenant_id, a.passing_percent::float8, s.submitted_at is not null
         from test_sessions s join candidate_invitations i on i.id = s.invitation_id join assessments a on a.id = i.assessment_id
         where s.id = $1 for update of s",
    )
    .bind(session_id)
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<GradeRow> = sqlx::query_as(
        "select v.id, v.answer_key, v.points::float8, v.skill_id, a.response, a.points::float8
         from session_questions sq
         join question_versions v on v.id = sq.question_version_id
         left join answers a on a.session_id = sq.session_id and a.question_version_id = v.id
         where sq.session_id = $1",
    )
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    let (mut score, mut max_score, mut awaiting) = (0.0, 0.0, 0i64);
    let mut skills: Vec<(Uuid, f64, f64)> = Vec::new();
    for (version_id, Json(key), points, skill_id, response, graded) in rows {
        let response: Option<Response> = response.map(|Json(response)| response);
        let earned = match grading::grade(&key, points, response.as_ref()) {
            Grade::Points(earned) => {
                if !already {
                    sqlx::query("update answers set points = $1 where session_id = $2 and question_version_id = $3")
                        .bind(earned)
                        .bind(session_id)
                        .bind(version_id)
                        .execute(&mut *conn)
                        .await?;
                }
                earned
            }
            Grade::Manual => graded.unwrap_or_else(|| {
                if response.is_some() {
                    awaiting += 1;
                }
                0.0
            }),
        };
        score += earned;
        max_score += points;
        if let Some(skill) = skill_id {
            match skills.iter_mut().find(|(id, _, _)| *id == skill) {
                Some(entry) => {
                    entry.1 += earned;
                    entry.2 += points;
                }
                None => skills.push((skill, earned, points)),
            }
        }
    }
    let percent = if max_score > 0.0 { (score / max_score * 10_000.0).round() / 100.0 } else { 0.0 };
    let passed = percent >= passing;
    sqlx::query(
        "update test_sessions set submitted_at = coalesce(submitted_at, now()), submitted_by = coalesce(submitted_by, $2),
                score = $3, max_score = $4, percent = $5, passed = $6,
                graded_at = case when $7 then now() else null end
         where id = $1",
    )
    .bind(session_id)
    .bind(submitted_by)
    .bind(score)
    .bind(max_score)
    .bind(percent)
    .bind(passed)
    .bind(awaiting == 0)
    .execute(&mut *conn)
    .await?;
    for (skill_id, points, max_points) in skills {
        sqlx::query(
            "insert into skill_scores (tenant_id, session_id, skill_id, points, max_points) values ($1, $2, $3, $4, $5)
             on conflict (session_id, skill_id) do update set points = excluded.points, max_points = excluded.max_points",
        )
        .bind(tenant_id)
        .bind(session_id)
        .bind(skill_id)
        .bind(points)
        .bind(max_points)
        .execute(&mut *conn)
        .await?;
    }
    // A later hand grade changes the score: followed up as a regrade.
    crate::platform::events::publish(&mut *conn, &AssessmentSubmitted { tenant_id, session_id, regraded: already }).await?;
    Ok(Outcome { score, max_score, percent, passed, awaiting_review: awaiting })
}

/// Submits every session whose time and grace are over, whether or not a browser is still there.
pub async fn sweep_expired(db: &crate::platform::db::Db, grace: std::time::Duration) -> Result<usize, AppError> {
    use crate::platform::db::{Db, Scope};
    let mut tx = Db::begin(db.write(), &Scope::Platform).await?;
    let expired: Vec<Uuid> = sqlx::query_scalar(
        "select id from test_sessions where submitted_at is null and deadline_at + make_interval(secs => $1) < now()
         order by deadline_at limit 200 for update skip locked",
    )
    .bind(grace.as_secs_f64())
    .fetch_all(&mut *tx)
    .await?;
    for session_id in &expired {
        finish(&mut tx, *session_id, "time").await?;
    }
    tx.commit().await?;
    Ok(expired.len())
}
