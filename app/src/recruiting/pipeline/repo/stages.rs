//! A requisition's stages.

use super::*;

/// A change to a requisition's stages.
#[derive(Debug, Clone, PartialEq)]
pub enum StageChange {
    Add { name: String, kind: StageKind },
    Rename { stage_id: Uuid, name: String, kind: StageKind },
    MoveUp(Uuid),
    MoveDown(Uuid),
    Remove(Uuid),
    AutoAssessment { stage_id: Uuid, assessment_id: Option<Uuid> },
    /// What applicants following it from the job board read (none: the word for its step).
    ShownAs { stage_id: Uuid, shown_as: Option<crate::seekers::types::ApplicationStatus> },
}

fn check_stage_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::invalid("name", "Name the stage in 1 to 60 characters."));
    }
    Ok(name.to_owned())
}

fn duplicate_name(error: sqlx::Error) -> AppError {
    match &error {
        sqlx::Error::Database(db) if db.constraint().is_some_and(|c| c.ends_with("_name_key")) => {
            AppError::invalid("name", "Another stage already has that name.")
        }
        _ => error.into(),
    }
}

pub async fn change_stages(conn: &mut PgConnection, tenant_id: Uuid, actor_id: Uuid, requisition_id: Uuid, change: &StageChange) -> Result<(), AppError> {
    // Serializes stage edits on one requisition, so positions stay a sequence.
    sqlx::query("select 1 from requisitions where id = $1 and tenant_id = $2 for update").bind(requisition_id).bind(tenant_id).execute(&mut *conn).await?;
    let stages = stages(&mut *conn, tenant_id, requisition_id).await?;
    let find = |id: Uuid| stages.iter().position(|s| s.id == id).ok_or_else(|| AppError::invalid("stage_id", "That stage is not in this requisition's pipeline."));
    match change {
        StageChange::Add { name, kind } => {
            let name = check_stage_name(name)?;
            if stages.len() >= 20 {
                return Err(AppError::invalid("name", "A pipeline has at most 20 stages."));
            }
            // Before the first stage of a later step, so the board reads in funnel order.
            let at = stages.iter().position(|s| StageKind::ALL.iter().position(|k| *k == s.kind) > StageKind::ALL.iter().position(|k| k == kind)).unwrap_or(stages.len());
            sqlx::query("update requisition_stages set position = position + 1 where requisition_id = $1 and tenant_id = $2 and position > $3")
                .bind(requisition_id)
                .bind(tenant_id)
                .bind(at as i32)
                .execute(&mut *conn)
                .await?;
            sqlx::query("insert into requisition_stages (id, tenant_id, requisition_id, name, kind, position) values ($1, $2, $3, $4, $5, $6)")
                .bind(Uuid::now_v7())
                .bind(tenant_id)
                .bind(requisition_id)
                .bind(&name)
                .bind(kind.as_str())
                .bind(at as i32 + 1)
                .execute(&mut *conn)
                .await
                .map_err(duplicate_name)?;
        }
        StageChange::Rename { stage_id, name, kind } => {
            find(*stage_id)?;
            let name = check_stage_name(name)?;
            sqlx::query("update requisition_stages set name = $3, kind = $4 where id = $1 and tenant_id = $2")
                .bind(stage_id)
                .bind(tenant_id)
                .bind(&name)
                .bind(kind.as_str())
                .execute(&mut *conn)
                .await
                .map_err(duplicate_name)?;
        }
        StageChange::MoveUp(id) | StageChange::MoveDown(id) => {
            let at = find(*id)?;
            let other = if matches!(change, StageChange::MoveUp(_)) { at.checked_sub(1) } else { Some(at + 1).filter(|i| *i < stages.len()) };
            let Some(other) = other else {
                return Err(AppError::invalid("stage_id", "That stage cannot move further that way."));
            };
            for (stage, position) in [(&stages[at], stages[other].position), (&stages[other], stages[at].position)] {
                sqlx::query("update requisition_stages set position = $3 where id = $1 and tenant_id = $2")
                    .bind(stage.id)
                    .bind(tenant_id)
                    .bind(position)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        StageChange::Remove(id) => {
            let at = find(*id)?;
            if stages.len() <= 2 {
                return Err(AppError::invalid("stage_id", "A pipeline needs at least two stages."));
            }
            let in_it: i64 = sqlx::query_scalar("select count(*) from applications where stage_id = $1 and tenant_id = $2")
                .bind(id)
                .bind(tenant_id)
                .fetch_one(&mut *conn)
                .await?;
            if in_it > 0 {
                return Err(AppError::conflict("stage_id", format!("{in_it} application{} in “{}”: move them before removing it.", if in_it == 1 { " is" } else { "s are" }, stages[at].name)));
            }
            sqlx::query("delete from requisition_stages where id = $1 and tenant_id = $2").bind(id).bind(tenant_id).execute(&mut *conn).await?;
            sqlx::query("update requisition_stages set position = position - 1 where requisition_id = $1 and tenant_id = $2 and position > $3")
                .bind(requisition_id)
                .bind(tenant_id)
                .bind(stages[at].position)
                .execute(&mut *conn)
                .await?;
        }
        StageChange::AutoAssessment { stage_id, assessment_id } => {
            find(*stage_id)?;
            if let Some(assessment_id) = assessment_id {
                let known: bool = sqlx::query_scalar("select exists (select 1 from assessments where id = $1 and tenant_id = $2)")
                    .bind(assessment_id)
                    .bind(tenant_id)
                    .fetch_one(&mut *conn)
                    .await?;
                if !known {
                    return Err(AppError::invalid("assessment_id", "Choose one of your organization's assessments."));
                }
            }
            sqlx::query("update requisition_stages set auto_assessment_id = $3 where id = $1 and tenant_id = $2")
                .bind(stage_id)
                .bind(tenant_id)
                .bind(assessment_id)
                .execute(&mut *conn)
                .await?;
        }
        StageChange::ShownAs { stage_id, shown_as } => {
            find(*stage_id)?;
            sqlx::query("update requisition_stages set shown_as = $3 where id = $1 and tenant_id = $2")
                .bind(stage_id)
                .bind(tenant_id)
                .bind(shown_as)
                .execute(&mut *conn)
                .await?;
        }
    }
    audit::record(conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(actor_id),
        action: "requisition.stages",
        target: crate::recruiting::requisitions::repo::target(requisition_id),
        details: json!({ "change": format!("{change:?}") }),
    })
    .await
}

pub async fn defaults(conn: &mut PgConnection, tenant_id: Uuid) -> Result<TenantPipeline, AppError> {
    let rows: Vec<(String, StageKind)> = sqlx::query_as("select name, kind from pipeline_stage_templates where tenant_id = $1 order by position")
        .bind(tenant_id)
        .fetch_all(&mut *conn)
        .await?;
    let customized = !rows.is_empty();
    let stages = if customized {
        rows
    } else {
        DEFAULT_STAGES.iter().map(|(name, kind)| ((*name).to_owned(), *kind)).collect()
    };
    Ok(TenantPipeline { stages, rejection_reasons: rejection_reasons(conn, tenant_id).await?, customized })
}

/// Replaces the tenant's default stages (for requisitions created from now on) and its
/// reasons for rejecting.
pub async fn save_defaults(conn: &mut PgConnection, tenant_id: Uuid, actor_id: Uuid, stages: &[(String, StageKind)], reasons: &[String]) -> Result<(), AppError> {
    if stages.len() < 2 || stages.len() > 20 {
        return Err(AppError::invalid("stages", "Give 2 to 20 stages."));
    }
    let mut names: Vec<String> = Vec::new();
    for (name, _) in stages {
        let name = check_stage_name(name).map_err(|_| AppError::invalid("stages", "Name each stage in 1 to 60 characters."))?;
        if names.iter().any(|n| n.to_lowercase() == name.to_lowercase()) {
            return Err(AppError::invalid("stages", format!("Two stages are named “{name}”.")));
        }
        names.push(name);
    }
    if !stages.iter().any(|(_, kind)| *kind == StageKind::Hired) {
        return Err(AppError::invalid("stages", "Keep a stage of the hired step: it is where a pipeline ends."));
    }
    let mut labels: Vec<String> = Vec::new();
    for reason in reasons.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        if reason.chars().count() > 80 {
            return Err(AppError::invalid("rejection_reasons", "Keep each reason under 80 characters."));
        }
        if !labels.iter().any(|l| l.to_lowercase() == reason.to_lowercase()) {
            labels.push(reason.to_owned());
        }
    }
    if labels.is_empty() || labels.len() > 30 {
        return Err(AppError::invalid("rejection_reasons", "Give 1 to 30 reasons for rejecting."));
    }
    sqlx::query("delete from pipeline_stage_templates where tenant_id = $1").bind(tenant_id).execute(&mut *conn).await?;
    for (position, (name, (_, kind))) in names.iter().zip(stages).enumerate() {
        sqlx::query("insert into pipeline_stage_templates (id, tenant_id, name, kind, position) values ($1, $2, $3, $4, $5)")
            .bind(Uuid::now_v7())
            .bind(tenant_id)
            .bind(name)
            .bind(kind.as_str())
            .bind(position as i32 + 1)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("delete from rejection_reasons where tenant_id = $1").bind(tenant_id).execute(&mut *conn).await?;
    for (position, label) in labels.iter().enumerate() {
        sqlx::query("insert into rejection_reasons (id, tenant_id, label, position) values ($1, $2, $3, $4)")
            .bind(Uuid::now_v7())
            .bind(tenant_id)
            .bind(label)
            .bind(position as i32 + 1)
            .execute(&mut *conn)
            .await?;
    }
    audit::record(conn, audit::Entry {
        tenant_id: Some(tenant_id),
        actor_id: Some(actor_id),
        action: "pipeline.defaults",
        target: format!("tenant:{tenant_id}"),
        details: json!({ "stages": names, "rejection_reasons": labels }),
    })
    .await
}
