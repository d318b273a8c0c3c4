//! The profile as a JSON Resume (https://jsonresume.org/schema): written for the download,
//! read for the import. Reading checks every entry with the forms' own rules, so an import
//! stores nothing a form would refuse.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::rules;
use super::types::*;
use crate::platform::context::{cookie, set_site_cookie, with_request, with_request_cookies, Access, Ctx, Platform};
use crate::platform::AppError;

const SCHEMA: &str = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Resume {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    #[serde(default)]
    pub basics: Option<Basics>,
    #[serde(default)]
    pub work: Option<Vec<Work>>,
    #[serde(default)]
    pub education: Option<Vec<Study>>,
    #[serde(default)]
    pub skills: Option<Vec<Skill>>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Basics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<Profile>>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Not in the schema, which allows more properties: a country written out (`Germany`)
    /// rather than as a two-letter code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Work {
    /// The company (`company` in the schema's first versions).
    #[serde(default, alias = "company", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highlights: Option<Vec<String>>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Study {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Skill {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
}

fn given(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The host of a link, as a profile's network (`github.com`).
fn network(url: &str) -> Option<String> {
    reqwest::Url::parse(url).ok()?.host_str().map(|host| host.trim_start_matches("www.").to_owned())
}

/// The profile as a JSON Resume, with the account's name and email address.
pub fn export(profile: &SeekerProfile, name: &str, email: &str) -> Resume {
    let basics = &profile.basics;
    let country = basics.country.as_str();
    let is_code = country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic());
    let location = (!basics.city.is_empty() || !country.is_empty()).then(|| Location {
        city: given(&basics.city),
        country_code: is_code.then(|| country.to_ascii_uppercase()),
        country: (!is_code).then(|| given(country)).flatten(),
    });
    let mut links = basics.links.iter();
    let url = links.next().cloned();
    let profiles: Vec<Profile> = links.map(|url| Profile { network: network(url), url: Some(url.clone()) }).collect();
    Resume {
        schema: Some(SCHEMA.to_owned()),
        basics: Some(Basics {
            name: given(name),
            label: given(&basics.headline),
            email: given(email),
            url,
            summary: given(&basics.summary),
            location,
            profiles: (!profiles.is_empty()).then_some(profiles),
        }),
        work: Some(
            profile
                .experience
                .iter()
                .map(|job| Work {
                    name: Some(job.company.clone()),
                    position: Some(job.title.clone()),
                    start_date: Some(month_text(job.start)),
                    end_date: job.end.map(month_text),
                    summary: given(&job.description),
                    highlights: None,
                })
                .collect(),
        ),
        education: Some(
            profile
                .education
                .iter()
                .map(|study| Study {
                    institution: Some(study.school.clone()),
                    study_type: given(&study.degree),
                    area: given(&study.field),
                    start_date: Some(study.start_year.to_string()),
                    end_date: study.end_year.map(|year| year.to_string()),
                })
                .collect(),
        ),
        skills: Some(profile.skills.iter().map(|skill| Skill { name: Some(skill.name.clone()), level: Some(skill.level.label().to_owned()) }).collect()),
    }
}

/// The levels résumés use, read as the profile's four.
fn level(text: &str) -> Option<SkillLevel> {
    Some(match text.trim().to_lowercase().as_str() {
        "beginner" | "novice" | "basic" | "elementary" | "junior" | "learning" => SkillLevel::Beginner,
        "intermediate" | "proficient" | "competent" | "good" | "working knowledge" | "mid" | "mid-level" => SkillLevel::Intermediate,
        "advanced" | "senior" | "strong" | "very good" => SkillLevel::Advanced,
        "expert" | "master" | "excellent" | "fluent" | "native" | "principal" => SkillLevel::Expert,
        _ => return None,
    })
}

/// A refusal of one entry of the résumé: said of the whole pasted text, naming the entry.
fn within(entry: String) -> impl FnOnce(AppError) -> AppError {
    move |error| AppError::invalid("resume", format!("{entry}: {error}"))
}

fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or_default()
}

/// The year a JSON Resume date (`2019`, `2019-09`, `2019-09-01`) starts with.
fn year_of(date: &Option<String>) -> &str {
    text(date).trim().split('-').next().unwrap_or_default()
}

/// Reads a JSON Resume into a whole profile, refusing it at its first fault.
pub fn import(json: &str) -> Result<SeekerProfile, AppError> {
    if json.trim().is_empty() {
        return Err(AppError::invalid("resume", "The JSON Resume is empty: paste the whole text of the file."));
    }
    let resume: Resume = serde_json::from_str(json).map_err(|error| {
        let what = if error.is_syntax() || error.is_eof() { "This is not valid JSON" } else { "This JSON is not a JSON Resume" };
        AppError::invalid("resume", format!("{what} (line {}, column {}).", error.line(), error.column()))
    })?;
    let basics = resume.basics.unwrap_or_default();
    let location = basics.location.unwrap_or_default();
    let profile_links: Vec<String> = basics.profiles.unwrap_or_default().into_iter().filter_map(|profile| profile.url).collect();
    let links = rules::links(basics.url.iter().chain(&profile_links).map(String::as_str)).map_err(within("In basics".into()))?;
    let country = location.country_code.or(location.country).unwrap_or_default();
    let basics = rules::basics(text(&basics.label), text(&location.city), &country, links, text(&basics.summary)).map_err(within("In basics".into()))?;

    let skills = resume.skills.unwrap_or_default();
    if skills.len() as i64 > MAX_SKILLS {
        return Err(AppError::invalid("resume", format!("This résumé lists {} skills: a profile holds at most {MAX_SKILLS}.", skills.len())));
    }
    let mut kept_skills: Vec<ProfileSkill> = Vec::with_capacity(skills.len());
    for (i, skill) in skills.iter().enumerate() {
        let entry = format!("Skill {} ({})", i + 1, text(&skill.name).trim());
        let level = level(text(&skill.level)).map(SkillLevel::as_str).ok_or_else(|| {
            AppError::invalid("resume", format!("{entry}: its level “{}” is not one of beginner, intermediate, advanced or expert.", text(&skill.level)))
        })?;
        let skill = rules::skill(Uuid::now_v7(), text(&skill.name), level).map_err(within(entry.clone()))?;
        if kept_skills.iter().any(|kept| kept.name.to_lowercase() == skill.name.to_lowercase()) {
            return Err(AppError::invalid("resume", format!("{entry}: this skill is listed twice.")));
        }
        kept_skills.push(skill);
    }

    let work = resume.work.unwrap_or_default();
    if work.len() as i64 > MAX_EXPERIENCE {
        return Err(AppError::invalid("resume", format!("This résumé lists {} jobs: a profile holds at most {MAX_EXPERIENCE}.", work.len())));
    }
    let mut experience = Vec::with_capacity(work.len());
    for (i, job) in work.iter().enumerate() {
        let mut description = text(&job.summary).trim().to_owned();
        for highlight in job.highlights.iter().flatten().map(|h| h.trim()).filter(|h| !h.is_empty()) {
            if !description.is_empty() {
                description.push('\n');
            }
            description.push_str("- ");
            description.push_str(highlight);
        }
        let end = job.end_date.as_deref().map(str::trim).filter(|end| !end.is_empty());
        let entry = format!("Job {} ({})", i + 1, text(&job.position).trim());
        experience.push(rules::experience(Uuid::now_v7(), text(&job.position), text(&job.name), text(&job.start_date), end, &description).map_err(within(entry))?);
    }

    let studies = resume.education.unwrap_or_default();
    if studies.len() as i64 > MAX_EDUCATION {
        return Err(AppError::invalid("resume", format!("This résumé lists {} schools: a profile holds at most {MAX_EDUCATION}.", studies.len())));
    }
    let mut education = Vec::with_capacity(studies.len());
    for (i, study) in studies.iter().enumerate() {
        let entry = format!("Education {} ({})", i + 1, text(&study.institution).trim());
        education.push(
            rules::education(Uuid::now_v7(), text(&study.institution), text(&study.study_type), text(&study.area), year_of(&study.start_date), year_of(&study.end_date))
                .map_err(within(entry))?,
        );
    }
    Ok(SeekerProfile { basics, skills: kept_skills, experience, education })
}

/// `GET /profile/resume.json`: the signed-in seeker's profile as a file to keep.
pub async fn download(axum::extract::Extension(platform): axum::extract::Extension<Platform>, request: axum::extract::Request) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let (parts, _) = request.into_parts();
    let resume = with_request(platform, parts, async {
        let mut ctx = Ctx::seeker(Access::Read).await?;
        let profile = super::repo::profile(&mut ctx.tx, ctx.user.user_id).await?;
        let resume = export(&profile, &ctx.user.display_name, &ctx.user.email);
        ctx.commit().await?;
        serde_json::to_string_pretty(&resume).map_err(AppError::internal)
    })
    .await;
    match resume {
        Ok(json) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"resume.json\""),
                (header::CACHE_CONTROL, "no-store"),
            ],
            json,
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

/// Keeps what became of an uploaded file for the page the browser is sent back to, a minute at
/// most: the refusal names the entry at fault, too long for the address.
const OUTCOME_COOKIE: &str = "hirevoo_resume_import";

/// `POST /profile/resume/file`: a JSON Resume file, imported as a pasted one is; the browser
/// goes back to the import page, which says what happened.
pub async fn upload(axum::extract::Extension(platform): axum::extract::Extension<Platform>, request: axum::extract::Request) -> axum::response::Response {
    use crate::platform::upload::{self, see_other, UploadError};
    use axum::response::IntoResponse;
    let (parts, body) = request.into_parts();
    let (outcome, cookies) = with_request_cookies(platform.clone(), parts.clone(), async {
        crate::platform::session::require_role(&platform, &[crate::platform::Role::Seeker]).await?;
        let too_large = || AppError::invalid("file", "This file is larger than 512 KB, which no JSON Resume needs to be.");
        let form = match upload::read(axum::extract::Request::from_parts(parts, body), "file", MAX_RESUME_FILE_BYTES).await {
            Ok(form) if form.file_too_large => Err(too_large()),
            Err(UploadError::TooLarge) => Err(too_large()),
            Err(UploadError::Unreadable) => Err(AppError::invalid("file", "The file could not be read: choose it again.")),
            Ok(form) => Ok(form),
        };
        let result = match form.map(|form| form.file) {
            Ok(None) => Err(AppError::invalid("file", "Choose a JSON Resume file.")),
            Ok(Some(file)) => match String::from_utf8(file.bytes) {
                Ok(text) => super::api::replace_from_resume(&text).await,
                Err(_) => Err(AppError::invalid("file", "This file is not text: a JSON Resume is a .json file.")),
            },
            Err(error) => Err(error),
        };
        match result {
            Ok(message) => remember(&platform, true, &message),
            Err(error @ AppError::Invalid { .. }) => remember(&platform, false, &error.to_string()),
            Err(error) => return Err(error),
        }
        Ok(())
    })
    .await;
    let mut response = match outcome {
        Ok(()) => see_other("/profile/resume#import"),
        Err(error) => error.into_response(),
    };
    for cookie in cookies {
        response.headers_mut().append(axum::http::header::SET_COOKIE, cookie);
    }
    response
}

fn remember(platform: &Platform, imported: bool, message: &str) {
    let message: String = message.chars().take(300).collect();
    let value: String = std::iter::once(if imported { b'1' } else { b'0' }).chain(message.bytes()).map(|byte| format!("{byte:02x}")).collect();
    set_site_cookie(&platform.settings, OUTCOME_COOKIE, &value, 60);
}

/// What became of this browser's last upload, once: reading it forgets it.
pub fn take_outcome(platform: &Platform) -> Option<ImportOutcome> {
    let value = cookie(OUTCOME_COOKIE).filter(|value| !value.is_empty())?;
    set_site_cookie(&platform.settings, OUTCOME_COOKIE, "", 0);
    let bytes: Vec<u8> = (0..value.len()).step_by(2).map(|i| value.get(i..i + 2).and_then(|hex| u8::from_str_radix(hex, 16).ok())).collect::<Option<_>>()?;
    let (first, message) = bytes.split_first()?;
    Some(ImportOutcome { imported: *first == b'1', message: String::from_utf8(message.to_vec()).ok()? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_sample_reads() {
        let json = r#"{
          "basics": {"name": "John Doe", "label": "Programmer", "url": "https://johndoe.com", "summary": "A summary of John Doe…",
                     "location": {"city": "San Francisco", "countryCode": "US", "region": "California"},
                     "profiles": [{"network": "Twitter", "username": "john", "url": "https://twitter.com/john"}]},
          "work": [{"name": "Company", "position": "President", "url": "https://company.com", "startDate": "2013-01-01", "endDate": "2014-01-01",
                    "summary": "Description…", "highlights": ["Started the company"]}],
          "education": [{"institution": "University", "area": "Software Development", "studyType": "Bachelor", "startDate": "2011-01-01", "endDate": "2013-01-01", "score": "4.0"}],
          "skills": [{"name": "Web Development", "level": "Master", "keywords": ["HTML"]}]
        }"#;
        let profile = import(json).unwrap();
        assert_eq!(profile.basics.links, ["https://johndoe.com", "https://twitter.com/john"]);
        assert_eq!((profile.basics.city.as_str(), profile.basics.country.as_str()), ("San Francisco", "US"));
        assert_eq!(profile.skills[0].level, SkillLevel::Expert);
        assert_eq!(profile.experience[0].description, "Description…\n- Started the company");
        assert_eq!((profile.education[0].start_year, profile.education[0].end_year), (2011, Some(2013)));
    }

    #[test]
    fn faults_name_their_entry() {
        let error = import(r#"{"work": [{"name": "Acme", "position": "Engineer", "startDate": "soon"}]}"#).unwrap_err();
        assert_eq!(error.field(), Some("resume"));
        assert!(error.to_string().starts_with("Job 1 (Engineer): Enter the start month"), "{error}");
        assert!(import("{").unwrap_err().to_string().starts_with("This is not valid JSON"));
        assert!(import(r#"{"skills": "many"}"#).unwrap_err().to_string().starts_with("This JSON is not a JSON Resume"));
        assert!(import(r#"{"skills": [{"name": "Rust", "level": "Wizard"}]}"#).unwrap_err().to_string().contains("Wizard"));
    }
}
