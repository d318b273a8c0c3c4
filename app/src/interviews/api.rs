//! The interviews' server functions: each authenticates, authorizes and validates by itself.
//! Interviewers reach an interview's requisition, candidate and application only while they
//! are on its panel; recruiters and admins through the requisition, as in the pipeline.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::calendar::{self, local_to_utc, zone},
    super::repo::{self, InterviewRow, NewInterview, TypeInput},
    super::service::{self, Change},
    crate::platform::audit::{self, Entry},
    crate::platform::context::{feature_tx, platform, recruiter_tx, remember_write, tenant_tx, Access, Platform},
    crate::platform::flags::keys,
    crate::platform::validate,
    crate::platform::{tokens, CurrentUser, Role},
    crate::recruiting::pipeline::repo::{self as pipeline, Mover},
    chrono::{DateTime, Duration, Utc},
    serde_json::json,
    sqlx::PgConnection,
};

#[cfg(feature = "ssr")]
fn mover(user: &CurrentUser) -> Mover {
    Mover { user_id: user.user_id, is_admin: user.role == Role::TenantAdmin }
}

#[cfg(feature = "ssr")]
fn is_checked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| v == "on" || v == "true")
}

#[cfg(feature = "ssr")]
fn duration(minutes: i32) -> Result<i32, AppError> {
    if !(1..=MAX_DURATION_MINUTES).contains(&minutes) {
        return Err(AppError::invalid("duration_minutes", "An interview lasts from 1 minute to 8 hours."));
    }
    Ok(minutes)
}

#[cfg(feature = "ssr")]
fn short(field: &str, label: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = validate::long_text(field, label, value, max)?;
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(AppError::invalid(field, format!("The {label} contains characters that are not allowed.")));
    }
    Ok(value)
}

#[cfg(feature = "ssr")]
fn video_link(value: &str) -> Result<String, AppError> {
    let value = short("video_url", "video link", value, 500)?;
    if !value.is_empty() && !(value.starts_with("https://") || value.starts_with("http://")) {
        return Err(AppError::invalid("video_url", "A video link starts with https://."));
    }
    Ok(value)
}

#[cfg(feature = "ssr")]
async fn audit(conn: &mut PgConnection, tenant_id: Uuid, actor: Uuid, action: &str, target: String, details: serde_json::Value) -> Result<(), AppError> {
    audit::record(conn, Entry { tenant_id: Some(tenant_id), actor_id: Some(actor), action, target, details }).await
}

// Plans --------------------------------------------------------------------------------------

/// A requisition's interview plan, with the tenant's templates.
#[server]
pub async fn interview_plan(requisition_id: Uuid) -> Result<Plan, AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Read).await?;
    let requisition = pipeline::requisition(&mut tx, tenant_id, requisition_id, mover(&user)).await?;
    let plan = Plan {
        requisition_id,
        title: requisition.title,
        types: repo::types(&mut tx, tenant_id, requisition_id).await?,
        required_skills: repo::required_skills(&mut tx, tenant_id, requisition_id).await?,
        panel: repo::panel(&mut tx, tenant_id).await?,
        templates: repo::templates(&mut tx, tenant_id).await?,
        can_edit: requisition.can_move,
    };
    tx.commit().await?;
    Ok(plan)
}

#[cfg(feature = "ssr")]
fn attributes(text: &str) -> Result<Vec<String>, AppError> {
    let mut list: Vec<String> = Vec::new();
    for attribute in text.split(['\n', ',']).map(str::trim).filter(|a| !a.is_empty()) {
        if attribute.chars().count() > 80 || attribute.chars().any(char::is_control) {
            return Err(AppError::invalid("attributes", "Each attribute is a short name of at most 80 characters."));
        }
        if !list.iter().any(|a| a.eq_ignore_ascii_case(attribute)) {
            list.push(attribute.to_owned());
        }
    }
    if list.len() > MAX_ATTRIBUTES {
        return Err(AppError::invalid("attributes", format!("Rate at most {MAX_ATTRIBUTES} attributes per interview.")));
    }
    Ok(list)
}

#[cfg(feature = "ssr")]
async fn editable_requisition(platform: &Platform, requisition_id: Uuid) -> Result<(CurrentUser, Uuid, sqlx::Transaction<'static, sqlx::Postgres>), AppError> {
    let (user, tenant_id, mut tx) = recruiter_tx(platform, Access::Write).await?;
    let requisition = pipeline::requisition(&mut tx, tenant_id, requisition_id, mover(&user)).await?;
    if !requisition.can_move {
        return Err(AppError::Forbidden);
    }
    Ok((user, tenant_id, tx))
}

/// Adds a type of interview to the plan, or changes one (`type_id`).
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn save_interview_type(
    requisition_id: Uuid,
    #[server(default)] type_id: Option<Uuid>,
    #[server(default)] name: String,
    duration_minutes: i32,
    #[server(default)] attributes: String,
    #[server(default)] focus: String,
    #[server(default)] questions: String,
    #[server(default)] default_interviewers: Vec<Uuid>,
) -> Result<String, AppError> {
    let platform = platform()?;
    let name = validate::name("name", "name of the interview", &name)?;
    if name.chars().count() > 80 {
        return Err(AppError::invalid("name", "The name can be at most 80 characters."));
    }
    if !(5..=MAX_DURATION_MINUTES).contains(&duration_minutes) {
        return Err(AppError::invalid("duration_minutes", "An interview lasts from 5 minutes to 8 hours."));
    }
    let input = TypeInput {
        name,
        duration_minutes,
        attributes: self::attributes(&attributes)?,
        focus: short("focus", "focus", &focus, 4000)?,
        questions: short("questions", "questions", &questions, 8000)?,
        default_interviewers: default_interviewers.clone(),
    };
    let (user, tenant_id, mut tx) = editable_requisition(&platform, requisition_id).await?;
    if !input.default_interviewers.is_empty() {
        repo::check_panel(&mut tx, tenant_id, &input.default_interviewers).await.map_err(|_| {
            AppError::invalid("default_interviewers", "Default interviewers must be members with the interviewer, recruiter or admin role.")
        })?;
    }
    let id = match type_id {
        Some(id) => {
            let (owner, _) = repo::interview_type(&mut tx, tenant_id, id).await?;
            if owner != requisition_id {
                return Err(AppError::NotFound);
            }
            repo::update_type(&mut tx, tenant_id, id, &input).await?;
            id
        }
        None => repo::insert_type(&mut tx, tenant_id, requisition_id, &input).await?,
    };
    audit(&mut tx, tenant_id, user.user_id, "interview_plan.save_type", format!("requisition:{requisition_id}"), json!({ "type": id.to_string(), "name": input.name })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(format!("“{}” saved.", input.name))
}

/// Removes a type from the plan; interviews already scheduled keep what it said.
#[server]
pub async fn remove_interview_type(type_id: Uuid) -> Result<String, AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    let (requisition_id, found) = repo::interview_type(&mut tx, tenant_id, type_id).await?;
    if !pipeline::requisition(&mut tx, tenant_id, requisition_id, mover(&user)).await?.can_move {
        return Err(AppError::Forbidden);
    }
    repo::delete_type(&mut tx, tenant_id, type_id).await?;
    audit(&mut tx, tenant_id, user.user_id, "interview_plan.remove_type", format!("requisition:{requisition_id}"), json!({ "name": found.name })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(format!("“{}” removed from the plan.", found.name))
}

/// Moves a type one place earlier (`up`) or later in the plan.
#[server]
pub async fn move_interview_type(type_id: Uuid, up: bool) -> Result<(), AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    let (requisition_id, _) = repo::interview_type(&mut tx, tenant_id, type_id).await?;
    if !pipeline::requisition(&mut tx, tenant_id, requisition_id, mover(&user)).await?.can_move {
        return Err(AppError::Forbidden);
    }
    repo::move_type(&mut tx, tenant_id, requisition_id, type_id, up).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}

/// Keeps the requisition's plan as a template for the tenant.
#[server]
pub async fn save_plan_template(requisition_id: Uuid, #[server(default)] name: String) -> Result<String, AppError> {
    let platform = platform()?;
    let name = validate::name("name", "template name", &name)?;
    if name.chars().count() > 80 {
        return Err(AppError::invalid("name", "The name can be at most 80 characters."));
    }
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    pipeline::requisition(&mut tx, tenant_id, requisition_id, mover(&user)).await?;
    let types: Vec<TemplateType> = repo::types(&mut tx, tenant_id, requisition_id)
        .await?
        .into_iter()
        .map(|t| TemplateType { name: t.name, duration_minutes: t.duration_minutes, attributes: t.attributes, focus: t.focus, questions: t.questions })
        .collect();
    if types.is_empty() {
        return Err(AppError::invalid("name", "Add an interview to the plan before keeping it as a template."));
    }
    let id = repo::insert_template(&mut tx, tenant_id, &name, &types, user.user_id).await?;
    audit(&mut tx, tenant_id, user.user_id, "interview_plan.save_template", format!("interview_plan_template:{id}"), json!({ "name": name })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(format!("Template “{name}” saved."))
}

/// Adds a template's interviews to the requisition's plan (those it has by name are skipped).
#[server]
pub async fn apply_plan_template(requisition_id: Uuid, template_id: Uuid) -> Result<String, AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = editable_requisition(&platform, requisition_id).await?;
    let template = repo::templates(&mut tx, tenant_id).await?.into_iter().find(|t| t.id == template_id).ok_or(AppError::NotFound)?;
    let existing = repo::types(&mut tx, tenant_id, requisition_id).await?;
    let mut added = 0;
    for t in &template.types {
        if existing.iter().any(|e| e.name.eq_ignore_ascii_case(&t.name)) {
            continue;
        }
        let input = TypeInput {
            name: t.name.clone(),
            duration_minutes: t.duration_minutes,
            attributes: t.attributes.clone(),
            focus: t.focus.clone(),
            questions: t.questions.clone(),
            default_interviewers: Vec::new(),
        };
        repo::insert_type(&mut tx, tenant_id, requisition_id, &input).await?;
        added += 1;
    }
    audit(&mut tx, tenant_id, user.user_id, "interview_plan.apply_template", format!("requisition:{requisition_id}"), json!({ "template": template.name, "added": added })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(format!("{added} interview{} added from “{}”.", if added == 1 { "" } else { "s" }, template.name))
}

/// Deletes a template (recruiters and admins; plans made from it stay).
#[server]
pub async fn delete_plan_template(template_id: Uuid) -> Result<String, AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    if !repo::delete_template(&mut tx, tenant_id, template_id).await? {
        return Err(AppError::NotFound);
    }
    audit(&mut tx, tenant_id, user.user_id, "interview_plan.delete_template", format!("interview_plan_template:{template_id}"), json!({})).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok("Template deleted.".into())
}

// Scheduling ---------------------------------------------------------------------------------

/// An application's interviews, the feedback on it, and what the forms pick from.
#[server]
pub async fn interviews_for_application(application_id: Uuid) -> Result<ApplicationInterviews, AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Read).await?;
    let requisition = pipeline::authorize_application(&mut tx, tenant_id, application_id, mover(&user), false).await?;
    let context = repo::application_context(&mut tx, tenant_id, application_id).await?;
    let zone = repo::user_time_zone(&mut tx, user.user_id).await?;
    let scorecards = repo::application_scorecards(&mut tx, tenant_id, application_id, user.user_id).await?;
    let summary = super::calibration::summarize(scorecards.iter().filter(|s| s.submitted_at.is_some()).flat_map(|s| s.content.ratings.iter()));
    let page = ApplicationInterviews {
        application_id,
        in_interview_stage: context.in_interview_stage && context.active,
        can_schedule: requisition.can_move,
        interviews: repo::application_interviews(&mut tx, tenant_id, application_id, &zone).await?,
        types: repo::types(&mut tx, tenant_id, requisition.id).await?,
        panel: repo::panel(&mut tx, tenant_id).await?,
        panel_zones: repo::panel_zones(&mut tx, tenant_id).await?,
        candidate_time_zone: if context.candidate_time_zone.is_empty() { zone.clone() } else { context.candidate_time_zone.clone() },
        scheduler_time_zone: zone.clone(),
        scorecards,
        summary,
        offers: repo::application_offers(&mut tx, tenant_id, application_id, &zone).await?,
    };
    tx.commit().await?;
    Ok(page)
}

/// What scheduling reads from the form, checked.
#[cfg(feature = "ssr")]
struct Slot {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    time_zone: String,
}

#[cfg(feature = "ssr")]
fn slot(starts_at: &str, time_zone: &str, minutes: i32, field: &str) -> Result<Slot, AppError> {
    let tz = zone(time_zone, "time_zone")?;
    let start = local_to_utc(starts_at, tz, field)?;
    if start <= Utc::now() {
        return Err(AppError::invalid(field, "Choose a time in the future."));
    }
    Ok(Slot { starts_at: start, ends_at: start + Duration::minutes(minutes as i64), time_zone: tz.name().to_owned() })
}

#[cfg(feature = "ssr")]
fn conflict_error(found: Vec<String>) -> AppError {
    AppError::conflict("despite_conflicts", format!("{} Choose another time, or tick “Schedule despite the conflicts”.", found.join(" ")))
}

/// Where and with whom, as both scheduling forms give it, checked.
#[cfg(feature = "ssr")]
struct Arrangements {
    location: String,
    video_url: String,
    candidate_notes: String,
    interviewers: Vec<Uuid>,
}

#[cfg(feature = "ssr")]
fn arrangements(location: &str, video_url: &str, candidate_notes: &str, interviewer_ids: &[Uuid]) -> Result<Arrangements, AppError> {
    let mut interviewers = interviewer_ids.to_vec();
    interviewers.sort();
    interviewers.dedup();
    Ok(Arrangements {
        location: short("location", "location", location, 300)?,
        video_url: video_link(video_url)?,
        candidate_notes: short("candidate_notes", "notes for the candidate", candidate_notes, 4000)?,
        interviewers,
    })
}

/// The application, if the user may schedule its interviews and it is in an interview stage,
/// and the plan's interview `type_id` of its requisition.
#[cfg(feature = "ssr")]
async fn schedulable(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    user: &CurrentUser,
    application_id: Uuid,
    type_id: Option<Uuid>,
) -> Result<(crate::recruiting::pipeline::repo::PipelineRequisition, repo::ApplicationContext, InterviewType), AppError> {
    let requisition = pipeline::authorize_application(&mut *tx, tenant_id, application_id, mover(user), true).await?;
    let context = repo::application_context(&mut *tx, tenant_id, application_id).await?;
    if !context.active || !context.in_interview_stage {
        return Err(AppError::invalid("application_id", "Move the application to an interview stage first."));
    }
    let type_id = type_id.ok_or_else(|| AppError::invalid("interview_type_id", "Choose which interview of the plan this is (add one to the plan first if there is none)."))?;
    let (owner, interview_type) = repo::interview_type(tx, tenant_id, type_id).await?;
    if owner != requisition.id {
        return Err(AppError::invalid("interview_type_id", "Choose an interview of this requisition's plan."));
    }
    Ok((requisition, context, interview_type))
}

/// Schedules an interview of a plan type for an application in an interview stage.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn schedule_interview(
    application_id: Uuid,
    #[server(default)] interview_type_id: Option<Uuid>,
    #[server(default)] starts_at: String,
    #[server(default)] time_zone: String,
    #[server(default)] candidate_time_zone: String,
    #[server(default)] duration_minutes: Option<i32>,
    #[server(default)] interviewer_ids: Vec<Uuid>,
    #[server(default)] location: String,
    #[server(default)] video_url: String,
    #[server(default)] candidate_notes: String,
    #[server(default)] despite_conflicts: Option<String>,
) -> Result<ScheduleOutcome, AppError> {
    let platform = platform()?;
    if let Some(minutes) = duration_minutes {
        duration(minutes)?;
    }
    let candidate_zone = zone(&candidate_time_zone, "candidate_time_zone")?.name().to_owned();
    let Arrangements { location, video_url, candidate_notes, interviewers } = arrangements(&location, &video_url, &candidate_notes, &interviewer_ids)?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    let (_, context, interview_type) = schedulable(&mut tx, tenant_id, &user, application_id, interview_type_id).await?;
    let minutes = duration_minutes.unwrap_or(interview_type.duration_minutes);
    let when = slot(&starts_at, &time_zone, minutes, "starts_at")?;
    repo::check_panel(&mut tx, tenant_id, &interviewers).await?;
    repo::lock_interviewers(&mut tx, &interviewers).await?;
    let found = repo::conflicts(&mut tx, tenant_id, &interviewers, when.starts_at, when.ends_at, None).await?;
    if !found.is_empty() && !is_checked(&despite_conflicts) {
        return Err(conflict_error(found));
    }
    let new = NewInterview {
        application_id,
        context: &context,
        interview_type: Some(&interview_type),
        title: interview_type.name.clone(),
        starts_at: when.starts_at,
        duration_minutes: minutes,
        time_zone: when.time_zone,
        candidate_time_zone: candidate_zone,
        location,
        video_url,
        candidate_notes,
        interviewers,
        scheduled_by: Some(user.user_id),
    };
    let id = repo::insert_interview(&mut tx, tenant_id, &new).await?;
    let row = repo::interview_row(&mut tx, tenant_id, id, false).await?;
    service::announce(&mut tx, &platform.settings.public_url, tenant_id, &row, Change::Scheduled).await?;
    audit(&mut tx, tenant_id, user.user_id, "interview.schedule", format!("interview:{id}"), json!({ "application": application_id.to_string(), "starts_at": row.starts_at, "conflicts": found })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(ScheduleOutcome { interview_id: id, message: format!("{} scheduled for {}; invitations sent.", row.title, calendar::written(row.starts_at, &row.time_zone)) })
}

/// The interview, locked, if the user may change its schedule (the requisition's hiring team or an admin).
#[cfg(feature = "ssr")]
async fn changeable(tx: &mut PgConnection, tenant_id: Uuid, interview_id: Uuid, user: &CurrentUser) -> Result<InterviewRow, AppError> {
    let row = repo::interview_row(&mut *tx, tenant_id, interview_id, true).await?;
    pipeline::authorize_application(tx, tenant_id, row.application_id, mover(user), true).await?;
    Ok(row)
}

/// Moves an interview to another time (or place); everyone's calendar follows.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn reschedule_interview(
    interview_id: Uuid,
    #[server(default)] starts_at: String,
    #[server(default)] time_zone: String,
    duration_minutes: i32,
    #[server(default)] location: String,
    #[server(default)] video_url: String,
    #[server(default)] reason: String,
    #[server(default)] despite_conflicts: Option<String>,
) -> Result<String, AppError> {
    let platform = platform()?;
    let minutes = duration(duration_minutes)?;
    let when = slot(&starts_at, &time_zone, minutes, "starts_at")?;
    let location = short("location", "location", &location, 300)?;
    let video_url = video_link(&video_url)?;
    let reason = short("reason", "reason", &reason, 500)?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    let row = changeable(&mut tx, tenant_id, interview_id, &user).await?;
    if !row.status().is_live() {
        return Err(AppError::invalid("starts_at", format!("This interview is {}; schedule a new one instead.", row.status().label().to_lowercase())));
    }
    let interviewers = repo::interviewer_ids(&mut tx, tenant_id, interview_id).await?;
    repo::lock_interviewers(&mut tx, &interviewers).await?;
    let found = repo::conflicts(&mut tx, tenant_id, &interviewers, when.starts_at, when.ends_at, Some(interview_id)).await?;
    if !found.is_empty() && !is_checked(&despite_conflicts) {
        return Err(conflict_error(found));
    }
    repo::reschedule(&mut tx, tenant_id, interview_id, when.starts_at, minutes, &when.time_zone, &location, &video_url).await?;
    repo::event(&mut tx, tenant_id, interview_id, "rescheduled", Some(row.starts_at), Some(when.starts_at), None, None, &reason, Some(user.user_id)).await?;
    let updated = repo::interview_row(&mut tx, tenant_id, interview_id, false).await?;
    service::announce(&mut tx, &platform.settings.public_url, tenant_id, &updated, Change::Rescheduled).await?;
    audit(&mut tx, tenant_id, user.user_id, "interview.reschedule", format!("interview:{interview_id}"), json!({ "from": row.starts_at, "to": updated.starts_at, "reason": reason })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(format!("Moved to {}; updated invitations sent.", calendar::written(updated.starts_at, &updated.time_zone)))
}

/// Cancels an interview; everyone's calendar drops it.
#[server]
pub async fn cancel_interview(interview_id: Uuid, #[server(default)] reason: String) -> Result<String, AppError> {
    let platform = platform()?;
    let reason = short("reason", "reason", &reason, 500)?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    let row = changeable(&mut tx, tenant_id, interview_id, &user).await?;
    if !row.status().is_live() {
        return Err(AppError::invalid("reason", format!("This interview is already {}.", row.status().label().to_lowercase())));
    }
    repo::set_status(&mut tx, tenant_id, interview_id, InterviewStatus::Cancelled).await?;
    repo::event(&mut tx, tenant_id, interview_id, "cancelled", None, None, Some(row.status()), Some(InterviewStatus::Cancelled), &reason, Some(user.user_id)).await?;
    let updated = repo::interview_row(&mut tx, tenant_id, interview_id, false).await?;
    service::announce(&mut tx, &platform.settings.public_url, tenant_id, &updated, Change::Cancelled).await?;
    audit(&mut tx, tenant_id, user.user_id, "interview.cancel", format!("interview:{interview_id}"), json!({ "reason": reason })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok("Interview cancelled; everyone's calendar was told.".into())
}

/// Marks an interview in progress, completed or a no-show: its panel or its hiring team.
#[server]
pub async fn set_interview_status(interview_id: Uuid, status: String) -> Result<String, AppError> {
    let platform = platform()?;
    let status = InterviewStatus::parse(&status)
        .filter(|s| matches!(s, InterviewStatus::InProgress | InterviewStatus::Completed | InterviewStatus::NoShow))
        .ok_or_else(|| AppError::invalid("status", "Mark the interview in progress, completed or a no-show."))?;
    let (user, tenant_id, mut tx) = tenant_tx(&platform, &Role::TENANT_STAFF, Access::Write).await?;
    let row = repo::interview_row(&mut tx, tenant_id, interview_id, true).await?;
    if !repo::on_panel(&mut tx, tenant_id, interview_id, user.user_id).await? {
        if !Role::RECRUITING.contains(&user.role) {
            return Err(AppError::NotFound);
        }
        pipeline::authorize_application(&mut tx, tenant_id, row.application_id, mover(&user), true).await?;
    }
    if row.status() == InterviewStatus::Cancelled {
        return Err(AppError::invalid("status", "This interview was cancelled."));
    }
    if row.status() == status {
        return Ok(format!("Already {}.", status.label().to_lowercase()));
    }
    repo::set_status(&mut tx, tenant_id, interview_id, status).await?;
    repo::event(&mut tx, tenant_id, interview_id, "status", None, None, Some(row.status()), Some(status), "", Some(user.user_id)).await?;
    audit(&mut tx, tenant_id, user.user_id, "interview.status", format!("interview:{interview_id}"), json!({ "from": row.status.as_str(), "to": status.as_str() })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(format!("Marked {}.", status.label().to_lowercase()))
}

// Self-scheduling ----------------------------------------------------------------------------

pub const MAX_OFFERED_SLOTS: usize = 8;
pub const OFFER_DAYS: i64 = 7;

/// Offers the candidate several times that suit every chosen interviewer; they pick one from a link.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn offer_interview_times(
    application_id: Uuid,
    #[server(default)] interview_type_id: Option<Uuid>,
    #[server(default)] interviewer_ids: Vec<Uuid>,
    duration_minutes: i32,
    #[server(default)] time_zone: String,
    #[server(default)] candidate_time_zone: String,
    #[server(default)] slots: Vec<String>,
    #[server(default)] location: String,
    #[server(default)] video_url: String,
    #[server(default)] candidate_notes: String,
) -> Result<String, AppError> {
    let platform = platform()?;
    let minutes = duration(duration_minutes)?;
    let candidate_zone = zone(&candidate_time_zone, "candidate_time_zone")?.name().to_owned();
    let mut times: Vec<Slot> = Vec::new();
    for text in slots.iter().filter(|s| !s.trim().is_empty()) {
        let s = slot(text, &time_zone, minutes, "slots")?;
        if times.iter().any(|t| t.starts_at == s.starts_at) {
            continue;
        }
        times.push(s);
    }
    if times.is_empty() {
        return Err(AppError::invalid("slots", "Offer at least one time."));
    }
    if times.len() > MAX_OFFERED_SLOTS {
        return Err(AppError::invalid("slots", format!("Offer at most {MAX_OFFERED_SLOTS} times.")));
    }
    let Arrangements { location, video_url, candidate_notes, interviewers } = arrangements(&location, &video_url, &candidate_notes, &interviewer_ids)?;
    let (user, tenant_id, mut tx) = feature_tx(&platform, keys::SELF_SCHEDULING, &Role::RECRUITING, Access::Write).await?;
    let (requisition, _, interview_type) = schedulable(&mut tx, tenant_id, &user, application_id, interview_type_id).await?;
    let type_id = interview_type.id;
    repo::check_panel(&mut tx, tenant_id, &interviewers).await?;
    for t in &times {
        let found = repo::conflicts(&mut tx, tenant_id, &interviewers, t.starts_at, t.ends_at, None).await?;
        if !found.is_empty() {
            return Err(AppError::invalid("slots", format!("{} does not suit every interviewer: {}", calendar::written(t.starts_at, &t.time_zone), found.join(" "))));
        }
    }
    let token = tokens::new_token();
    let expires_at = Utc::now() + Duration::days(OFFER_DAYS);
    let starts: Vec<DateTime<Utc>> = times.iter().map(|t| t.starts_at).collect();
    let offer_id = repo::insert_offer(
        &mut tx,
        tenant_id,
        &repo::NewOffer {
            application_id,
            interview_type_id: Some(type_id),
            interviewers: &interviewers,
            duration_minutes: minutes,
            time_zone: &times[0].time_zone,
            candidate_time_zone: &candidate_zone,
            location: &location,
            video_url: &video_url,
            candidate_notes: &candidate_notes,
            token_hash: tokens::hash(&token),
            expires_at,
            slots: &starts,
            created_by: user.user_id,
        },
    )
    .await?;
    let row = pipeline::application_row(&mut tx, tenant_id, application_id).await?;
    let organization = repo::organization_name(&mut tx, tenant_id).await?;
    let listed: Vec<String> = starts.iter().map(|t| format!("- {}", calendar::written(*t, &candidate_zone))).collect();
    let body = format!(
        "Hello {},\n\n{organization} would like to invite you to a {} interview ({minutes} minutes) for {}. Choose the time that suits you:\n\n{}\n\n\
         Pick one here (the link works for {OFFER_DAYS} days; a time someone else takes first disappears from the list):\n{}/schedule?token={token}\n\n{organization}\n",
        row.name,
        interview_type.name,
        requisition.title,
        listed.join("\n"),
        platform.settings.public_url
    );
    pipeline::email_candidate(&mut tx, tenant_id, &row.email, &format!("Choose a time for your interview with {organization}"), &body).await?;
    audit(&mut tx, tenant_id, user.user_id, "interview.offer_times", format!("application:{application_id}"), json!({ "offer": offer_id.to_string(), "slots": starts })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(format!("{} time{} offered to {}; they choose from the emailed link.", starts.len(), if starts.len() == 1 { "" } else { "s" }, row.email))
}

#[cfg(feature = "ssr")]
fn unusable_offer() -> AppError {
    AppError::invalid("token", "This link is not valid. Please use the link from your email, or ask the recruiter for a new one.")
}

#[cfg(feature = "ssr")]
async fn free_slots(tx: &mut PgConnection, offer: &repo::OfferRow) -> Result<Vec<(Uuid, DateTime<Utc>)>, AppError> {
    let mut free = Vec::new();
    let now = Utc::now();
    for (id, start) in repo::offer_slots(&mut *tx, offer.id).await? {
        if start <= now {
            continue;
        }
        let end = start + Duration::minutes(offer.duration_minutes as i64);
        if repo::conflicts(&mut *tx, offer.tenant_id, &offer.interviewer_ids, start, end, None).await?.is_empty() {
            free.push((id, start));
        }
    }
    Ok(free)
}

/// The offer behind a candidate's link, while its organization is active and lets candidates
/// choose their times.
#[cfg(feature = "ssr")]
async fn usable_offer(platform: &crate::platform::context::Platform, tx: &mut sqlx::PgConnection, token: &str, lock: bool) -> Result<repo::OfferRow, AppError> {
    let offer = repo::open_offer(&mut *tx, &tokens::hash(token), lock).await?.ok_or_else(unusable_offer)?;
    if !repo::tenant_is_active(&mut *tx, offer.tenant_id).await? {
        return Err(AppError::invalid("token", "This organization is not scheduling interviews at the moment. Please contact the recruiter."));
    }
    platform.flags.require_for_tenant(tx, keys::SELF_SCHEDULING, offer.tenant_id).await?;
    Ok(offer)
}

/// The times a candidate's link offers that are still free.
#[server]
pub async fn interview_slot_choice(token: String) -> Result<SlotChoice, AppError> {
    let platform = platform()?;
    if !tokens::well_formed(&token) {
        return Err(unusable_offer());
    }
    let mut tx = crate::platform::db::Db::begin(platform.db.write(), &crate::platform::db::Scope::InvitationToken(tokens::hash_hex(&token))).await?;
    let offer = usable_offer(&platform, &mut tx, &token, false).await?;
    let context = repo::offer_context(&mut tx, &offer).await?;
    let chosen = match offer.interview_id {
        Some(id) => Some(calendar::written(repo::interview_row(&mut tx, offer.tenant_id, id, false).await?.starts_at, &offer.candidate_time_zone)),
        None => None,
    };
    if chosen.is_none() && offer.expires_at <= Utc::now() {
        return Err(AppError::invalid("token", "This link has expired. Please ask the recruiter for new times."));
    }
    let slots = if chosen.is_some() { Vec::new() } else { free_slots(&mut tx, &offer).await? };
    tx.commit().await?;
    Ok(SlotChoice {
        organization: context.0,
        requisition_title: context.1,
        interview_title: context.2,
        duration_minutes: offer.duration_minutes,
        time_zone: offer.candidate_time_zone.clone(),
        slots: slots.into_iter().map(|(id, t)| (id, calendar::written(t, &offer.candidate_time_zone))).collect(),
        chosen,
    })
}

/// The candidate takes one of the offered times: exactly one of two people racing for it wins.
#[server]
pub async fn pick_interview_slot(token: String, slot_id: Uuid) -> Result<String, AppError> {
    let platform = platform()?;
    if !tokens::well_formed(&token) {
        return Err(unusable_offer());
    }
    let mut tx = crate::platform::db::Db::begin(platform.db.write(), &crate::platform::db::Scope::InvitationToken(tokens::hash_hex(&token))).await?;
    let offer = usable_offer(&platform, &mut tx, &token, true).await?;
    if offer.used_at.is_some() {
        return Err(AppError::invalid("slot_id", "You already chose a time with this link. Reload the page to see it."));
    }
    if offer.expires_at <= Utc::now() {
        return Err(AppError::invalid("token", "This link has expired. Please ask the recruiter for new times."));
    }
    let Some((_, start)) = repo::offer_slots(&mut tx, offer.id).await?.into_iter().find(|(id, _)| *id == slot_id) else {
        return Err(AppError::invalid("slot_id", "Choose one of the times offered."));
    };
    if start <= Utc::now() {
        return Err(AppError::invalid("slot_id", "That time has passed; choose another."));
    }
    let tenant_id = offer.tenant_id;
    let context = repo::application_context(&mut tx, tenant_id, offer.application_id).await?;
    if !context.active {
        return Err(AppError::invalid("slot_id", "This application is no longer open; the recruiter will be in touch."));
    }
    repo::lock_interviewers(&mut tx, &offer.interviewer_ids).await?;
    let end = start + Duration::minutes(offer.duration_minutes as i64);
    if !repo::conflicts(&mut tx, tenant_id, &offer.interviewer_ids, start, end, None).await?.is_empty() {
        return Err(AppError::conflict("slot_id", "Someone took that time a moment ago. Please choose another."));
    }
    let interview_type = match offer.interview_type_id {
        Some(id) => repo::interview_type(&mut tx, tenant_id, id).await.ok().map(|(_, t)| t),
        None => None,
    };
    let new = NewInterview {
        application_id: offer.application_id,
        context: &context,
        interview_type: interview_type.as_ref(),
        title: interview_type.as_ref().map(|t| t.name.clone()).unwrap_or_else(|| "Interview".into()),
        starts_at: start,
        duration_minutes: offer.duration_minutes,
        time_zone: offer.time_zone.clone(),
        candidate_time_zone: offer.candidate_time_zone.clone(),
        location: offer.location.clone(),
        video_url: offer.video_url.clone(),
        candidate_notes: offer.candidate_notes.clone(),
        interviewers: offer.interviewer_ids.clone(),
        scheduled_by: offer.created_by,
    };
    let id = repo::insert_interview(&mut tx, tenant_id, &new).await?;
    repo::offer_used(&mut tx, offer.id, id).await?;
    let row = repo::interview_row(&mut tx, tenant_id, id, false).await?;
    service::announce(&mut tx, &platform.settings.public_url, tenant_id, &row, Change::Scheduled).await?;
    audit::record(&mut tx, Entry { tenant_id: Some(tenant_id), actor_id: None, action: "interview.self_schedule", target: format!("interview:{id}"), details: json!({ "offer": offer.id.to_string() }) }).await?;
    tx.commit().await?;
    Ok(format!("Booked: {}. A calendar invitation is on its way to you.", calendar::written(start, &offer.candidate_time_zone)))
}

// The interviewer's day ----------------------------------------------------------------------

/// Today's and upcoming interviews, scorecards due and recently submitted, for the signed-in member.
#[server]
pub async fn interviewer_day() -> Result<InterviewerHome, AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = tenant_tx(&platform, &Role::TENANT_STAFF, Access::Read).await?;
    let zone = repo::user_time_zone(&mut tx, user.user_id).await?;
    let tz = calendar::zone(&zone, "time_zone").unwrap_or(chrono_tz::Tz::UTC);
    let now = Utc::now();
    let end_of_today = calendar::next_midnight(now, tz);
    let today = repo::panel_interviews(&mut tx, tenant_id, user.user_id, now - Duration::hours(12), end_of_today, &zone).await?;
    let upcoming = repo::panel_interviews(&mut tx, tenant_id, user.user_id, end_of_today, now + Duration::days(60), &zone).await?;
    let due = repo::scorecards_due(&mut tx, tenant_id, user.user_id, now, &zone)
        .await?
        .into_iter()
        .map(|i| {
            let late = now - i.ends_at;
            (i, repo::overdue_words(late))
        })
        .collect();
    let submitted = repo::recently_submitted(&mut tx, tenant_id, user.user_id, &zone).await?;
    tx.commit().await?;
    Ok(InterviewerHome { today, upcoming, due, submitted, time_zone: zone })
}

/// Whether the member may read the interview's kit, and whether they sit on its panel.
#[cfg(feature = "ssr")]
async fn kit_access(tx: &mut PgConnection, tenant_id: Uuid, row: &InterviewRow, user: &CurrentUser) -> Result<bool, AppError> {
    if repo::on_panel(&mut *tx, tenant_id, row.id, user.user_id).await? {
        return Ok(true);
    }
    if Role::RECRUITING.contains(&user.role) {
        pipeline::authorize_application(tx, tenant_id, row.application_id, mover(user), false).await?;
        return Ok(false);
    }
    Err(AppError::NotFound)
}

/// How much of colleagues' scorecards a member reads.
#[cfg(feature = "ssr")]
#[derive(PartialEq)]
enum Sight {
    /// Recruiters, admins and the hiring manager: everything, private notes too.
    HiringTeam,
    /// An interviewer who has submitted their own on the candidate: all but private notes.
    Colleague,
    /// An interviewer who has not yet: only how many there are.
    Blind,
}

#[cfg(feature = "ssr")]
async fn sight(tx: &mut PgConnection, tenant_id: Uuid, row: &InterviewRow, user: &CurrentUser) -> Result<Sight, AppError> {
    if Role::RECRUITING.contains(&user.role) || repo::is_hiring_manager(&mut *tx, row.requisition_id, user.user_id).await? {
        return Ok(Sight::HiringTeam);
    }
    Ok(if repo::has_submitted(tx, tenant_id, row.application_id, user.user_id).await? { Sight::Colleague } else { Sight::Blind })
}

/// The interview kit: requisition, candidate, résumé, history, the plan's guidance, assessment
/// results and the member's scorecard; colleagues' scorecards once theirs is submitted.
#[server]
pub async fn interview_kit(interview_id: Uuid) -> Result<Kit, AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = tenant_tx(&platform, &Role::TENANT_STAFF, Access::Read).await?;
    let row = repo::interview_row(&mut tx, tenant_id, interview_id, false).await?;
    let on_panel = kit_access(&mut tx, tenant_id, &row, &user).await?;
    let zone = repo::user_time_zone(&mut tx, user.user_id).await?;
    let interview = repo::scheduled_interview(&mut tx, tenant_id, interview_id, &zone).await?;
    let application = pipeline::application_row(&mut tx, tenant_id, row.application_id).await?;
    let context = repo::kit_context(&mut tx, &row).await?;
    let mine = match repo::own_scorecard(&mut tx, tenant_id, interview_id, user.user_id).await? {
        Some(card) => card,
        None => Scorecard {
            id: Uuid::nil(),
            interview_id,
            interview_title: row.title.clone(),
            interviewer: user.display_name.clone(),
            interviewer_id: user.user_id,
            content: ScorecardContent {
                ratings: row.attributes.iter().map(|a| RatingEntry { attribute: a.clone(), rating: None, note: String::new() }).collect(),
                ..ScorecardContent::default()
            },
            submitted_at: None,
            amendments: Vec::new(),
        },
    };
    let can_see_others = sight(&mut tx, tenant_id, &row, &user).await? != Sight::Blind;
    let kit = Kit {
        interview,
        requisition_id: row.requisition_id,
        requisition_title: context.title,
        requisition_description: context.description,
        required_skills: repo::required_skills(&mut tx, tenant_id, row.requisition_id).await?,
        candidate_name: application.name,
        candidate_email: application.email,
        candidate_location: application.location,
        candidate_links: context.links,
        candidate_skills: context.skills,
        resume_file_id: application.resume_file_id,
        applications: context.applications,
        stage_history: context.stage_history,
        attributes: row.attributes.clone(),
        focus: row.focus.clone(),
        questions: row.questions.clone(),
        assessments: pipeline::sent_assessments(&mut tx, tenant_id, row.application_id).await?,
        mine,
        on_panel,
        can_see_others,
    };
    tx.commit().await?;
    Ok(kit)
}

/// Colleagues' scorecards on the interview's application: withheld from an interviewer until
/// they submit their own (the number withheld is told); private notes only for the hiring team.
#[server]
pub async fn colleague_scorecards(interview_id: Uuid) -> Result<(Vec<Scorecard>, i64), AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = tenant_tx(&platform, &Role::TENANT_STAFF, Access::Read).await?;
    let row = repo::interview_row(&mut tx, tenant_id, interview_id, false).await?;
    kit_access(&mut tx, tenant_id, &row, &user).await?;
    let all = repo::application_scorecards(&mut tx, tenant_id, row.application_id, user.user_id).await?;
    let others: Vec<Scorecard> = all.into_iter().filter(|s| s.interviewer_id != user.user_id && s.submitted_at.is_some()).collect();
    let result = match sight(&mut tx, tenant_id, &row, &user).await? {
        Sight::Blind => (Vec::new(), others.len() as i64),
        Sight::HiringTeam => (others, 0),
        Sight::Colleague => {
            let without_private_notes = others
                .into_iter()
                .map(|mut s| {
                    s.content.private_notes.clear();
                    for a in &mut s.amendments {
                        a.before.private_notes.clear();
                    }
                    s
                })
                .collect();
            (without_private_notes, 0)
        }
    };
    tx.commit().await?;
    Ok(result)
}

/// The scorecard form's content, checked against the interview's attributes and the scales.
#[cfg(feature = "ssr")]
fn content(attributes: &[String], ratings: &[String], notes: &[String], takeaways: &str, recommendation: &str, private_notes: &str, need_recommendation: bool) -> Result<ScorecardContent, AppError> {
    if ratings.len() > attributes.len() || notes.len() > attributes.len() {
        return Err(AppError::invalid("ratings", "The form does not match this interview's attributes; reload the page."));
    }
    let mut entries = Vec::with_capacity(attributes.len());
    for (i, attribute) in attributes.iter().enumerate() {
        let rating = match ratings.get(i).map(|r| r.trim()).unwrap_or("") {
            "" | "na" => None,
            text => match text.parse::<i16>() {
                Ok(r @ 1..=4) => Some(r),
                _ => return Err(AppError::invalid("ratings", format!("Rate “{attribute}” from 1 (definitely not) to 4 (strong yes), or mark it not assessed."))),
            },
        };
        let note = short("notes", "note", notes.get(i).map(String::as_str).unwrap_or(""), RATING_NOTE_MAX)?;
        entries.push(RatingEntry { attribute: attribute.clone(), rating, note });
    }
    let recommendation = match recommendation.trim() {
        "" if !need_recommendation => None,
        "" => return Err(AppError::invalid("recommendation", "Choose an overall recommendation.")),
        text => match text.parse::<i16>() {
            Ok(r @ 1..=4) => Some(r),
            _ => return Err(AppError::invalid("recommendation", "The recommendation is strong no, no, yes or strong yes.")),
        },
    };
    Ok(ScorecardContent {
        ratings: entries,
        takeaways: short("takeaways", "key take-aways", takeaways, SCORECARD_TEXT_MAX)?,
        recommendation,
        private_notes: short("private_notes", "private notes", private_notes, SCORECARD_TEXT_MAX)?,
    })
}

/// The interview, if the member is on its panel (anyone else: not found).
#[cfg(feature = "ssr")]
async fn own_interview(tx: &mut PgConnection, tenant_id: Uuid, interview_id: Uuid, user: &CurrentUser) -> Result<InterviewRow, AppError> {
    let row = repo::interview_row(&mut *tx, tenant_id, interview_id, false).await?;
    if !repo::on_panel(tx, tenant_id, interview_id, user.user_id).await? {
        return Err(AppError::invalid("interview_id", "Only the interviewers on this interview can write its scorecard."));
    }
    if !row.status().expects_scorecards() {
        return Err(AppError::invalid("interview_id", format!("This interview was {}; it takes no scorecard.", row.status().label().to_lowercase())));
    }
    Ok(row)
}

/// The draft a browser keeps sending while the interviewer types (`seq` numbers the saves:
/// a replayed or older one changes nothing). Returns the sequence held and whether submitted.
#[server]
pub async fn save_scorecard_draft(interview_id: Uuid, seq: i64, draft: String) -> Result<(i64, bool), AppError> {
    let platform = platform()?;
    if draft.len() > 200_000 {
        return Err(AppError::invalid("draft", "The draft is too long."));
    }
    let draft: ScorecardContent = serde_json::from_str(&draft).map_err(|_| AppError::invalid("draft", "The draft could not be read."))?;
    let (user, tenant_id, mut tx) = tenant_tx(&platform, &Role::TENANT_STAFF, Access::Write).await?;
    let row = own_interview(&mut tx, tenant_id, interview_id, &user).await?;
    let ratings: Vec<String> = draft.ratings.iter().map(|r| r.rating.map(|n| n.to_string()).unwrap_or_default()).collect();
    let notes: Vec<String> = draft.ratings.iter().map(|r| r.note.clone()).collect();
    let recommendation = draft.recommendation.map(|r| r.to_string()).unwrap_or_default();
    let checked = content(&row.attributes, &ratings, &notes, &draft.takeaways, &recommendation, &draft.private_notes, false)?;
    let held = repo::save_draft(&mut tx, tenant_id, &row, user.user_id, seq, &checked).await?;
    tx.commit().await?;
    Ok(held)
}

/// Submits the scorecard, which locks it; the hiring team hears of it.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn submit_scorecard(
    interview_id: Uuid,
    #[server(default)] ratings: Vec<String>,
    #[server(default)] notes: Vec<String>,
    #[server(default)] takeaways: String,
    #[server(default)] recommendation: String,
    #[server(default)] private_notes: String,
) -> Result<String, AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = tenant_tx(&platform, &Role::TENANT_STAFF, Access::Write).await?;
    let row = own_interview(&mut tx, tenant_id, interview_id, &user).await?;
    let checked = content(&row.attributes, &ratings, &notes, &takeaways, &recommendation, &private_notes, true)?;
    let id = repo::submit(&mut tx, tenant_id, &row, user.user_id, &checked).await?;
    let (candidate_name, _, requisition_title, _, _) = repo::message_context(&mut tx, row.id).await?;
    let team: Vec<Uuid> = pipeline::hiring_team(&mut tx, tenant_id, row.requisition_id).await?.into_iter().filter(|id| *id != user.user_id).collect();
    let vars = json!({
        "interviewer_name": user.display_name,
        "interview_title": row.title,
        "candidate_name": candidate_name,
        "requisition_title": requisition_title,
        "recommendation": recommendation_label(checked.recommendation.unwrap_or(0)),
    });
    crate::notifications::service::notify(&mut tx, tenant_id, &team, crate::notifications::types::NotificationKind::ScorecardSubmitted, vars, &format!("/applications/{}", row.application_id)).await?;
    audit(&mut tx, tenant_id, user.user_id, "scorecard.submit", format!("scorecard:{id}"), json!({ "interview": interview_id.to_string(), "recommendation": checked.recommendation })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok("Scorecard submitted. Your colleagues' scorecards are now open to you.".into())
}

/// Changes a submitted scorecard, with the reason; the former version is kept.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn amend_scorecard(
    interview_id: Uuid,
    #[server(default)] ratings: Vec<String>,
    #[server(default)] notes: Vec<String>,
    #[server(default)] takeaways: String,
    #[server(default)] recommendation: String,
    #[server(default)] private_notes: String,
    #[server(default)] reason: String,
) -> Result<String, AppError> {
    let platform = platform()?;
    let reason = short("reason", "reason", &reason, 1000)?;
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "Say why you change a submitted scorecard."));
    }
    let (user, tenant_id, mut tx) = tenant_tx(&platform, &Role::TENANT_STAFF, Access::Write).await?;
    let row = own_interview(&mut tx, tenant_id, interview_id, &user).await?;
    let checked = content(&row.attributes, &ratings, &notes, &takeaways, &recommendation, &private_notes, true)?;
    let id = repo::amend(&mut tx, tenant_id, interview_id, user.user_id, &checked, &reason).await?;
    audit(&mut tx, tenant_id, user.user_id, "scorecard.amend", format!("scorecard:{id}"), json!({ "reason": reason, "recommendation": checked.recommendation })).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok("Amendment saved; the former version is kept with your reason.".into())
}

// Calibration --------------------------------------------------------------------------------

/// How each interviewer rates against the panel over a date range (default: the last 90 days).
/// Recruiters and admins see everyone; an interviewer sees only themselves.
#[server]
pub async fn calibration_report(#[server(default)] from: String, #[server(default)] to: String) -> Result<Calibration, AppError> {
    use chrono::NaiveDate;
    let platform = platform()?;
    let today = Utc::now().date_naive();
    let parse = |text: &str, field: &str, default: NaiveDate| -> Result<NaiveDate, AppError> {
        if text.trim().is_empty() {
            return Ok(default);
        }
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| AppError::invalid(field, "Give a date such as 2026-12-01."))
    };
    let to = parse(&to, "to", today)?;
    let from = parse(&from, "from", to - Duration::days(90))?;
    if from > to {
        return Err(AppError::invalid("from", "The start of the range comes before its end."));
    }
    if (to - from).num_days() > 3 * 366 {
        return Err(AppError::invalid("from", "Choose a range of at most three years."));
    }
    let (mut user, mut tenant_id, mut tx) = feature_tx(&platform, keys::CALIBRATION, &Role::TENANT_STAFF, Access::Read).await?;
    // Changes since the rollups last caught up (the queue catches up within a minute): rolled up
    // on the primary first, then read where the reads go.
    if repo::calibration_behind(&mut tx, tenant_id).await? {
        tx.commit().await?;
        let (_, _, mut write) = feature_tx(&platform, keys::CALIBRATION, &Role::TENANT_STAFF, Access::Write).await?;
        let wrote = repo::refresh_calibration(&mut write, tenant_id).await?;
        write.commit().await?;
        if wrote {
            remember_write(&platform).await;
        }
        (user, tenant_id, tx) = feature_tx(&platform, keys::CALIBRATION, &Role::TENANT_STAFF, Access::Read).await?;
    }
    let figures = repo::calibration_figures(&mut tx, tenant_id, from, to).await?;
    let differences = repo::calibration_differences(&mut tx, tenant_id, from, to).await?;
    let ratings = repo::calibration_ratings(&mut tx, tenant_id, from, to).await?;
    tx.commit().await?;
    let everyone = Role::RECRUITING.contains(&user.role);
    let interviewers = figures
        .into_iter()
        .filter(|(id, ..)| everyone || *id == user.user_id)
        .map(|(id, name, interviews, scorecards, median_hours_to_submit)| {
            let (compared, mean_difference) = differences.iter().find(|(who, ..)| *who == id).map_or((0, None), |(_, n, d)| (*n, Some(*d)));
            let spread = ratings.iter().filter(|(who, ..)| *who == id).map(|(_, attribute, rating, n)| (attribute.as_str(), *rating, *n));
            InterviewerCalibration {
                interviewer_id: id,
                name,
                interviews,
                scorecards,
                median_hours_to_submit,
                compared,
                mean_difference,
                leaning: super::calibration::leaning(mean_difference, compared),
                attributes: super::calibration::spread(spread),
            }
        })
        .collect();
    Ok(Calibration { from, to, interviewers, everyone })
}

// Settings -----------------------------------------------------------------------------------

/// The member's own time zone and weekly interview limit.
#[server]
pub async fn interview_settings() -> Result<(String, Option<i32>), AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = tenant_tx(&platform, &Role::TENANT_STAFF, Access::Read).await?;
    let row = repo::interview_settings(&mut tx, tenant_id, user.user_id).await?;
    tx.commit().await?;
    Ok(row)
}

/// Saves the member's time zone and weekly interview limit (empty: no limit).
#[server]
pub async fn save_interview_settings(#[server(default)] time_zone: String, #[server(default)] weekly_limit: String) -> Result<String, AppError> {
    let platform = platform()?;
    let zone = calendar::zone(&time_zone, "time_zone")?;
    let limit = match weekly_limit.trim() {
        "" => None,
        text => match text.parse::<i32>() {
            Ok(n @ 1..=60) => Some(n),
            _ => return Err(AppError::invalid("weekly_limit", "A weekly limit is from 1 to 60 interviews, or empty for none.")),
        },
    };
    let (user, tenant_id, mut tx) = tenant_tx(&platform, &Role::TENANT_STAFF, Access::Write).await?;
    repo::save_interview_settings(&mut tx, tenant_id, user.user_id, zone.name(), limit).await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(format!("Saved: times are shown in {}{}.", zone.name(), limit.map(|n| format!(", at most {n} interviews a week")).unwrap_or_default()))
}
