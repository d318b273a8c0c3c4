//! Hand grading: a recruiter's points for a long-text answer.

use super::*;

/// Grades a long-text answer by hand, then recomputes the session's totals.
#[server]
pub async fn grade_answer(session_id: Uuid, version_id: Uuid, points: f64) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let question: Option<(QuestionKind, f64, bool)> = sqlx::query_as(
        "select v.kind, v.points::float8, s.submitted_at is not null
         from session_questions sq join question_versions v on v.id = sq.question_version_id join test_sessions s on s.id = sq.session_id
         where sq.session_id = $1 and sq.question_version_id = $2 and sq.tenant_id = $3",
    )
    .bind(session_id)
    .bind(version_id)
    .bind(ctx.tenant_id)
    .fetch_optional(&mut *ctx.tx)
    .await?;
    let (kind, max, submitted) = question.ok_or(AppError::NotFound)?;
    if kind != QuestionKind::LongText {
        return Err(AppError::invalid("points", "Only long-text answers are graded by hand."));
    }
    if !submitted {
        return Err(AppError::invalid("points", "Grade once the candidate has submitted."));
    }
    if !(points.is_finite() && (0.0..=max).contains(&points)) {
        return Err(AppError::invalid("points", format!("Give 0 to {max} points.")));
    }
    let graded = sqlx::query("update answers set points = $1, graded_by = $2 where session_id = $3 and question_version_id = $4 and tenant_id = $5")
        .bind(points)
        .bind(ctx.user.user_id)
        .bind(session_id)
        .bind(version_id)
        .bind(ctx.tenant_id)
        .execute(&mut *ctx.tx)
        .await?;
    if graded.rows_affected() == 0 {
        return Err(AppError::invalid("points", "The candidate did not answer this question."));
    }
    sessions::finish(&mut ctx.tx, session_id, "candidate").await?;
    ctx.audit("assessment.grade", format!("session:{session_id}"), serde_json::json!({ "question": version_id.to_string(), "points": points.to_string() })).await?;
    ctx.commit().await?;
    Ok(())
}
