use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::assessments::types::Skill;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobDescription {
    pub id: Uuid,
    pub title: String,
    pub body: String,
    pub required_skills: Vec<Skill>,
    /// Assessments tied to this job.
    pub assessments: i64,
}

/// The tenant's jobs, and the skill catalog they pick required skills from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Jobs {
    pub jobs: Vec<JobDescription>,
    pub skills: Vec<Skill>,
}
