use sqlx::PgConnection;
use uuid::Uuid;

use crate::platform::AppError;

/// The saved value before the change, if there was one.
pub async fn save(conn: &mut PgConnection, key: &str, value: i64, by: Uuid) -> Result<Option<i64>, AppError> {
    let old: Option<i64> = sqlx::query_scalar("select value from platform_settings where key = $1 for update").bind(key).fetch_optional(&mut *conn).await?;
    sqlx::query(
        "insert into platform_settings (key, value, updated_by) values ($1, $2, $3)
         on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()",
    )
    .bind(key)
    .bind(value)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(old)
}

/// Removes the saved value; returns it, if there was one.
pub async fn reset(conn: &mut PgConnection, key: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("delete from platform_settings where key = $1 returning value").bind(key).fetch_optional(conn).await?)
}
