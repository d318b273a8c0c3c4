use sqlx::PgConnection;
use uuid::Uuid;

use crate::platform::AppError;

pub async fn password_hash(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar("select password_hash from users where id = $1").bind(user_id).fetch_optional(conn).await?.flatten())
}

/// A tenant member someone may view the product as.
#[derive(sqlx::FromRow)]
pub struct Member {
    pub role: String,
    pub is_superadmin: bool,
    pub tenant_name: String,
    pub tenant_status: String,
}

pub async fn member(conn: &mut PgConnection, tenant_id: Uuid, user_id: Uuid) -> Result<Option<Member>, AppError> {
    Ok(sqlx::query_as(
        "select m.role, u.is_superadmin, t.name as tenant_name, t.status as tenant_status
         from memberships m join users u on u.id = m.user_id join tenants t on t.id = m.tenant_id
         where m.tenant_id = $1 and m.user_id = $2",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?)
}
