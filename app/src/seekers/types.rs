use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use uuid::Uuid;

use crate::job_board::types::BoardJobSummary;

/// A saved search's name, at most.
pub const MAX_SEARCH_NAME: usize = 100;
/// Saved searches one seeker may keep.
pub const MAX_SAVED_SEARCHES: i64 = 50;

/// How often a saved search mails the jobs that are new to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Alert {
    Off,
    Daily,
    Weekly,
}

impl Alert {
    pub const ALL: [Alert; 3] = [Alert::Off, Alert::Daily, Alert::Weekly];

    pub fn as_str(self) -> &'static str {
        match self {
            Alert::Off => "off",
            Alert::Daily => "daily",
            Alert::Weekly => "weekly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Alert::Off => "No email",
            Alert::Daily => "Email me daily",
            Alert::Weekly => "Email me weekly",
        }
    }
}

impl FromStr for Alert {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Alert::ALL.into_iter().find(|a| a.as_str() == value).ok_or_else(|| format!("unknown alert {value:?}"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub id: Uuid,
    pub name: String,
    /// The board's query string: `/jobs-board?{query}` runs it.
    pub query: String,
    pub label: String,
    pub alert: Alert,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentSearch {
    pub query: String,
    pub label: String,
    pub at: DateTime<Utc>,
}

/// Where an application stands, in the words a seeker is shown: the kind of stage the
/// organization moved it to, never the stage's own name or anything said about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Applied,
    InReview,
    Interviewing,
    Offer,
    Hired,
    Closed,
}

impl ApplicationStatus {
    /// What an organization may choose to show applicants for one of its stages: the words
    /// before an outcome.
    pub const FOR_STAGES: [ApplicationStatus; 4] = [ApplicationStatus::Applied, ApplicationStatus::InReview, ApplicationStatus::Interviewing, ApplicationStatus::Offer];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Applied => "applied",
            ApplicationStatus::InReview => "in_review",
            ApplicationStatus::Interviewing => "interviewing",
            ApplicationStatus::Offer => "offer",
            ApplicationStatus::Hired => "hired",
            ApplicationStatus::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Applied => "Applied",
            ApplicationStatus::InReview => "In review",
            ApplicationStatus::Interviewing => "Interviewing",
            ApplicationStatus::Offer => "Offer",
            ApplicationStatus::Hired => "Hired",
            ApplicationStatus::Closed => "Closed",
        }
    }

    /// What the status means for the seeker, in a sentence.
    pub fn explanation(self) -> &'static str {
        match self {
            ApplicationStatus::Applied => "Received; nobody has reviewed it yet.",
            ApplicationStatus::InReview => "The hiring team is reviewing it.",
            ApplicationStatus::Interviewing => "You are in the interviews.",
            ApplicationStatus::Offer => "The organization is making you an offer.",
            ApplicationStatus::Hired => "You were hired. Congratulations!",
            ApplicationStatus::Closed => "This application is no longer going ahead.",
        }
    }
}

/// A signed-in seeker on a job's page: who they apply as, and whether they did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Applicant {
    pub name: String,
    /// Confirmed when they signed up: the organization may add the application to what it
    /// already keeps under this address.
    pub email: String,
    pub status: Option<ApplicationStatus>,
    /// Their profile's skills, in the order they listed them, offered with the application.
    pub skills: Vec<String>,
}

/// An application a seeker sent from the board, as they follow it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SentApplication {
    pub requisition_id: Uuid,
    pub title: String,
    pub company: String,
    pub company_slug: String,
    pub status: ApplicationStatus,
    pub status_changed_at: DateTime<Utc>,
    pub applied_at: DateTime<Utc>,
}

impl SentApplication {
    /// The job's page on its organization's careers site.
    pub fn job_path(&self) -> String {
        format!("/careers/{}/jobs/{}", self.company_slug, self.requisition_id)
    }
}

/// What became of a test an organization sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum TestState {
    ToTake,
    Started,
    Submitted,
    Withdrawn,
}

/// A test an organization sent for one of the seeker's applications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SeekerTest {
    pub id: Uuid,
    pub assessment: String,
    pub company: String,
    pub job_title: String,
    pub time_limit_minutes: i32,
    pub expires_at: DateTime<Utc>,
    pub state: TestState,
}

impl SeekerTest {
    /// Whether it can be opened from the seeker's home: not begun, still valid.
    pub fn can_open(&self, now: DateTime<Utc>) -> bool {
        self.state == TestState::ToTake && self.expires_at > now
    }
}

/// An interview an organization scheduled for one of the seeker's applications, in the
/// candidate's zone it was scheduled for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SeekerInterview {
    pub id: Uuid,
    pub title: String,
    pub company: String,
    pub job_title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    pub location: String,
    pub video_url: String,
    pub notes: String,
    pub status: String,
    #[serde(skip)]
    pub sequence: i32,
    /// When, written out in `time_zone`.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub when: String,
}

/// A seeker's home: what they applied for, what organizations asked of them, what they saved,
/// searched and set aside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeekerHome {
    pub applications: Vec<SentApplication>,
    pub tests: Vec<SeekerTest>,
    pub interviews: Vec<SeekerInterview>,
    /// When the page was read: what is still open is judged against it.
    pub now: DateTime<Utc>,
    pub saved_jobs: Vec<BoardJobSummary>,
    pub saved_searches: Vec<SavedSearch>,
    pub recent_searches: Vec<RecentSearch>,
    pub hidden_jobs: i64,
}
