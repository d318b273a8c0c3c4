use leptos::prelude::*;
use uuid::Uuid;

use super::types::Jobs;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::types::JobDescription,
    crate::platform::context::{recruiter_tx, Access},
    crate::assessments::repo,
    crate::platform::{audit, context::{platform, remember_write}, validate},
    serde_json::json,
};

#[server]
pub async fn requisitions() -> Result<Jobs, AppError> {
    let platform = platform()?;
    let (_, tenant_id, mut tx) = recruiter_tx(&platform, Access::Read).await?;
    let skills = repo::skills(&mut tx, tenant_id).await?;
    let rows: Vec<(Uuid, String, String, Vec<Uuid>, i64)> = sqlx::query_as(
        "select j.id, j.title, j.description, j.skill_ids, (select count(*) from assessments a where a.requisition_id = j.id)
         from requisitions j where j.tenant_id = $1 order by lower(j.title), j.id",
    )
    .bind(tenant_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let jobs = rows
        .into_iter()
        .map(|(id, title, body, skill_ids, assessments)| JobDescription {
            id,
            title,
            body,
            required_skills: skills.iter().filter(|s| skill_ids.contains(&s.id)).cloned().collect(),
            assessments,
        })
        .collect();
    Ok(Jobs { jobs, skills })
}

/// Creates a job description, or replaces one's title, text and required skills.
#[server]
pub async fn save_job_description(
    job_id: Option<Uuid>,
    title: String,
    #[server(default)] body: String,
    #[server(default)] skill_ids: Vec<Uuid>,
) -> Result<Uuid, AppError> {
    let platform = platform()?;
    let title = validate::name("title", "job title", &title)?;
    let body = validate::long_text("body", "description", &body, 20_000)?;
    let mut skill_ids = skill_ids;
    skill_ids.sort();
    skill_ids.dedup();
    if skill_ids.len() > 50 {
        return Err(AppError::invalid("skill_ids", "Require at most 50 skills."));
    }
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    let known: i64 = sqlx::query_scalar("select count(*) from skills where tenant_id = $1 and id = any($2)")
        .bind(tenant_id)
        .bind(&skill_ids)
        .fetch_one(&mut *tx)
        .await?;
    if known != skill_ids.len() as i64 {
        return Err(AppError::invalid("skill_ids", "Choose required skills from your catalog."));
    }
    let id = match job_id {
        None => {
            let id = Uuid::now_v7();
            sqlx::query("insert into requisitions (id, tenant_id, title, description, skill_ids) values ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(tenant_id)
                .bind(&title)
                .bind(&body)
                .bind(&skill_ids)
                .execute(&mut *tx)
                .await?;
            id
        }
        Some(id) => {
            let updated = sqlx::query("update requisitions set title = $3, description = $4, skill_ids = $5 where id = $1 and tenant_id = $2")
                .bind(id)
                .bind(tenant_id)
                .bind(&title)
                .bind(&body)
                .bind(&skill_ids)
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() == 0 {
                return Err(AppError::NotFound);
            }
            id
        }
    };
    audit::record(&mut tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(user.user_id),
        action: if job_id.is_some() { "job.update" } else { "job.create" },
        target: format!("job_description:{id}"),
        details: json!({ "title": title }),
    })
    .await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(id)
}

/// Deletes a job description; assessments tied to it stay, tied to no job.
#[server]
pub async fn delete_job_description(job_id: Uuid) -> Result<(), AppError> {
    let platform = platform()?;
    let (user, tenant_id, mut tx) = recruiter_tx(&platform, Access::Write).await?;
    let title: Option<String> = sqlx::query_scalar("delete from requisitions where id = $1 and tenant_id = $2 returning title")
        .bind(job_id)
        .bind(tenant_id)
        .fetch_optional(&mut *tx)
        .await?;
    let title = title.ok_or(AppError::NotFound)?;
    audit::record(&mut tx, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(user.user_id),
        action: "job.delete",
        target: format!("job_description:{job_id}"),
        details: json!({ "title": title }),
    })
    .await?;
    tx.commit().await?;
    remember_write(&platform).await;
    Ok(())
}
