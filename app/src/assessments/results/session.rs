//! One candidate's session for a recruiter: their answers beside the key, the proctoring
//! timeline and its reviews, skill points and how they fit the job.

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewQuestion {
    pub position: i32,
    pub version_id: Uuid,
    pub kind: QuestionKind,
    pub prompt: String,
    /// In the order the candidate saw them.
    pub options: Vec<ChoiceOption>,
    pub response: Option<Response>,
    pub correct: String,
    pub awarded: Option<f64>,
    pub points: f64,
    pub seconds_spent: i64,
    pub late: bool,
    pub explanation: String,
    pub skill: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub session_id: Uuid,
    pub email: String,
    pub title: String,
    pub started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<String>,
    pub score: Option<f64>,
    pub max_score: Option<f64>,
    pub percent: Option<f64>,
    pub passed: Option<bool>,
    pub questions: Vec<ReviewQuestion>,
    pub events: Vec<TimelineEvent>,
    pub skills: Vec<(String, f64, f64)>,
    pub integrity: Integrity,
    /// Newest first; the first decides `review_status`.
    pub reviews: Vec<ProctoringReview>,
    pub review_status: ReviewStatus,
    pub job: Option<JobFit>,
}

/// How a candidate measures up to the job the assessment is tied to: each skill it requires,
/// with the candidate's points in it, or none where this assessment did not measure it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobFit {
    pub title: String,
    pub skills: Vec<(String, Option<(f64, f64)>)>,
}

#[cfg(feature = "ssr")]
fn describe_key(key: &AnswerKey, options: &[ChoiceOption]) -> String {
    match key {
        AnswerKey::Choice { correct, .. } => options.iter().filter(|o| correct.contains(&o.id)).map(|o| o.text.clone()).collect::<Vec<_>>().join("; "),
        AnswerKey::Numeric { value, tolerance } => if *tolerance > 0.0 { format!("{value} ± {tolerance}") } else { value.to_string() },
        AnswerKey::ShortText { accepted, pattern } => accepted.iter().cloned().chain(pattern.iter().map(|p| format!("pattern {p}"))).collect::<Vec<_>>().join("; "),
        AnswerKey::Manual => "Graded by hand".to_owned(),
    }
}

#[cfg(feature = "ssr")]
type ReviewDbRow = (
    i32, Uuid, QuestionKind, String, Json<Vec<ChoiceOption>>, Vec<String>, Json<AnswerKey>, f64, String, Option<String>,
    Option<Json<Response>>, Option<f64>, Option<i64>, Option<bool>,
);

#[server]
pub async fn session_review(session_id: Uuid) -> Result<Review, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    type Head = (String, String, DateTime<Utc>, Option<DateTime<Utc>>, Option<String>, Option<f64>, Option<f64>, Option<f64>, Option<bool>);
    let head: Head = sqlx::query_as(
        "select i.email, a.title, s.started_at, s.submitted_at, s.submitted_by, s.score::float8, s.max_score::float8, s.percent::float8, s.passed
         from test_sessions s join candidate_invitations i on i.id = s.invitation_id join assessments a on a.id = i.assessment_id
         where s.id = $1 and s.tenant_id = $2",
    )
    .bind(session_id)
    .bind(ctx.tenant_id)
    .fetch_optional(&mut *ctx.tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let rows: Vec<ReviewDbRow> = sqlx::query_as(
        "select sq.position, v.id, v.kind, v.prompt, v.options, sq.option_order, v.answer_key, v.points::float8, v.explanation, k.name,
                a.response, a.points::float8, a.time_spent_ms, a.late
         from session_questions sq
         join question_versions v on v.id = sq.question_version_id
         left join skills k on k.id = v.skill_id
         left join answers a on a.session_id = sq.session_id and a.question_version_id = v.id
         where sq.session_id = $1 and sq.tenant_id = $2 order by sq.position",
    )
    .bind(session_id)
    .bind(ctx.tenant_id)
    .fetch_all(&mut *ctx.tx)
    .await?;
    let questions = rows
        .into_iter()
        .map(|(position, version_id, kind, prompt, Json(options), order, Json(key), points, explanation, skill, response, awarded, spent, late)| {
            let correct = describe_key(&key, &options);
            let options = order.iter().filter_map(|id| options.iter().find(|o| &o.id == id).cloned()).collect();
            ReviewQuestion {
                position,
                version_id,
                kind,
                prompt,
                options,
                response: response.map(|Json(response)| response),
                correct,
                awarded,
                points,
                seconds_spent: spent.unwrap_or(0) / 1000,
                late: late.unwrap_or(false),
                explanation,
                skill,
            }
        })
        .collect();
    let events: Vec<(String, DateTime<Utc>, Severity)> =
        sqlx::query_as("select kind, occurred_at, severity from proctoring_events where session_id = $1 and tenant_id = $2 order by occurred_at, id")
            .bind(session_id)
            .bind(ctx.tenant_id)
            .fetch_all(&mut *ctx.tx)
            .await?;
    let events: Vec<TimelineEvent> = events.into_iter().map(|(kind, at, severity)| TimelineEvent { kind, at, severity }).collect();
    let reviews: Vec<(String, Option<String>, DateTime<Utc>, i64)> = sqlx::query_as(
        "select r.note, u.display_name, r.reviewed_at, r.serious_events_reviewed::int8
         from proctoring_reviews r left join users u on u.id = r.reviewed_by
         where r.session_id = $1 and r.tenant_id = $2 order by r.reviewed_at desc, r.id desc",
    )
    .bind(session_id)
    .bind(ctx.tenant_id)
    .fetch_all(&mut *ctx.tx)
    .await?;
    let reviews: Vec<ProctoringReview> = reviews
        .into_iter()
        .map(|(note, reviewer, reviewed_at, serious_events_reviewed)| ProctoringReview { note, reviewer, reviewed_at, serious_events_reviewed })
        .collect();
    let skills: Vec<(String, f64, f64)> = sqlx::query_as(
        "select k.name, s.points::float8, s.max_points::float8 from skill_scores s join skills k on k.id = s.skill_id where s.session_id = $1 and s.tenant_id = $2 order by k.name",
    )
    .bind(session_id)
    .bind(ctx.tenant_id)
    .fetch_all(&mut *ctx.tx)
    .await?;
    let fit: Vec<(String, Option<String>, Option<f64>, Option<f64>)> = sqlx::query_as(
        "select j.title, k.name, sc.points::float8, sc.max_points::float8
         from test_sessions s
         join candidate_invitations i on i.id = s.invitation_id
         join assessments a on a.id = i.assessment_id
         join requisitions j on j.id = a.requisition_id and j.deleted_at is null
         left join skills k on k.id = any(j.skill_ids)
         left join skill_scores sc on sc.session_id = s.id and sc.skill_id = k.id
         where s.id = $1 and s.tenant_id = $2
         order by lower(k.name)",
    )
    .bind(session_id)
    .bind(ctx.tenant_id)
    .fetch_all(&mut *ctx.tx)
    .await?;
    let job = fit.first().map(|(title, ..)| JobFit {
        title: title.clone(),
        skills: fit.iter().filter_map(|(_, name, points, max)| Some((name.clone()?, points.zip(*max)))).collect(),
    });
    ctx.commit().await?;
    let count = |kinds: &[&str]| events.iter().filter(|e| kinds.contains(&e.kind.as_str())).count() as i64;
    let integrity = Integrity::from_counts(count(&LEAVES), count(&PASTES), count(&OTHER_SIGNALS));
    let review_status = ReviewStatus::from_counts(serious_events(&events), reviews.first().map(|r| r.serious_events_reviewed));
    let (email, title, started_at, submitted_at, submitted_by, score, max_score, percent, passed) = head;
    Ok(Review {
        session_id, email, title, started_at, submitted_at, submitted_by, score, max_score, percent, passed, questions, events, skills, integrity, reviews, review_status, job,
    })
}
