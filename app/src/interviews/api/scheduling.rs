//! Scheduling, rescheduling, cancelling and marking interviews.

use super::*;

/// An application's interviews, the feedback on it, and what the forms pick from.
#[server]
pub async fn interviews_for_application(application_id: Uuid) -> Result<ApplicationInterviews, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let requisition = pipeline::authorize_application(&mut ctx.tx, ctx.tenant_id, application_id, mover(&ctx.user), false).await?;
    let context = repo::application_context(&mut ctx.tx, ctx.tenant_id, application_id).await?;
    let zone = repo::user_time_zone(&mut ctx.tx, ctx.user.user_id).await?;
    let scorecards = repo::application_scorecards(&mut ctx.tx, ctx.tenant_id, application_id, ctx.user.user_id).await?;
    let summary = crate::interviews::calibration::summarize(scorecards.iter().filter(|s| s.submitted_at.is_some()).flat_map(|s| s.content.ratings.iter()));
    let page = ApplicationInterviews {
        application_id,
        in_interview_stage: context.in_interview_stage && context.active,
        can_schedule: requisition.can_move,
        interviews: repo::application_interviews(&mut ctx.tx, ctx.tenant_id, application_id, &zone).await?,
        types: repo::types(&mut ctx.tx, ctx.tenant_id, requisition.id).await?,
        panel: repo::panel(&mut ctx.tx, ctx.tenant_id).await?,
        panel_zones: repo::panel_zones(&mut ctx.tx, ctx.tenant_id).await?,
        candidate_time_zone: if context.candidate_time_zone.is_empty() { zone.clone() } else { context.candidate_time_zone.clone() },
        scheduler_time_zone: zone.clone(),
        scorecards,
        summary,
        offers: repo::application_offers(&mut ctx.tx, ctx.tenant_id, application_id, &zone).await?,
    };
    ctx.commit().await?;
    Ok(page)
}

/// What scheduling reads from the form, checked.
#[cfg(feature = "ssr")]
pub(super) struct Slot {
    pub(super) starts_at: DateTime<Utc>,
    pub(super) ends_at: DateTime<Utc>,
    pub(super) time_zone: String,
}

#[cfg(feature = "ssr")]
pub(super) fn slot(starts_at: &str, time_zone: &str, minutes: i32, field: &str) -> Result<Slot, AppError> {
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
pub(super) struct Arrangements {
    pub(super) location: String,
    pub(super) video_url: String,
    pub(super) candidate_notes: String,
    pub(super) interviewers: Vec<Uuid>,
}

#[cfg(feature = "ssr")]
pub(super) fn arrangements(location: &str, video_url: &str, candidate_notes: &str, interviewer_ids: &[Uuid]) -> Result<Arrangements, AppError> {
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
pub(super) async fn schedulable(
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
    if let Some(minutes) = duration_minutes {
        duration(minutes)?;
    }
    let candidate_zone = zone(&candidate_time_zone, "candidate_time_zone")?.name().to_owned();
    let Arrangements { location, video_url, candidate_notes, interviewers } = arrangements(&location, &video_url, &candidate_notes, &interviewer_ids)?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let (_, context, interview_type) = schedulable(&mut ctx.tx, ctx.tenant_id, &ctx.user, application_id, interview_type_id).await?;
    let minutes = duration_minutes.unwrap_or(interview_type.duration_minutes);
    let when = slot(&starts_at, &time_zone, minutes, "starts_at")?;
    repo::check_panel(&mut ctx.tx, ctx.tenant_id, &interviewers).await?;
    repo::lock_interviewers(&mut ctx.tx, &interviewers).await?;
    let found = repo::conflicts(&mut ctx.tx, ctx.tenant_id, &interviewers, when.starts_at, when.ends_at, None).await?;
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
        scheduled_by: Some(ctx.user.user_id),
    };
    let id = repo::insert_interview(&mut ctx.tx, ctx.tenant_id, &new).await?;
    let row = repo::interview_row(&mut ctx.tx, ctx.tenant_id, id, false).await?;
    service::announce(&mut ctx.tx, &ctx.platform.settings.public_url, ctx.tenant_id, &row, Change::Scheduled).await?;
    ctx.audit("interview.schedule", format!("interview:{id}"), json!({ "application": application_id.to_string(), "starts_at": row.starts_at, "conflicts": found })).await?;
    ctx.commit().await?;
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
    let minutes = duration(duration_minutes)?;
    let when = slot(&starts_at, &time_zone, minutes, "starts_at")?;
    let location = short("location", "location", &location, 300)?;
    let video_url = video_link(&video_url)?;
    let reason = short("reason", "reason", &reason, 500)?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let row = changeable(&mut ctx.tx, ctx.tenant_id, interview_id, &ctx.user).await?;
    if !row.status().is_live() {
        return Err(AppError::invalid("starts_at", format!("This interview is {}; schedule a new one instead.", row.status().label().to_lowercase())));
    }
    let interviewers = repo::interviewer_ids(&mut ctx.tx, ctx.tenant_id, interview_id).await?;
    repo::lock_interviewers(&mut ctx.tx, &interviewers).await?;
    let found = repo::conflicts(&mut ctx.tx, ctx.tenant_id, &interviewers, when.starts_at, when.ends_at, Some(interview_id)).await?;
    if !found.is_empty() && !is_checked(&despite_conflicts) {
        return Err(conflict_error(found));
    }
    repo::reschedule(&mut ctx.tx, ctx.tenant_id, interview_id, when.starts_at, minutes, &when.time_zone, &location, &video_url).await?;
    repo::event(&mut ctx.tx, ctx.tenant_id, interview_id, "rescheduled", Some(row.starts_at), Some(when.starts_at), None, None, &reason, Some(ctx.user.user_id)).await?;
    let updated = repo::interview_row(&mut ctx.tx, ctx.tenant_id, interview_id, false).await?;
    service::announce(&mut ctx.tx, &ctx.platform.settings.public_url, ctx.tenant_id, &updated, Change::Rescheduled).await?;
    ctx.audit("interview.reschedule", format!("interview:{interview_id}"), json!({ "from": row.starts_at, "to": updated.starts_at, "reason": reason })).await?;
    ctx.commit().await?;
    Ok(format!("Moved to {}; updated invitations sent.", calendar::written(updated.starts_at, &updated.time_zone)))
}

/// Cancels an interview; everyone's calendar drops it.
#[server]
pub async fn cancel_interview(interview_id: Uuid, #[server(default)] reason: String) -> Result<String, AppError> {
    let reason = short("reason", "reason", &reason, 500)?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let row = changeable(&mut ctx.tx, ctx.tenant_id, interview_id, &ctx.user).await?;
    if !row.status().is_live() {
        return Err(AppError::invalid("reason", format!("This interview is already {}.", row.status().label().to_lowercase())));
    }
    repo::set_status(&mut ctx.tx, ctx.tenant_id, interview_id, InterviewStatus::Cancelled).await?;
    repo::event(&mut ctx.tx, ctx.tenant_id, interview_id, "cancelled", None, None, Some(row.status()), Some(InterviewStatus::Cancelled), &reason, Some(ctx.user.user_id)).await?;
    let updated = repo::interview_row(&mut ctx.tx, ctx.tenant_id, interview_id, false).await?;
    service::announce(&mut ctx.tx, &ctx.platform.settings.public_url, ctx.tenant_id, &updated, Change::Cancelled).await?;
    ctx.audit("interview.cancel", format!("interview:{interview_id}"), json!({ "reason": reason })).await?;
    ctx.commit().await?;
    Ok("Interview cancelled; everyone's calendar was told.".into())
}

/// Marks an interview in progress, completed or a no-show: its panel or its hiring team.
#[server]
pub async fn set_interview_status(interview_id: Uuid, status: String) -> Result<String, AppError> {
    let status = InterviewStatus::parse(&status)
        .filter(|s| matches!(s, InterviewStatus::InProgress | InterviewStatus::Completed | InterviewStatus::NoShow))
        .ok_or_else(|| AppError::invalid("status", "Mark the interview in progress, completed or a no-show."))?;
    let mut ctx = Ctx::staff(Access::Write).await?;
    let row = repo::interview_row(&mut ctx.tx, ctx.tenant_id, interview_id, true).await?;
    if !repo::on_panel(&mut ctx.tx, ctx.tenant_id, interview_id, ctx.user.user_id).await? {
        if !Role::RECRUITING.contains(&ctx.user.role) {
            return Err(AppError::NotFound);
        }
        pipeline::authorize_application(&mut ctx.tx, ctx.tenant_id, row.application_id, mover(&ctx.user), true).await?;
    }
    if row.status() == InterviewStatus::Cancelled {
        return Err(AppError::invalid("status", "This interview was cancelled."));
    }
    if row.status() == status {
        return Ok(format!("Already {}.", status.label().to_lowercase()));
    }
    repo::set_status(&mut ctx.tx, ctx.tenant_id, interview_id, status).await?;
    repo::event(&mut ctx.tx, ctx.tenant_id, interview_id, "status", None, None, Some(row.status()), Some(status), "", Some(ctx.user.user_id)).await?;
    ctx.audit("interview.status", format!("interview:{interview_id}"), json!({ "from": row.status.as_str(), "to": status.as_str() })).await?;
    ctx.commit().await?;
    Ok(format!("Marked {}.", status.label().to_lowercase()))
}
