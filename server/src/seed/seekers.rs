//! The demo job seeker: saved jobs from the board, one hidden, recent searches, and a saved
//! search whose daily alert already counts its first jobs as sent (the demo sends no mail).

use app::job_board::types::BoardParams;
use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;
use app::seekers::{repo, types::Alert};
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
