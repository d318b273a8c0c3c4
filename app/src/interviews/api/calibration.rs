//! The calibration report.

use super::*;

/// How each interviewer rates against the panel over a date range (default: the last 90 days).
/// Recruiters and admins see everyone; an interviewer sees only themselves.
#[server]
pub async fn calibration_report(#[server(default)] from: String, #[server(default)] to: String) -> Result<Calibration, AppError> {
    use chrono::NaiveDate;
    let today = Utc::now().date_naive();
    let parse = |text: &str, field: &str, default: NaiveDate| -> Result<NaiveDate, AppError> {
        if text.trim().is_empty() {
            return Ok(default);
        }
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| AppError::invalid(field, "Give a date such as 2026-12-01."))
    };
    let to = parse(&to, "to", today)?;
    let from = parse(&from, "from", to - Duration::days(90))?;
    if from > to {
        return Err(AppError::invalid("from", "The start of the range comes before its end."));
    }
    if (to - from).num_days() > 3 * 366 {
        return Err(AppError::invalid("from", "Choose a range of at most three years."));
    }
    let mut ctx = Ctx::staff(Access::Read).await?.feature(keys::CALIBRATION)?;
    // Changes since the rollups last caught up (the queue catches up within a minute): rolled up
    // on the primary first, then read where the reads go.
    if repo::calibration_behind(&mut ctx.tx, ctx.tenant_id).await? {
        ctx.commit().await?;
        let mut write = Ctx::staff(Access::Write).await?.feature(keys::CALIBRATION)?;
        if repo::refresh_calibration(&mut write.tx, write.tenant_id).await? {
            write.commit().await?;
        } else {
            write.tx.commit().await?;
        }
        ctx = Ctx::staff(Access::Read).await?.feature(keys::CALIBRATION)?;
    }
    let figures = repo::calibration_figures(&mut ctx.tx, ctx.tenant_id, from, to).await?;
    let differences = repo::calibration_differences(&mut ctx.tx, ctx.tenant_id, from, to).await?;
    let ratings = repo::calibration_ratings(&mut ctx.tx, ctx.tenant_id, from, to).await?;
    let user = ctx.user.clone();
    ctx.commit().await?;
    let everyone = Role::RECRUITING.contains(&user.role);
    let interviewers = figures
        .into_iter()
        .filter(|(id, ..)| everyone || *id == user.user_id)
        .map(|(id, name, interviews, scorecards, median_hours_to_submit)| {
            let (compared, mean_difference) = differences.iter().find(|(who, ..)| *who == id).map_or((0, None), |(_, n, d)| (*n, Some(*d)));
            let spread = ratings.iter().filter(|(who, ..)| *who == id).map(|(_, attribute, rating, n)| (attribute.as_str(), *rating, *n));
            InterviewerCalibration {
                interviewer_id: id,
                name,
                interviews,
                scorecards,
                median_hours_to_submit,
                compared,
                mean_difference,
                leaning: crate::interviews::calibration::leaning(mean_difference, compared),
                attributes: crate::interviews::calibration::spread(spread),
            }
        })
        .collect();
    Ok(Calibration { from, to, interviewers, everyone })
}
