//! Offers of times a candidate picks from.

use super::*;

pub struct NewOffer<'a> {
    pub application_id: Uuid,
    pub interview_type_id: Option<Uuid>,
    pub interviewers: &'a [Uuid],
    pub duration_minutes: i32,
    pub time_zone: &'a str,
    pub candidate_time_zone: &'a str,
    pub location: &'a str,
    pub video_url: &'a str,
    pub candidate_notes: &'a str,
    pub token_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub slots: &'a [DateTime<Utc>],
    pub created_by: Uuid,
}

pub async fn insert_offer(conn: &mut PgConnection, tenant_id: Uuid, offer: &NewOffer<'_>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into interview_slot_offers (id, tenant_id, application_id, interview_type_id, interviewer_ids, duration_minutes, time_zone, candidate_time_zone,
                                            location, video_url, candidate_notes, token_hash, expires_at, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(offer.application_id)
    .bind(offer.interview_type_id)
    .bind(offer.interviewers)
    .bind(offer.duration_minutes)
    .bind(offer.time_zone)
    .bind(offer.candidate_time_zone)
    .bind(offer.location)
    .bind(offer.video_url)
    .bind(offer.candidate_notes)
    .bind(&offer.token_hash)
    .bind(offer.expires_at)
    .bind(offer.created_by)
    .execute(&mut *conn)
    .await?;
    sqlx::query("insert into interview_offer_slots (id, tenant_id, offer_id, starts_at) select gen_random_uuid(), $1, $2, unnest($3::timestamptz[])")
        .bind(tenant_id)
        .bind(id)
        .bind(offer.slots)
        .execute(conn)
        .await?;
    Ok(id)
}

#[derive(sqlx::FromRow, Clone)]
pub struct OfferRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub application_id: Uuid,
    pub interview_type_id: Option<Uuid>,
    pub interviewer_ids: Vec<Uuid>,
    pub duration_minutes: i32,
    pub time_zone: String,
    pub candidate_time_zone: String,
    pub location: String,
    pub video_url: String,
    pub candidate_notes: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub interview_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
}

/// The offer a token opens (scoping the transaction to its tenant), locked when `lock`.
pub async fn open_offer(conn: &mut PgConnection, token_hash: &[u8], lock: bool) -> Result<Option<OfferRow>, AppError> {
    let (id, _tenant): (Option<Uuid>, Option<Uuid>) = sqlx::query_as("select id, tenant_id from open_slot_offer($1)").bind(token_hash).fetch_one(&mut *conn).await?;
    let Some(id) = id else { return Ok(None) };
    let sql = format!(
        "select id, tenant_id, application_id, interview_type_id, interviewer_ids, duration_minutes, time_zone, candidate_time_zone, location, video_url,
                candidate_notes, expires_at, used_at, interview_id, created_by from interview_slot_offers where id = $1{}",
        if lock { " for update" } else { "" }
    );
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

pub async fn tenant_is_active(conn: &mut PgConnection, tenant_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("select exists (select 1 from tenants where id = $1 and status = 'active')").bind(tenant_id).fetch_one(conn).await?)
}

pub async fn offer_slots(conn: &mut PgConnection, offer_id: Uuid) -> Result<Vec<(Uuid, DateTime<Utc>)>, AppError> {
    Ok(sqlx::query_as("select id, starts_at from interview_offer_slots where offer_id = $1 order by starts_at").bind(offer_id).fetch_all(conn).await?)
}

pub async fn offer_used(conn: &mut PgConnection, offer_id: Uuid, interview_id: Uuid) -> Result<(), AppError> {
    sqlx::query("update interview_slot_offers set used_at = now(), interview_id = $2 where id = $1").bind(offer_id).bind(interview_id).execute(conn).await?;
    Ok(())
}

pub async fn application_offers(conn: &mut PgConnection, tenant_id: Uuid, application_id: Uuid, zone: &str) -> Result<Vec<OfferSummary>, AppError> {
    let rows: Vec<(Uuid, DateTime<Utc>, bool, Vec<DateTime<Utc>>)> = sqlx::query_as(
        "select o.id, o.expires_at, o.used_at is not null, array(select starts_at from interview_offer_slots s where s.offer_id = o.id order by starts_at)
         from interview_slot_offers o where o.application_id = $1 and o.tenant_id = $2 order by o.created_at desc limit 10",
    )
    .bind(application_id)
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, expires_at, used, slots)| OfferSummary { id, expires_at, used, slots: slots.into_iter().map(|t| written(t, zone)).collect() }).collect())
}


/// The organization, requisition title and interview name an offer of times is for.
pub async fn offer_context(conn: &mut PgConnection, offer: &OfferRow) -> Result<(String, String, String), AppError> {
    Ok(sqlx::query_as(
        "select t.name, r.title, coalesce((select name from interview_types where id = $2), 'Interview')
         from applications a join requisitions r on r.id = a.requisition_id join tenants t on t.id = a.tenant_id where a.id = $1",
    )
    .bind(offer.application_id)
    .bind(offer.interview_type_id)
    .fetch_one(conn)
    .await?)
}
