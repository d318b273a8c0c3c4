//! The interviewer's day, kit and scorecards.

use super::*;

/// Today's and upcoming interviews, scorecards due and recently submitted, for the signed-in member.
#[server]
pub async fn interviewer_day() -> Result<InterviewerHome, AppError> {
    let mut ctx = Ctx::staff(Access::Read).await?;
    let zone = repo::user_time_zone(&mut ctx.tx, ctx.user.user_id).await?;
    let tz = calendar::zone(&zone, "time_zone").unwrap_or(chrono_tz::Tz::UTC);
    let now = Utc::now();
    let end_of_today = calendar::next_midnight(now, tz);
    let today = repo::panel_interviews(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, now - Duration::hours(12), end_of_today, &zone).await?;
    let upcoming = repo::panel_interviews(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, end_of_today, now + Duration::days(60), &zone).await?;
    let due = repo::scorecards_due(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, now, &zone)
        .await?
        .into_iter()
        .map(|i| {
            let late = now - i.ends_at;
            (i, repo::overdue_words(late))
        })
        .collect();
    let submitted = repo::recently_submitted(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, &zone).await?;
    ctx.commit().await?;
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
    let mut ctx = Ctx::staff(Access::Read).await?;
    let row = repo::interview_row(&mut ctx.tx, ctx.tenant_id, interview_id, false).await?;
    let on_panel = kit_access(&mut ctx.tx, ctx.tenant_id, &row, &ctx.user).await?;
    let zone = repo::user_time_zone(&mut ctx.tx, ctx.user.user_id).await?;
    let interview = repo::scheduled_interview(&mut ctx.tx, ctx.tenant_id, interview_id, &zone).await?;
    let application = pipeline::application_row(&mut ctx.tx, ctx.tenant_id, row.application_id).await?;
    let context = repo::kit_context(&mut ctx.tx, &row).await?;
    let mine = match repo::own_scorecard(&mut ctx.tx, ctx.tenant_id, interview_id, ctx.user.user_id).await? {
        Some(card) => card,
        None => Scorecard {
            id: Uuid::nil(),
            interview_id,
            interview_title: row.title.clone(),
            interviewer: ctx.user.display_name.clone(),
            interviewer_id: ctx.user.user_id,
            content: ScorecardContent {
                ratings: row.attributes.iter().map(|a| RatingEntry { attribute: a.clone(), rating: None, note: String::new() }).collect(),
                ..ScorecardContent::default()
            },
            submitted_at: None,
            amendments: Vec::new(),
        },
    };
    let can_see_others = sight(&mut ctx.tx, ctx.tenant_id, &row, &ctx.user).await? != Sight::Blind;
    let kit = Kit {
        interview,
        requisition_id: row.requisition_id,
        requisition_title: context.title,
        requisition_description: context.description,
        required_skills: repo::required_skills(&mut ctx.tx, ctx.tenant_id, row.requisition_id).await?,
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
        assessments: pipeline::sent_assessments(&mut ctx.tx, ctx.tenant_id, row.application_id).await?,
        mine,
        on_panel,
        can_see_others,
    };
    ctx.commit().await?;
    Ok(kit)
}

/// Colleagues' scorecards on the interview's application: withheld from an interviewer until
/// they submit their own (the number withheld is told); private notes only for the hiring team.
#[server]
pub async fn colleague_scorecards(interview_id: Uuid) -> Result<(Vec<Scorecard>, i64), AppError> {
    let mut ctx = Ctx::staff(Access::Read).await?;
    let row = repo::interview_row(&mut ctx.tx, ctx.tenant_id, interview_id, false).await?;
    kit_access(&mut ctx.tx, ctx.tenant_id, &row, &ctx.user).await?;
    let all = repo::application_scorecards(&mut ctx.tx, ctx.tenant_id, row.application_id, ctx.user.user_id).await?;
    let others: Vec<Scorecard> = all.into_iter().filter(|s| s.interviewer_id != ctx.user.user_id && s.submitted_at.is_some()).collect();
    let result = match sight(&mut ctx.tx, ctx.tenant_id, &row, &ctx.user).await? {
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
    ctx.commit().await?;
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
    if draft.len() > 200_000 {
        return Err(AppError::invalid("draft", "The draft is too long."));
    }
    let draft: ScorecardContent = serde_json::from_str(&draft).map_err(|_| AppError::invalid("draft", "The draft could not be read."))?;
    let mut ctx = Ctx::staff(Access::Write).await?;
    let row = own_interview(&mut ctx.tx, ctx.tenant_id, interview_id, &ctx.user).await?;
    let ratings: Vec<String> = draft.ratings.iter().map(|r| r.rating.map(|n| n.to_string()).unwrap_or_default()).collect();
    let notes: Vec<String> = draft.ratings.iter().map(|r| r.note.clone()).collect();
    let recommendation = draft.recommendation.map(|r| r.to_string()).unwrap_or_default();
    let checked = content(&row.attributes, &ratings, &notes, &draft.takeaways, &recommendation, &draft.private_notes, false)?;
    let held = repo::save_draft(&mut ctx.tx, ctx.tenant_id, &row, ctx.user.user_id, seq, &checked).await?;
    ctx.commit().await?;
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
    let mut ctx = Ctx::staff(Access::Write).await?;
    let row = own_interview(&mut ctx.tx, ctx.tenant_id, interview_id, &ctx.user).await?;
    let checked = content(&row.attributes, &ratings, &notes, &takeaways, &recommendation, &private_notes, true)?;
    let id = repo::submit(&mut ctx.tx, ctx.tenant_id, &row, ctx.user.user_id, &checked).await?;
    let (candidate_name, _, requisition_title, _, _) = repo::message_context(&mut ctx.tx, row.id).await?;
    let team: Vec<Uuid> = pipeline::hiring_team(&mut ctx.tx, ctx.tenant_id, row.requisition_id).await?.into_iter().filter(|id| *id != ctx.user.user_id).collect();
    let vars = json!({
        "interviewer_name": ctx.user.display_name,
        "interview_title": row.title,
        "candidate_name": candidate_name,
        "requisition_title": requisition_title,
        "recommendation": recommendation_label(checked.recommendation.unwrap_or(0)),
    });
    crate::notifications::service::notify(&mut ctx.tx, ctx.tenant_id, &team, crate::notifications::types::NotificationKind::ScorecardSubmitted, vars, &format!("/applications/{}", row.application_id)).await?;
    ctx.audit("scorecard.submit", format!("scorecard:{id}"), json!({ "interview": interview_id.to_string(), "recommendation": checked.recommendation })).await?;
    ctx.commit().await?;
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
    let reason = short("reason", "reason", &reason, 1000)?;
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "Say why you change a submitted scorecard."));
    }
    let mut ctx = Ctx::staff(Access::Write).await?;
    let row = own_interview(&mut ctx.tx, ctx.tenant_id, interview_id, &ctx.user).await?;
    let checked = content(&row.attributes, &ratings, &notes, &takeaways, &recommendation, &private_notes, true)?;
    let id = repo::amend(&mut ctx.tx, ctx.tenant_id, interview_id, ctx.user.user_id, &checked, &reason).await?;
    ctx.audit("scorecard.amend", format!("scorecard:{id}"), json!({ "reason": reason, "recommendation": checked.recommendation })).await?;
    ctx.commit().await?;
    Ok("Amendment saved; the former version is kept with your reason.".into())
}
