//! A candidate's fields checked, whether typed into the profile form or read from an imported row.

use uuid::Uuid;

use super::types::SOURCES;
use crate::platform::{validate, AppError};

/// A candidate's fields, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub source: String,
    pub tags: Vec<String>,
    pub links: Vec<String>,
    /// (skill, level 1–5); skills not listed are removed.
    pub skills: Vec<(Uuid, i16)>,
}

/// The fields as given: tags separated by commas, links one per line.
pub struct CandidateFields<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub location: &'a str,
    pub source: &'a str,
    pub tags: &'a str,
    pub links: &'a str,
    pub skills: Vec<(Uuid, i16)>,
}

impl CandidateInput {
    pub fn check(fields: CandidateFields) -> Result<Self, AppError> {
        let name = validate::name("name", "name", fields.name)?;
        let email = validate::email("email", fields.email)?;
        let phone = validate::long_text("phone", "phone number", fields.phone, 40)?;
        let location = validate::long_text("location", "location", fields.location, 120)?;
        if !SOURCES.iter().any(|(key, _)| *key == fields.source) {
            return Err(AppError::invalid("source", "Choose where the candidate came from."));
        }
        let mut tags: Vec<String> = Vec::new();
        for tag in fields.tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if tag.chars().count() > 40 || tag.chars().any(char::is_control) {
                return Err(AppError::invalid("tags", "Keep each tag under 40 characters."));
            }
            if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                tags.push(tag.to_owned());
            }
        }
        if tags.len() > 30 {
            return Err(AppError::invalid("tags", "Give at most 30 tags."));
        }
        let mut links = Vec::new();
        for link in fields.links.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !(link.starts_with("https://") || link.starts_with("http://")) || link.len() > 300 || link.contains(char::is_whitespace) {
                return Err(AppError::invalid("links", format!("“{link}” is not a web address (https://…).")));
            }
            links.push(link.to_owned());
        }
        if links.len() > 10 {
            return Err(AppError::invalid("links", "Give at most 10 links."));
        }
        let mut skills: Vec<(Uuid, i16)> = Vec::new();
        for (id, level) in fields.skills {
            if !(1..=5).contains(&level) || skills.iter().any(|(s, _)| *s == id) {
                return Err(AppError::invalid("skills", "Give each skill once, at a level of 1 to 5."));
            }
            skills.push((id, level));
        }
        Ok(Self { name, email, phone, location, source: fields.source.to_owned(), tags, links, skills })
    }
}

/// The profile form's skill menus: `skill-id:level` each, level 0 meaning none.
pub fn form_skill_levels(entries: &[String]) -> Result<Vec<(Uuid, i16)>, AppError> {
    let mut skills = Vec::new();
    for entry in entries {
        let parsed = entry.split_once(':').and_then(|(id, level)| Some((id.parse::<Uuid>().ok()?, level.parse::<i16>().ok()?)));
        match parsed {
            Some((_, 0)) => {}
            Some(skill) => skills.push(skill),
            None => return Err(AppError::invalid("skills", "Each skill's level is 1 to 5, or none.")),
        }
    }
    Ok(skills)
}
