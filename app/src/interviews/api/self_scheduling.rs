//! Candidates choosing among offered times.

use super::*;

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
    let mut ctx = Ctx::recruiter(Access::Write).await?.feature(keys::SELF_SCHEDULING)?;
    let (requisition, _, interview_type) = schedulable(&mut ctx.tx, ctx.tenant_id, &ctx.user, application_id, interview_type_id).await?;
    let type_id = interview_type.id;
    repo::check_panel(&mut ctx.tx, ctx.tenant_id, &interviewers).await?;
    for t in &times {
        let found = repo::conflicts(&mut ctx.tx, ctx.tenant_id, &interviewers, t.starts_at, t.ends_at, None).await?;
        if !found.is_empty() {
            return Err(AppError::invalid("slots", format!("{} does not suit every interviewer: {}", calendar::written(t.starts_at, &t.time_zone), found.join(" "))));
        }
    }
    let token = tokens::new_token();
    let expires_at = Utc::now() + Duration::days(OFFER_DAYS);
    let starts: Vec<DateTime<Utc>> = times.iter().map(|t| t.starts_at).collect();
    let offer_id = repo::insert_offer(
        &mut ctx.tx,
        ctx.tenant_id,
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
            created_by: ctx.user.user_id,
        },
    )
    .await?;
    let row = pipeline::application_row(&mut ctx.tx, ctx.tenant_id, application_id).await?;
    let organization = repo::organization_name(&mut ctx.tx, ctx.tenant_id).await?;
    let listed: Vec<String> = starts.iter().map(|t| format!("- {}", calendar::written(*t, &candidate_zone))).collect();
    let body = format!(
        "Hello {},\n\n{organization} would like to invite you to a {} interview ({minutes} minutes) for {}. Choose the time that suits you:\n\n{}\n\n\
         Pick one here (the link works for {OFFER_DAYS} days; a time someone else takes first disappears from the list):\n{}/schedule?token={token}\n\n{organization}\n",
        row.name,
        interview_type.name,
        requisition.title,
        listed.join("\n"),
        ctx.platform.settings.public_url
    );
    pipeline::email_candidate(&mut ctx.tx, ctx.tenant_id, &row.email, &format!("Choose a time for your interview with {organization}"), &body).await?;
    ctx.audit("interview.offer_times", format!("application:{application_id}"), json!({ "offer": offer_id.to_string(), "slots": starts })).await?;
    ctx.commit().await?;
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
