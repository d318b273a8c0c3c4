//! The delegation service's types, for both sides.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An enum stored as text: its values in order, their stored words and their labels.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema), sqlx(type_name = "text", rename_all = "snake_case"))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The value a form sent, or the field's message.
            pub fn parse(field: &'static str, value: &str) -> Result<Self, crate::platform::AppError> {
                Self::ALL.iter().copied().find(|v| v.as_str() == value)
                    .ok_or_else(|| crate::platform::AppError::invalid(field, concat!("Choose one of the listed ", stringify!($name), " values.")))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(
    /// Where a client's account stands: asked for, working, or stopped by an admin.
    ClientStatus { Requested = "requested": "Awaiting activation", Active = "active": "Active", Suspended = "suspended": "Suspended" }
);

text_enum!(
    /// Set by an admin; the service processes no payment.
    PaymentStatus { Unpaid = "unpaid": "Unpaid", Trial = "trial": "Trial", Paid = "paid": "Paid", PastDue = "past_due": "Past due" }
);

text_enum!(
    /// How a client's delegations are shared among their employees (see `distribution`).
    DistributionRule { RoundRobin = "round_robin": "Round-robin", LeastLoaded = "least_loaded": "Least loaded" }
);

text_enum!(
    AdminLevel { Operator = "operator": "Operator", Manager = "manager": "Manager" }
);

text_enum!(
    DelegationStatus {
        Pending = "pending": "Pending",
        InProgress = "in_progress": "In progress",
        Completed = "completed": "Completed",
        Failed = "failed": "Failed",
        Cancelled = "cancelled": "Cancelled",
    }
);

text_enum!(
    Priority { Urgent = "urgent": "Urgent", High = "high": "High", Normal = "normal": "Normal", Low = "low": "Low" }
);

text_enum!(
    EventKind {
        Created = "created": "Delegated",
        Assigned = "assigned": "Given to",
        Reassigned = "reassigned": "Given instead to",
        Unassigned = "unassigned": "Waiting for an employee",
        Started = "started": "Started",
        Completed = "completed": "Completed with proof",
        Accepted = "accepted": "Proof accepted",
        Rejected = "rejected": "Proof rejected",
        Failed = "failed": "Could not be sent",
        Cancelled = "cancelled": "Cancelled",
    }
);

text_enum!(
    Review { Waiting = "waiting": "Waiting for review", Accepted = "accepted": "Accepted", Rejected = "rejected": "Rejected" }
);

impl DelegationStatus {
    pub fn is_open(self) -> bool {
        matches!(self, DelegationStatus::Pending | DelegationStatus::InProgress)
    }
}

/// Limits of what a client sends.
pub const MAX_URL_CHARS: usize = 2000;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_NOTE_CHARS: usize = 2000;
pub const MAX_REASON_CHARS: usize = 1000;
pub const MAX_RESUME_TYPE_NAME_CHARS: usize = 60;
/// A résumé variant: a PDF of at most 5 MB.
pub const MAX_RESUME_BYTES: usize = 5 * 1024 * 1024;
/// A screenshot proving an application: PNG or JPEG of at most 8 MB.
pub const MAX_SCREENSHOT_BYTES: usize = 8 * 1024 * 1024;
/// How far ahead a deadline may be.
pub const MAX_DEADLINE_DAYS: i64 = 90;

/// What a client asks for: a job to apply to, with which résumé, how urgently, by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDelegation {
    pub job_url: String,
    pub company: String,
    pub title: String,
    pub resume_type_id: Uuid,
    pub priority: Priority,
    pub deadline: DateTime<Utc>,
}

/// One delegation as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, utoipa::ToSchema))]
pub struct DelegationItem {
    pub id: Uuid,
    pub client_id: Uuid,
    pub client_name: String,
    pub employee_id: Option<Uuid>,
    pub employee_name: Option<String>,
    pub job_url: String,
    pub company: String,
    pub title: String,
    pub resume_type: String,
    pub status: DelegationStatus,
    pub priority: Priority,
    pub deadline: DateTime<Utc>,
    pub delegated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// The current proof's review, once completed.
    pub review: Option<Review>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, utoipa::ToSchema))]
pub struct DelegationEvent {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    pub actor_name: Option<String>,
    pub employee_name: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, utoipa::ToSchema))]
pub struct Proof {
    pub id: Uuid,
    pub completed_by_name: Option<String>,
    pub notes: String,
    pub review: Review,
    pub review_reason: Option<String>,
    pub completed_at: DateTime<Utc>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A delegation with its history and proofs, newest proof first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DelegationDetail {
    pub item: DelegationItem,
    pub reason: Option<String>,
    pub events: Vec<DelegationEvent>,
    pub proofs: Vec<Proof>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow, utoipa::ToSchema))]
pub struct ResumeType {
    pub id: Uuid,
    pub name: String,
    pub file_name: String,
    pub file_size: i32,
    pub uploaded_at: DateTime<Utc>,
    /// Delegations that name it: it cannot be removed while any do.
    pub used: i64,
}

/// Counts by status, for the dashboards.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub pending: i64,
    pub in_progress: i64,
    pub completed: i64,
    pub failed: i64,
    pub cancelled: i64,
}

impl StatusCounts {
    pub fn of(&self, status: DelegationStatus) -> i64 {
        match status {
            DelegationStatus::Pending => self.pending,
            DelegationStatus::InProgress => self.in_progress,
            DelegationStatus::Completed => self.completed,
            DelegationStatus::Failed => self.failed,
            DelegationStatus::Cancelled => self.cancelled,
        }
    }
}

/// Completed out of those that ended (completed or failed) or passed their deadline open, in
/// percent; none while nothing has.
pub fn completion_rate(completed: i64, failed: i64, overdue: i64) -> Option<f64> {
    let ended = completed + failed + overdue;
    (ended > 0).then(|| 100.0 * completed as f64 / ended as f64)
}

/// Where a seeker stands with the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Membership {
    /// Never asked.
    None,
    Client(ClientStatus),
}

/// A client's home: their delegations, proofs to review and figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientDashboard {
    pub status: ClientStatus,
    pub counts: StatusCounts,
    pub to_review: Vec<DelegationItem>,
    pub recent: Vec<DelegationItem>,
    pub resume_types: Vec<ResumeType>,
    /// Over the last 30 days.
    pub completion_rate: Option<f64>,
    /// The employees working for them.
    pub employees: Vec<String>,
}

/// An employee's work: open delegations by priority and deadline, and their figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmployeeQueue {
    pub is_available: bool,
    pub queue: Vec<DelegationItem>,
    pub rejected_to_redo: i64,
    pub completed_today: i64,
    pub given_today: i32,
    pub daily_cap: i32,
    /// Over the last 30 days.
    pub completion_rate: Option<f64>,
    pub clients: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ClientRow {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub status: ClientStatus,
    pub payment_status: PaymentStatus,
    pub distribution: DistributionRule,
    pub requested_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub open: i64,
    /// The names of the employees on an active assignment.
    pub employees: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct EmployeeRow {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub is_available: bool,
    pub daily_cap: i32,
    pub last_active_at: Option<DateTime<Utc>>,
    pub retired: bool,
    pub open: i64,
    pub overdue: i64,
    pub given_today: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AssignmentRow {
    pub id: Uuid,
    pub client_id: Uuid,
    pub client_name: String,
    pub employee_id: Uuid,
    pub employee_name: String,
    pub assigned_at: DateTime<Utc>,
    pub assigned_by_name: Option<String>,
    pub is_active: bool,
    pub ended_at: Option<DateTime<Utc>>,
}

/// One person's figures over the dashboard's days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Figures {
    pub id: Uuid,
    pub name: String,
    pub delegated: i64,
    pub completed: i64,
    pub failed: i64,
    pub accepted: i64,
    pub rejected: i64,
    pub overdue: i64,
}

impl Figures {
    pub fn completion_rate(&self) -> Option<f64> {
        completion_rate(self.completed, self.failed, self.overdue)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct DayFigures {
    pub day: chrono::NaiveDate,
    pub delegated: i64,
    pub completed: i64,
    pub failed: i64,
    pub overdue: i64,
}

/// The service at a glance, for its admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminDashboard {
    pub counts: StatusCounts,
    pub awaiting_activation: i64,
    pub unassigned: i64,
    pub overdue: Vec<DelegationItem>,
    pub employees: Vec<EmployeeRow>,
    /// Per employee and per client, over the last `days` (from the daily figures).
    pub by_employee: Vec<Figures>,
    pub by_client: Vec<Figures>,
    pub days: Vec<DayFigures>,
    pub completion_rate: Option<f64>,
}

/// Who is asking, for the service: what the permission matrix is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Actor {
    Superadmin,
    Admin(AdminLevel),
    Client,
    Employee,
}

/// What a job's page says of itself, to fill the delegation form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JobPage {
    pub company: Option<String>,
    pub title: Option<String>,
}

/// A delegation as the person asking sees it, with what they may do to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DelegationView {
    pub detail: DelegationDetail,
    pub actor: Actor,
    pub resume_type_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AdminRow {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub level: AdminLevel,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceSettings {
    pub reassign_hours_before_deadline: i32,
    pub default_daily_cap: i32,
}

/// Why a form with a file was refused, as its route says in the address it sends the browser
/// back to: a code, never a message, so that a link cannot put words on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    Missing,
    TooLarge,
    NotPdf,
    NotImage,
    Name,
    NameTaken,
    Notes,
    Closed,
    Unreadable,
}

impl FileProblem {
    const ALL: [FileProblem; 9] = [
        FileProblem::Missing,
        FileProblem::TooLarge,
        FileProblem::NotPdf,
        FileProblem::NotImage,
        FileProblem::Name,
        FileProblem::NameTaken,
        FileProblem::Notes,
        FileProblem::Closed,
        FileProblem::Unreadable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FileProblem::Missing => "missing",
            FileProblem::TooLarge => "too-large",
            FileProblem::NotPdf => "not-pdf",
            FileProblem::NotImage => "not-image",
            FileProblem::Name => "name",
            FileProblem::NameTaken => "name-taken",
            FileProblem::Notes => "notes",
            FileProblem::Closed => "closed",
            FileProblem::Unreadable => "unreadable",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|problem| problem.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            FileProblem::Missing => "Choose a file to send.",
            FileProblem::TooLarge => "The file is too large: a résumé can be at most 5 MB, a screenshot 8 MB.",
            FileProblem::NotPdf => "Choose a PDF file: this one is not a PDF.",
            FileProblem::NotImage => "The screenshot must be a PNG or JPEG image.",
            FileProblem::Name => "Give the résumé a name of 1 to 60 characters.",
            FileProblem::NameTaken => "You already have a résumé of that name.",
            FileProblem::Notes => "The notes can be at most 2,000 characters.",
            FileProblem::Closed => "This delegation is no longer open: nothing was added.",
            FileProblem::Unreadable => "The form could not be read; send it again.",
        }
    }
}
