//! Results for recruiters: the candidates of an assessment, one candidate's answers
//! and proctoring timeline, hand grading, and the integrity tier with its rule.

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
    super::api::{recruiter_tx, Access},
    super::scoring,
    crate::platform::{
        audit,
        context::{platform, remember_write},
    },
};

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
    pub minutes_used: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub title: String,
    /// The job the assessment is tied to.
    pub job: Option<String>,
    pub passing_percent: f64,
    pub rows: Vec<ResultRow>,
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
    pub events: Vec<(String, DateTime<Utc>)>,
    pub skills: Vec<(String, f64, f64)>,
    pub integrity: Integrity,
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
type ResultDbRow = (Uuid, Option<Uuid>, String, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<f64>, Option<f64>, Option<f64>, Option<bool>, Option<f64>, i64, i64, i64);

#[server]
pub async fn assessment_results(assessment_id: Uuid) -> Result<Results, AppError> {
    let platform = platform()?;
    let (_, tenant_id, mut tx) = recruiter_tx(&platform, Access::Read).await?;
    let (title, passing_percent, job): (String, f64, Option<String>) = sqlx::query_as(
        "select a.title, a.passing_percent::float8, (select j.title from job_descriptions j where j.id = a.job_description_id)
         from assessments a where a.id = $1 and a.tenant_id = $2",
    )
        .bind(assessment_id)
        .bind(tenant_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows: Vec<ResultDbRow> = sqlx::query_as(
        "with latest as (
             select distinct on (s.invitation_id) s.* from test_sessions s
             join candidate_invitations i on i.id = s.invitation_id
             where i.assessment_id = $1 and i.tenant_id = $2
             order by s.invitation_id, s.attempt desc
         ), ranked as (
             select id, percent_rank() over (order by percent) * 100 as percentile from latest where graded_at is not null
         )
         select i.id, l.id, i.email, l.started_at, l.submitted_at, l.graded_at, l.score::float8, l.max_score::float8,
                l.percent::float8, l.passed, r.percentile::float8, coalesce(ev.leaves, 0), coalesce(ev.pastes, 0), coalesce(ev.other, 0)
         from candidate_invitations i
         left join latest l on l.invitation_id = i.id
         left join ranked r on r.id = l.id
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
    Ok(Results {
        title,
        job,
        passing_percent,
        rows: rows
            .into_iter()
            .map(|(invitation_id, session_id, email, started, submitted, graded, score, max_score, percent, passed, percentile, leaves, pastes, other)| {
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
                    percentile: percentile.map(|p| p.round()),
                    integrity: Integrity::from_counts(leaves, pastes, other),
                    minutes_used: started.zip(submitted).map(|(s, e)| ((e - s).num_seconds() as f64 / 6.0).round() / 10.0),
                }
            })
            .collect(),
    })
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
        let options: Vec<ChoiceOption> = serde_json::from_value(options).map_err(|_| AppError::Internal)?;
        let key: AnswerKey = serde_json::from_value(key).map_err(|_| AppError::Internal)?;
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
    let events: Vec<(String, DateTime<Utc>)> = sqlx::query_as("select kind, occurred_at from proctoring_events where session_id = $1 and tenant_id = $2 order by occurred_at, id")
        .bind(session_id)
        .bind(tenant_id)
        .fetch_all(&mut *tx)
        .await?;
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
         join job_descriptions j on j.id = a.job_description_id
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
    let count = |kinds: &[&str]| events.iter().filter(|(k, _)| kinds.contains(&k.as_str())).count() as i64;
    let integrity = Integrity::from_counts(count(&LEAVES), count(&PASTES), count(&OTHER_SIGNALS));
    let (email, title, started_at, submitted_at, submitted_by, score, max_score, percent, passed) = head;
    Ok(Review { session_id, email, title, started_at, submitted_at, submitted_by, score, max_score, percent, passed, questions, events, skills, integrity, job })
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
    scoring::finish(&mut tx, session_id, "candidate").await?;
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
    let field = |text: &str| if text.contains([',', '"', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() };
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut csv = String::from("email,status,score,max_score,percent,passed,percentile,integrity,minutes_used\n");
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
                minutes_used: None,
            }],
        };
        assert_eq!(results_csv(&results).lines().nth(1).unwrap(), "\"a,\"\"b\"\"@example.com\",invited,,,71.5,yes,,None,");
    }
}
