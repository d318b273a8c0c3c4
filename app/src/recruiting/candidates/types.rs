use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::assessments::types::Skill;
use crate::recruiting::pipeline::types::{ApplicationStatus, StageKind};

/// Where a candidate came from.
pub const SOURCES: [(&str, &str); 6] = [("careers_site", "Careers site"), ("job_board", "Hirevoo Jobs"), ("referral", "Referral"), ("sourced", "Sourced"), ("agency", "Agency"), ("imported", "Imported")];

pub fn source_label(source: &str) -> &'static str {
    SOURCES.iter().find(|(key, _)| *key == source).map_or("Unknown", |(_, label)| label)
}

pub const CANDIDATES_PER_PAGE: i64 = 25;

/// The people page's query as the URL carries it; every field text, checked on the server.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CandidateQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub requisition: String,
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub skill: String,
    #[serde(default)]
    pub min_level: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

impl CandidateQuery {
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let one = |key: &str| get(key).unwrap_or_default();
        Self {
            q: one("q"),
            requisition: one("requisition"),
            stage: one("stage"),
            source: one("source"),
            tag: one("tag"),
            skill: one("skill"),
            min_level: one("min_level"),
            sort: one("sort"),
            page: one("page"),
        }
    }

    /// The query string for the same filters on another page or sort.
    pub fn href(&self, path: &str, page: i64) -> String {
        let pairs = [
            ("q", &self.q),
            ("requisition", &self.requisition),
            ("stage", &self.stage),
            ("source", &self.source),
            ("tag", &self.tag),
            ("skill", &self.skill),
            ("min_level", &self.min_level),
            ("sort", &self.sort),
        ];
        let mut query: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", crate::ui::url_encode(v))).collect();
        if page > 1 {
            query.push(format!("page={page}"));
        }
        if query.is_empty() { path.to_owned() } else { format!("{path}?{}", query.join("&")) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateRow {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub location: String,
    pub source: String,
    pub tags: Vec<String>,
    pub applications: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct People {
    pub rows: Vec<CandidateRow>,
    pub total: i64,
    /// More match than `total` (a common word): the pages go as far as `total`.
    pub total_at_least: bool,
    pub page: i64,
    pub pages: i64,
    pub requisitions: Vec<(Uuid, String)>,
    pub skills: Vec<Skill>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateApplication {
    pub id: Uuid,
    pub requisition_id: Uuid,
    pub requisition_title: String,
    pub stage: String,
    pub kind: StageKind,
    pub status: ApplicationStatus,
    pub applied_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: Uuid,
    /// The stored file, downloaded at `/files/{file_id}`.
    pub file_id: Uuid,
    pub file_name: String,
    pub kind: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
    /// The latest extraction's outcome, if it ran.
    pub extraction: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub source: String,
    pub tags: Vec<String>,
    pub links: Vec<String>,
    /// (skill, proficiency 1–5)
    pub skills: Vec<(Skill, i16)>,
    pub applications: Vec<CandidateApplication>,
    pub documents: Vec<Document>,
    pub created_at: DateTime<Utc>,
    /// Every skill of the tenant, for the editor.
    pub skill_catalog: Vec<Skill>,
    /// Requisitions that take applications, for "add to a requisition".
    pub open_requisitions: Vec<(Uuid, String)>,
    /// Other records with the same name or phone: (id, name, email).
    pub possible_duplicates: Vec<(Uuid, String, String)>,
    /// The candidates with the most similar skills, the most similar first.
    pub similar: Vec<SimilarCandidate>,
}

/// Another candidate of the tenant whose skills resemble this one's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarCandidate {
    pub id: Uuid,
    pub name: String,
    /// The skills both have, by name.
    pub shared_skills: Vec<String>,
    /// How much of this candidate's skills the other has, in percent: each shared skill counts
    /// at the lower of the two levels, out of the sum of this candidate's levels.
    pub similarity: i32,
}

/// What became of a document added from the profile, carried in the profile's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentOutcome {
    Added,
    Missing,
    TooLarge,
    NotPdf,
    Kind,
}

impl DocumentOutcome {
    pub const ALL: [DocumentOutcome; 5] = [DocumentOutcome::Added, DocumentOutcome::Missing, DocumentOutcome::TooLarge, DocumentOutcome::NotPdf, DocumentOutcome::Kind];

    pub fn code(self) -> &'static str {
        match self {
            DocumentOutcome::Added => "added",
            DocumentOutcome::Missing => "missing",
            DocumentOutcome::TooLarge => "too_large",
            DocumentOutcome::NotPdf => "not_pdf",
            DocumentOutcome::Kind => "kind",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            DocumentOutcome::Added => "The document was added; its text becomes searchable in a moment.",
            DocumentOutcome::Missing => "Choose a PDF file to add.",
            DocumentOutcome::TooLarge => "The file is larger than 10 MB.",
            DocumentOutcome::NotPdf => "The file is not a PDF. Save it as PDF and add it again.",
            DocumentOutcome::Kind => "Choose whether it is a résumé or another document.",
        }
    }
}
