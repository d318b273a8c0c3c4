use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The page's filters, as in its address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilters {
    /// A tenant's address (superadmins only).
    #[serde(default)]
    pub tenant: String,
    /// Part of the actor's email.
    #[serde(default)]
    pub actor: String,
    /// An action, or its start (`flag.` for every flag change).
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub target: String,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// Entries older than this id (the next page).
    #[serde(default)]
    pub before: Option<i64>,
}

impl AuditFilters {
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            tenant: get("tenant").unwrap_or_default(),
            actor: get("actor").unwrap_or_default(),
            action: get("action").unwrap_or_default(),
            target: get("target").unwrap_or_default(),
            from: get("from").unwrap_or_default(),
            to: get("to").unwrap_or_default(),
            before: get("before").and_then(|b| b.parse().ok()),
        }
    }

    /// The query string for these filters (without the page).
    pub fn query(&self) -> String {
        crate::ui::query_string([
            ("tenant", self.tenant.as_str()),
            ("actor", &self.actor),
            ("action", &self.action),
            ("target", &self.target),
            ("from", &self.from),
            ("to", &self.to),
        ])
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub tenant: Option<String>,
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub details: serde_json::Value,
}

pub const AUDIT_PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// The id to continue from, when there are older entries.
    pub next: Option<i64>,
    /// Whether the reader sees every tenant's entries.
    pub everyone: bool,
}
