use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The periods the dashboards offer, in days ending today.
pub const PERIODS: [i64; 4] = [7, 30, 90, 365];
pub const DEFAULT_PERIOD: i64 = 30;
/// Raw events older than this many days are deleted once rolled up.
pub const RAW_EVENT_DAYS: i64 = 90;
/// The searches (and pages) kept per day in the rollups, the most frequent first: the long tail
/// of one-off searches is counted in the totals but not by its words.
pub const KEPT_PER_DAY: i64 = 100;
/// Cohorts shown: the sign-up weeks of the last this many weeks.
pub const COHORT_WEEKS: usize = 8;

/// What happened, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    PageView,
    Search,
    /// A job opened from a board search's results.
    SearchClick,
    Application,
    SignIn,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::PageView => "page_view",
            EventKind::Search => "search",
            EventKind::SearchClick => "search_click",
            EventKind::Application => "application",
            EventKind::SignIn => "sign_in",
        }
    }
}

/// A search's words as counted: lower case, single spaces, at most 100 characters.
pub fn normalized_query(words: &str) -> String {
    let joined = words.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    joined.chars().take(100).collect::<String>().trim_end().to_owned()
}

/// One day's totals.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UsageDay {
    pub day: NaiveDate,
    pub page_views: i64,
    pub searches: i64,
    pub searches_without_results: i64,
    pub search_clicks: i64,
    pub applications: i64,
    pub sign_ins: i64,
    pub sign_in_failures: i64,
    pub active_users: i64,
    pub weekly_active_users: i64,
}

/// A search's words with how often they were searched and how often a result was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchFigure {
    pub query: String,
    pub searches: i64,
    pub clicks: i64,
}

impl SearchFigure {
    /// Results opened per search, in percent.
    pub fn click_through(&self) -> Option<f64> {
        (self.searches > 0).then(|| 100.0 * self.clicks as f64 / self.searches as f64)
    }
}

/// The users who signed up in one week, and how many of them were active each week since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    pub week: NaiveDate,
    pub size: i64,
    /// Active users in the sign-up week, the week after, and so on up to this week.
    pub active: Vec<i64>,
}

impl Cohort {
    pub fn percent(&self, week: usize) -> Option<f64> {
        let active = *self.active.get(week)?;
        (self.size > 0).then(|| 100.0 * active as f64 / self.size as f64)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageReport {
    /// The platform's figures (a superadmin) or one tenant's (its admin).
    pub platform: bool,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<UsageDay>,
    pub top_searches: Vec<SearchFigure>,
    pub searches_without_results: Vec<(String, i64)>,
    pub top_pages: Vec<(String, i64)>,
    pub cohorts: Vec<Cohort>,
    /// When the figures were last rolled up.
    pub rolled_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl UsageReport {
    pub fn total(&self, figure: impl Fn(&UsageDay) -> i64) -> i64 {
        self.days.iter().map(figure).sum()
    }

    /// Per cent of `part` in `whole`, or none of none.
    pub fn share(part: i64, whole: i64) -> Option<f64> {
        (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_are_counted_by_their_words_whatever_the_spacing_and_case() {
        assert_eq!(normalized_query("  Rust   Engineer\t"), "rust engineer");
        assert_eq!(normalized_query(&"é".repeat(150)).chars().count(), 100);
        assert_eq!(normalized_query(""), "");
    }

    #[test]
    fn a_cohort_with_nobody_has_no_percentages() {
        let cohort = Cohort { week: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), size: 4, active: vec![4, 1] };
        assert_eq!(cohort.percent(1), Some(25.0));
        assert_eq!(cohort.percent(2), None);
        assert_eq!(Cohort { size: 0, ..cohort }.percent(0), None);
    }
}
