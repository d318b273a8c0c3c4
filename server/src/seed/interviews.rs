//! The demo interviews: a plan per requisition with candidates in an interview stage, a
//! reusable template, a finished phone screen per such candidate with the panel's scorecards
//! (one still due from Ivan), and upcoming technical interviews today and in the coming days.

use app::interviews::repo::{self, NewInterview, TypeInput};
use app::interviews::types::{InterviewStatus, InterviewType, RatingEntry, ScorecardContent, TemplateType};
use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;
use chrono::{DateTime, Duration, DurationRound, Utc};
use uuid::Uuid;

use super::DEMO_TENANT_SLUG;

const PHONE_FOCUS: &str = "Motivation, the role's basics, salary expectations and notice period.";
const PHONE_QUESTIONS: &str = "- What made you apply?\n- Walk me through your current role.\n- What would you need to start?";
const TECH_FOCUS: &str = "Depth in the required skills: ask for a concrete piece of work and dig into the trade-offs.";
const TECH_QUESTIONS: &str = "- Describe a system you built end to end.\n- How did you test it?\n- What would you change today?";
const MANAGER_FOCUS: &str = "Ownership and collaboration: how they work with a team and handle disagreement.";

/// Seeds the interviews unless a plan exists. True when it ran.
pub async fn seed(platform: &Platform) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let tenant_id: Option<Uuid> = sqlx::query_scalar("select id from tenants where slug = $1").bind(DEMO_TENANT_SLUG).fetch_optional(&mut *tx).await?;
    let Some(tenant_id) = tenant_id else { return Ok(false) };
    Db::enter_tenant(&mut tx, tenant_id).await?;
    if sqlx::query_scalar::<_, bool>("select exists (select 1 from interview_types where tenant_id = $1)").bind(tenant_id).fetch_one(&mut *tx).await? {
        return Ok(false);
    }
    let person = |email: &'static str| sqlx::query_scalar::<_, Uuid>("select id from users where email = $1").bind(email);
    let ivan = person("interviewer@acme.test").fetch_one(&mut *tx).await?;
    let rita = person("recruiter@acme.test").fetch_one(&mut *tx).await?;
    let ada = person("admin@acme.test").fetch_one(&mut *tx).await?;
    sqlx::query("update users set time_zone = 'Europe/Berlin' where id = $1").bind(ivan).execute(&mut *tx).await?;
    sqlx::query("update users set time_zone = 'Europe/London' where id = $1").bind(rita).execute(&mut *tx).await?;
    sqlx::query("update memberships set weekly_interview_limit = 8 where user_id = $1 and tenant_id = $2").bind(ivan).bind(tenant_id).execute(&mut *tx).await?;
    let interviewing: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "select a.id, a.requisition_id from applications a join requisition_stages s on s.id = a.stage_id join requisitions r on r.id = a.requisition_id
         where a.tenant_id = $1 and s.kind = 'interview' and a.status = 'active' and r.deleted_at is null order by a.created_at, a.id",
    )
    .bind(tenant_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut planned: Vec<Uuid> = Vec::new();
    for (_, requisition_id) in &interviewing {
        if planned.contains(requisition_id) {
            continue;
        }
        planned.push(*requisition_id);
        let skills = repo::required_skills(&mut tx, tenant_id, *requisition_id).await?;
        let with = |extra: &[&str]| skills.iter().cloned().chain(extra.iter().map(|s| (*s).to_owned())).collect::<Vec<_>>();
        let types = [
            TypeInput { name: "Phone screen".into(), duration_minutes: 30, attributes: vec!["Motivation".into(), "Communication".into()], focus: PHONE_FOCUS.into(), questions: PHONE_QUESTIONS.into(), default_interviewers: vec![rita] },
            TypeInput { name: "Technical".into(), duration_minutes: 60, attributes: with(&["Problem solving"]), focus: TECH_FOCUS.into(), questions: TECH_QUESTIONS.into(), default_interviewers: vec![ivan] },
            TypeInput { name: "Hiring manager".into(), duration_minutes: 45, attributes: vec!["Ownership".into(), "Collaboration".into()], focus: MANAGER_FOCUS.into(), questions: String::new(), default_interviewers: vec![ada, ivan] },
        ];
        for t in &types {
            repo::insert_type(&mut tx, tenant_id, *requisition_id, t).await?;
        }
        let kept: bool = sqlx::query_scalar("select exists (select 1 from interview_plan_templates where tenant_id = $1)").bind(tenant_id).fetch_one(&mut *tx).await?;
        if !kept {
            let template: Vec<TemplateType> = types
                .iter()
                .map(|t| TemplateType { name: t.name.clone(), duration_minutes: t.duration_minutes, attributes: t.attributes.clone(), focus: t.focus.clone(), questions: t.questions.clone() })
                .collect();
            repo::insert_template(&mut tx, tenant_id, "Engineering loop", &template, rita).await?;
        }
    }
    let now = Utc::now().duration_trunc(Duration::minutes(30)).unwrap_or_else(|_| Utc::now());
    for (n, (application_id, requisition_id)) in interviewing.iter().enumerate().take(6) {
        let context = repo::application_context(&mut tx, tenant_id, *application_id).await?;
        let types = repo::types(&mut tx, tenant_id, *requisition_id).await?;
        let (phone, technical) = (&types[0], &types[1]);
        let zone = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Europe/London"][n % 4];
        // The phone screen, a few days ago, with both scorecards but Ivan's on one candidate.
        let started = now - Duration::days(3 + n as i64) + Duration::hours(n as i64 % 3);
        let screen = repo::insert_interview(&mut tx, tenant_id, &demo_interview(*application_id, &context, phone, started, vec![ivan, rita], zone, rita)).await?;
        repo::set_status(&mut tx, tenant_id, screen, InterviewStatus::Completed).await?;
        let row = repo::interview_row(&mut tx, tenant_id, screen, false).await?;
        for (who, lean) in [(rita, 0i16), (ivan, 1i16)] {
            if who == ivan && n == 0 {
                continue;
            }
            let base = 2 + ((n as i16 + lean) % 3).min(2);
            let content = ScorecardContent {
                ratings: row.attributes.iter().enumerate().map(|(i, a)| RatingEntry { attribute: a.clone(), rating: Some((base + i as i16 % 2).min(4)), note: String::new() }).collect(),
                takeaways: if lean == 1 { "Solid fundamentals; explained past work clearly.".into() } else { "Motivated and well prepared; keen on the team's product.".into() },
                recommendation: Some((base + lean).min(4)),
                private_notes: if lean == 0 { "Expects the top of the band.".into() } else { String::new() },
            };
            let id = repo::submit(&mut tx, tenant_id, &row, who, &content).await?;
            sqlx::query("update scorecards set submitted_at = $2 where id = $1").bind(id).bind(row.ends_at + Duration::hours(2 + 3 * lean as i64 + n as i64)).execute(&mut *tx).await?;
        }
        // The technical interview: today for the first, then one a day.
        let ahead = now + Duration::hours(2) + Duration::days(n as i64);
        repo::insert_interview(&mut tx, tenant_id, &demo_interview(*application_id, &context, technical, ahead, vec![ivan], zone, rita)).await?;
    }
    tx.commit().await?;
    Ok(true)
}

fn demo_interview<'a>(
    application_id: Uuid,
    context: &'a repo::ApplicationContext,
    t: &'a InterviewType,
    starts_at: DateTime<Utc>,
    interviewers: Vec<Uuid>,
    candidate_zone: &str,
    by: Uuid,
) -> NewInterview<'a> {
    NewInterview {
        application_id,
        context,
        interview_type: Some(t),
        title: t.name.clone(),
        starts_at,
        duration_minutes: t.duration_minutes,
        time_zone: "Europe/London".into(),
        candidate_time_zone: candidate_zone.into(),
        location: String::new(),
        video_url: "https://meet.example.com/acme-interviews".into(),
        candidate_notes: "We will call you on the video link; joining about 5 minutes early is perfect.".into(),
        interviewers,
        scheduled_by: Some(by),
    }
}
