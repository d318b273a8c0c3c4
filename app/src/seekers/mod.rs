//! Job seekers: people looking for work on the job board, who belong to no tenant. Signing up
//! (confirmed from their mailbox), and their home: saved jobs, saved searches with email alerts,
//! recent searches and the jobs they hid; their profile (`profile/`). Their rows live in the
//! seekers' own tables.

pub mod api;
pub mod pages;
pub mod profile;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;

#[cfg(feature = "ssr")]
use crate::platform::{context::Platform, AppError};

/// The signed-in seeker, if a seeker is signed in: on public pages anyone else (or a session
/// that cannot be read) is a visitor.
#[cfg(feature = "ssr")]
pub async fn signed_in(platform: &Platform) -> Option<uuid::Uuid> {
    let user = crate::platform::session::current(platform).await.ok().flatten()?;
    (user.role == crate::platform::Role::Seeker).then_some(user.user_id)
}

/// The signed-in seeker as an applicant for the job, read in their own scope.
#[cfg(feature = "ssr")]
pub async fn applicant(platform: &Platform, requisition_id: uuid::Uuid) -> Result<Option<(uuid::Uuid, types::Applicant)>, AppError> {
    use crate::platform::db::{Db, Scope};
    let Some(user_id) = signed_in(platform).await else { return Ok(None) };
    // The primary: the page after applying must show the application, which the replica may not have yet.
    let mut tx = Db::begin(platform.db.write(), &Scope::User(user_id)).await?;
    let found = repo::applicant(&mut tx, user_id).await?;
    let status = repo::application_status(&mut tx, user_id, requisition_id).await?;
    let skills = profile::repo::skill_names(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(found.map(|(name, email)| (user_id, types::Applicant { name, email, status, skills })))
}
