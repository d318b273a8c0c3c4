use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a notification is about. Each kind has its templates and each person their preferences for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    NewApplication,
    StageChanged,
    Mentioned,
    AssessmentSubmitted,
    RequisitionStatusChanged,
    BulkOperationFinished,
    ImportFinished,
    InterviewScheduled,
    InterviewReminder,
    ScorecardDue,
    ScorecardSubmitted,
    IncidentUpdate,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 12] = [
        NotificationKind::NewApplication,
        NotificationKind::StageChanged,
        NotificationKind::Mentioned,
        NotificationKind::AssessmentSubmitted,
        NotificationKind::RequisitionStatusChanged,
        NotificationKind::BulkOperationFinished,
        NotificationKind::ImportFinished,
        NotificationKind::InterviewScheduled,
        NotificationKind::InterviewReminder,
        NotificationKind::ScorecardDue,
        NotificationKind::ScorecardSubmitted,
        NotificationKind::IncidentUpdate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::NewApplication => "new_application",
            NotificationKind::StageChanged => "stage_changed",
            NotificationKind::Mentioned => "mentioned",
            NotificationKind::AssessmentSubmitted => "assessment_submitted",
            NotificationKind::RequisitionStatusChanged => "requisition_status_changed",
            NotificationKind::BulkOperationFinished => "bulk_operation_finished",
            NotificationKind::ImportFinished => "import_finished",
            NotificationKind::InterviewScheduled => "interview_scheduled",
            NotificationKind::InterviewReminder => "interview_reminder",
            NotificationKind::ScorecardDue => "scorecard_due",
            NotificationKind::ScorecardSubmitted => "scorecard_submitted",
            NotificationKind::IncidentUpdate => "incident_update",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NotificationKind::NewApplication => "New application on my requisition",
            NotificationKind::StageChanged => "Stage change on an application I follow",
            NotificationKind::Mentioned => "Mention in a note",
            NotificationKind::AssessmentSubmitted => "Assessment submitted",
            NotificationKind::RequisitionStatusChanged => "Requisition status change",
            NotificationKind::BulkOperationFinished => "Bulk operation finished",
            NotificationKind::ImportFinished => "Import finished",
            NotificationKind::InterviewScheduled => "Interview scheduled, moved or cancelled (with the calendar invitation)",
            NotificationKind::InterviewReminder => "Interview coming up",
            NotificationKind::ScorecardDue => "Scorecard overdue",
            NotificationKind::ScorecardSubmitted => "Scorecard submitted",
            NotificationKind::IncidentUpdate => "Hirevoo service incident updates (for those subscribed below)",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// How a person gets a kind of notification by email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum EmailChoice {
    Off,
    Instant,
    Digest,
}

impl EmailChoice {
    pub const ALL: [EmailChoice; 3] = [EmailChoice::Instant, EmailChoice::Digest, EmailChoice::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            EmailChoice::Off => "off",
            EmailChoice::Instant => "instant",
            EmailChoice::Digest => "digest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EmailChoice::Off => "No email",
            EmailChoice::Instant => "Email each one",
            EmailChoice::Digest => "Daily digest",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub items: Vec<Notification>,
    pub unread: i64,
    pub page: i64,
    pub pages: i64,
}

pub const NOTIFICATIONS_PER_PAGE: i64 = 25;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preference {
    pub kind: NotificationKind,
    pub in_app: bool,
    pub email: EmailChoice,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub kind: NotificationKind,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// The tenant's own, rather than the built-in one.
    pub customized: bool,
    /// The variables the kind's templates receive.
    pub variables: Vec<String>,
}
