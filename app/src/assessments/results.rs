//! Results for recruiters: the candidates of an assessment with their percentiles, one
//! candidate's answers and proctoring timeline, hand grading, the integrity tier and the
//! events' severities with their rules, and the review of a session's proctoring events.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::grading::Response;
use super::types::{ChoiceOption, QuestionKind};
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::grading::AnswerKey,
    crate::platform::context::{recruiter_tx, Access},
    super::sessions,
    crate::platform::{
        audit,
        context::{platform, remember_write},
        validate,
    },
};

/// The longest review note.
pub const NOTE_MAX_CHARS: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Integrity {
    None,
    Some,
    Major,
}

/// The rule behind the tier, shown to recruiters beside it.
pub const INTEGRITY_RULE: &str = "None: no signals. Some: the candidate left the tab or window, used copy, cut or paste, left full screen, or opened the test in a second browser. Major: left the tab or window 5 times or more, or pasted 3 times or more. Signals inform; they never fail a candidate on their own, and signals excused by an accommodation are not recorded.";

impl Integrity {
    /// The tier for a session's signal counts: (leaving the tab or window, pastes, other signals).
    pub fn from_counts(leaves: i64, pastes: i64, other: i64) -> Self {
        if leaves >= 5 || pastes >= 3 {
            Integrity::Major
        } else if leaves + pastes + other > 0 {
            Integrity::Some
        } else {
            Integrity::None
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Integrity::None => "None",
            Integrity::Some => "Some",
            Integrity::Major => "Major",
        }
    }
}

/// How serious a proctoring event is. Stored on each event, generated from its kind by the
/// database (migration `proctoring_review`), which follows this rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

/// The rule behind the severities, shown to recruiters beside the integrity tier's.
pub const SEVERITY_RULE: &str = "Severity of each signal. Low: came back to the tab or window, opened the context menu, or reloaded the page. Medium: left the tab or window, copied or cut text, or left full screen. High: pasted text. Critical: opened the test in a second browser, which took it over. High and critical signals wait for a recruiter's review; signals excused by an accommodation are not recorded, so they carry none.";

impl Severity {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// Where a session's proctoring review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewStatus {
    NotReviewed,
    Reviewed,
    /// Reviewed, then high or critical events arrived that the reviewer had not seen.
    NewEventsSinceReview,
}

impl ReviewStatus {
    /// From the session's high and critical events now and how many the latest review covered.
    pub fn from_counts(serious_events: i64, reviewed: Option<i64>) -> Self {
        match reviewed {
            None => ReviewStatus::NotReviewed,
            Some(covered) if serious_events > covered => ReviewStatus::NewEventsSinceReview,
            Some(_) => ReviewStatus::Reviewed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::NotReviewed => "not reviewed",
            ReviewStatus::Reviewed => "reviewed",
            ReviewStatus::NewEventsSinceReview => "new events since review",
        }
    }
}

/// Below this many graded candidates a percentile would say more about the crowd's size than the candidate.
pub const PERCENTILE_MIN_GRADED: usize = 5;

/// How percentiles are computed, shown beside them.
pub const PERCENTILE_RULE: &str = "Percentile: the share of graded candidates who scored lower, counting those on the same score as half (the candidate among them): (lower + ½ × same) ÷ graded × 100, so candidates who tie share one percentile. Shown once 5 candidates are graded.";

/// The mid-rank percentile of each score among `scores` (the graded candidates' percents),
/// rounded to a whole number; none at all while fewer than [`PERCENTILE_MIN_GRADED`] are graded.
pub fn percentiles(scores: &[f64]) -> Vec<Option<f64>> {
    if scores.len() < PERCENTILE_MIN_GRADED {
        return vec![None; scores.len()];
    }
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    let graded = sorted.len() as f64;
    scores
        .iter()
        .map(|score| {
            let lower = sorted.partition_point(|s| s < score);
            let same = sorted.partition_point(|s| s <= score) - lower;
            Some(((lower as f64 + 0.5 * same as f64) / graded * 100.0).round())
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    pub invitation_id: Uuid,
    pub session_id: Option<Uuid>,
    pub email: String,
    /// invited, started, submitted (awaiting hand grading) or graded
    pub status: String,
    pub score: Option<f64>,
    pub max_score: Option<f64>,
    pub percent: Option<f64>,
    pub passed: Option<bool>,
    pub percentile: Option<f64>,
    pub integrity: Integrity,
    pub review: ReviewStatus,
    /// Has high or critical events no review has covered.
    pub needs_review: bool,
    pub minutes_used: Option<f64>,
}

impl ResultRow {
    /// What the table and the CSV say of the proctoring review: nothing while there is nothing to review.
    pub fn review_label(&self) -> Option<&'static str> {
        match (self.review, self.needs_review) {
            (ReviewStatus::NotReviewed, true) => Some("needs review"),
            (ReviewStatus::NotReviewed, false) => None,
            (status, _) => Some(status.label()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub title: String,
    /// The job the assessment is tied to.
    pub job: Option<String>,
    pub passing_percent: f64,
    /// Candidates graded, whether or not `rows` is filtered.
    pub graded: usize,
    /// Sessions with high or critical events no review has covered, whether or not `rows` is filtered.
    pub needing_review: usize,
    pub rows: Vec<ResultRow>,
}

/// One signal in a session's proctoring timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub kind: String,
    pub at: DateTime<Utc>,
    pub severity: Severity,
}

/// A recruiter's review of a session's proctoring events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProctoringReview {
    pub note: String,
    pub reviewer: Option<String>,
    pub reviewed_at: DateTime<Utc>,
    pub serious_events_reviewed: i64,
}

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

/// The signals the integrity rule counts, in its three groups.
pub const LEAVES: [&str; 2] = ["tab_hidden", "window_blur"];
pub const PASTES: [&str; 1] = ["paste"];
pub const OTHER_SIGNALS: [&str; 5] = ["copy", "cut", "fullscreen_exit", "takeover", "context_menu"];

#[cfg(feature = "ssr")]
type ResultDbRow = (
    Uuid, Option<Uuid>, String, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<f64>, Option<f64>, Option<f64>, Option<bool>,
    i64, i64, i64, i64, Option<i64>,
);

/// The candidates of an assessment; with `needs_review`, only those whose sessions have high or
/// critical events no review has covered (percentiles still rank every graded candidate).
#[server]
pub async fn assessment_results(assessment_id: Uuid, #[server(default)] needs_review: bool) -> Result<Results, AppError> {
    let platform = platform()?;
    let (_, tenant_id, mut tx) = recruiter_tx(&platform, Access::Read).await?;
    let (title, passing_percent, job): (String, f64, Option<String>) = sqlx::query_as(
        "select a.title, a.passing_percent::float8, (select j.title from requisitions j where j.id = a.requisition_id and j.deleted_at is null)
         from assessments a where a.id = $1 and a.tenant_id = $2",
    )
        .bind(assessment_id)
        .bind(tenant_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    // The serious count is its own subquery, its condition written as the partial index's, so that the index answers it.
    let rows: Vec<ResultDbRow> = sqlx::query_as(
        "with latest as (
             select distinct on (s.invitation_id) s.* from test_sessions s
             join candidate_invitations i on i.id = s.invitation_id
             where i.assessment_id = $1 and i.tenant_id = $2
             order by s.invitation_id, s.attempt desc
         )
         select i.id, l.id, i.email, l.started_at, l.submitted_at, l.graded_at, l.score::float8, l.max_score::float8,
                l.percent::float8, l.passed, coalesce(ev.leaves, 0), coalesce(ev.pastes, 0), coalesce(ev.other, 0),
                coalesce((select count(*) from proctoring_events e where e.session_id = l.id and e.severity in ('high', 'critical')), 0),
                (select r.serious_events_reviewed::int8 from proctoring_reviews r where r.session_id = l.id order by r.reviewed_at desc, r.id desc limit 1)
         from candidate_invitations i
         left join latest l on l.invitation_id = i.id
         left join lateral (
             select count(*) filter (where kind = any($3)) as leaves, count(*) filter (where kind = any($4)) as pastes,
                    count(*) filter (where kind = any($5)) as other
             from proctoring_events e where e.session_id = l.id
         ) ev on true
         where i.assessment_id = $1 and i.tenant_id = $2 and i.revoked_at is null
         order by l.percent desc nulls last, i.email",
    )
    .bind(assessment_id)
    .bind(tenant_id)
    .bind(&LEAVES[..])
    .bind(&PASTES[..])
    .bind(&OTHER_SIGNALS[..])
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut rows: Vec<ResultRow> = rows
        .into_iter()
        .map(|(invitation_id, session_id, email, started, submitted, graded, score, max_score, percent, passed, leaves, pastes, other, serious, reviewed)| {
            let status = match (started, submitted, graded) {
                (None, _, _) => "invited",
                (Some(_), None, _) => "started",
                (_, Some(_), None) => "submitted",
                _ => "graded",
            };
            ResultRow {
                invitation_id,
                session_id,
                email,
                status: status.to_owned(),
                score,
                max_score,
                percent,
                passed,
                percentile: None,
                integrity: Integrity::from_counts(leaves, pastes, other),
                review: ReviewStatus::from_counts(serious, reviewed),
                needs_review: serious > reviewed.unwrap_or(0),
                minutes_used: started.zip(submitted).map(|(s, e)| ((e - s).num_seconds() as f64 / 6.0).round() / 10.0),
            }
        })
        .collect();
    let graded: Vec<usize> = (0..rows.len()).filter(|&n| rows[n].status == "graded" && rows[n].percent.is_some()).collect();
    let ranks = percentiles(&graded.iter().map(|&n| rows[n].percent.unwrap_or_default()).collect::<Vec<_>>());
    for (&n, rank) in graded.iter().zip(ranks) {
        rows[n].percentile = rank;
    }
    let needing_review = rows.iter().filter(|r| r.needs_review).count();
    if needs_review {
        rows.retain(|r| r.needs_review);
    }
    Ok(Results { title, job, passing_percent, graded: graded.len(), needing_review, rows })
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
type ReviewDbRow = (i32, Uuid, String, String, serde_json::Value, Vec<String>, serde_json::Value, f64, String, Option<String>, Option<serde_json::Value>, Option<f64>, Option<i64>, Option<bool>);

#[server]
pub async fn session_review(session_id: Uuid) -> Result<Review, AppError> {
    let platform = platform()?;
    let (_, tenant_id, mut tx) = recruiter_tx(&platform, Access::Read).await?;
    type Head = (String, String, DateTime<Utc>, Option<DateTime<Utc>>, Option<String>, Option<f64>, Option<f64>, Option<f64>, Option<bool>);
    let head: Head = sqlx::query_as(
        "select i.email, a.title, s.started_at, s.submitted_at, s.submitted_by, s.score::float8, s.max_score::float8, s.percent::float8, s.passed
         from test_sessions s join candidate_invitations i on i.id = s.invitation_id join assessments a on a.id = i.assessment_id
         where s.id = $1 and s.tenant_id = $2",
    )
    .bind(session_id)
    .bind(tenant_id)
    .fetch_optional(&mut *tx)
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
    .bind(tenant_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut questions = Vec::new();
    for (position, version_id, kind, prompt, options, order, key, points, explanation, skill, response, awarded, spent, late) in rows {
        let options: Vec<ChoiceOption> = serde_json::from_value(options).map_err(AppError::internal)?;
        let key: AnswerKey = serde_json::from_value(key).map_err(AppError::internal)?;
        let correct = describe_key(&key, &options);
        let options = order.iter().filter_map(|id| options.iter().find(|o| &o.id == id).cloned()).collect();
        questions.push(ReviewQuestion {
            position,
            version_id,
            kind: QuestionKind::parse(&kind).ok_or(AppError::Internal)?,
            prompt,
            options,
            response: response.and_then(|r| serde_json::from_value(r).ok()),
            correct,
            awarded,
            points,
            seconds_spent: spent.unwrap_or(0) / 1000,
            late: late.unwrap_or(false),
            explanation,
            skill,
        });
    }
    let events: Vec<(String, DateTime<Utc>, String)> =
        sqlx::query_as("select kind, occurred_at, severity from proctoring_events where session_id = $1 and tenant_id = $2 order by occurred_at, id")
            .bind(session_id)
            .bind(tenant_id)
            .fetch_all(&mut *tx)
            .await?;
    let events = events
        .into_iter()
        .map(|(kind, at, severity)| Ok(TimelineEvent { kind, at, severity: Severity::parse(&severity).ok_or(AppError::Internal)? }))
        .collect::<Result<Vec<_>, AppError>>()?;
    let reviews: Vec<(String, Option<String>, DateTime<Utc>, i64)> = sqlx::query_as(
        "select r.note, u.display_name, r.reviewed_at, r.serious_events_reviewed::int8
         from proctoring_reviews r left join users u on u.id = r.reviewed_by
         where r.session_id = $1 and r.tenant_id = $2 order by r.reviewed_at desc, r.id desc",
    )
    .bind(session_id)
    .bind(tenant_id)
    .fetch_all(&mut *tx)
    .await?;
    let reviews: Vec<ProctoringReview> = reviews
        .into_iter()
        .map(|(note, reviewer, reviewed_at, serious_events_reviewed)| ProctoringReview { note, reviewer, reviewed_at, serious_events_reviewed })
        .collect();
    let skills: Vec<(String, f64, f64)> = sqlx::query_as(
        "select k.name, s.points::float8, s.max_points::float8 from skill_scores s join skills k on k.id = s.skill_id where s.session_id = $1 and s.tenant_id = $2 order by k.name",
    )
    .bind(session_id)
    .bind(tenant_id)
    .fetch_all(&mut *tx)
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
    .bind(tenant_id)
    .fetch_all(&mut *tx)
    .await?;
    let job = fit.first().map(|(title, ..)| JobFit {
        title: title.clone(),
        skills: fit.iter().filter_map(|(_, name, points, max)| Some((name.clone()?, points.zip(*max)))).collect(),
    });
    tx.commit().await?;
    let count = |kinds: &[&str]| events.iter().filter(|e| kinds.contains(&e.kind.as_str())).count() as i64;
    let integrity = Integrity::from_counts(count(&LEAVES), count(&PASTES), count(&OTHER_SIGNALS));
    let review_status = ReviewStatus::from_counts(serious_events(&events), reviews.first().map(|r| r.serious_events_reviewed));
    let (email, title, started_at, submitted_at, submitted_by, score, max_score, percent, passed) = head;
    Ok(Review {
        session_id, email, title, started_at, submitted_at, submitted_by, score, max_score, percent, passed, questions, events, skills, integrity, reviews, review_status, job,
    })
}

/// The high and critical events of a timeline: what a review must cover.
pub fn serious_events(events: &[TimelineEvent]) -> i64 {
    events.iter().filter(|e| e.severity >= Severity::High).count() as i64
}

/// Marks a session's proctoring events reviewed, with a note. `serious_events_seen` is how many
/// high and critical events the reviewer's page showed: if more have arrived since, the review
/// is refused, so that no one marks reviewed what they have not read.
#[server]
pub async fn review_proctoring(session_id: Uuid, #[server(default)] note: String, serious_events_seen: i64) -> Result<(), AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    let note = validate::long_text("note", "note", &note, NOTE_MAX_CHARS)?;
    if note.is_empty() {
        return Err(AppError::invalid("note", "Write a note on what you found in the timeline."));
    }
    let serious: i64 = sqlx::query_scalar(
        "select (select count(*) from proctoring_events e where e.session_id = s.id and e.severity in ('high', 'critical'))
         from test_sessions s where s.id = $1 and s.tenant_id = $2",
    )
    .bind(session_id)
    .bind(tenant_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if serious_events_seen != serious {
        return Err(AppError::Conflict {
            field: None,
            message: "The timeline has changed since this page was loaded. Read the new events, then mark them reviewed.".into(),
        });
    }
    sqlx::query(
        "insert into proctoring_reviews (id, tenant_id, session_id, note, serious_events_reviewed, reviewed_by) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(session_id)
    .bind(&note)
    .bind(serious as i32)
    .bind(user.user_id)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(user.user_id),
        action: "proctoring.review",
        target: format!("session:{session_id}"),
        details: serde_json::json!({ "serious_events_reviewed": serious.to_string() }),
    })
    .await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}

/// Grades a long-text answer by hand, then recomputes the session's totals.
#[server]
pub async fn grade_answer(session_id: Uuid, version_id: Uuid, points: f64) -> Result<(), AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    let question: Option<(String, f64, bool)> = sqlx::query_as(
        "select v.kind, v.points::float8, s.submitted_at is not null
         from session_questions sq join question_versions v on v.id = sq.question_version_id join test_sessions s on s.id = sq.session_id
         where sq.session_id = $1 and sq.question_version_id = $2 and sq.tenant_id = $3",
    )
    .bind(session_id)
    .bind(version_id)
    .bind(tenant_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (kind, max, submitted) = question.ok_or(AppError::NotFound)?;
    if kind != "long_text" {
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
        .bind(user.user_id)
        .bind(session_id)
        .bind(version_id)
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    if graded.rows_affected() == 0 {
        return Err(AppError::invalid("points", "The candidate did not answer this question."));
    }
    sessions::finish(&mut tx, session_id, "candidate").await?;
    audit::record(&mut tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(user.user_id),
        action: "assessment.grade",
        target: format!("session:{session_id}"),
        details: serde_json::json!({ "question": version_id.to_string(), "points": points.to_string() }),
    })
    .await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}

/// The results as CSV, one row per candidate.
pub fn results_csv(results: &Results) -> String {
    let field = crate::platform::csv::field;
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut csv = String::from("email,status,score,max_score,percent,passed,percentile,integrity,minutes_used,proctoring_review\n");
    for row in &results.rows {
        csv.push_str(&[
            field(&row.email),
            row.status.clone(),
            number(row.score),
            number(row.max_score),
            number(row.percent),
            row.passed.map(|p| if p { "yes" } else { "no" }.to_owned()).unwrap_or_default(),
            number(row.percentile),
            row.integrity.label().to_owned(),
            number(row.minutes_used),
            row.review_label().unwrap_or_default().to_owned(),
        ].join(","));
        csv.push('\n');
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_tiers_follow_the_written_rule() {
        assert_eq!(Integrity::from_counts(0, 0, 0), Integrity::None);
        assert_eq!(Integrity::from_counts(1, 0, 0), Integrity::Some);
        assert_eq!(Integrity::from_counts(0, 0, 1), Integrity::Some);
        assert_eq!(Integrity::from_counts(5, 0, 0), Integrity::Major);
        assert_eq!(Integrity::from_counts(0, 3, 0), Integrity::Major);
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let results = Results {
            title: "T".into(),
            job: None,
            passing_percent: 50.0,
            rows: vec![ResultRow {
                invitation_id: Uuid::nil(),
                session_id: None,
                email: "a,\"b\"@example.com".into(),
                status: "invited".into(),
                score: None,
                max_score: None,
                percent: Some(71.5),
                passed: Some(true),
                percentile: None,
                integrity: Integrity::None,
                review: ReviewStatus::NotReviewed,
                needs_review: false,
                minutes_used: None,
            }],
            graded: 0,
            needing_review: 0,
        };
        assert_eq!(results_csv(&results).lines().nth(1).unwrap(), "\"a,\"\"b\"\"@example.com\",invited,,,71.5,yes,,None,,");
    }

    #[test]
    fn percentiles_wait_for_five_graded() {
        for graded in 0..PERCENTILE_MIN_GRADED {
            assert!(percentiles(&vec![70.0; graded]).iter().all(Option::is_none), "{graded} graded");
        }
    }

    #[test]
    fn tied_candidates_share_their_mid_rank() {
        assert_eq!(percentiles(&[100.0, 100.0, 75.0, 50.0, 25.0]), [Some(80.0), Some(80.0), Some(50.0), Some(30.0), Some(10.0)]);
        // All tied: everyone in the middle, no one at 0.
        assert_eq!(percentiles(&[60.0; 6]), vec![Some(50.0); 6]);
        // The order of the input does not matter; ranks follow the scores.
        assert_eq!(percentiles(&[25.0, 100.0, 50.0, 100.0, 75.0]), [Some(10.0), Some(80.0), Some(30.0), Some(80.0), Some(50.0)]);
        // Lowest alone: half of itself counts. (0 + 0.5) / 7 × 100 = 7.1
        assert_eq!(percentiles(&[0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0])[0], Some(7.0));
    }

    #[test]
    fn a_review_covers_the_serious_events_it_saw() {
        assert_eq!(ReviewStatus::from_counts(2, None), ReviewStatus::NotReviewed);
        assert_eq!(ReviewStatus::from_counts(0, None), ReviewStatus::NotReviewed);
        assert_eq!(ReviewStatus::from_counts(2, Some(2)), ReviewStatus::Reviewed);
        assert_eq!(ReviewStatus::from_counts(3, Some(2)), ReviewStatus::NewEventsSinceReview);
    }

    #[test]
    fn the_review_column_is_empty_with_nothing_to_review() {
        let row = |review, needs_review| ResultRow {
            invitation_id: Uuid::nil(),
            session_id: Some(Uuid::nil()),
            email: "a@example.com".into(),
            status: "graded".into(),
            score: None,
            max_score: None,
            percent: None,
            passed: None,
            percentile: None,
            integrity: Integrity::None,
            review,
            needs_review,
            minutes_used: None,
        };
        assert_eq!(row(ReviewStatus::NotReviewed, false).review_label(), None);
        assert_eq!(row(ReviewStatus::NotReviewed, true).review_label(), Some("needs review"));
        assert_eq!(row(ReviewStatus::Reviewed, false).review_label(), Some("reviewed"));
        assert_eq!(row(ReviewStatus::NewEventsSinceReview, true).review_label(), Some("new events since review"));
    }
}
