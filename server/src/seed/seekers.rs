//! The demo job seeker: a full profile, saved jobs from the board, one hidden, recent searches,
//! and a saved search whose daily alert already counts its first jobs as sent (the demo sends no mail).

use app::job_board::types::BoardParams;
use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;
use app::seekers::profile::types::{Education, Experience, ProfileBasics, ProfileSkill, SeekerProfile, SkillLevel};
use app::seekers::{repo, types::Alert};
use chrono::NaiveDate;
use uuid::Uuid;

pub const DEMO_SEEKER: &str = "seeker@example.com";

/// Seeds the seeker unless their account exists. True when it ran.
pub async fn seed(platform: &Platform, password: &str) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    if app::identity::repo::user_by_email(&mut tx, DEMO_SEEKER).await?.is_some() {
        return Ok(false);
    }
    let user_id = Uuid::now_v7();
    let hash = platform.hasher.hash(password.to_owned()).await?;
    repo::create(&mut tx, user_id, DEMO_SEEKER, "Noor Haddad", &hash).await?;
    Db::enter_user(&mut tx, user_id).await?;
    app::seekers::profile::repo::replace(&mut tx, user_id, &demo_profile()).await?;
    let jobs: Vec<(Uuid, String)> = sqlx::query_as("select id, title from board_jobs where listed order by posted_at desc, id limit 6").fetch_all(&mut *tx).await?;
    for (i, (job_id, _)) in jobs.iter().enumerate() {
        match i {
            0..=2 => repo::set_saved(&mut tx, user_id, *job_id, true).await.map(drop)?,
            3 => repo::set_hidden(&mut tx, user_id, *job_id, true).await.map(drop)?,
            _ => {}
        }
        repo::record_view(&mut tx, user_id, *job_id).await?;
    }
    let search = |q: &str, place: &str, workplace: &str| BoardParams { q: q.into(), place: place.into(), workplace: workplace.into(), ..Default::default() };
    for params in [search("engineer", "", ""), search("designer", "", "remote"), search("engineer", "Berlin", "")] {
        repo::record_search(&mut tx, user_id, &params).await?;
    }
    let berlin = search("engineer", "Berlin", "");
    if let Ok(saved) = repo::save_search(&mut tx, user_id, "Engineering in Berlin", &berlin, Alert::Daily).await? {
        let mut wanted = app::job_board::repo::Search::from_params(&berlin);
        wanted.for_seeker = true;
        let (found, _) = app::job_board::repo::search(&mut tx, &wanted, app::job_board::types::Sort::Newest, 1).await?;
        let sent: Vec<_> = found.iter().take(3).collect();
        if !sent.is_empty() {
            let alert = repo::DueAlert { id: saved, user_id, email: DEMO_SEEKER.into(), name: "Engineering in Berlin".into(), params: berlin.clone(), since: chrono::Utc::now() };
            repo::alert_sent(&mut tx, &alert, &sent.iter().map(|job| job.id).collect::<Vec<_>>()).await?;
        }
    }
    apply_at_acme(platform, &mut tx, user_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Three applications to Acme from the board, moved on by its recruiters to different stages:
/// one waiting, one at the assessment with a test to take, one in the interviews with one
/// scheduled.
async fn apply_at_acme(platform: &Platform, tx: &mut sqlx::PgConnection, user_id: Uuid) -> Result<(), AppError> {
    use app::careers::repo::{record_application, AppliedJob, NewApplication};
    use app::recruiting::candidates::documents::StoredPdf;
    use app::recruiting::pipeline::repo::{move_application, InviteSettings, Move};
    let Some((acme, company)): Option<(Uuid, String)> =
        sqlx::query_as("select id, name from tenants where slug = $1").bind(super::DEMO_TENANT_SLUG).fetch_optional(&mut *tx).await?
    else {
        return Ok(());
    };
    Db::enter_tenant(&mut *tx, acme).await?;
    let jobs: Vec<(Uuid, String)> = sqlx::query_as(
        "select r.id, r.title from requisitions r join board_jobs j on j.requisition_id = r.id
         where r.tenant_id = $1 and j.listed order by r.created_at, r.id limit 3",
    )
    .bind(acme)
    .fetch_all(&mut *tx)
    .await?;
    for ((job_id, title), kind) in jobs.iter().zip(["applied", "assessment", "interview"]) {
        let resume = StoredPdf::store(platform, "noor-haddad.pdf".into(), super::resume_pdf("Noor Haddad", title)).await?;
        let new = NewApplication {
            source: "job_board",
            name: "Noor Haddad".into(),
            email: DEMO_SEEKER.into(),
            phone: String::new(),
            cover_note: format!("I found {title} on Hirevoo Jobs and would love to talk."),
            resume,
        };
        let Some(application_id) = record_application(&mut *tx, acme, *job_id, &new).await? else { continue };
        let job = AppliedJob { requisition_id: *job_id, title, company: &company, company_slug: super::DEMO_TENANT_SLUG };
        repo::record_application(&mut *tx, user_id, application_id, &job).await?;
        // Moved as a recruiter moves it: the seeker's status follows.
        let stage: Option<Uuid> = sqlx::query_scalar("select id from requisition_stages where requisition_id = $1 and kind = $2 and kind <> 'applied' order by position limit 1")
            .bind(job_id)
            .bind(kind)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(stage) = stage {
            let settings = InviteSettings::of(platform);
            move_application(&mut *tx, &settings, acme, None, application_id, 1, &Move::ToStage(stage)).await?;
        }
        match kind {
            "assessment" => invite_to_test(&mut *tx, acme, application_id).await?,
            "interview" => schedule_interview(&mut *tx, acme, application_id, *job_id).await?,
            _ => {}
        }
    }
    Ok(())
}

/// The test Acme sent: its link was mailed (the demo sends none); the seeker opens it from home.
async fn invite_to_test(tx: &mut sqlx::PgConnection, acme: Uuid, application_id: Uuid) -> Result<(), AppError> {
    sqlx::query(
        "insert into candidate_invitations (id, tenant_id, assessment_id, email, name, token_hash, expires_at, application_id, invited_by)
         select $1, $2, a.id, $3, 'Noor Haddad', $4, now() + interval '14 days', $5, (select id from users where email = 'recruiter@acme.test')
         from assessments a where a.tenant_id = $2 and a.title = 'SQL and HTTP quick check'",
    )
    .bind(Uuid::now_v7())
    .bind(acme)
    .bind(DEMO_SEEKER)
    .bind(app::platform::tokens::hash(&app::platform::tokens::new_token()))
    .bind(application_id)
    .execute(tx)
    .await?;
    Ok(())
}

/// A video interview the day after tomorrow at 10:00 in the seeker's zone, with Ivan.
async fn schedule_interview(tx: &mut sqlx::PgConnection, acme: Uuid, application_id: Uuid, requisition_id: Uuid) -> Result<(), AppError> {
    use app::interviews::repo::{application_context, insert_interview, types, NewInterview};
    use app::interviews::calendar::{local_to_utc, zone};
    let person = |email: &'static str| sqlx::query_scalar::<_, Uuid>("select id from users where email = $1").bind(email);
    let ivan = person("interviewer@acme.test").fetch_one(&mut *tx).await?;
    let rita = person("recruiter@acme.test").fetch_one(&mut *tx).await?;
    let context = application_context(&mut *tx, acme, application_id).await?;
    let plan = types(&mut *tx, acme, requisition_id).await?;
    let day = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%dT10:00").to_string();
    let starts_at = local_to_utc(&day, zone("Europe/Berlin", "time_zone")?, "starts_at")?;
    let new = NewInterview {
        application_id,
        context: &context,
        interview_type: plan.first(),
        title: plan.first().map_or_else(|| "Video interview".to_owned(), |t| t.name.clone()),
        starts_at,
        duration_minutes: 45,
        time_zone: "Europe/London".into(),
        candidate_time_zone: "Europe/Berlin".into(),
        location: String::new(),
        video_url: "https://meet.example.com/acme-interviews".into(),
        candidate_notes: "We will call you on the video link; joining about 5 minutes early is perfect.".into(),
        interviewers: vec![ivan],
        scheduled_by: Some(rita),
    };
    insert_interview(&mut *tx, acme, &new).await?;
    Ok(())
}

fn month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("a month")
}

/// Noor's profile: a backend engineer in Berlin.
fn demo_profile() -> SeekerProfile {
    let skill = |name: &str, level| ProfileSkill { id: Uuid::now_v7(), name: name.into(), level };
    SeekerProfile {
        basics: ProfileBasics {
            headline: "Backend engineer, payments and data platforms".into(),
            city: "Berlin".into(),
            country: "DE".into(),
            links: vec!["https://noor-haddad.example".into(), "https://github.com/noor-haddad-example".into()],
            summary: "Seven years building payment systems that stay up. Looking for a backend or platform role in Berlin or remote in Europe.".into(),
        },
        skills: vec![
            skill("Rust", SkillLevel::Advanced),
            skill("PostgreSQL", SkillLevel::Expert),
            skill("Go", SkillLevel::Intermediate),
            skill("Kubernetes", SkillLevel::Intermediate),
            skill("System design", SkillLevel::Advanced),
            skill("German", SkillLevel::Beginner),
        ],
        experience: vec![
            Experience {
                id: Uuid::now_v7(),
                title: "Senior Backend Engineer".into(),
                company: "Paystream".into(),
                start: month(2021, 4),
                end: None,
                description: "Led the move of card settlement to an event-sourced ledger.\n- Cut reconciliation time from hours to minutes\n- Mentored four engineers".into(),
            },
            Experience {
                id: Uuid::now_v7(),
                title: "Software Engineer".into(),
                company: "Cedar Analytics".into(),
                start: month(2017, 9),
                end: Some(month(2021, 3)),
                description: "Built the ingestion pipeline and the reporting API.".into(),
            },
        ],
        education: vec![Education {
            id: Uuid::now_v7(),
            school: "American University of Beirut".into(),
            degree: "BEng".into(),
            field: "Computer and Communications Engineering".into(),
            start_year: 2013,
            end_year: Some(2017),
        }],
    }
}
