use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The most a source's body may hold, fetched or uploaded.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_NAME: usize = 120;
pub const MAX_COMPANY: usize = 200;
pub const MAX_URL: usize = 2000;
pub const MAX_SCHEDULE: usize = 100;
/// Runs of a source in a row that miss a job before it is closed.
pub const CLOSE_AFTER_MISSING_RUNS: i32 = 2;

/// The format a source publishes its jobs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Web pages carrying schema.org `JobPosting` structured data.
    JsonLd,
    Greenhouse,
    Lever,
    Ashby,
}

impl SourceKind {
    pub const ALL: [SourceKind; 4] = [SourceKind::JsonLd, SourceKind::Greenhouse, SourceKind::Lever, SourceKind::Ashby];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::JsonLd => "json_ld",
            SourceKind::Greenhouse => "greenhouse",
            SourceKind::Lever => "lever",
            SourceKind::Ashby => "ashby",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SourceKind::JsonLd => "Web pages with JobPosting data (JSON-LD)",
            SourceKind::Greenhouse => "Greenhouse job board (JSON)",
            SourceKind::Lever => "Lever postings (JSON)",
            SourceKind::Ashby => "Ashby job board (JSON)",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Succeeded,
    /// The body could not be fetched or read: no job changed.
    Failed,
}

/// What one run of a source found and did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Run {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub status: RunStatus,
    pub found: i32,
    pub new: i32,
    pub updated: i32,
    pub closed: i32,
    pub duplicates: i32,
    pub errors: i32,
    pub error_sample: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: Uuid,
    pub name: String,
    pub kind: SourceKind,
    /// None: its files are uploaded.
    pub url: Option<String>,
    pub company: Option<String>,
    pub schedule: String,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
    pub last_run_at: Option<DateTime<Utc>>,
    /// Its jobs on the board now.
    pub listed: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRow {
    pub source: Source,
    pub last_run: Option<Run>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourcePage {
    pub source: Source,
    /// Newest first.
    pub runs: Vec<Run>,
}
