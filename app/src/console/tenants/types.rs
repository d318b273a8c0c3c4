use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantSummary {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: String,
    pub plan: String,
    pub members: i64,
    pub created_at: DateTime<Utc>,
}

/// What a plan's quotas limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Quota {
    Seats,
    OpenRequisitions,
    Invitations,
    Candidates,
    Storage,
}

impl Quota {
    pub const ALL: [Quota; 5] = [Quota::Seats, Quota::OpenRequisitions, Quota::Invitations, Quota::Candidates, Quota::Storage];

    pub fn as_str(self) -> &'static str {
        match self {
            Quota::Seats => "seats",
            Quota::OpenRequisitions => "open_requisitions",
            Quota::Invitations => "invitations",
            Quota::Candidates => "candidates",
            Quota::Storage => "storage",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Quota::Seats => "Staff seats (with pending invitations)",
            Quota::OpenRequisitions => "Open requisitions",
            Quota::Invitations => "Assessment invitations this month",
            Quota::Candidates => "Candidates",
            Quota::Storage => "File storage (MB)",
        }
    }

    /// Storage is kept in bytes and shown and entered in megabytes.
    pub fn unit(self) -> i64 {
        if self == Quota::Storage { 1_048_576 } else { 1 }
    }

    /// A count as people read it (megabytes for storage, rounded up).
    pub fn shown(self, value: i64) -> i64 {
        (value + self.unit() - 1) / self.unit()
    }
}

/// One resource's use against its quota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    pub resource: Quota,
    pub used: i64,
    /// None for unlimited.
    pub quota: Option<i64>,
    /// Set for this tenant rather than by its plan.
    pub overridden: bool,
}

impl Usage {
    pub fn percent(&self) -> Option<i64> {
        self.quota.map(|q| if q == 0 { 100 } else { (self.used * 100 / q).min(999) })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub key: String,
    pub name: String,
    pub custom: bool,
    /// A resource missing here is unlimited on the plan.
    pub quotas: Vec<(Quota, i64)>,
    pub tenants: i64,
}

impl Plan {
    pub fn quota(&self, resource: Quota) -> Option<i64> {
        self.quotas.iter().find(|(r, _)| *r == resource).map(|(_, q)| *q)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberLine {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: String,
    pub joined: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub details: String,
}

/// The tenant page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantOverview {
    pub summary: TenantSummary,
    pub suspended_reason: Option<String>,
    pub suspended_at: Option<DateTime<Utc>>,
    pub usage: Vec<Usage>,
    pub plans: Vec<Plan>,
    pub members: Vec<MemberLine>,
    pub audit: Vec<AuditLine>,
    /// Set once someone asked to delete the tenant, until it is gone or called off.
    pub deletion: Option<Deletion>,
}

/// A tenant's deletion: when it was asked for, when it happens, and its export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deletion {
    pub reason: String,
    pub requested_by: Option<Uuid>,
    pub requested_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub export_bytes: Option<i64>,
    pub exported_at: Option<DateTime<Utc>>,
}

/// A tenant admin's view of their plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanAndUsage {
    pub plan: String,
    pub usage: Vec<Usage>,
}
