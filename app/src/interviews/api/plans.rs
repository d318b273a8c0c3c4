//! Interview plans: types per requisition, templates.

use super::*;

/// A requisition's interview plan, with the tenant's templates.
#[server]
pub async fn interview_plan(requisition_id: Uuid) -> Result<Plan, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let requisition = pipeline::requisition(&mut ctx.tx, ctx.tenant_id, requisition_id, mover(&ctx.user)).await?;
    let plan = Plan {
        requisition_id,
        title: requisition.title,
        types: repo::types(&mut ctx.tx, ctx.tenant_id, requisition_id).await?,
        required_skills: repo::required_skills(&mut ctx.tx, ctx.tenant_id, requisition_id).await?,
        panel: repo::panel(&mut ctx.tx, ctx.tenant_id).await?,
        templates: repo::templates(&mut ctx.tx, ctx.tenant_id).await?,
        can_edit: requisition.can_move,
    };
    ctx.commit().await?;
    Ok(plan)
}

#[cfg(feature = "ssr")]
fn attributes(text: &str) -> Result<Vec<String>, AppError> {
    let mut list: Vec<String> = Vec::new();
    for attribute in text.split(['\n', ',']).map(str::trim).filter(|a| !a.is_empty()) {
        if attribute.chars().count() > 80 || attribute.chars().any(char::is_control) {
            return Err(AppError::invalid("attributes", "Each attribute is a short name of at most 80 characters."));
        }
        if !list.iter().any(|a| a.eq_ignore_ascii_case(attribute)) {
            list.push(attribute.to_owned());
        }
    }
    if list.len() > MAX_ATTRIBUTES {
        return Err(AppError::invalid("attributes", format!("Rate at most {MAX_ATTRIBUTES} attributes per interview.")));
    }
    Ok(list)
}

#[cfg(feature = "ssr")]
async fn editable_requisition(requisition_id: Uuid) -> Result<Ctx, AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let requisition = pipeline::requisition(&mut ctx.tx, ctx.tenant_id, requisition_id, mover(&ctx.user)).await?;
    if !requisition.can_move {
        return Err(AppError::Forbidden);
    }
    Ok(ctx)
}

/// Adds a type of interview to the plan, or changes one (`type_id`).
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn save_interview_type(
    requisition_id: Uuid,
    #[server(default)] type_id: Option<Uuid>,
    #[server(default)] name: String,
    duration_minutes: i32,
    #[server(default)] attributes: String,
    #[server(default)] focus: String,
    #[server(default)] questions: String,
    #[server(default)] default_interviewers: Vec<Uuid>,
) -> Result<String, AppError> {
    let name = validate::name("name", "name of the interview", &name)?;
    if name.chars().count() > 80 {
        return Err(AppError::invalid("name", "The name can be at most 80 characters."));
    }
    if !(5..=MAX_DURATION_MINUTES).contains(&duration_minutes) {
        return Err(AppError::invalid("duration_minutes", "An interview lasts from 5 minutes to 8 hours."));
    }
    let input = TypeInput {
        name,
        duration_minutes,
        attributes: self::attributes(&attributes)?,
        focus: short("focus", "focus", &focus, 4000)?,
        questions: short("questions", "questions", &questions, 8000)?,
        default_interviewers: default_interviewers.clone(),
    };
    let mut ctx = editable_requisition(requisition_id).await?;
    if !input.default_interviewers.is_empty() {
        repo::check_panel(&mut ctx.tx, ctx.tenant_id, &input.default_interviewers).await.map_err(|_| {
            AppError::invalid("default_interviewers", "Default interviewers must be members with the interviewer, recruiter or admin role.")
        })?;
    }
    let id = match type_id {
        Some(id) => {
            let (owner, _) = repo::interview_type(&mut ctx.tx, ctx.tenant_id, id).await?;
            if owner != requisition_id {
                return Err(AppError::NotFound);
            }
            repo::update_type(&mut ctx.tx, ctx.tenant_id, id, &input).await?;
            id
        }
        None => repo::insert_type(&mut ctx.tx, ctx.tenant_id, requisition_id, &input).await?,
    };
    ctx.audit("interview_plan.save_type", format!("requisition:{requisition_id}"), json!({ "type": id.to_string(), "name": input.name })).await?;
    ctx.commit().await?;
    Ok(format!("“{}” saved.", input.name))
}

/// Removes a type from the plan; interviews already scheduled keep what it said.
#[server]
pub async fn remove_interview_type(type_id: Uuid) -> Result<String, AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let (requisition_id, found) = repo::interview_type(&mut ctx.tx, ctx.tenant_id, type_id).await?;
    if !pipeline::requisition(&mut ctx.tx, ctx.tenant_id, requisition_id, mover(&ctx.user)).await?.can_move {
        return Err(AppError::Forbidden);
    }
    repo::delete_type(&mut ctx.tx, ctx.tenant_id, type_id).await?;
    ctx.audit("interview_plan.remove_type", format!("requisition:{requisition_id}"), json!({ "name": found.name })).await?;
    ctx.commit().await?;
    Ok(format!("“{}” removed from the plan.", found.name))
}

/// Moves a type one place earlier (`up`) or later in the plan.
#[server]
pub async fn move_interview_type(type_id: Uuid, up: bool) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let (requisition_id, _) = repo::interview_type(&mut ctx.tx, ctx.tenant_id, type_id).await?;
    if !pipeline::requisition(&mut ctx.tx, ctx.tenant_id, requisition_id, mover(&ctx.user)).await?.can_move {
        return Err(AppError::Forbidden);
    }
    repo::move_type(&mut ctx.tx, ctx.tenant_id, requisition_id, type_id, up).await?;
    ctx.commit().await?;
    Ok(())
}

/// Keeps the requisition's plan as a template for the tenant.
#[server]
pub async fn save_plan_template(requisition_id: Uuid, #[server(default)] name: String) -> Result<String, AppError> {
    let name = validate::name("name", "template name", &name)?;
    if name.chars().count() > 80 {
        return Err(AppError::invalid("name", "The name can be at most 80 characters."));
    }
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    pipeline::requisition(&mut ctx.tx, ctx.tenant_id, requisition_id, mover(&ctx.user)).await?;
    let types: Vec<TemplateType> = repo::types(&mut ctx.tx, ctx.tenant_id, requisition_id)
        .await?
        .into_iter()
        .map(|t| TemplateType { name: t.name, duration_minutes: t.duration_minutes, attributes: t.attributes, focus: t.focus, questions: t.questions })
        .collect();
    if types.is_empty() {
        return Err(AppError::invalid("name", "Add an interview to the plan before keeping it as a template."));
    }
    let id = repo::insert_template(&mut ctx.tx, ctx.tenant_id, &name, &types, ctx.user.user_id).await?;
    ctx.audit("interview_plan.save_template", format!("interview_plan_template:{id}"), json!({ "name": name })).await?;
    ctx.commit().await?;
    Ok(format!("Template “{name}” saved."))
}

/// Adds a template's interviews to the requisition's plan (those it has by name are skipped).
#[server]
pub async fn apply_plan_template(requisition_id: Uuid, template_id: Uuid) -> Result<String, AppError> {
    let mut ctx = editable_requisition(requisition_id).await?;
    let template = repo::templates(&mut ctx.tx, ctx.tenant_id).await?.into_iter().find(|t| t.id == template_id).ok_or(AppError::NotFound)?;
    let existing = repo::types(&mut ctx.tx, ctx.tenant_id, requisition_id).await?;
    let mut added = 0;
    for t in &template.types {
        if existing.iter().any(|e| e.name.eq_ignore_ascii_case(&t.name)) {
            continue;
        }
        let input = TypeInput {
            name: t.name.clone(),
            duration_minutes: t.duration_minutes,
            attributes: t.attributes.clone(),
            focus: t.focus.clone(),
            questions: t.questions.clone(),
            default_interviewers: Vec::new(),
        };
        repo::insert_type(&mut ctx.tx, ctx.tenant_id, requisition_id, &input).await?;
        added += 1;
    }
    ctx.audit("interview_plan.apply_template", format!("requisition:{requisition_id}"), json!({ "template": template.name, "added": added })).await?;
    ctx.commit().await?;
    Ok(format!("{added} interview{} added from “{}”.", if added == 1 { "" } else { "s" }, template.name))
}

/// Deletes a template (recruiters and admins; plans made from it stay).
#[server]
pub async fn delete_plan_template(template_id: Uuid) -> Result<String, AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    if !repo::delete_template(&mut ctx.tx, ctx.tenant_id, template_id).await? {
        return Err(AppError::NotFound);
    }
    ctx.audit("interview_plan.delete_template", format!("interview_plan_template:{template_id}"), json!({})).await?;
    ctx.commit().await?;
    Ok("Template deleted.".into())
}
