//! The recruiter's server functions: skills, the question bank, sets, assessments, invitations.

use leptos::prelude::*;
use uuid::Uuid;

use super::authoring::OptionRow;
use super::types::{AssessmentSummary, Bank, DrawRule, QuestionDraft};
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::authoring::{self, QuestionForm},
    super::repo,
    crate::platform::{
        context::{Access, Ctx},
        error::on_constraint,
        validate,
    },
    serde_json::json,
};

#[server]
pub async fn create_skill(name: String) -> Result<(), AppError> {
    let name = validate::name("name", "skill", &name)?;
    if name.chars().count() > 80 {
        return Err(AppError::invalid("name", "A skill's name can be at most 80 characters."));
    }
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    sqlx::query("insert into skills (id, tenant_id, name) values ($1, $2, $3)")
        .bind(Uuid::now_v7())
        .bind(ctx.tenant_id)
        .bind(&name)
        .execute(&mut *ctx.tx)
        .await
        .map_err(on_constraint("skills_tenant_name_key", || AppError::conflict("name", "This skill is already in your catalog.")))?;
    ctx.commit().await?;
    Ok(())
}

#[server]
pub async fn question_bank() -> Result<Bank, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let bank = repo::bank(&mut ctx.tx, ctx.tenant_id).await?;
    ctx.commit().await?;
    Ok(bank)
}

/// Creates a question, or edits one: an edit to a question candidates have
/// answered becomes a new version, so their results keep what they saw.
/// Choice options come as rows (`options[0][text]`, `options[0][correct]`), accepted
/// short-text answers as `accepted[0]`…; empty rows are ignored.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn save_question(
    question_id: Option<Uuid>,
    kind: String,
    prompt: String,
    #[server(default)] options: Vec<OptionRow>,
    #[server(default)] correct: String,
    #[server(default)] scoring: String,
    penalty: Option<f64>,
    numeric_value: Option<f64>,
    tolerance: Option<f64>,
    #[server(default)] accepted: Vec<String>,
    #[server(default)] pattern: String,
    skill_id: Option<Uuid>,
    difficulty: String,
    points: f64,
    #[server(default)] explanation: String,
) -> Result<Uuid, AppError> {
    let built = authoring::build(&QuestionForm {
        kind, prompt, options, correct, scoring, penalty, numeric_value, tolerance, accepted, pattern, difficulty, points, explanation,
    })?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    if let Some(skill_id) = skill_id {
        repo::skill_exists(&mut ctx.tx, ctx.tenant_id, skill_id).await?.then_some(()).ok_or_else(|| AppError::invalid("skill_id", "Choose a skill from your catalog."))?;
    }
    let version_id = repo::save_question(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, question_id, &built, skill_id).await?;
    ctx.commit().await?;
    Ok(version_id)
}

/// A question's latest version, for the editor.
#[server]
pub async fn question_to_edit(question_id: Uuid) -> Result<QuestionDraft, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let draft = repo::question_draft(&mut ctx.tx, ctx.tenant_id, question_id).await?;
    ctx.commit().await?;
    Ok(draft)
}

#[server]
pub async fn create_question_set(name: String, #[server(default)] description: String) -> Result<Uuid, AppError> {
    let name = validate::name("name", "set name", &name)?;
    let description = validate::long_text("description", "description", &description, 2000)?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let id = Uuid::now_v7();
    sqlx::query("insert into question_sets (id, tenant_id, name, description) values ($1, $2, $3, $4)")
        .bind(id)
        .bind(ctx.tenant_id)
        .bind(&name)
        .bind(&description)
        .execute(&mut *ctx.tx)
        .await?;
    ctx.commit().await?;
    Ok(id)
}

#[server]
pub async fn add_to_set(set_id: Uuid, question_id: Uuid) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    repo::add_to_set(&mut ctx.tx, ctx.tenant_id, set_id, question_id).await?;
    ctx.commit().await?;
    Ok(())
}

#[cfg(feature = "ssr")]
fn parse_time(field: &str, value: Option<&str>) -> Result<Option<chrono::DateTime<chrono::Utc>>, AppError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&chrono::Utc))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").map(|t| t.and_utc()))
        .map(Some)
        .map_err(|_| AppError::invalid(field, "Give a date and time like 2026-12-01T09:00 (UTC)."))
}

/// Creates an assessment drawing from one or more sets, optionally tied to a job.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn create_assessment(
    title: String,
    #[server(default)] instructions: String,
    time_limit_minutes: i32,
    passing_percent: f64,
    shuffle_questions: Option<String>,
    shuffle_options: Option<String>,
    attempts_allowed: Option<i32>,
    opens_at: Option<String>,
    closes_at: Option<String>,
    #[server(default)] rules: Vec<DrawRule>,
    requisition_id: Option<Uuid>,
) -> Result<Uuid, AppError> {
    let title = validate::name("title", "title", &title)?;
    let instructions = validate::long_text("instructions", "instructions", &instructions, 5000)?;
    if !(1..=600).contains(&time_limit_minutes) {
        return Err(AppError::invalid("time_limit_minutes", "The time limit is 1 to 600 minutes."));
    }
    if !(0.0..=100.0).contains(&passing_percent) {
        return Err(AppError::invalid("passing_percent", "The passing score is a percentage from 0 to 100."));
    }
    let attempts = attempts_allowed.unwrap_or(1);
    if !(1..=10).contains(&attempts) {
        return Err(AppError::invalid("attempts_allowed", "Allow 1 to 10 attempts."));
    }
    let (opens_at, closes_at) = (parse_time("opens_at", opens_at.as_deref())?, parse_time("closes_at", closes_at.as_deref())?);
    if let (Some(open), Some(close)) = (opens_at, closes_at)
        && close <= open
    {
        return Err(AppError::invalid("closes_at", "The assessment must close after it opens."));
    }
    let rules: Vec<DrawRule> = rules
        .into_iter()
        .filter(|r| r.set_id.is_some())
        .map(|r| DrawRule { set_id: r.set_id, draw: r.draw.filter(|n| *n > 0), difficulty: r.difficulty.filter(|d| !d.is_empty()) })
        .collect();
    if rules.is_empty() || rules.len() > 20 {
        return Err(AppError::invalid("rules", "Choose 1 to 20 question sets to draw from."));
    }
    for (n, rule) in rules.iter().enumerate().map(|(i, r)| (i + 1, r)) {
        if rule.draw.is_some_and(|d| d > 500) {
            return Err(AppError::invalid("rules", format!("Set {n}: draw at most 500 questions.")));
        }
        if rule.difficulty.as_deref().is_some_and(|d| !super::types::DIFFICULTIES.contains(&d)) {
            return Err(AppError::invalid("rules", format!("Set {n}: choose easy, medium or hard.")));
        }
    }
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    if let Some(job_id) = requisition_id {
        let known: bool = sqlx::query_scalar("select exists (select 1 from requisitions where id = $1 and tenant_id = $2 and deleted_at is null)")
            .bind(job_id)
            .bind(ctx.tenant_id)
            .fetch_one(&mut *ctx.tx)
            .await?;
        if !known {
            return Err(AppError::invalid("requisition_id", "Choose one of your jobs."));
        }
    }
    for (n, rule) in rules.iter().enumerate().map(|(i, r)| (i + 1, r)) {
        let set_id = rule.set_id.unwrap_or_default();
        let available = repo::set_size(&mut ctx.tx, ctx.tenant_id, set_id, rule.difficulty.as_deref())
            .await?
            .ok_or_else(|| AppError::invalid("rules", format!("Set {n}: choose one of your question sets.")))?;
        if available == 0 || rule.draw.is_some_and(|d| i64::from(d) > available) {
            return Err(AppError::invalid("rules", format!("Set {n}: the set has {available} matching questions.")));
        }
    }
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into assessments (id, tenant_id, title, instructions, time_limit_minutes, passing_percent, shuffle_questions,
                                  shuffle_options, opens_at, closes_at, attempts_allowed, created_by, requisition_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id)
    .bind(ctx.tenant_id)
    .bind(&title)
    .bind(&instructions)
    .bind(time_limit_minutes)
    .bind(passing_percent)
    .bind(shuffle_questions.is_some())
    .bind(shuffle_options.is_some())
    .bind(opens_at)
    .bind(closes_at)
    .bind(attempts)
    .bind(ctx.user.user_id)
    .bind(requisition_id)
    .execute(&mut *ctx.tx)
    .await?;
    for (position, rule) in rules.iter().enumerate() {
        sqlx::query("insert into assessment_rules (id, tenant_id, assessment_id, set_id, draw, difficulty, position) values ($1, $2, $3, $4, $5, $6, $7)")
            .bind(Uuid::now_v7())
            .bind(ctx.tenant_id)
            .bind(id)
            .bind(rule.set_id)
            .bind(rule.draw)
            .bind(&rule.difficulty)
            .bind(position as i32)
            .execute(&mut *ctx.tx)
            .await?;
    }
    ctx.commit().await?;
    Ok(id)
}

#[server]
pub async fn list_assessments() -> Result<Vec<AssessmentSummary>, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let list = repo::assessments(&mut ctx.tx, ctx.tenant_id).await?;
    ctx.commit().await?;
    Ok(list)
}

/// Invites one or many candidates (addresses separated by commas or new lines), with their accommodation.
#[server]
pub async fn invite_candidates(
    assessment_id: Uuid,
    emails: String,
    time_multiplier: Option<f64>,
    unflag_window_blur: Option<String>,
) -> Result<String, AppError> {
    if emails.len() > 50_000 {
        return Err(AppError::invalid("emails", "Paste at most 500 addresses at once."));
    }
    let mut addresses = Vec::new();
    for raw in emails.split([',', '\n', ';']).map(str::trim).filter(|e| !e.is_empty()) {
        let email = validate::email("emails", raw).map_err(|_| AppError::invalid("emails", format!("{raw:?} is not an email address.")))?;
        if !addresses.contains(&email) {
            addresses.push(email);
        }
    }
    if addresses.is_empty() || addresses.len() > 500 {
        return Err(AppError::invalid("emails", "Give 1 to 500 email addresses."));
    }
    let multiplier = time_multiplier.unwrap_or(1.0);
    if !(1.0..=4.0).contains(&multiplier) {
        return Err(AppError::invalid("time_multiplier", "Extra time is a multiplier from 1 to 4, e.g. 1.5."));
    }
    let unflagged: Vec<String> = unflag_window_blur.map(|_| vec!["window_blur".to_owned(), "tab_hidden".to_owned()]).unwrap_or_default();
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let settings = repo::InviteSettings::of(&ctx.platform);
    for email in &addresses {
        let invitation = repo::Invitation {
            assessment_id,
            email: email.clone(),
            time_multiplier: multiplier,
            unflagged_signals: unflagged.clone(),
            invited_by: Some(ctx.user.user_id),
            ..repo::Invitation::default()
        };
        repo::invite(&mut ctx.tx, &settings, ctx.tenant_id, &invitation).await?;
    }
    ctx.audit("assessment.invite", format!("assessment:{assessment_id}"), json!({ "count": addresses.len().to_string() }))
    .await?;
    ctx.commit().await?;
    Ok(format!("{} invitation{} sent.", addresses.len(), if addresses.len() == 1 { "" } else { "s" }))
}

/// Withdraws a candidate's invitation: its link stops working at once.
#[server]
pub async fn revoke_candidate_invitation(invitation_id: Uuid) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let revoked = sqlx::query("update candidate_invitations set revoked_at = now() where id = $1 and tenant_id = $2 and revoked_at is null")
        .bind(invitation_id)
        .bind(ctx.tenant_id)
        .execute(&mut *ctx.tx)
        .await?;
    if revoked.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    ctx.audit("assessment.revoke_invitation", format!("candidate_invitation:{invitation_id}"), json!({}))
    .await?;
    ctx.commit().await?;
    Ok(())
}
