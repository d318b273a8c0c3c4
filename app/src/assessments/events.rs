//! What the assessments feature announces to others.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::platform::events::Event;

/// A test was graded: on submission, or again after a hand grade changed its score.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssessmentSubmitted {
    pub tenant_id: Uuid,
    pub session_id: Uuid,
    /// A hand grade after submission: the submission itself was announced before.
    #[serde(default)]
    pub regraded: bool,
}

impl Event for AssessmentSubmitted {
    const NAME: &'static str = "assessments.submitted";

    fn key(&self) -> Option<String> {
        let what = if self.regraded { "assessment_regraded" } else { "assessment_submitted" };
        Some(format!("{what}:{}", self.session_id))
    }
}
