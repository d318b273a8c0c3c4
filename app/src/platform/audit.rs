//! The audit log: append-only, each entry's SHA-256 covering the previous one's,
//! so that any edit or deletion breaks the chain where it happened.

use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use uuid::Uuid;

use super::AppError;

/// Entries are chained one at a time; this lock serializes appends across app servers.
const APPEND_LOCK: i64 = 0x6869_7265_766f_6f01;

/// Where a change came from: the request's address and browser, kept with the entry.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Origin {
    /// The current request's origin (empty outside a request, e.g. in background work).
    pub fn of_request() -> Self {
        let ip = super::context::request_parts().map(|_| super::context::client_ip());
        Self { ip, user_agent: super::context::user_agent() }
    }
}

pub struct Entry<'a> {
    pub tenant_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub action: &'a str,
    pub target: String,
    pub details: Value,
}

fn entry_hash(prev: &[u8], tenant_id: Option<Uuid>, actor_id: Option<Uuid>, action: &str, target: &str, details: &Value, created_at: &str) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(prev);
    for part in [
        tenant_id.map(|id| id.to_string()).unwrap_or_default().as_str(),
        actor_id.map(|id| id.to_string()).unwrap_or_default().as_str(),
        action,
        target,
        &details.to_string(),
        created_at,
    ] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().to_vec()
}

/// Appends an entry inside the caller's transaction. A change made while a superadmin views the product as someone else names them too.
pub async fn record(conn: &mut PgConnection, mut entry: Entry<'_>) -> Result<(), AppError> {
    if let (Some(superadmin), Value::Object(details)) = (super::session::request_impersonator(), &mut entry.details) {
        details.insert("impersonated_by".into(), Value::String(superadmin.to_string()));
    }
    sqlx::query("select pg_advisory_xact_lock($1)").bind(APPEND_LOCK).execute(&mut *conn).await?;
    let prev: Vec<u8> = sqlx::query_scalar("select hash from audit_log order by id desc limit 1")
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or_else(|| vec![0u8; 32]);
    // Microsecond text, as PostgreSQL stores it, so verification recomputes the same bytes.
    let created_at: String = sqlx::query_scalar("select to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
        .fetch_one(&mut *conn)
        .await?;
    let hash = entry_hash(&prev, entry.tenant_id, entry.actor_id, entry.action, &entry.target, &entry.details, &created_at);
    sqlx::query(
        "insert into audit_log (tenant_id, actor_id, action, target, details, created_at, prev_hash, hash)
         values ($1, $2, $3, $4, $5, $6::timestamptz, $7, $8)",
    )
    .bind(entry.tenant_id)
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(&entry.target)
    .bind(&entry.details)
    .bind(&created_at)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Walks the whole chain; returns how many entries were checked, or the id of the first broken one.
pub async fn verify(conn: &mut PgConnection) -> Result<Result<u64, i64>, sqlx::Error> {
    type Row = (i64, Option<Uuid>, Option<Uuid>, String, String, Value, String, Vec<u8>, Vec<u8>);
    let rows: Vec<Row> = sqlx::query_as(
        "select id, tenant_id, actor_id, action, target, details,
                to_char(created_at at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), prev_hash, hash
         from audit_log order by id",
    )
    .fetch_all(conn)
    .await?;
    let mut prev = vec![0u8; 32];
    for (id, tenant_id, actor_id, action, target, details, created_at, prev_hash, hash) in &rows {
        if *prev_hash != prev || *hash != entry_hash(&prev, *tenant_id, *actor_id, action, target, details, created_at) {
            return Ok(Err(*id));
        }
        prev = hash.clone();
    }
    Ok(Ok(rows.len() as u64))
}

/// Verifies the entries about one target: each one's hash recomputes from its contents and
/// the previous hash it names, and the entry after it names its hash. Cost grows with the
/// target's entries, not with the whole log.
pub async fn verify_target(conn: &mut PgConnection, target: &str) -> Result<bool, sqlx::Error> {
    type Row = (Option<Uuid>, Option<Uuid>, String, String, Value, String, Vec<u8>, Vec<u8>, Option<Vec<u8>>);
    let rows: Vec<Row> = sqlx::query_as(
        "select a.tenant_id, a.actor_id, a.action, a.target, a.details,
                to_char(a.created_at at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), a.prev_hash, a.hash,
                (select n.prev_hash from audit_log n where n.id > a.id order by n.id limit 1)
         from audit_log a where a.target = $1 order by a.id",
    )
    .bind(target)
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().all(|(tenant_id, actor_id, action, target, details, created_at, prev_hash, hash, next_prev)| {
        *hash == entry_hash(prev_hash, *tenant_id, *actor_id, action, target, details, created_at) && next_prev.as_ref().is_none_or(|next| next == hash)
    }))
}
