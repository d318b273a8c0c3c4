//! Candidates' server functions: recruiters and tenant admins of the tenant.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::input::{form_skill_levels, CandidateFields, CandidateInput},
    super::repo::{self, Filters},
    crate::platform::context::{Access, Ctx},
    crate::recruiting::pipeline::repo::{open_application, Opening},
};

/// The people page: one page of the candidates matching the query, and the filter menus.
#[server(input = Json)]
pub async fn candidate_list(query: CandidateQuery) -> Result<People, AppError> {
    let filters = Filters::parse(&query)?;
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let counted = repo::count(&mut ctx.tx, ctx.tenant_id, &filters).await?;
    let pages = (counted.total.max(1) + CANDIDATES_PER_PAGE - 1) / CANDIDATES_PER_PAGE;
    let page = filters.page.min(pages);
    let people = People {
        rows: repo::people(&mut ctx.tx, ctx.tenant_id, &filters, counted.matching, Some(page)).await?,
        total: counted.total,
        total_at_least: counted.at_least,
        page,
        pages,
        requisitions: repo::requisition_choices(&mut ctx.tx, ctx.tenant_id, false).await?,
        skills: crate::assessments::repo::skills(&mut ctx.tx, ctx.tenant_id).await?,
        tags: repo::tags(&mut ctx.tx, ctx.tenant_id).await?,
    };
    ctx.commit().await?;
    Ok(people)
}

#[server]
pub async fn candidate_profile(id: Uuid) -> Result<Profile, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let profile = repo::profile(&mut ctx.tx, ctx.tenant_id, id).await?;
    ctx.commit().await?;
    Ok(profile)
}

/// Adds a candidate (no `id`) or saves one's profile; returns its id.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn save_candidate(
    #[server(default)] id: Option<Uuid>,
    #[server(default)] name: String,
    #[server(default)] email: String,
    #[server(default)] phone: String,
    #[server(default)] location: String,
    #[server(default)] source: String,
    #[server(default)] tags: String,
    #[server(default)] links: String,
    #[server(default)] skill_levels: Vec<String>,
) -> Result<Uuid, AppError> {
    if skill_levels.len() > 500 || tags.len() > 2_000 || links.len() > 4_000 {
        return Err(AppError::invalid("tags", "The form is too long."));
    }
    let input = CandidateInput::check(CandidateFields { name: &name, email: &email, phone: &phone, location: &location, source: &source, tags: &tags, links: &links, skills: form_skill_levels(&skill_levels)? })?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let saved = match id {
        Some(id) => repo::update(&mut ctx.tx, ctx.tenant_id, id, &input).await.map(|()| id)?,
        None => repo::insert(&mut ctx.tx, ctx.tenant_id, Some(ctx.user.user_id), &input).await?,
    };
    ctx.audit(if id.is_some() { "candidate.update" } else { "candidate.create" }, format!("candidate:{saved}"), serde_json::json!({ "email": input.email }))
    .await?;
    ctx.commit().await?;
    leptos_axum::redirect(&format!("/candidates/{saved}"));
    Ok(saved)
}

/// Adds the candidate to a requisition's pipeline; refused for a closed or archived one.
#[server]
pub async fn add_candidate_to_requisition(candidate_id: Uuid, requisition_id: Option<Uuid>) -> Result<Uuid, AppError> {
    let requisition_id = requisition_id.ok_or_else(|| AppError::invalid("requisition_id", "Choose a requisition."))?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let source = repo::source_of(&mut ctx.tx, ctx.tenant_id, candidate_id).await?;
    let opening = Opening { candidate_id, requisition_id, source, cover_note: String::new(), resume_file_id: None, consented: false, actor_id: Some(ctx.user.user_id) };
    let id = open_application(&mut ctx.tx, ctx.tenant_id, &opening)
        .await?
        .ok_or_else(|| AppError::invalid("requisition_id", "The candidate is already in that requisition's pipeline."))?;
    ctx.commit().await?;
    Ok(id)
}

/// Merges the record with `duplicate_email` into this one (the survivor): its applications,
/// notes and documents move here and it is removed. Audited.
#[server]
pub async fn merge_candidates(survivor_id: Uuid, #[server(default)] duplicate_email: String, #[server(default)] confirm: Option<String>) -> Result<String, AppError> {
    let email = duplicate_email.trim();
    if email.is_empty() {
        return Err(AppError::invalid("duplicate_email", "Give the email of the record to merge into this one."));
    }
    if email.chars().count() > 254 {
        return Err(AppError::invalid("duplicate_email", "No candidate has that email."));
    }
    if confirm.is_none() {
        return Err(AppError::invalid("confirm", "Confirm that the other record is to be merged into this one and removed."));
    }
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let duplicate = repo::id_by_email(&mut ctx.tx, ctx.tenant_id, email).await?.ok_or_else(|| AppError::invalid("duplicate_email", "No candidate has that email."))?;
    let merged = repo::merge(&mut ctx.tx, ctx.tenant_id, survivor_id, duplicate).await?;
    ctx.audit("candidate.merge", format!("candidate:{survivor_id}"), serde_json::json!({ "merged_candidate": duplicate, "merged": merged }))
    .await?;
    ctx.commit().await?;
    let mut message = format!("{} ({}) was merged into this record", merged.duplicate_name, merged.duplicate_email);
    if !merged.applications_folded.is_empty() {
        message.push_str(&format!("; both had applied for {}, so their notes were joined", merged.applications_folded.join(", ")));
    }
    message.push('.');
    Ok(message)
}
