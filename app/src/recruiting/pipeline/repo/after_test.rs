//! What follows a submitted test.

use super::*;

pub const ASSESSMENT_SUBMITTED_JOB: &str = "pipeline.assessment_submitted";

/// After a test tied to an application is graded: its candidate's match scores follow the
/// new skill scores, and the application's followers hear of it. Runs in the queue.
pub async fn assessment_submitted(conn: &mut PgConnection, tenant_id: Uuid, session_id: Uuid, tell_the_team: bool) -> Result<(), AppError> {
    let row: Option<(Uuid, Uuid, Uuid, String, String, String, Option<f64>)> = sqlx::query_as(
        "select a.id, a.candidate_id, a.requisition_id, c.name, t.title, r.title, s.percent::float8
         from test_sessions s join candidate_invitations i on i.id = s.invitation_id join applications a on a.id = i.application_id
         join candidates c on c.id = a.candidate_id join assessments t on t.id = i.assessment_id join requisitions r on r.id = a.requisition_id
         where s.id = $1 and s.tenant_id = $2",
    )
    .bind(session_id)
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((application_id, candidate_id, requisition_id, candidate_name, assessment_title, requisition_title, percent)) = row else {
        return Ok(());
    };
    sqlx::query("update applications set match_score = match_score(candidate_id, requisition_id) where candidate_id = $1 and tenant_id = $2")
        .bind(candidate_id)
        .bind(tenant_id)
        .execute(&mut *conn)
        .await?;
    // Announces the new score to open boards.
    sqlx::query("select pg_notify('hirevoo_events', json_build_object('kind', 'application', 'tenant', $1::uuid, 'requisition', $2::uuid, 'id', $3::uuid)::text)")
        .bind(tenant_id)
        .bind(requisition_id)
        .bind(application_id)
        .execute(&mut *conn)
        .await?;
    if !tell_the_team {
        return Ok(());
    }
    let people = followers(&mut *conn, tenant_id, application_id, requisition_id).await?;
    let vars = json!({
        "candidate_name": candidate_name, "assessment_title": assessment_title,
        "percent": percent.map(|p| (p * 10.0).round() / 10.0), "requisition_title": requisition_title,
    });
    notify(conn, tenant_id, &people, NotificationKind::AssessmentSubmitted, vars, &format!("/applications/{application_id}")).await
}
