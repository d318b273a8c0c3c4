use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The parts of the product an incident can affect: (key, label).
pub const COMPONENTS: [(&str, &str); 7] = [
    ("sign_in", "Sign-in"),
    ("assessments", "Assessments"),
    ("careers_site", "Careers site"),
    ("pipeline", "Pipeline and candidates"),
    ("interviews", "Interviews"),
    ("email", "Email"),
    ("notifications", "Notifications"),
];

pub const SEVERITIES: [&str; 3] = ["minor", "major", "critical"];
pub const STATUSES: [&str; 4] = ["investigating", "identified", "monitoring", "resolved"];

pub fn component_label(key: &str) -> &str {
    COMPONENTS.iter().find(|(k, _)| *k == key).map_or(key, |(_, label)| label)
}

/// How far back the status page's history goes.
pub const HISTORY_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentUpdate {
    pub status: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: Uuid,
    pub title: String,
    pub severity: String,
    pub status: String,
    pub components: Vec<String>,
    pub all_tenants: bool,
    /// The affected organizations' addresses (empty on the public page).
    pub tenants: Vec<String>,
    pub published: bool,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Newest first.
    pub updates: Vec<IncidentUpdate>,
}

/// What a banner shows of an open incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Banner {
    pub id: Uuid,
    pub title: String,
    pub severity: String,
    pub status: String,
    pub message: String,
    pub updated_at: DateTime<Utc>,
}

/// The public status page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub current: Vec<Incident>,
    pub past: Vec<Incident>,
    /// Each component and the worst severity of the open incidents affecting it, if any.
    pub components: Vec<(String, Option<String>)>,
}
