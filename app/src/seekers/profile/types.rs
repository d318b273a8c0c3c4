use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use uuid::Uuid;

pub const MAX_LINKS: usize = 5;
pub const MAX_SKILLS: i64 = 50;
pub const MAX_EXPERIENCE: i64 = 30;
pub const MAX_EDUCATION: i64 = 20;
pub const MAX_HEADLINE: usize = 120;
pub const MAX_PLACE: usize = 100;
pub const MAX_LINK: usize = 300;
pub const MAX_SUMMARY: usize = 2000;
pub const MAX_SKILL_NAME: usize = 60;
/// A job title, company, school, degree or field of study.
pub const MAX_ENTRY_TEXT: usize = 120;
pub const MAX_DESCRIPTION: usize = 2000;
/// A pasted JSON Resume, at most: the form carrying it (encoded, up to three times longer)
/// stays under a server function's 64 KB. Longer ones come as a file.
pub const MAX_RESUME_CHARS: usize = 20_000;
/// An uploaded JSON Resume file, at most: the fullest profile is about 100 KB of JSON.
pub const MAX_RESUME_FILE_BYTES: usize = 512 * 1024;

/// How well a seeker knows a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum SkillLevel {
    Beginner,
    Intermediate,
    Advanced,
    Expert,
}

impl SkillLevel {
    pub const ALL: [SkillLevel; 4] = [SkillLevel::Beginner, SkillLevel::Intermediate, SkillLevel::Advanced, SkillLevel::Expert];

    pub fn as_str(self) -> &'static str {
        match self {
            SkillLevel::Beginner => "beginner",
            SkillLevel::Intermediate => "intermediate",
            SkillLevel::Advanced => "advanced",
            SkillLevel::Expert => "expert",
        }
    }

    /// The level on an organization's scale of 1 to 5, for the skills sent with an application:
    /// the ends and the middle of both scales meet.
    pub fn proficiency(self) -> i16 {
        match self {
            SkillLevel::Beginner => 1,
            SkillLevel::Intermediate => 3,
            SkillLevel::Advanced => 4,
            SkillLevel::Expert => 5,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SkillLevel::Beginner => "Beginner",
            SkillLevel::Intermediate => "Intermediate",
            SkillLevel::Advanced => "Advanced",
            SkillLevel::Expert => "Expert",
        }
    }
}

impl FromStr for SkillLevel {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        SkillLevel::ALL.into_iter().find(|level| level.as_str() == value).ok_or_else(|| format!("unknown skill level {value:?}"))
    }
}

/// What a seeker says about themselves at the top of their profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileBasics {
    pub headline: String,
    pub city: String,
    pub country: String,
    /// Up to five http or https addresses: a portfolio, a code host, a professional network.
    pub links: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileSkill {
    pub id: Uuid,
    pub name: String,
    pub level: SkillLevel,
}

/// A job held: months are stored as their first day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Experience {
    pub id: Uuid,
    pub title: String,
    pub company: String,
    pub start: NaiveDate,
    /// None: the seeker works there now.
    pub end: Option<NaiveDate>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Education {
    pub id: Uuid,
    pub school: String,
    pub degree: String,
    pub field: String,
    pub start_year: i32,
    /// None: still studying.
    pub end_year: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SeekerProfile {
    pub basics: ProfileBasics,
    pub skills: Vec<ProfileSkill>,
    pub experience: Vec<Experience>,
    pub education: Vec<Education>,
}

/// A month as the profile's forms write it, e.g. `2021-03`.
pub fn month_text(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

/// A month as people read it, e.g. `Mar 2021`.
pub fn month_label(month: NaiveDate) -> String {
    month.format("%b %Y").to_string()
}

impl Experience {
    pub fn period(&self) -> String {
        let end = self.end.map_or_else(|| "now".to_owned(), month_label);
        format!("{} – {end}", month_label(self.start))
    }
}

impl Education {
    pub fn period(&self) -> String {
        match self.end_year {
            Some(end) if end == self.start_year => end.to_string(),
            Some(end) => format!("{} – {end}", self.start_year),
            None => format!("{} – now", self.start_year),
        }
    }

    /// "MSc, Computer Science", or whichever of the two is given.
    pub fn studies(&self) -> String {
        [self.degree.as_str(), self.field.as_str()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(", ")
    }
}

/// What became of the last JSON Resume file this browser uploaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub imported: bool,
    pub message: String,
}

/// A part of the profile made of entries, each removable by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Skills,
    Experience,
    Education,
}

impl Section {
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Skills => "skills",
            Section::Experience => "experience",
            Section::Education => "education",
        }
    }
}

impl FromStr for Section {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        [Section::Skills, Section::Experience, Section::Education].into_iter().find(|s| s.as_str() == value).ok_or_else(|| format!("unknown section {value:?}"))
    }
}
