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

/// A seeker's home: what they saved, searched and set aside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeekerHome {
    pub saved_jobs: Vec<BoardJobSummary>,
    pub saved_searches: Vec<SavedSearch>,
    pub recent_searches: Vec<RecentSearch>,
    pub hidden_jobs: i64,
}
