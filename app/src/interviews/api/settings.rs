//! A member's interview settings.

use super::*;

/// The member's own time zone and weekly interview limit.
#[server]
pub async fn interview_settings() -> Result<(String, Option<i32>), AppError> {
    let mut ctx = Ctx::staff(Access::Read).await?;
    let row = repo::interview_settings(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id).await?;
    ctx.commit().await?;
    Ok(row)
}

/// Saves the member's time zone and weekly interview limit (empty: no limit).
#[server]
pub async fn save_interview_settings(#[server(default)] time_zone: String, #[server(default)] weekly_limit: String) -> Result<String, AppError> {
    let zone = calendar::zone(&time_zone, "time_zone")?;
    let limit = match weekly_limit.trim() {
        "" => None,
        text => match text.parse::<i32>() {
            Ok(n @ 1..=60) => Some(n),
            _ => return Err(AppError::invalid("weekly_limit", "A weekly limit is from 1 to 60 interviews, or empty for none.")),
        },
    };
    let mut ctx = Ctx::staff(Access::Write).await?;
    repo::save_interview_settings(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, zone.name(), limit).await?;
    ctx.commit().await?;
    Ok(format!("Saved: times are shown in {}{}.", zone.name(), limit.map(|n| format!(", at most {n} interviews a week")).unwrap_or_default()))
}
