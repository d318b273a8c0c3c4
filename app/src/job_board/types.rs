use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::recruiting::requisitions::types::{EmploymentType, Workplace};

/// Jobs on one page of the board.
pub const PAGE_SIZE: i64 = 20;
/// Matches are counted up to this many ("1,000+"), and paged through as far.
pub const MAX_RESULTS: i64 = 1000;
pub const MAX_SEARCH: usize = 200;
pub const MAX_FILTER: usize = 100;
/// The "posted within" choices, in days.
pub const POSTED_WITHIN: [(u32, &str); 4] = [(1, "Past 24 hours"), (3, "Past 3 days"), (7, "Past week"), (30, "Past month")];

/// How the results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Best matches first (among the freshest matches); newest first without a search.
    Relevance,
    Newest,
}

/// The board's URL query, as text: what the search form sends without JavaScript. A public page
/// answers whatever the address says: an unreadable filter is left out, never an error.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BoardParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub workplace: String,
    #[serde(default)]
    pub department: String,
    /// Days: 1, 3, 7 or 30.
    #[serde(default)]
    pub posted: String,
    /// The least yearly salary, in the job's currency; jobs that show none are left out.
    #[serde(default)]
    pub salary: String,
    /// `newest`, or relevance.
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

fn bounded(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

impl BoardParams {
    pub fn search(&self) -> String {
        bounded(&self.q, MAX_SEARCH)
    }

    pub fn place(&self) -> String {
        bounded(&self.place, MAX_FILTER)
    }

    pub fn department(&self) -> String {
        bounded(&self.department, MAX_FILTER)
    }

    pub fn workplace(&self) -> Option<Workplace> {
        self.workplace.parse().ok()
    }

    pub fn posted_within_days(&self) -> Option<u32> {
        self.posted.trim().parse().ok().filter(|days| POSTED_WITHIN.iter().any(|(choice, _)| choice == days))
    }

    pub fn salary_at_least(&self) -> Option<u32> {
        self.salary.trim().replace([',', ' '], "").parse().ok().filter(|amount| *amount > 0)
    }

    pub fn sort(&self) -> Sort {
        if self.sort == "newest" { Sort::Newest } else { Sort::Relevance }
    }

    /// A page number, 1 when missing or unreadable, never past the last page counted.
    pub fn page_number(&self) -> i64 {
        self.page.trim().parse::<i64>().ok().filter(|p| *p >= 1).unwrap_or(1).min(MAX_RESULTS / PAGE_SIZE)
    }

    /// Whether anything narrows the list.
    pub fn narrowed(&self) -> bool {
        !self.search().is_empty()
            || !self.place().is_empty()
            || !self.department().is_empty()
            || self.workplace().is_some()
            || self.posted_within_days().is_some()
            || self.salary_at_least().is_some()
    }

    /// The search in words, for lists of searches: "“rust” · Berlin · Remote · Past week".
    pub fn label(&self) -> String {
        let search = self.search();
        let parts: Vec<String> = [
            (!search.is_empty()).then(|| format!("“{search}”")),
            Some(self.place()).filter(|p| !p.is_empty()),
            self.workplace().map(|w| w.label().to_owned()),
            Some(self.department()).filter(|d| !d.is_empty()),
            self.posted_within_days().and_then(|days| POSTED_WITHIN.iter().find(|(d, _)| *d == days)).map(|(_, label)| (*label).to_owned()),
            self.salary_at_least().map(|amount| format!("at least {} a year", crate::ui::grouped(i64::from(amount)))),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() { "All jobs".to_owned() } else { parts.join(" · ") }
    }

    /// The URL query for these parameters on another page, empty ones left out.
    pub fn query_string(&self, page: i64) -> String {
        let page = if page > 1 { page.to_string() } else { String::new() };
        crate::ui::query_string([
            ("q", self.q.as_str()),
            ("place", &self.place),
            ("workplace", &self.workplace),
            ("department", &self.department),
            ("posted", &self.posted),
            ("salary", &self.salary),
            ("sort", &self.sort),
            ("page", &page),
        ])
    }
}

/// One job in the board's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardJobSummary {
    pub id: Uuid,
    /// For a signed-in seeker: opened before, and saved.
    pub viewed: bool,
    pub saved: bool,
    pub title: String,
    pub company: String,
    pub department: String,
    pub location: String,
    pub employment_type: EmploymentType,
    pub salary: Option<String>,
    pub posted: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardResults {
    pub jobs: Vec<BoardJobSummary>,
    /// Matches over every page, counted up to `MAX_RESULTS` (more when `more`).
    pub total: i64,
    pub more: bool,
    pub page: i64,
    pub pages: i64,
    /// The search as corrected when the words typed matched nothing ("Showing results for …").
    pub corrected: Option<String>,
    /// A seeker is signed in: the page offers to save the search.
    pub seeker: bool,
}

/// A job as its page on the board shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardJob {
    pub id: Uuid,
    pub title: String,
    pub company: String,
    pub description: String,
    pub department: String,
    pub location: String,
    pub employment_type: EmploymentType,
    pub salary: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub posted: NaiveDate,
    pub apply: ApplyAt,
}

/// Where a job on the board is applied for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ApplyAt {
    /// A tenant's job: its company's careers page, a path on this site.
    Careers(String),
    /// An ingested job: its source's page, on another site.
    Elsewhere(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardPosting {
    pub job: BoardJob,
    /// What a signed-in seeker has done with it; `None` for a visitor.
    pub seeker: Option<SeekerMarks>,
    /// schema.org `JobPosting`, escaped for its `<script>` element.
    pub json_ld: String,
    /// The address search engines should index for this job.
    pub canonical: String,
}

/// A job as a signed-in seeker has marked it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SeekerMarks {
    pub saved: bool,
    pub hidden: bool,
    /// Where their application stands, if they applied.
    pub applied: Option<crate::seekers::types::ApplicationStatus>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_filters_are_left_out() {
        let params = BoardParams { posted: "2".into(), salary: "lots".into(), workplace: "moon".into(), page: "-3".into(), ..Default::default() };
        assert_eq!((params.posted_within_days(), params.salary_at_least(), params.workplace(), params.page_number()), (None, None, None, 1));
        assert!(!params.narrowed());
    }

    #[test]
    fn readable_filters_are_kept() {
        let params = BoardParams { posted: "7".into(), salary: "60,000".into(), workplace: "remote".into(), page: "9999".into(), sort: "newest".into(), ..Default::default() };
        assert_eq!(params.posted_within_days(), Some(7));
        assert_eq!(params.salary_at_least(), Some(60_000));
        assert_eq!(params.workplace(), Some(Workplace::Remote));
        assert_eq!(params.page_number(), MAX_RESULTS / PAGE_SIZE);
        assert_eq!(params.sort(), Sort::Newest);
        assert!(params.narrowed());
    }

    #[test]
    fn the_query_string_keeps_what_was_asked_and_the_page() {
        let params = BoardParams { q: "rust & go".into(), place: "Berlin".into(), ..Default::default() };
        assert_eq!(params.query_string(3), "q=rust%20%26%20go&place=Berlin&page=3");
        assert_eq!(params.query_string(1), "q=rust%20%26%20go&place=Berlin");
    }

    #[test]
    fn a_search_reads_as_words() {
        let params = BoardParams { q: "rust".into(), place: "Berlin".into(), workplace: "remote".into(), posted: "7".into(), salary: "60000".into(), ..Default::default() };
        assert_eq!(params.label(), "“rust” · Berlin · Remote · Past week · at least 60,000 a year");
        assert_eq!(BoardParams::default().label(), "All jobs");
    }
}
