//! The profile's tables, always in the seeker's own scope (`Scope::User`).

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

/// Holds the seeker's row until the transaction ends, so that two changes to one profile (an
/// entry added beside an import, say) happen one after the other and no limit is passed.
pub async fn lock(conn: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
    sqlx::query("select 1 from seekers where user_id = $1 for update").bind(user_id).fetch_optional(conn).await?;
    Ok(())
}

pub async fn profile(conn: &mut PgConnection, user_id: Uuid) -> Result<SeekerProfile, AppError> {
    let basics: Option<(String, String, String, Vec<String>, String)> =
        sqlx::query_as("select headline, city, country, links, summary from seeker_profiles where user_id = $1").bind(user_id).fetch_optional(&mut *conn).await?;
    let basics = basics.map(|(headline, city, country, links, summary)| ProfileBasics { headline, city, country, links, summary }).unwrap_or_default();
    let skills: Vec<(Uuid, String, SkillLevel)> =
        sqlx::query_as("select id, name, level from seeker_skills where user_id = $1 order by position, id").bind(user_id).fetch_all(&mut *conn).await?;
    let experience: Vec<(Uuid, String, String, NaiveDate, Option<NaiveDate>, String)> = sqlx::query_as(
        "select id, title, company, start_month, end_month, description from seeker_experience
         where user_id = $1 order by end_month desc nulls first, start_month desc, id",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let education: Vec<(Uuid, String, String, String, i32, Option<i32>)> = sqlx::query_as(
        "select id, school, degree, field, start_year, end_year from seeker_education
         where user_id = $1 order by end_year desc nulls first, start_year desc, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(SeekerProfile {
        basics,
        skills: skills.into_iter().map(|(id, name, level)| ProfileSkill { id, name, level }).collect(),
        experience: experience.into_iter().map(|(id, title, company, start, end, description)| Experience { id, title, company, start, end, description }).collect(),
        education: education
            .into_iter()
            .map(|(id, school, degree, field, start_year, end_year)| Education { id, school, degree, field, start_year, end_year })
            .collect(),
    })
}

pub async fn save_basics(conn: &mut PgConnection, user_id: Uuid, basics: &ProfileBasics) -> Result<(), AppError> {
    sqlx::query(
        "insert into seeker_profiles (user_id, headline, city, country, links, summary) values ($1, $2, $3, $4, $5, $6)
         on conflict (user_id) do update set headline = excluded.headline, city = excluded.city, country = excluded.country,
             links = excluded.links, summary = excluded.summary, updated_at = now()",
    )
    .bind(user_id)
    .bind(&basics.headline)
    .bind(&basics.city)
    .bind(&basics.country)
    .bind(&basics.links)
    .bind(&basics.summary)
    .execute(conn)
    .await?;
    Ok(())
}

fn table(section: Section) -> &'static str {
    match section {
        Section::Skills => "seeker_skills",
        Section::Experience => "seeker_experience",
        Section::Education => "seeker_education",
    }
}

pub async fn count(conn: &mut PgConnection, user_id: Uuid, section: Section) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(&format!("select count(*) from {} where user_id = $1", table(section))).bind(user_id).fetch_one(conn).await?)
}

/// Removes one entry; false when the seeker has no such entry.
pub async fn delete_entry(conn: &mut PgConnection, user_id: Uuid, section: Section, id: Uuid) -> Result<bool, AppError> {
    let sql = format!("delete from {} where user_id = $1 and id = $2", table(section));
    Ok(sqlx::query(&sql).bind(user_id).bind(id).execute(conn).await?.rows_affected() == 1)
}

/// Whether the seeker lists this skill already, in any letter case.
pub async fn has_skill(conn: &mut PgConnection, user_id: Uuid, name: &str) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from seeker_skills where user_id = $1 and lower(name) = lower($2))").bind(user_id).bind(name).fetch_one(conn).await?)
}

/// The names of the seeker's skills, in their order.
pub async fn skill_names(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar("select name from seeker_skills where user_id = $1 order by position, id").bind(user_id).fetch_all(conn).await?)
}

/// Adds the skill at the end of the list, or changes the level (and spelling) of the one of that name.
pub async fn save_skill(conn: &mut PgConnection, user_id: Uuid, skill: &ProfileSkill) -> Result<(), AppError> {
    sqlx::query(
        "insert into seeker_skills (id, user_id, name, level, position)
         values ($1, $2, $3, $4, (select coalesce(max(position) + 1, 0) from seeker_skills where user_id = $2))
         on conflict (user_id, lower(name)) do update set name = excluded.name, level = excluded.level",
    )
    .bind(skill.id)
    .bind(user_id)
    .bind(&skill.name)
    .bind(skill.level)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn add_experience(conn: &mut PgConnection, user_id: Uuid, job: &Experience) -> Result<(), AppError> {
    sqlx::query("insert into seeker_experience (id, user_id, title, company, start_month, end_month, description) values ($1, $2, $3, $4, $5, $6, $7)")
        .bind(job.id)
        .bind(user_id)
        .bind(&job.title)
        .bind(&job.company)
        .bind(job.start)
        .bind(job.end)
        .bind(&job.description)
        .execute(conn)
        .await?;
    Ok(())
}

/// False when the seeker has no such entry.
pub async fn update_experience(conn: &mut PgConnection, user_id: Uuid, job: &Experience) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "update seeker_experience set title = $3, company = $4, start_month = $5, end_month = $6, description = $7 where user_id = $1 and id = $2",
    )
    .bind(user_id)
    .bind(job.id)
    .bind(&job.title)
    .bind(&job.company)
    .bind(job.start)
    .bind(job.end)
    .bind(&job.description)
    .execute(conn)
    .await?;
    Ok(changed.rows_affected() == 1)
}

pub async fn add_education(conn: &mut PgConnection, user_id: Uuid, study: &Education) -> Result<(), AppError> {
    sqlx::query("insert into seeker_education (id, user_id, school, degree, field, start_year, end_year) values ($1, $2, $3, $4, $5, $6, $7)")
        .bind(study.id)
        .bind(user_id)
        .bind(&study.school)
        .bind(&study.degree)
        .bind(&study.field)
        .bind(study.start_year)
        .bind(study.end_year)
        .execute(conn)
        .await?;
    Ok(())
}

/// False when the seeker has no such entry.
pub async fn update_education(conn: &mut PgConnection, user_id: Uuid, study: &Education) -> Result<bool, AppError> {
    let changed = sqlx::query("update seeker_education set school = $3, degree = $4, field = $5, start_year = $6, end_year = $7 where user_id = $1 and id = $2")
        .bind(user_id)
        .bind(study.id)
        .bind(&study.school)
        .bind(&study.degree)
        .bind(&study.field)
        .bind(study.start_year)
        .bind(study.end_year)
        .execute(conn)
        .await?;
    Ok(changed.rows_affected() == 1)
}

/// Puts `profile` in place of the seeker's whole profile.
pub async fn replace(conn: &mut PgConnection, user_id: Uuid, profile: &SeekerProfile) -> Result<(), AppError> {
    for section in [Section::Skills, Section::Experience, Section::Education] {
        sqlx::query(&format!("delete from {} where user_id = $1", table(section))).bind(user_id).execute(&mut *conn).await?;
    }
    save_basics(conn, user_id, &profile.basics).await?;
    for skill in &profile.skills {
        save_skill(conn, user_id, skill).await?;
    }
    for job in &profile.experience {
        add_experience(conn, user_id, job).await?;
    }
    for study in &profile.education {
        add_education(conn, user_id, study).await?;
    }
    Ok(())
}

/// Whether the person also belongs to an organization, whose admins manage that account.
pub async fn has_memberships(conn: &mut PgConnection, user_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from memberships where user_id = $1)").bind(user_id).fetch_one(conn).await?)
}

/// Erases the seeker's account: the users row, and with it (its foreign keys cascade) every row
/// of theirs: the seekers' tables, the profile, sessions, reset links; and the failed sign-ins
/// kept under their address.
pub async fn delete_account(conn: &mut PgConnection, user_id: Uuid, email: &str) -> Result<(), AppError> {
    crate::identity::repo::clear_failures(&mut *conn, email).await?;
    sqlx::query("delete from users where id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}
