//! The pipeline's server functions: each authenticates, authorizes and validates by itself.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo::{self, Move, Mover, StageChange},
    crate::platform::context::{Access, Ctx},
    crate::platform::{CurrentUser, Role},
};

#[cfg(feature = "ssr")]
fn mover(user: &CurrentUser) -> Mover {
    Mover { user_id: user.user_id, is_admin: user.role == Role::TenantAdmin }
}

/// A requisition's board: its stages with counts, the first cards of each, and what the forms pick from.
#[server]
pub async fn pipeline_board(requisition_id: Uuid, #[server(default)] sort: String, #[server(default)] per_column: Option<i64>) -> Result<Board, AppError> {
    let sort = if sort.is_empty() { BoardSort::default() } else { BoardSort::parse(&sort).ok_or_else(|| AppError::invalid("sort", "Sort the board by one of the listed orders."))? };
    let per_column = per_column.unwrap_or(CARDS_PER_COLUMN);
    if !(1..=MAX_CARDS_PER_COLUMN).contains(&per_column) {
        return Err(AppError::invalid("per_column", format!("Show 1 to {MAX_CARDS_PER_COLUMN} cards per stage.")));
    }
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let requisition = repo::requisition(&mut ctx.tx, ctx.tenant_id, requisition_id, mover(&ctx.user)).await?;
    let stages = repo::stages(&mut ctx.tx, ctx.tenant_id, requisition_id).await?;
    let mut cards = repo::cards(&mut ctx.tx, ctx.tenant_id, requisition_id, sort, per_column).await?;
    let ids: Vec<Uuid> = cards.iter().map(|c| c.id).collect();
    for (application_id, recommendations) in crate::interviews::repo::recommendations(&mut ctx.tx, ctx.tenant_id, &ids).await? {
        if let Some(card) = cards.iter_mut().find(|c| c.id == application_id) {
            card.recommendations = recommendations;
        }
    }
    let (rejected, withdrawn) = repo::exits(&mut ctx.tx, ctx.tenant_id, requisition_id).await?;
    let rejection_reasons = repo::rejection_reasons(&mut ctx.tx, ctx.tenant_id).await?;
    let assessments = repo::assessment_choices(&mut ctx.tx, ctx.tenant_id).await?;
    ctx.commit().await?;
    Ok(Board {
        requisition_id,
        title: requisition.title,
        status: requisition.status,
        can_move: requisition.can_move,
        stages,
        cards,
        rejected,
        withdrawn,
        rejection_reasons,
        assessments,
        sort,
        per_column,
        now: chrono::Utc::now(),
    })
}

#[cfg(feature = "ssr")]
async fn apply_move(application_id: Uuid, version: i32, action: Move) -> Result<MoveResult, AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    repo::authorize_application(&mut ctx.tx, ctx.tenant_id, application_id, mover(&ctx.user), true).await?;
    let result = repo::move_application(&mut ctx.tx, &repo::InviteSettings::of(&ctx.platform), ctx.tenant_id, Some(mover(&ctx.user)), application_id, version, &action).await?;
    ctx.commit().await?;
    Ok(result)
}

/// Moves an application to another stage of its requisition, if nobody moved it since `version`.
#[server]
pub async fn move_application(application_id: Uuid, version: i32, stage_id: Uuid) -> Result<MoveResult, AppError> {
    apply_move(application_id, version, Move::ToStage(stage_id)).await
}

/// Rejects an application with one of the tenant's reasons.
#[server]
pub async fn reject_application(application_id: Uuid, version: i32, #[server(default)] reason: String) -> Result<MoveResult, AppError> {
    apply_move(application_id, version, Move::Reject(reason)).await
}

/// Records that the candidate withdrew.
#[server]
pub async fn withdraw_application(application_id: Uuid, version: i32, #[server(default)] reason: String) -> Result<MoveResult, AppError> {
    apply_move(application_id, version, Move::Withdraw(reason)).await
}

/// Brings a rejected or withdrawn application back into its stage.
#[server]
pub async fn reopen_application(application_id: Uuid, version: i32) -> Result<MoveResult, AppError> {
    apply_move(application_id, version, Move::Reopen).await
}

/// The most applications one bulk move takes.
pub const BULK_MOVE_LIMIT: usize = 200;

/// Moves or rejects several applications of one requisition together, each checked against
/// the version the board showed; with an optional email to each candidate moved.
/// `picks` are `application_id.version`.
#[server]
pub async fn bulk_move_applications(
    requisition_id: Uuid,
    #[server(default)] picks: Vec<String>,
    action: String,
    #[server(default)] stage_id: Option<Uuid>,
    #[server(default)] reason: String,
    #[server(default)] email_subject: String,
    #[server(default)] email_body: String,
) -> Result<String, AppError> {
    let mut applications: Vec<(Uuid, i32)> = Vec::new();
    for pick in &picks {
        let parsed = pick.split_once('.').and_then(|(id, version)| Some((id.parse().ok()?, version.parse().ok()?)));
        match parsed {
            Some(pair) if !applications.iter().any(|(id, _)| *id == pair.0) => applications.push(pair),
            Some(_) => {}
            None => return Err(AppError::invalid("picks", "The selection could not be read; reload the board and select again.")),
        }
    }
    if applications.is_empty() {
        return Err(AppError::invalid("picks", "Select at least one candidate."));
    }
    if applications.len() > BULK_MOVE_LIMIT {
        return Err(AppError::invalid("picks", format!("Move at most {BULK_MOVE_LIMIT} candidates at once.")));
    }
    let action = match (action.as_str(), stage_id) {
        ("move", Some(stage_id)) => Move::ToStage(stage_id),
        ("move", None) => return Err(AppError::invalid("stage_id", "Choose the stage to move them to.")),
        ("reject", _) => Move::Reject(reason),
        _ => return Err(AppError::invalid("action", "Choose to move or to reject.")),
    };
    let (subject, body) = (email_subject.trim(), email_body.trim());
    if subject.is_empty() != body.is_empty() {
        return Err(AppError::invalid("email_body", "Write both a subject and a message, or neither to send no email."));
    }
    if subject.chars().count() > 200 || body.chars().count() > 5000 {
        return Err(AppError::invalid("email_body", "Keep the subject under 200 and the message under 5,000 characters."));
    }
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let requisition = repo::requisition(&mut ctx.tx, ctx.tenant_id, requisition_id, mover(&ctx.user)).await?;
    if !requisition.can_move {
        return Err(AppError::Forbidden);
    }
    let settings = repo::InviteSettings::of(&ctx.platform);
    let (mut moved, mut skipped) = (0, Vec::new());
    for (application_id, version) in applications {
        // Each application must belong to this requisition: another one's id is not found.
        if repo::authorize_application(&mut ctx.tx, ctx.tenant_id, application_id, mover(&ctx.user), true).await?.id != requisition_id {
            return Err(AppError::NotFound);
        }
        match repo::move_application(&mut ctx.tx, &settings, ctx.tenant_id, Some(mover(&ctx.user)), application_id, version, &action).await {
            Ok(_) => {
                moved += 1;
                if !subject.is_empty() {
                    let (name, email, company) = repo::addressee(&mut ctx.tx, ctx.tenant_id, application_id).await?;
                    let fill = |text: &str| repo::fill_candidate_template(text, &name, &requisition.title, &company);
                    repo::email_candidate(&mut ctx.tx, ctx.tenant_id, &email, &fill(subject), &fill(body)).await?;
                }
            }
            Err(AppError::Invalid { field: Some(field), message }) if field == "reason" => return Err(AppError::invalid("reason", message)),
            Err(error @ (AppError::Conflict { .. } | AppError::Invalid { .. })) => skipped.push(error.to_string()),
            Err(error) => return Err(error),
        }
    }
    ctx.commit().await?;
    let verb = if matches!(action, Move::Reject(_)) { "rejected" } else { "moved" };
    let mut summary = format!("{moved} {verb}.");
    if !skipped.is_empty() {
        summary.push_str(&format!(" {} left as they were: {}", skipped.len(), skipped.join(" ")));
    }
    Ok(summary)
}

/// An application's page: candidate, stage, history, notes, assessments and match.
#[server]
pub async fn application_details(application_id: Uuid) -> Result<ApplicationPage, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let requisition = repo::authorize_application(&mut ctx.tx, ctx.tenant_id, application_id, mover(&ctx.user), false).await?;
    let row = repo::application_row(&mut ctx.tx, ctx.tenant_id, application_id).await?;
    let status = row.application_status();
    let page = ApplicationPage {
        id: application_id,
        version: row.version,
        candidate_id: row.candidate_id,
        name: row.name,
        email: row.email,
        phone: row.phone,
        location: row.location,
        requisition_id: requisition.id,
        requisition_title: requisition.title,
        requisition_status: requisition.status,
        stage_id: row.stage_id,
        stage_name: row.stage_name,
        status,
        rejection_reason: row.rejection_reason,
        source: row.source,
        cover_note: row.cover_note,
        resume_file_id: row.resume_file_id,
        applied_at: row.applied_at,
        entered_at: row.entered_at,
        match_score: row.match_score,
        coverage: repo::coverage(&mut ctx.tx, ctx.tenant_id, row.candidate_id, requisition.id).await?,
        stages: repo::stages(&mut ctx.tx, ctx.tenant_id, requisition.id).await?,
        history: repo::history(&mut ctx.tx, ctx.tenant_id, application_id).await?,
        notes: repo::notes(&mut ctx.tx, ctx.tenant_id, application_id, ctx.user.user_id).await?,
        assessments: repo::sent_assessments(&mut ctx.tx, ctx.tenant_id, application_id).await?,
        assessment_choices: repo::assessment_choices(&mut ctx.tx, ctx.tenant_id).await?,
        rejection_reasons: repo::rejection_reasons(&mut ctx.tx, ctx.tenant_id).await?,
        mentionable: repo::mentionable(&mut ctx.tx, ctx.tenant_id).await?.into_iter().map(|(_, handle, name)| (handle, name)).collect(),
        following: repo::is_following(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, application_id).await?,
        can_move: requisition.can_move,
        now: chrono::Utc::now(),
    };
    ctx.commit().await?;
    Ok(page)
}

/// Adds a note to an application; `@handle` mentions notify those members.
#[server]
pub async fn add_application_note(application_id: Uuid, #[server(default)] body: String, #[server(default)] private: Option<String>) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    repo::authorize_application(&mut ctx.tx, ctx.tenant_id, application_id, mover(&ctx.user), false).await?;
    repo::add_note(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, application_id, &body, private.is_some()).await?;
    ctx.commit().await?;
    Ok(())
}

/// Edits one's own note within its edit window.
#[server]
pub async fn edit_application_note(note_id: Uuid, #[server(default)] body: String) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    repo::edit_note(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, note_id, &body).await?;
    ctx.commit().await?;
    Ok(())
}

/// Follows an application (hear of its moves) or stops following it.
#[server]
pub async fn follow_application(application_id: Uuid, #[server(default)] follow: bool) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    repo::authorize_application(&mut ctx.tx, ctx.tenant_id, application_id, mover(&ctx.user), false).await?;
    repo::follow(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, application_id, follow).await?;
    ctx.commit().await?;
    Ok(())
}

/// Sends one of the tenant's assessments to the candidate of an application.
#[server]
pub async fn send_application_assessment(application_id: Uuid, assessment_id: Option<Uuid>) -> Result<String, AppError> {
    let assessment_id = assessment_id.ok_or_else(|| AppError::invalid("assessment_id", "Choose an assessment to send."))?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    repo::authorize_application(&mut ctx.tx, ctx.tenant_id, application_id, mover(&ctx.user), true).await?;
    let message = repo::send_assessment(&mut ctx.tx, &repo::InviteSettings::of(&ctx.platform), ctx.tenant_id, ctx.user.user_id, application_id, assessment_id).await?;
    ctx.commit().await?;
    Ok(message)
}

/// Changes a requisition's stages: add, rename, reorder, remove an empty one, or set the
/// assessment a stage sends on entry.
#[server]
pub async fn change_requisition_stages(
    requisition_id: Uuid,
    change: String,
    #[server(default)] stage_id: Option<Uuid>,
    #[server(default)] name: String,
    #[server(default)] kind: String,
    #[server(default)] assessment_id: Option<Uuid>,
    #[server(default)] shown_as: String,
) -> Result<(), AppError> {
    let stage = || stage_id.ok_or_else(|| AppError::invalid("stage_id", "Choose a stage."));
    let kind = || StageKind::parse(&kind).ok_or_else(|| AppError::invalid("kind", "Choose which step of the funnel the stage counts as."));
    let change = match change.as_str() {
        "add" => StageChange::Add { name, kind: kind()? },
        "rename" => StageChange::Rename { stage_id: stage()?, name, kind: kind()? },
        "up" => StageChange::MoveUp(stage()?),
        "down" => StageChange::MoveDown(stage()?),
        "remove" => StageChange::Remove(stage()?),
        "assessment" => StageChange::AutoAssessment { stage_id: stage()?, assessment_id },
        "shown_as" => StageChange::ShownAs { stage_id: stage()?, shown_as: shown_to_applicants(&shown_as)? },
        _ => return Err(AppError::invalid("change", "That change to the stages is not known.")),
    };
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    if !repo::requisition(&mut ctx.tx, ctx.tenant_id, requisition_id, mover(&ctx.user)).await?.can_move {
        return Err(AppError::Forbidden);
    }
    repo::change_stages(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, requisition_id, &change).await?;
    ctx.commit().await?;
    Ok(())
}

/// What applicants are shown for a stage: one of the words before an outcome, or none for the
/// word of the stage's step.
#[cfg(feature = "ssr")]
fn shown_to_applicants(value: &str) -> Result<Option<crate::seekers::types::ApplicationStatus>, AppError> {
    crate::seekers::types::ApplicationStatus::FOR_STAGES
        .iter()
        .map(|status| Some(*status))
        .chain([None])
        .find(|status| status.map_or("", |s| s.as_str()) == value)
        .ok_or_else(|| AppError::invalid("shown_as", "Choose what applicants see from the list."))
}

/// The tenant's default stages and reasons for rejecting.
#[server]
pub async fn pipeline_defaults() -> Result<TenantPipeline, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let defaults = repo::defaults(&mut ctx.tx, ctx.tenant_id).await?;
    ctx.commit().await?;
    Ok(defaults)
}

/// Saves the tenant's default stages (one per line, `Name: step`) and reasons for rejecting
/// (one per line). Tenant admins only.
#[server]
pub async fn save_pipeline_defaults(#[server(default)] stages: String, #[server(default)] rejection_reasons: String) -> Result<(), AppError> {
    if stages.len() > 5_000 || rejection_reasons.len() > 5_000 {
        return Err(AppError::invalid("stages", "The lists are too long."));
    }
    let mut parsed = Vec::new();
    for line in stages.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, kind) = match line.rsplit_once(':') {
            Some((name, kind)) => (name.trim(), kind.trim().to_lowercase()),
            None => return Err(AppError::invalid("stages", format!("“{line}”: write each stage as Name: step, e.g. Phone screen: screening."))),
        };
        let kind = StageKind::parse(&kind).ok_or_else(|| {
            AppError::invalid("stages", format!("“{line}”: the step is one of applied, screening, assessment, interview, offer, hired."))
        })?;
        parsed.push((name.to_owned(), kind));
    }
    let reasons: Vec<String> = rejection_reasons.lines().map(str::to_owned).collect();
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    if ctx.user.role != Role::TenantAdmin {
        return Err(AppError::Forbidden);
    }
    repo::save_defaults(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, &parsed, &reasons).await?;
    ctx.commit().await?;
    Ok(())
}
