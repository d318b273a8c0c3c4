//! The profile's rules, for its forms and an imported JSON Resume alike: each refusal names the
//! field at fault and says what would be accepted.

use chrono::NaiveDate;
use uuid::Uuid;

use super::types::*;
use crate::platform::{validate, AppError};

/// One line of text that may be empty: trimmed, at most `max` characters, no control characters.
fn line(field: &str, label: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::invalid(field, format!("The {label} can be at most {max} characters.")));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, format!("The {label} contains characters that are not allowed.")));
    }
    Ok(value.to_owned())
}

/// Several lines of text that may be empty; line breaks and tabs are kept, other control characters refused.
fn text(field: &str, label: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = validate::long_text(field, label, &value.replace("\r\n", "\n"), max)?;
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(AppError::invalid(field, format!("The {label} contains characters that are not allowed.")));
    }
    Ok(value)
}

/// A web address a visitor may follow: http or https, with a host.
fn link(position: usize, value: &str) -> Result<String, AppError> {
    let refused = || AppError::invalid("links", format!("Link {position} is not a web address starting with http:// or https://."));
    if value.chars().count() > MAX_LINK {
        return Err(AppError::invalid("links", format!("Link {position} is longer than {MAX_LINK} characters.")));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refused());
    }
    let url = reqwest::Url::parse(value).map_err(|_| refused())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(refused());
    }
    Ok(value.to_owned())
}

/// The links in the order given, blank ones skipped and repeats dropped.
pub fn links<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, AppError> {
    let mut kept: Vec<String> = Vec::new();
    for value in values.into_iter().map(str::trim).filter(|value| !value.is_empty()) {
        let value = link(kept.len() + 1, value)?;
        if !kept.contains(&value) {
            kept.push(value);
        }
    }
    if kept.len() > MAX_LINKS {
        return Err(AppError::invalid("links", format!("Add at most {MAX_LINKS} links.")));
    }
    Ok(kept)
}

pub fn basics(headline: &str, city: &str, country: &str, links: Vec<String>, summary: &str) -> Result<ProfileBasics, AppError> {
    Ok(ProfileBasics {
        headline: line("headline", "headline", headline, MAX_HEADLINE)?,
        city: line("city", "city", city, MAX_PLACE)?,
        country: line("country", "country", country, MAX_PLACE)?,
        links,
        summary: text("summary", "summary", summary, MAX_SUMMARY)?,
    })
}

pub fn skill(id: Uuid, name: &str, level: &str) -> Result<ProfileSkill, AppError> {
    let name = line("name", "skill", name, MAX_SKILL_NAME)?;
    if name.is_empty() {
        return Err(AppError::invalid("name", "Enter a skill."));
    }
    let level = level.trim().parse().map_err(|_| AppError::invalid("level", "Choose a level: beginner, intermediate, advanced or expert."))?;
    Ok(ProfileSkill { id, name, level })
}

/// A month written `2021-03` (a day after it, or a year alone meaning January, is accepted too).
pub fn month(field: &str, label: &str, value: &str) -> Result<NaiveDate, AppError> {
    let refused = || AppError::invalid(field, format!("Enter the {label} as year and month, like 2021-03."));
    let mut parts = value.trim().split('-');
    let year = parts.next().filter(|y| y.len() == 4).and_then(|y| y.parse::<i32>().ok()).ok_or_else(refused)?;
    let month = match parts.next() {
        None => 1,
        Some(m) => m.parse::<u32>().ok().filter(|m| (1..=12).contains(m)).ok_or_else(refused)?,
    };
    if parts.next().is_some_and(|day| day.is_empty() || day.len() > 2 || !day.chars().all(|c| c.is_ascii_digit())) || parts.next().is_some() {
        return Err(refused());
    }
    if !(1900..=2100).contains(&year) {
        return Err(AppError::invalid(field, format!("The {label} must be between 1900 and 2100.")));
    }
    NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(refused)
}

/// A job held; `end` is None for the job held now.
pub fn experience(id: Uuid, title: &str, company: &str, start: &str, end: Option<&str>, description: &str) -> Result<Experience, AppError> {
    let title = validate::name("title", "job title", title)?;
    let company = validate::name("company", "company", company)?;
    let start = month("start", "start month", start)?;
    let end = end.map(|end| month("end", "end month", end)).transpose()?;
    if end.is_some_and(|end| end < start) {
        return Err(AppError::invalid("end", "The end month cannot be before the start month."));
    }
    let description = text("description", "description", description, MAX_DESCRIPTION)?;
    Ok(Experience { id, title, company, start, end, description })
}

fn year(field: &str, label: &str, value: &str) -> Result<i32, AppError> {
    value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|year| (1900..=2100).contains(year))
        .ok_or_else(|| AppError::invalid(field, format!("Enter the {label} as a year between 1900 and 2100, like 2019.")))
}

/// Studies; an empty `end_year` while still studying.
pub fn education(id: Uuid, school: &str, degree: &str, field: &str, start_year: &str, end_year: &str) -> Result<Education, AppError> {
    let school = validate::name("school", "school", school)?;
    let degree = line("degree", "degree", degree, MAX_ENTRY_TEXT)?;
    let field = line("field", "field of study", field, MAX_ENTRY_TEXT)?;
    let start_year = year("start_year", "start year", start_year)?;
    let end_year = match end_year.trim() {
        "" => None,
        end => Some(year("end_year", "end year", end)?),
    };
    if end_year.is_some_and(|end| end < start_year) {
        return Err(AppError::invalid("end_year", "The end year cannot be before the start year."));
    }
    Ok(Education { id, school, degree, field, start_year, end_year })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_years_and_months() {
        let march = NaiveDate::from_ymd_opt(2021, 3, 1).unwrap();
        for accepted in ["2021-03", " 2021-3 ", "2021-03-17"] {
            assert_eq!(month("start", "start month", accepted).unwrap(), march, "{accepted}");
        }
        assert_eq!(month("start", "start month", "2021").unwrap(), NaiveDate::from_ymd_opt(2021, 1, 1).unwrap());
        for refused in ["", "March 2021", "2021-13", "21-03", "2021-03-", "2021-03-01-02", "1800-01", "2021/03"] {
            assert_eq!(month("start", "start month", refused).unwrap_err().field(), Some("start"), "{refused:?}");
        }
    }

    #[test]
    fn links_are_web_addresses() {
        assert_eq!(links(["https://a.example/x", "", "http://b.example", "https://a.example/x"]).unwrap(), ["https://a.example/x", "http://b.example"]);
        for refused in ["javascript:alert(1)", "ftp://a.example", "a.example", "https://", "https://a .example", "mailto:a@b.example"] {
            assert_eq!(links([refused]).unwrap_err().field(), Some("links"), "{refused:?}");
        }
        let six: Vec<String> = (1..=6).map(|i| format!("https://{i}.example")).collect();
        assert!(links(six.iter().map(String::as_str)).is_err());
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let error = experience(Uuid::nil(), "Engineer", "Acme", "2021-03", Some("2020-12"), "").unwrap_err();
        assert_eq!(error.field(), Some("end"));
        let error = education(Uuid::nil(), "Uni", "", "", "2019", "2015").unwrap_err();
        assert_eq!(error.field(), Some("end_year"));
        assert!(text("summary", "summary", "a\u{0}b", 100).is_err());
        assert_eq!(text("summary", "summary", "a\r\nb", 100).unwrap(), "a\nb");
    }
}
