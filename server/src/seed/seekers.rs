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
    tx.commit().await?;
    Ok(true)
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
