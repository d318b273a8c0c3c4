use leptos::prelude::*;

use crate::platform::live_settings::SettingRow;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::platform::{
        context::{platform, Access, Ctx},
        live_settings::{spec, SPECS},
        session, Role,
    },
    serde_json::json,
};

/// Every setting with its value in effect and its default.
#[server]
pub async fn platform_settings() -> Result<Vec<SettingRow>, AppError> {
    let platform = platform()?;
    session::require_role(&platform, &[Role::Superadmin]).await?;
    // What was just saved must show, whatever this instance has heard so far.
    platform.live_settings.reload(platform.db.write()).await?;
    let settings = &platform.live_settings;
    Ok(SPECS
        .iter()
        .map(|s| SettingRow { key: s.key.to_owned(), value: settings.get(s.key), default: settings.default_of(s.key), overridden: settings.is_saved(s.key) })
        .collect())
}

/// Saves a setting's value (a whole number within its bounds), or resets it to its default (`reset`).
#[server]
pub async fn save_platform_setting(key: String, #[server(default)] value: String, #[server(default)] reset: Option<String>) -> Result<String, AppError> {
    let mut ctx = Ctx::superadmin(Access::Write).await?;
    let spec = spec(&key).ok_or_else(|| AppError::invalid("key", "There is no such setting."))?;
    let value = if reset.is_some() {
        None
    } else {
        let number = value
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::invalid("value", format!("{} is a whole number of {}.", spec.label, spec.unit)))?;
        if !(spec.min..=spec.max).contains(&number) {
            return Err(AppError::invalid("value", format!("{} is from {} to {} {}.", spec.label, spec.min, spec.max, spec.unit)));
        }
        Some(number)
    };
    let old = match value {
        Some(value) => repo::save(&mut ctx.tx, spec.key, value, ctx.user.user_id).await?,
        None => repo::reset(&mut ctx.tx, spec.key).await?,
    };
    let default = ctx.platform.live_settings.default_of(spec.key);
    ctx.audit(if value.is_some() { "setting.update" } else { "setting.reset" }, format!("setting:{}", spec.key), json!({ "old": old.unwrap_or(default), "new": value.unwrap_or(default), "default": default }))
    .await?;
    let platform = ctx.platform.clone();
    ctx.commit().await?;
    platform.live_settings.reload(platform.db.write()).await?;
    Ok(match value {
        Some(value) => format!("{} is now {value} {}.", spec.label, spec.unit),
        None => format!("{} is back to its default, {default} {}.", spec.label, spec.unit),
    })
}
