use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::recruiting::pipeline::types::StageKind;

/// The longest period a report covers.
pub const MAX_RANGE_DAYS: i64 = 731;
/// Without a period: the last 90 days.
pub const DEFAULT_RANGE_DAYS: i64 = 90;

/// How the funnel counts, as written on the page.
pub const FUNNEL_RULE: &str = "Each step counts the applications that entered a stage of that step during the period (an application that skips a step \
    is not counted in it, so a conversion can pass 100%). Views are careers-page visitors, counted once per day. Time in a step is the median \
    of the times spent in it by the applications that left it during the period. Time to first application and time to fill count from the day \
    the requisition opened to its first application and its first hire.";

/// How the tenant's report reads times in a step, as written on its page.
pub const TENANT_MEDIAN_RULE: &str = "Across all requisitions, times in a step are counted in buckets (an hour wide below two days, six hours \
    below two weeks, a day below 90 days, a week beyond), so the median time in a step is approximate to within one bucket.";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub kind: StageKind,
    pub count: i64,
    /// From the step before (views for applications); none for the first or after zero.
    pub conversion: Option<f64>,
    pub median_days_in_step: Option<f64>,
    pub rejected: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Day {
    pub day: NaiveDate,
    pub applications: i64,
    pub moves: i64,
    pub hires: i64,
}

/// A group's figures in the tenant's report (a department, a source, a recruiter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    pub name: String,
    pub applications: i64,
    pub interviews: i64,
    pub hires: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Funnel {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub views: i64,
    pub steps: Vec<Step>,
    pub days: Vec<Day>,
    pub days_to_first_application: Option<f64>,
    pub days_to_fill: Option<f64>,
    pub average_match: Option<f64>,
    pub median_match: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequisitionReport {
    pub requisition_id: uuid::Uuid,
    pub title: String,
    pub funnel: Funnel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantReport {
    pub funnel: Funnel,
    pub by_department: Vec<Breakdown>,
    pub by_source: Vec<Breakdown>,
    pub by_recruiter: Vec<Breakdown>,
}

/// A report's period from the URL's `from` and `to` (ISO dates), checked; `today` fills what is missing.
pub fn period(from: &str, to: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), String> {
    let parse = |text: &str, name: &str| -> Result<Option<NaiveDate>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(|_| format!("The {name} date is not a date like 2026-01-31."))
    };
    let to = parse(to, "end")?.unwrap_or(today);
    let from = parse(from, "start")?.unwrap_or(to - chrono::Duration::days(DEFAULT_RANGE_DAYS - 1));
    if to < from {
        return Err("The period ends before it starts.".into());
    }
    if (to - from).num_days() + 1 > MAX_RANGE_DAYS {
        return Err("A report covers at most two years.".into());
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_default_to_ninety_days_and_refuse_backwards_or_overlong_ones() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(period("", "", today).unwrap(), (NaiveDate::from_ymd_opt(2026, 8, 25).unwrap(), today));
        assert!(period("2026-02-01", "2026-01-01", today).unwrap_err().contains("ends before"));
        assert!(period("2023-01-01", "2026-01-01", today).unwrap_err().contains("two years"));
        assert!(period("yesterday", "", today).unwrap_err().contains("start"));
        assert!(period("2024-11-22", "2026-11-22", today).is_ok());
    }
}
