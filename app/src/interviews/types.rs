use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::recruiting::requisitions::types::Member;

/// Stored as its snake-case name: a value the app does not know fails the read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum InterviewStatus {
    Scheduled,
    InProgress,
    Completed,
    Cancelled,
    NoShow,
}

impl InterviewStatus {
    pub const ALL: [InterviewStatus; 5] = [Self::Scheduled, Self::InProgress, Self::Completed, Self::Cancelled, Self::NoShow];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Scheduled => "Scheduled",
            Self::InProgress => "In progress",
            Self::Completed => "Completed",
            Self::Cancelled => "Cancelled",
            Self::NoShow => "No-show",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the interview still takes its interviewers' time.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Scheduled | Self::InProgress)
    }

    /// Whether scorecards are expected from it.
    pub fn expects_scorecards(self) -> bool {
        matches!(self, Self::Scheduled | Self::InProgress | Self::Completed)
    }
}

/// The scale of an attribute's rating (Greenhouse's): 1 definitely not … 4 strong yes.
pub const RATING_LABELS: [&str; 4] = ["Definitely not", "No", "Yes", "Strong yes"];
/// The overall recommendation's scale.
pub const RECOMMENDATION_LABELS: [&str; 4] = ["Strong no", "No", "Yes", "Strong yes"];

pub fn rating_label(rating: i16) -> &'static str {
    RATING_LABELS.get((rating as usize).wrapping_sub(1)).copied().unwrap_or("Not assessed")
}

pub fn recommendation_label(recommendation: i16) -> &'static str {
    RECOMMENDATION_LABELS.get((recommendation as usize).wrapping_sub(1)).copied().unwrap_or("—")
}

/// One type of interview in a requisition's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewType {
    pub id: Uuid,
    pub position: i32,
    pub name: String,
    pub duration_minutes: i32,
    pub attributes: Vec<String>,
    pub focus: String,
    pub questions: String,
    pub default_interviewers: Vec<Uuid>,
}

/// What a template keeps of a type: everything but the people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateType {
    pub name: String,
    pub duration_minutes: i32,
    pub attributes: Vec<String>,
    pub focus: String,
    pub questions: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTemplate {
    pub id: Uuid,
    pub name: String,
    pub types: Vec<TemplateType>,
}

/// A requisition's interview plan, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub requisition_id: Uuid,
    pub title: String,
    pub types: Vec<InterviewType>,
    pub required_skills: Vec<String>,
    /// Members who may interview: interviewers, recruiters and admins.
    pub panel: Vec<Member>,
    pub templates: Vec<PlanTemplate>,
    pub can_edit: bool,
}

/// Suggested free attributes beside the required skills.
pub const SUGGESTED_ATTRIBUTES: [&str; 4] = ["Communication", "Problem solving", "Collaboration", "Ownership"];
pub const MAX_ATTRIBUTES: usize = 20;
pub const MAX_DURATION_MINUTES: i32 = 480;

/// An interview as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewSummary {
    pub id: Uuid,
    pub application_id: Uuid,
    pub title: String,
    pub candidate_name: String,
    pub requisition_title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: InterviewStatus,
    /// The start in the viewer's time zone, written out.
    pub local_time: String,
    pub interviewers: Vec<String>,
    pub place: String,
}

/// One interview on an application, with what the recruiter may do with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledInterview {
    pub summary: InterviewSummary,
    pub duration_minutes: i32,
    pub time_zone: String,
    pub candidate_time_zone: String,
    /// The start in the candidate's zone and in each interviewer's.
    pub times: Vec<(String, String)>,
    pub location: String,
    pub video_url: String,
    pub sequence: i32,
    pub history: Vec<InterviewEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewEvent {
    pub what: String,
    pub actor: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingEntry {
    pub attribute: String,
    /// 1–4; none: not assessed.
    pub rating: Option<i16>,
    pub note: String,
}

/// A scorecard's content: what a draft saves and a submission locks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScorecardContent {
    pub ratings: Vec<RatingEntry>,
    pub takeaways: String,
    pub recommendation: Option<i16>,
    pub private_notes: String,
}

pub const SCORECARD_TEXT_MAX: usize = 10_000;
pub const RATING_NOTE_MAX: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amendment {
    pub reason: String,
    pub actor: Option<String>,
    pub at: DateTime<Utc>,
    pub before: ScorecardContent,
}

/// A scorecard as someone allowed to read it sees it (private notes only for the hiring team).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub id: Uuid,
    pub interview_id: Uuid,
    pub interview_title: String,
    pub interviewer: String,
    pub interviewer_id: Uuid,
    pub content: ScorecardContent,
    pub submitted_at: Option<DateTime<Utc>>,
    pub amendments: Vec<Amendment>,
}

/// Per attribute across the submitted scorecards: how many gave each rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeSummary {
    pub attribute: String,
    /// Counts of ratings 1 to 4.
    pub counts: [i64; 4],
    pub not_assessed: i64,
    pub mean: Option<f64>,
}

/// The interviews and feedback of one application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationInterviews {
    pub application_id: Uuid,
    pub in_interview_stage: bool,
    pub can_schedule: bool,
    pub interviews: Vec<ScheduledInterview>,
    pub types: Vec<InterviewType>,
    pub panel: Vec<Member>,
    /// Each panel member's time zone, shown beside their name.
    pub panel_zones: Vec<(Uuid, String)>,
    pub scheduler_time_zone: String,
    pub candidate_time_zone: String,
    /// The submitted scorecards, and the viewer's own drafts.
    pub scorecards: Vec<Scorecard>,
    pub summary: Vec<AttributeSummary>,
    pub offers: Vec<OfferSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferSummary {
    pub id: Uuid,
    pub slots: Vec<String>,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

/// What scheduling returns: the new interview and what to tell the scheduler.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleOutcome {
    pub interview_id: Uuid,
    pub message: String,
}

/// Everything an interviewer needs in one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kit {
    pub interview: ScheduledInterview,
    pub requisition_id: Uuid,
    pub requisition_title: String,
    pub requisition_description: String,
    pub required_skills: Vec<String>,
    pub candidate_name: String,
    pub candidate_email: String,
    pub candidate_location: String,
    pub candidate_links: Vec<String>,
    pub candidate_skills: Vec<(String, i16)>,
    pub resume_file_id: Option<Uuid>,
    /// Where the candidate stands and has stood (requisition, stage, status).
    pub applications: Vec<(String, String, String)>,
    pub stage_history: Vec<(String, DateTime<Utc>)>,
    pub attributes: Vec<String>,
    pub focus: String,
    pub questions: String,
    pub assessments: Vec<crate::recruiting::pipeline::types::SentAssessment>,
    /// The viewer's scorecard.
    pub mine: Scorecard,
    pub on_panel: bool,
    pub can_see_others: bool,
}

/// The interviewer's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewerHome {
    pub today: Vec<InterviewSummary>,
    pub upcoming: Vec<InterviewSummary>,
    /// Interviews over whose scorecard is not submitted, with how long since the interview ended.
    pub due: Vec<(InterviewSummary, String)>,
    pub submitted: Vec<(InterviewSummary, DateTime<Utc>)>,
    pub time_zone: String,
}

/// The candidate's view of an offer of times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotChoice {
    pub organization: String,
    pub requisition_title: String,
    pub interview_title: String,
    pub duration_minutes: i32,
    pub time_zone: String,
    /// Free slots: id and the time written in the candidate's zone.
    pub slots: Vec<(Uuid, String)>,
    pub chosen: Option<String>,
}

/// How one interviewer rates compared with the panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewerCalibration {
    pub interviewer_id: Uuid,
    pub name: String,
    pub interviews: i64,
    pub scorecards: i64,
    pub median_hours_to_submit: Option<f64>,
    /// Candidates on whom both this interviewer and at least one other panelist recommended.
    pub compared: i64,
    /// Mean of (own recommendation − mean of the others') over those candidates.
    pub mean_difference: Option<f64>,
    pub leaning: Leaning,
    pub attributes: Vec<AttributeSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Leaning {
    Lenient,
    Aligned,
    Severe,
    /// Too few shared candidates to say.
    Unknown,
}

impl Leaning {
    pub fn label(self) -> &'static str {
        match self {
            Leaning::Lenient => "Lenient",
            Leaning::Aligned => "Aligned",
            Leaning::Severe => "Severe",
            Leaning::Unknown => "Not enough shared candidates",
        }
    }
}

pub const CALIBRATION_RULE: &str = "For each candidate on whom this interviewer and at least one other panelist submitted a recommendation \
    (strong no = 1, no = 2, yes = 3, strong yes = 4), the difference between this interviewer's recommendation and the mean of the others'. \
    A mean difference of +0.5 or more is lenient, of −0.5 or less is severe, anything between is aligned; fewer than 2 such candidates is not enough to say. \
    Time to submit counts from the interview's end, in buckets (an hour wide below two days, six hours below two weeks, coarser beyond), \
    so its median is approximate to within one bucket.";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub interviewers: Vec<InterviewerCalibration>,
    /// Whether the viewer sees everyone (recruiters and admins) or only themselves.
    pub everyone: bool,
}

/// Time zones offered in the forms' lists; any IANA name is accepted.
pub const COMMON_TIME_ZONES: [&str; 24] = [
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Pacific/Auckland",
];
