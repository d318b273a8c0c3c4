use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::recruiting::requisitions::types::{Member, Status};

/// The step of the funnel a stage counts as. Stages are named freely; each says which step it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    Applied,
    Screening,
    Assessment,
    Interview,
    Offer,
    Hired,
}

impl StageKind {
    pub const ALL: [StageKind; 6] = [StageKind::Applied, StageKind::Screening, StageKind::Assessment, StageKind::Interview, StageKind::Offer, StageKind::Hired];

    pub fn as_str(self) -> &'static str {
        match self {
            StageKind::Applied => "applied",
            StageKind::Screening => "screening",
            StageKind::Assessment => "assessment",
            StageKind::Interview => "interview",
            StageKind::Offer => "offer",
            StageKind::Hired => "hired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StageKind::Applied => "Applied",
            StageKind::Screening => "Screening",
            StageKind::Assessment => "Assessment",
            StageKind::Interview => "Interview",
            StageKind::Offer => "Offer",
            StageKind::Hired => "Hired",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Whether an application is in the pipeline or has left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Active,
    Rejected,
    Withdrawn,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Active => "active",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Active => "In the pipeline",
            ApplicationStatus::Rejected => "Rejected",
            ApplicationStatus::Withdrawn => "Withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Active, Self::Rejected, Self::Withdrawn].into_iter().find(|s| s.as_str() == text)
    }
}

/// The built-in stages, used until a tenant admin edits the default list (the database trigger
/// that gives each new requisition its stages holds the same list).
pub const DEFAULT_STAGES: [(&str, StageKind); 6] = [
    ("Applied", StageKind::Applied),
    ("Screening", StageKind::Screening),
    ("Assessment", StageKind::Assessment),
    ("Interview", StageKind::Interview),
    ("Offer", StageKind::Offer),
    ("Hired", StageKind::Hired),
];

/// The built-in reasons for rejecting, used until a tenant admin edits the list.
pub const DEFAULT_REJECTION_REASONS: [&str; 6] = [
    "Not enough experience",
    "Skills do not match",
    "Assessment below the bar",
    "Interview feedback",
    "Position filled",
    "Candidate unresponsive",
];

/// How the match score is computed, as shown beside it.
pub const MATCH_RULE: &str = "Match score: for each skill the requisition requires, the candidate's latest measured assessment score in that skill; \
    if no assessment measured it, their stated proficiency counted at four fifths (5 of 5 counts as 80%); otherwise 0. \
    The score is the average over the required skills; none when the requisition requires no skill.";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: Uuid,
    pub name: String,
    pub kind: StageKind,
    pub position: i32,
    pub auto_assessment: Option<(Uuid, String)>,
    /// What applicants following it from the job board read while in it, if the organization chose.
    pub shown_as: Option<crate::seekers::types::ApplicationStatus>,
    /// Active applications in it.
    pub count: i64,
}

/// The latest assessment sent from an application, as a card or the application shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentBrief {
    pub invitation_id: Uuid,
    pub assessment_id: Uuid,
    pub title: String,
    pub state: String,
    pub percent: Option<f64>,
    pub passed: Option<bool>,
    pub sent_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardCard {
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub name: String,
    pub email: String,
    pub stage_id: Uuid,
    pub version: i32,
    pub match_score: Option<f64>,
    pub source: String,
    pub applied_at: DateTime<Utc>,
    pub entered_at: DateTime<Utc>,
    pub assessment: Option<AssessmentBrief>,
    /// The overall recommendations of the submitted scorecards, in order of submission (1–4).
    pub recommendations: Vec<i16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BoardSort {
    /// Longest in their stage first: who is waiting.
    #[default]
    Waiting,
    Newest,
    Match,
    Name,
}

impl BoardSort {
    pub const ALL: [BoardSort; 4] = [BoardSort::Waiting, BoardSort::Newest, BoardSort::Match, BoardSort::Name];

    pub fn as_str(self) -> &'static str {
        match self {
            BoardSort::Waiting => "waiting",
            BoardSort::Newest => "newest",
            BoardSort::Match => "match",
            BoardSort::Name => "name",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BoardSort::Waiting => "Longest in stage",
            BoardSort::Newest => "Newest application",
            BoardSort::Match => "Best match",
            BoardSort::Name => "Name",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Cards per column unless asked for more: a requisition with thousands of applications
/// still renders a board a person can scan.
pub const CARDS_PER_COLUMN: i64 = 50;
pub const MAX_CARDS_PER_COLUMN: i64 = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub requisition_id: Uuid,
    pub title: String,
    pub status: Status,
    pub can_move: bool,
    pub stages: Vec<Stage>,
    pub cards: Vec<BoardCard>,
    pub rejected: i64,
    pub withdrawn: i64,
    pub rejection_reasons: Vec<String>,
    pub assessments: Vec<(Uuid, String)>,
    pub sort: BoardSort,
    pub per_column: i64,
    /// The server's clock when the board was read: times in stage count from it.
    pub now: DateTime<Utc>,
}

/// What a move did, or where the application already was when the move came too late.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveResult {
    pub application_id: Uuid,
    pub version: i32,
    pub stage_name: String,
    pub status: ApplicationStatus,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageEvent {
    pub from_stage: String,
    pub to_stage: String,
    pub from_status: Option<ApplicationStatus>,
    pub to_status: ApplicationStatus,
    pub reason: String,
    pub actor: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: Uuid,
    pub author: Option<Member>,
    pub body: String,
    pub private: bool,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// The author, within the edit window.
    pub can_edit: bool,
}

/// How long a note stays editable by its author.
pub const NOTE_EDIT_MINUTES: i64 = 15;
pub const NOTE_MAX_CHARS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillCoverage {
    pub skill: String,
    pub measured: Option<f64>,
    pub stated: Option<i16>,
    pub counted: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentAssessment {
    pub brief: AssessmentBrief,
    pub session_id: Option<Uuid>,
    pub skills: Vec<(String, f64)>,
    pub integrity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationPage {
    pub id: Uuid,
    pub version: i32,
    pub candidate_id: Uuid,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub requisition_id: Uuid,
    pub requisition_title: String,
    pub requisition_status: Status,
    pub stage_id: Uuid,
    pub stage_name: String,
    pub status: ApplicationStatus,
    pub rejection_reason: String,
    pub source: String,
    pub cover_note: String,
    pub resume_file_id: Option<Uuid>,
    pub applied_at: DateTime<Utc>,
    pub entered_at: DateTime<Utc>,
    pub match_score: Option<f64>,
    pub coverage: Vec<SkillCoverage>,
    pub stages: Vec<Stage>,
    pub history: Vec<StageEvent>,
    pub notes: Vec<Note>,
    pub assessments: Vec<SentAssessment>,
    pub assessment_choices: Vec<(Uuid, String)>,
    pub rejection_reasons: Vec<String>,
    /// Handles a note may mention (`@handle`), with names.
    pub mentionable: Vec<(String, String)>,
    pub following: bool,
    pub can_move: bool,
    pub now: DateTime<Utc>,
}

/// A tenant's default stages and rejection reasons, for its admins to edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantPipeline {
    pub stages: Vec<(String, StageKind)>,
    pub rejection_reasons: Vec<String>,
    pub customized: bool,
}
