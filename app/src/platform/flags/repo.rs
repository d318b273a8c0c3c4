use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{Flag, FlagKind, Stickiness};
use crate::platform::AppError;

#[derive(sqlx::FromRow)]
struct Row {
    key: String,
    description: String,
    kind: FlagKind,
    owner: String,
    default_on: bool,
    killed: bool,
    tenants_on: Vec<Uuid>,
    tenants_off: Vec<Uuid>,
    plans: Vec<String>,
    rollout_percent: Option<i16>,
    rollout_by: Stickiness,
    prerequisites: Vec<String>,
    archived: bool,
    updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<Row> for Flag {
    fn from(row: Row) -> Self {
        Flag {
            key: row.key,
            kind: row.kind,
            rollout_by: row.rollout_by,
            description: row.description,
            owner: row.owner,
            default_on: row.default_on,
            killed: row.killed,
            tenants_on: row.tenants_on,
            tenants_off: row.tenants_off,
            plans: row.plans,
            rollout_percent: row.rollout_percent,
            prerequisites: row.prerequisites,
            archived: row.archived,
            updated_at: row.updated_at,
        }
    }
}

const COLUMNS: &str = "key, description, kind, owner, default_on, killed, tenants_on, tenants_off, plans,
    rollout_percent, rollout_by, prerequisites, archived_at is not null as archived, updated_at";

pub async fn all(pool: &PgPool) -> Result<Vec<Flag>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!("select {COLUMNS} from feature_flags order by archived_at nulls first, key")).fetch_all(pool).await?;
    Ok(rows.into_iter().map(Flag::from).collect())
}

/// The flag, locked until the transaction ends.
pub async fn lock(conn: &mut PgConnection, key: &str) -> Result<Option<Flag>, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!("select {COLUMNS} from feature_flags where key = $1 for update")).bind(key).fetch_optional(conn).await?;
    Ok(row.map(Flag::from))
}

/// Every flag's prerequisites, read under a lock on the table so that two edits cannot close a cycle together.
pub async fn prerequisite_graph(conn: &mut PgConnection) -> Result<Vec<(String, Vec<String>)>, AppError> {
    sqlx::query("lock table feature_flags in share row exclusive mode").execute(&mut *conn).await?;
    Ok(sqlx::query_as("select key, prerequisites from feature_flags").fetch_all(conn).await?)
}

/// Writes `flag`'s rules: a new flag, or the one with its key.
pub async fn save(conn: &mut PgConnection, flag: &Flag) -> Result<(), AppError> {
    sqlx::query(
        "insert into feature_flags (key, description, kind, owner, default_on, killed, tenants_on, tenants_off, plans,
                                    rollout_percent, rollout_by, prerequisites, archived_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, case when $13 then now() end)
         on conflict (key) do update set
            description = excluded.description, kind = excluded.kind, owner = excluded.owner,
            default_on = excluded.default_on, killed = excluded.killed, tenants_on = excluded.tenants_on,
            tenants_off = excluded.tenants_off, plans = excluded.plans, rollout_percent = excluded.rollout_percent,
            rollout_by = excluded.rollout_by, prerequisites = excluded.prerequisites,
            archived_at = case when $13 then coalesce(feature_flags.archived_at, now()) end,
            updated_at = now()",
    )
    .bind(&flag.key)
    .bind(&flag.description)
    .bind(flag.kind.as_str())
    .bind(&flag.owner)
    .bind(flag.default_on)
    .bind(flag.killed)
    .bind(&flag.tenants_on)
    .bind(&flag.tenants_off)
    .bind(&flag.plans)
    .bind(flag.rollout_percent)
    .bind(flag.rollout_by.as_str())
    .bind(&flag.prerequisites)
    .bind(flag.archived)
    .execute(conn)
    .await?;
    Ok(())
}
