//! Opening applications.

use super::*;

/// A new application: from the careers site, a recruiter, or an import.
#[derive(Debug, Clone)]
pub struct Opening {
    pub candidate_id: Uuid,
    pub requisition_id: Uuid,
    pub source: String,
    pub cover_note: String,
    pub resume_file_id: Option<Uuid>,
    pub consented: bool,
    pub actor_id: Option<Uuid>,
}

/// Opens an application in the requisition's first stage, with its first event, the day's
/// count and the hiring team's notification. None when the candidate already applied.
/// A closed or archived requisition takes no application.
pub async fn open_application(conn: &mut PgConnection, tenant_id: Uuid, opening: &Opening) -> Result<Option<Uuid>, AppError> {
    let (title, status): (String, Status) =
        sqlx::query_as("select title, status from requisitions where id = $1 and tenant_id = $2 and deleted_at is null for share")
            .bind(opening.requisition_id)
            .bind(tenant_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
    if matches!(status, Status::Closed | Status::Archived) {
        return Err(AppError::invalid(
            "requisition_id",
            format!("“{title}” is {}: it takes no new applications.", status.label().to_lowercase()),
        ));
    }
    let application_id = Uuid::now_v7();
    let inserted: Option<(Uuid, String, String)> = sqlx::query_as(
        "with inserted as (
             insert into applications (id, tenant_id, candidate_id, requisition_id, source, cover_note, resume_file_id, consented_at, created_by)
             values ($1, $2, $3, $4, $5, $6, $7, case when $8 then now() end, $9)
             on conflict on constraint applications_requisition_candidate_key do nothing
             returning stage_id, candidate_id)
         select i.stage_id, s.name, c.name from inserted i join requisition_stages s on s.id = i.stage_id join candidates c on c.id = i.candidate_id",
    )
    .bind(application_id)
    .bind(tenant_id)
    .bind(opening.candidate_id)
    .bind(opening.requisition_id)
    .bind(&opening.source)
    .bind(&opening.cover_note)
    .bind(opening.resume_file_id)
    .bind(opening.consented)
    .bind(opening.actor_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((stage_id, stage_name, candidate_name)) = inserted else {
        return Ok(None);
    };
    sqlx::query(
        "insert into stage_events (id, tenant_id, application_id, requisition_id, to_stage_id, to_status, to_stage_name, to_kind, actor_id)
         select $1, $2, $3, $4, s.id, 'active', s.name, s.kind, $5 from requisition_stages s where s.id = $6",
    )
    .bind(Uuid::now_v7())
    .bind(tenant_id)
    .bind(application_id)
    .bind(opening.requisition_id)
    .bind(opening.actor_id)
    .bind(stage_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into job_analytics (tenant_id, requisition_id, day, applications) values ($1, $2, (now() at time zone 'utc')::date, 1)
         on conflict (requisition_id, day) do update set applications = job_analytics.applications + 1",
    )
    .bind(tenant_id)
    .bind(opening.requisition_id)
    .execute(&mut *conn)
    .await?;
    let team = except(hiring_team(&mut *conn, tenant_id, opening.requisition_id).await?, opening.actor_id);
    let vars = json!({ "requisition_title": title, "candidate_name": candidate_name, "source": opening.source.replace('_', " "), "stage": stage_name });
    notify(&mut *conn, tenant_id, &team, NotificationKind::NewApplication, vars, &format!("/applications/{application_id}")).await?;
    Ok(Some(application_id))
}
