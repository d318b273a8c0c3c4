use leptos::prelude::*;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo,
    crate::platform::{
        context::{Access, Ctx},
    },
};

/// The charts of one range (`hour`, `day` or `month`) and the alerts. Superadmins only.
#[server]
pub async fn platform_metrics(#[server(default)] range: String) -> Result<MetricsOverview, AppError> {
    let mut ctx = Ctx::superadmin(Access::Read).await?;
    let range = Range::parse(&range).ok_or_else(|| AppError::invalid("range", "Choose the last hour, day or 30 days."))?;
    let (span, step) = range.span_and_step_minutes();
    let to = chrono::DurationRound::duration_trunc(chrono::Utc::now(), chrono::Duration::minutes(1)).map_err(AppError::internal)?;
    let from = to - chrono::Duration::minutes(span);
    let rows = repo::chart_rows(&mut ctx.tx, from, to, step).await?;
    let instances = repo::instances(&mut ctx.tx, from, to).await?;
    let alerts = repo::alerts(&mut ctx.tx).await?;
    ctx.commit().await?;
    let slots = (span / step) as usize;
    let values_of = |name: &str| {
        let mut values = vec![0.0; slots];
        for (_, slot, value) in rows.iter().filter(|(n, ..)| n == name) {
            if let Some(v) = usize::try_from(*slot).ok().and_then(|slot| values.get_mut(slot)) {
                *v = *value;
            }
        }
        values
    };
    let per_minute = |values: Vec<f64>| values.into_iter().map(|v| v / step as f64).collect::<Vec<_>>();
    let mut charts: Vec<Chart> = SERIES
        .iter()
        .map(|s| {
            let values = values_of(s.name);
            Chart { metric: s.name.into(), title: s.title.into(), unit: s.unit.into(), values: if s.summed { per_minute(values) } else { values } }
        })
        .collect();
    let (requests, errors) = (values_of(REQUESTS), values_of(SERVER_ERRORS));
    let error_rate = requests.iter().zip(&errors).map(|(r, e)| if *r > 0.0 { 100.0 * e / r } else { 0.0 }).collect();
    charts.insert(2, Chart { metric: ERROR_RATE.into(), title: "Error rate".into(), unit: "%".into(), values: error_rate });
    Ok(MetricsOverview { range, from, to, charts, alerts, instances })
}

/// The alerts open now, for the console's notice. Superadmins only.
#[server]
pub async fn open_alerts() -> Result<Vec<Alert>, AppError> {
    let mut ctx = Ctx::superadmin(Access::Read).await?;
    let alerts = repo::alerts(&mut ctx.tx).await?.into_iter().filter(|a| a.resolved_at.is_none()).collect();
    ctx.commit().await?;
    Ok(alerts)
}
