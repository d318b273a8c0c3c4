//! The pipeline in the database: opening applications, moving them through a requisition's
//! stages (each move an append-only event, checked against the version the mover saw), notes
//! with mentions, assessments sent from an application, and the stages themselves.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::types::*;
use crate::notifications::{notify, NotificationKind};
use crate::platform::audit;
use crate::platform::queue::{self, NewJob};
use crate::platform::AppError;
use crate::recruiting::requisitions::types::{Member, Status};

mod opening;
mod board;
mod moves;
mod application;
mod stages;
mod after_test;

pub use opening::*;
pub use board::*;
pub use moves::*;
pub use application::*;
pub use stages::*;
pub use after_test::*;

/// Who acts on the pipeline. None for the platform (the careers site, an import).
#[derive(Debug, Clone, Copy)]
pub struct Mover {
    pub user_id: Uuid,
    pub is_admin: bool,
}

/// A requisition as the pipeline sees it: not deleted, in this tenant.
pub struct PipelineRequisition {
    pub id: Uuid,
    pub title: String,
    pub status: Status,
    /// Its creator, hiring manager, recruiter, a member of its hiring team, or a tenant admin.
    pub can_move: bool,
}

pub async fn requisition(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, viewer: Mover) -> Result<PipelineRequisition, AppError> {
    let (title, status, can_move): (String, Status, bool) = sqlx::query_as(
        "select r.title, r.status,
                $3 or $4 = any(array[r.created_by, r.hiring_manager_id, r.recruiter_id])
                   or exists (select 1 from requisition_team t where t.requisition_id = r.id and t.user_id = $4)
         from requisitions r where r.id = $1 and r.tenant_id = $2 and r.deleted_at is null",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(viewer.is_admin)
    .bind(viewer.user_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(PipelineRequisition { id, title, status, can_move })
}

async fn requisition_of_application(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid) -> Result<Uuid, AppError> {
    sqlx::query_scalar("select a.requisition_id from applications a join requisitions r on r.id = a.requisition_id
                        where a.id = $1 and a.tenant_id = $2 and r.deleted_at is null")
        .bind(application_id)
        .bind(tenant_id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The requisition of an application the viewer may see, refusing unless they may move it when `to_move`.
pub async fn authorize_application(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, viewer: Mover, to_move: bool) -> Result<PipelineRequisition, AppError> {
    let requisition_id = requisition_of_application(&mut *conn, tenant_id, application_id).await?;
    let requisition = requisition(conn, tenant_id, requisition_id, viewer).await?;
    if to_move && !requisition.can_move {
        return Err(AppError::Forbidden);
    }
    Ok(requisition)
}

async fn display_name(conn: &mut PgConnection, user_id: Uuid) -> Result<String, AppError> {
    Ok(sqlx::query_scalar("select display_name from users where id = $1").bind(user_id).fetch_optional(conn).await?.unwrap_or_default())
}

/// The requisition's hiring team: recruiter, hiring manager, creator and team members.
pub async fn hiring_team(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<Vec<Uuid>, AppError> {
    Ok(sqlx::query_scalar::<_, Option<Uuid>>(
        "select t.user_id from requisition_team t where t.requisition_id = $1 and t.tenant_id = $2
         union select unnest(array[r.recruiter_id, r.hiring_manager_id, r.created_by]) from requisitions r where r.id = $1 and r.tenant_id = $2",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?
    .into_iter()
    .flatten()
    .collect())
}

/// Who hears of an application's moves: its requisition's hiring team and its followers.
async fn followers(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, requisition_id: Uuid) -> Result<Vec<Uuid>, AppError> {
    let mut people = hiring_team(&mut *conn, tenant_id, requisition_id).await?;
    let followers: Vec<Uuid> = sqlx::query_scalar("select user_id from application_followers where application_id = $1 and tenant_id = $2")
        .bind(application_id)
        .bind(tenant_id)
        .fetch_all(conn)
        .await?;
    for id in followers {
        if !people.contains(&id) {
            people.push(id);
        }
    }
    Ok(people)
}

fn except(people: Vec<Uuid>, actor: Option<Uuid>) -> Vec<Uuid> {
    people.into_iter().filter(|id| Some(*id) != actor).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_handles_after_an_at_sign_that_starts_a_word() {
        assert_eq!(mentions_in("Thanks @rita and @Ivan.Petrov, see @rita again."), vec!["rita", "ivan.petrov"]);
        assert_eq!(mentions_in("mail me at someone@example.com"), Vec::<String>::new());
        assert_eq!(mentions_in("@ alone, @@double, (@paren)"), vec!["double", "paren"]);
        assert_eq!(mentions_in("trailing @dot."), vec!["dot"]);
    }

    #[test]
    fn candidate_templates_fill_name_job_and_company() {
        assert_eq!(fill_candidate_template("Hi {{name}}, about {{job}} at {{company}}.", "Ana", "Engineer", "Acme"), "Hi Ana, about Engineer at Acme.");
    }
}
