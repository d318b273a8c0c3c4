//! The profile's server functions. Each runs in the seeker's own scope (`Ctx::seeker`), checks
//! everything it receives with the profile's rules before writing, and writes in one transaction
//! that holds the seeker's row (`repo::lock`), so no limit is passed by two requests at once.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::{json_resume, repo, rules},
    crate::platform::context::{Access, Ctx},
};

#[server]
pub async fn read_profile() -> Result<SeekerProfile, AppError> {
    let mut ctx = Ctx::seeker(Access::Read).await?;
    let profile = repo::profile(&mut ctx.tx, ctx.user.user_id).await?;
    ctx.commit().await?;
    Ok(profile)
}

/// The headline, place, links (one a line) and summary.
#[server]
pub async fn save_profile_basics(headline: String, city: String, country: String, links: String, summary: String) -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let links = rules::links(links.lines())?;
    let basics = rules::basics(&headline, &city, &country, links, &summary)?;
    let user_id = ctx.user.user_id;
    repo::lock(&mut ctx.tx, user_id).await?;
    repo::save_basics(&mut ctx.tx, user_id, &basics).await?;
    ctx.commit().await?;
    Ok("Your profile is saved.".to_owned())
}

/// Adds a skill, or changes the level of one the seeker lists already.
#[server]
pub async fn save_profile_skill(name: String, level: String) -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let skill = rules::skill(Uuid::now_v7(), &name, &level)?;
    let user_id = ctx.user.user_id;
    repo::lock(&mut ctx.tx, user_id).await?;
    let known = repo::has_skill(&mut ctx.tx, user_id, &skill.name).await?;
    if !known && repo::count(&mut ctx.tx, user_id, Section::Skills).await? >= MAX_SKILLS {
        return Err(AppError::invalid("name", format!("You list {MAX_SKILLS} skills, the most a profile holds: remove one to add another.")));
    }
    repo::save_skill(&mut ctx.tx, user_id, &skill).await?;
    ctx.commit().await?;
    Ok(if known { format!("{} is now {}.", skill.name, skill.level.label().to_lowercase()) } else { format!("Added {}.", skill.name) })
}

/// Adds a job, or changes the one `id` names. `current`, when ticked, means the seeker works there now.
#[server]
pub async fn save_profile_experience(
    id: Option<Uuid>,
    title: String,
    company: String,
    start: String,
    #[server(default)] end: String,
    current: Option<String>,
    #[server(default)] description: String,
) -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let end = match (current.is_some(), end.trim()) {
        (true, "") => None,
        (true, _) => return Err(AppError::invalid("end", "Leave the end month empty for a job you hold now, or untick “I work here now”.")),
        (false, "") => return Err(AppError::invalid("end", "Enter the month you left, or tick “I work here now”.")),
        (false, end) => Some(end),
    };
    let job = rules::experience(id.unwrap_or_else(Uuid::now_v7), &title, &company, &start, end, &description)?;
    let user_id = ctx.user.user_id;
    repo::lock(&mut ctx.tx, user_id).await?;
    if id.is_some() {
        if !repo::update_experience(&mut ctx.tx, user_id, &job).await? {
            return Err(AppError::NotFound);
        }
    } else {
        if repo::count(&mut ctx.tx, user_id, Section::Experience).await? >= MAX_EXPERIENCE {
            return Err(AppError::invalid("title", format!("You list {MAX_EXPERIENCE} jobs, the most a profile holds: remove one to add another.")));
        }
        repo::add_experience(&mut ctx.tx, user_id, &job).await?;
    }
    ctx.commit().await?;
    Ok(format!("Saved {} at {}.", job.title, job.company))
}

/// Adds studies, or changes the ones `id` names.
#[server]
pub async fn save_profile_education(
    id: Option<Uuid>,
    school: String,
    #[server(default)] degree: String,
    #[server(default)] field: String,
    start_year: String,
    #[server(default)] end_year: String,
) -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let study = rules::education(id.unwrap_or_else(Uuid::now_v7), &school, &degree, &field, &start_year, &end_year)?;
    let user_id = ctx.user.user_id;
    repo::lock(&mut ctx.tx, user_id).await?;
    if id.is_some() {
        if !repo::update_education(&mut ctx.tx, user_id, &study).await? {
            return Err(AppError::NotFound);
        }
    } else {
        if repo::count(&mut ctx.tx, user_id, Section::Education).await? >= MAX_EDUCATION {
            return Err(AppError::invalid("school", format!("You list {MAX_EDUCATION} schools, the most a profile holds: remove one to add another.")));
        }
        repo::add_education(&mut ctx.tx, user_id, &study).await?;
    }
    ctx.commit().await?;
    Ok(format!("Saved {}.", study.school))
}

/// Removes a skill, a job or studies from the profile.
#[server]
pub async fn delete_profile_entry(section: String, id: Uuid) -> Result<(), AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let section: Section = section.parse().map_err(|_| AppError::invalid("section", "Choose what to remove."))?;
    let user_id = ctx.user.user_id;
    repo::lock(&mut ctx.tx, user_id).await?;
    if !repo::delete_entry(&mut ctx.tx, user_id, section, id).await? {
        return Err(AppError::NotFound);
    }
    ctx.commit().await
}

/// Replaces the whole profile with a pasted JSON Resume, once every part of it passes the
/// profile's rules. A longer one comes as a file (`json_resume::upload`).
#[server]
pub async fn import_json_resume(resume: String) -> Result<String, AppError> {
    if resume.chars().count() > MAX_RESUME_CHARS {
        return Err(AppError::invalid("resume", "This text is longer than 20,000 characters: upload the file instead."));
    }
    replace_from_resume(&resume).await
}

/// What became of this browser's last JSON Resume file, once.
#[server]
pub async fn read_resume_import() -> Result<Option<ImportOutcome>, AppError> {
    Ok(json_resume::take_outcome(&crate::platform::context::platform()?))
}

/// The import itself, pasted or uploaded: the seeker's whole profile replaced in one transaction.
#[cfg(feature = "ssr")]
pub async fn replace_from_resume(json: &str) -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let profile = json_resume::import(json)?;
    let user_id = ctx.user.user_id;
    repo::lock(&mut ctx.tx, user_id).await?;
    repo::replace(&mut ctx.tx, user_id, &profile).await?;
    ctx.commit().await?;
    Ok(imported(&profile))
}

/// What an import brought in, in words.
#[cfg(feature = "ssr")]
fn imported(profile: &SeekerProfile) -> String {
    let count = |n: usize, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    let basics = &profile.basics;
    let mut parts: Vec<String> = [
        (!basics.headline.is_empty()).then(|| "your headline".to_owned()),
        (!basics.city.is_empty() || !basics.country.is_empty()).then(|| "your location".to_owned()),
        (!basics.links.is_empty()).then(|| count(basics.links.len(), "link", "links")),
        (!basics.summary.is_empty()).then(|| "your summary".to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.push(count(profile.skills.len(), "skill", "skills"));
    parts.push(count(profile.experience.len(), "job", "jobs"));
    parts.push(count(profile.education.len(), "school", "schools"));
    let last = parts.pop().unwrap_or_default();
    format!("Imported {} and {last}. It replaced what your profile held before.", parts.join(", "))
}

/// Deletes the seeker's account, given their password. What they sent organizations stays
/// with each of them, under its own retention.
#[server]
pub async fn delete_seeker_account(password: String) -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    crate::identity::attempts::confirm_password(&ctx.platform, &ctx.user, "password", password).await?;
    let (user_id, email) = (ctx.user.user_id, ctx.user.email.clone());
    if repo::has_memberships(&mut ctx.tx, user_id).await? {
        return Err(AppError::Invalid {
            field: None,
            message: "Your account also belongs to an organization on Hirevoo: ask its administrator to remove you, then delete it here.".into(),
        });
    }
    // Nothing that names the person: the account's id only, which nothing will resolve any more.
    ctx.audit("seeker.delete_account", format!("user:{user_id}"), serde_json::json!({})).await?;
    repo::delete_account(&mut ctx.tx, user_id, &email).await?;
    let platform = ctx.platform.clone();
    ctx.commit().await?;
    crate::platform::session::clear_cookie(&platform.settings);
    Ok(crate::platform::context::reload_at("/account-deleted"))
}
