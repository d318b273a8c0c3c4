use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::authoring::QuestionForm;
use super::grading::Response;

/// Stored as its snake-case name: a value the app does not know fails the read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice,
    MultipleChoice,
    TrueFalse,
    Numeric,
    ShortText,
    LongText,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 6] = [
        QuestionKind::SingleChoice,
        QuestionKind::MultipleChoice,
        QuestionKind::TrueFalse,
        QuestionKind::Numeric,
        QuestionKind::ShortText,
        QuestionKind::LongText,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::SingleChoice => "single_choice",
            QuestionKind::MultipleChoice => "multiple_choice",
            QuestionKind::TrueFalse => "true_false",
            QuestionKind::Numeric => "numeric",
            QuestionKind::ShortText => "short_text",
            QuestionKind::LongText => "long_text",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::SingleChoice => "Single choice",
            QuestionKind::MultipleChoice => "Multiple choice",
            QuestionKind::TrueFalse => "True or false",
            QuestionKind::Numeric => "Number",
            QuestionKind::ShortText => "Short text",
            QuestionKind::LongText => "Long text (graded by hand)",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::TrueFalse)
    }
}

pub const DIFFICULTIES: [&str; 3] = ["easy", "medium", "hard"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub id: String,
    pub text: String,
}

/// A question as the recruiter sees it in the bank: its latest version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BankQuestion {
    pub question_id: Uuid,
    pub version_id: Uuid,
    pub version: i32,
    pub kind: QuestionKind,
    pub prompt: String,
    pub skill: Option<String>,
    pub difficulty: String,
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionSet {
    pub id: Uuid,
    pub name: String,
    pub question_ids: Vec<Uuid>,
}

impl QuestionSet {
    /// How a set is offered in a list: its name and size.
    pub fn label(&self) -> String {
        format!("{} ({} questions)", self.name, self.question_ids.len())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bank {
    pub skills: Vec<Skill>,
    pub questions: Vec<BankQuestion>,
    pub sets: Vec<QuestionSet>,
}

/// A stored question in the editor: its latest version as a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionDraft {
    pub question_id: Uuid,
    pub version: i32,
    /// Candidates have seen this version: saving makes a new one.
    pub seen: bool,
    pub skill_id: Option<Uuid>,
    pub form: QuestionForm,
}

/// One way an assessment draws questions: all of a set, or `draw` at random (of one difficulty if given).
/// Rows of the form without a set are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrawRule {
    pub set_id: Option<Uuid>,
    pub draw: Option<i32>,
    pub difficulty: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    pub id: Uuid,
    pub title: String,
    /// The job it is tied to.
    pub job: Option<String>,
    pub time_limit_minutes: i32,
    pub passing_percent: f64,
    pub invited: i64,
    pub submitted: i64,
}

/// What the invitation link's landing page tells the candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Landing {
    pub tenant_name: String,
    pub title: String,
    pub instructions: String,
    /// With the accommodation applied.
    pub minutes: f64,
    pub question_count: i64,
    pub attempts_left: i32,
    /// A session in progress that the candidate can go back to.
    pub in_progress: bool,
    /// The latest attempt was submitted (by the candidate or when time ran out).
    pub submitted: bool,
    /// This browser's id: the session in progress belongs to one browser at a time.
    pub client_id: Uuid,
    /// The session in progress, when this browser holds it: the page opens the player at once.
    pub session: Option<SessionState>,
    /// Open incidents affecting assessments for this organization.
    pub notices: Vec<crate::incidents::types::Banner>,
}

/// One question of a session, as the candidate sees it: no answer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionQuestion {
    pub position: i32,
    pub version_id: Uuid,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<ChoiceOption>,
    pub response: Option<Response>,
    pub flagged: bool,
    /// The sequence number of the save the server holds for this question.
    pub seq: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionState {
    pub session_id: Uuid,
    pub title: String,
    pub questions: Vec<SessionQuestion>,
    /// Milliseconds left by the server's clock when this was read.
    pub remaining_ms: i64,
    pub submitted: bool,
    /// Signals this candidate is not flagged for (their accommodation).
    pub unflagged_signals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveAck {
    pub version_id: Uuid,
    /// The sequence number the server now holds; at least the one sent.
    pub seq: i64,
    pub remaining_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub score: f64,
    pub max_score: f64,
    pub percent: f64,
    pub passed: bool,
    /// Long-text answers still to be graded by a person.
    pub awaiting_review: i64,
}
