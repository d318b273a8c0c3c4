use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: Uuid,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// How many background jobs stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobCounts {
    /// Waiting and due.
    pub ready: i64,
    /// Waiting for a later time.
    pub scheduled: i64,
    pub running: i64,
    /// Waiting for another attempt after an error.
    pub failed: i64,
    /// Out of attempts.
    pub dead: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackgroundJob {
    pub id: i64,
    pub kind: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    /// While running: when its worker's lease runs out unless renewed.
    pub locked_until: Option<DateTime<Utc>>,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub tenant_id: Option<Uuid>,
    pub tenant_name: Option<String>,
}

/// The background jobs page: the counts, and the newest-due jobs of each group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JobsOverview {
    pub counts: JobCounts,
    /// Ready and scheduled.
    pub queued: Vec<BackgroundJob>,
    pub running: Vec<BackgroundJob>,
    pub failed: Vec<BackgroundJob>,
    pub dead: Vec<BackgroundJob>,
}

/// How many jobs of each group the page lists.
pub const JOBS_PER_GROUP: i64 = 50;
