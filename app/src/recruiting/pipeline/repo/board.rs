//! The board of a requisition.

use super::*;

use crate::seekers::types::ApplicationStatus;

pub async fn stages(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<Vec<Stage>, AppError> {
    type Row = (Uuid, String, StageKind, i32, Option<Uuid>, Option<String>, Option<ApplicationStatus>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "select s.id, s.name, s.kind, s.position, s.auto_assessment_id, a.title, s.shown_as,
                (select count(*) from applications p where p.stage_id = s.id and p.status = 'active')
         from requisition_stages s left join assessments a on a.id = s.auto_assessment_id
         where s.requisition_id = $1 and s.tenant_id = $2 order by s.position",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, kind, position, assessment_id, title, shown_as, count)| Stage { id, name, kind, position, auto_assessment: assessment_id.zip(title), shown_as, count })
        .collect())
}

/// The latest assessment of each application, as cards show it.
pub(super) const LATEST_ASSESSMENT: &str = "left join lateral (
        select i.id as invitation_id, i.assessment_id, t.title, i.created_at as sent_at, i.revoked_at, i.expires_at,
               s.submitted_at, s.started_at, s.percent::float8 as percent, s.passed
        from candidate_invitations i join assessments t on t.id = i.assessment_id
        left join lateral (select * from test_sessions s where s.invitation_id = i.id order by s.attempt desc limit 1) s on true
        where i.application_id = a.id order by i.created_at desc limit 1) x on true";

fn assessment_state(revoked: bool, expired: bool, started: bool, submitted: bool, percent: Option<f64>) -> String {
    match (submitted, percent) {
        (true, Some(_)) => "Scored",
        (true, None) => "Submitted, awaiting grading",
        _ if revoked => "Withdrawn",
        _ if started => "In progress",
        _ if expired => "Link expired",
        _ => "Invited",
    }
    .to_owned()
}

#[derive(sqlx::FromRow)]
pub(super) struct BriefRow {
    invitation_id: Option<Uuid>,
    assessment_id: Option<Uuid>,
    title: Option<String>,
    sent_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    submitted_at: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    percent: Option<f64>,
    passed: Option<bool>,
}

impl BriefRow {
    pub(super) fn brief(self) -> Option<AssessmentBrief> {
        let (invitation_id, assessment_id, title, sent_at) = (self.invitation_id?, self.assessment_id?, self.title?, self.sent_at?);
        let expired = self.expires_at.is_some_and(|at| at < Utc::now());
        Some(AssessmentBrief {
            invitation_id,
            assessment_id,
            title,
            state: assessment_state(self.revoked_at.is_some(), expired, self.started_at.is_some(), self.submitted_at.is_some(), self.percent),
            percent: self.percent,
            passed: self.passed,
            sent_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CardRow {
    id: Uuid,
    candidate_id: Uuid,
    name: String,
    email: String,
    stage_id: Uuid,
    version: i32,
    match_score: Option<f64>,
    source: String,
    applied_at: DateTime<Utc>,
    entered_at: DateTime<Utc>,
    #[sqlx(flatten)]
    assessment: BriefRow,
}

/// The active applications of a requisition, the first `per_column` of each stage in `sort` order.
pub async fn cards(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid, sort: BoardSort, per_column: i64) -> Result<Vec<BoardCard>, AppError> {
    let order = match sort {
        BoardSort::Waiting => "a.stage_entered_at, a.id",
        BoardSort::Newest => "a.created_at desc, a.id desc",
        BoardSort::Match => "a.match_score desc nulls last, a.id",
        BoardSort::Name => "lower(c.name), a.id",
    };
    // Each column on its own: the stage's first cards by the order's index, then their assessments.
    let sql = format!(
        "select a.*, x.* from requisition_stages s
         cross join lateral (
             select a.id, a.candidate_id, c.name, c.email, a.stage_id, a.version, a.match_score::float8 as match_score, a.source,
                    a.created_at as applied_at, a.stage_entered_at as entered_at, row_number() over (order by {order}) as n
             from applications a join candidates c on c.id = a.candidate_id
             where a.stage_id = s.id and a.status = 'active' order by {order} limit $3) a
         {LATEST_ASSESSMENT}
         where s.requisition_id = $1 and s.tenant_id = $2 order by s.position, a.n"
    );
    let rows: Vec<CardRow> = sqlx::query_as(&sql).bind(requisition_id).bind(tenant_id).bind(per_column).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| BoardCard {
            id: r.id,
            candidate_id: r.candidate_id,
            name: r.name,
            email: r.email,
            stage_id: r.stage_id,
            version: r.version,
            match_score: r.match_score,
            source: r.source,
            applied_at: r.applied_at,
            entered_at: r.entered_at,
            assessment: r.assessment.brief(),
            recommendations: Vec::new(),
        })
        .collect())
}

pub async fn exits(conn: &mut PgConnection, tenant_id: Uuid, requisition_id: Uuid) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "select count(*) filter (where status = 'rejected'), count(*) filter (where status = 'withdrawn')
         from applications where requisition_id = $1 and tenant_id = $2",
    )
    .bind(requisition_id)
    .bind(tenant_id)
    .fetch_one(conn)
    .await?)
}

pub async fn rejection_reasons(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<String>, AppError> {
    let reasons: Vec<String> = sqlx::query_scalar("select label from rejection_reasons where tenant_id = $1 order by position")
        .bind(tenant_id)
        .fetch_all(conn)
        .await?;
    Ok(if reasons.is_empty() { DEFAULT_REJECTION_REASONS.iter().map(|r| (*r).to_owned()).collect() } else { reasons })
}

pub async fn assessment_choices(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, String)>, AppError> {
    Ok(sqlx::query_as("select id, title from assessments where tenant_id = $1 order by lower(title), id").bind(tenant_id).fetch_all(conn).await?)
}
