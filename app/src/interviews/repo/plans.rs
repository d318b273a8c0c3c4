//! An interview plan: its interview types, the tenant's plan templates.

use super::*;

#[derive(sqlx::FromRow)]
struct TypeRow {
    id: Uuid,
    position: i32,
    name: String,
    duration_minutes: i32,
    attributes: Vec<String>,
    focus: String,
    questions: String,
    default_interviewer_ids: Vec<Uuid>,
}

impl From<TypeRow> for InterviewType {
    fn from(r: TypeRow) -> Self {
        InterviewType {
            id: r.id,
            position: r.position,
            name: r.name,
            duration_minutes: r.duration_minutes,
            attributes: r.attributes,
            focus: r.focus,
            questions: r.questions,
            default_interviewers: r.default_interviewer_ids,
        }
    }
}

pub async fn types(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<Vec<InterviewType>, AppError> {
    let rows: Vec<TypeRow> = sqlx::query_as(
        "select id, position, name, duration_minutes, attributes, focus, questions, default_interviewer_ids
         from interview_types where requisition_id = $1 and tenant_id = $2 order by position",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn interview_type(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<(Uuid, InterviewType), AppError> {
    let requisition_id: Uuid = sqlx::query_scalar("select requisition_id from interview_types where id = $1 and tenant_id = $2")
        .bind(id)
        .bind(tenant_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let found = types(conn, tenant_id, requisition_id).await?.into_iter().find(|t| t.id == id).ok_or(AppError::NotFound)?;
    Ok((requisition_id, found))
}

pub async fn required_skills(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select s.name from requisitions r cross join lateral unnest(r.skill_ids) with ordinality k (skill_id, n)
         join skills s on s.id = k.skill_id where r.id = $1 and r.tenant_id = $2 order by k.n",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?)
}

pub struct TypeInput {
    pub name: String,
    pub duration_minutes: i32,
    pub attributes: Vec<String>,
    pub focus: String,
    pub questions: String,
    pub default_interviewers: Vec<Uuid>,
}

fn name_taken(error: sqlx::Error) -> AppError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => AppError::invalid("name", "This plan already has an interview of that name."),
        _ => error.into(),
    }
}

/// Binds a type's fields, in the order both statements take them.
fn bind_type<'q>(query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>, input: &'q TypeInput) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    query.bind(&input.name).bind(input.duration_minutes).bind(&input.attributes).bind(&input.focus).bind(&input.questions).bind(&input.default_interviewers)
}

pub async fn insert_type(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid, input: &TypeInput) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    let query = sqlx::query(
        "insert into interview_types (id, tenant_id, requisition_id, position, name, duration_minutes, attributes, focus, questions, default_interviewer_ids)
         values ($1, $2, $3, (select coalesce(max(position), 0) + 1 from interview_types where requisition_id = $3), $4, $5, $6, $7, $8, $9)",
    );
    bind_type(query.bind(id).bind(tenant_id).bind(requisition_id), input).execute(conn).await.map_err(name_taken)?;
    Ok(id)
}

pub async fn update_type(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, input: &TypeInput) -> Result<(), AppError> {
    let query = sqlx::query(
        "update interview_types set name = $3, duration_minutes = $4, attributes = $5, focus = $6, questions = $7, default_interviewer_ids = $8
         where id = $1 and tenant_id = $2",
    );
    bind_type(query.bind(id).bind(tenant_id), input).execute(conn).await.map_err(name_taken)?;
    Ok(())
}

pub async fn delete_type(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<(), AppError> {
    sqlx::query("delete from interview_types where id = $1 and tenant_id = $2").bind(id).bind(tenant_id).execute(conn).await?;
    Ok(())
}

/// Swaps a type with its neighbour above (`up`) or below.
pub async fn move_type(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid, id: Uuid, up: bool) -> Result<(), AppError> {
    let list = types(&mut *conn, tenant_id, requisition_id).await?;
    let Some(index) = list.iter().position(|t| t.id == id) else { return Err(AppError::NotFound) };
    let other = if up { index.checked_sub(1) } else { Some(index + 1).filter(|i| *i < list.len()) };
    let Some(other) = other else { return Ok(()) };
    sqlx::query("update interview_types set position = case id when $1 then $3 else $4 end where id in ($1, $2) and tenant_id = $5")
        .bind(list[index].id)
        .bind(list[other].id)
        .bind(list[other].position)
        .bind(list[index].position)
        .bind(tenant_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn templates(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<PlanTemplate>, AppError> {
    let rows: Vec<(Uuid, String, Json<Vec<TemplateType>>)> = sqlx::query_as("select id, name, types from interview_plan_templates where tenant_id = $1 order by lower(name)")
        .bind(tenant_id)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|(id, name, types)| PlanTemplate { id, name, types: types.0 }).collect())
}

pub async fn insert_template(conn: &mut PgConnection, tenant_id: Uuid, name: &str, types: &[TemplateType], by: Uuid) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query("insert into interview_plan_templates (id, tenant_id, name, types, created_by) values ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(tenant_id)
        .bind(name)
        .bind(Json(types))
        .bind(by)
        .execute(conn)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => AppError::invalid("name", "A template of that name exists; choose another name."),
            _ => e.into(),
        })?;
    Ok(id)
}

pub async fn delete_template(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query("delete from interview_plan_templates where id = $1 and tenant_id = $2").bind(id).bind(tenant_id).execute(conn).await?.rows_affected() == 1)
}
