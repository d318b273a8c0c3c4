//! What the service accepts from a form or an API call: each field checked, with its message.

use chrono::{DateTime, NaiveDate, Utc};

use super::types::*;
use crate::platform::AppError;

/// A job's address: http(s), at most 2,000 characters.
pub fn job_url(value: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid("job_url", "Enter the job's address."));
    }
    if value.chars().count() > MAX_URL_CHARS {
        return Err(AppError::invalid("job_url", format!("The address can be at most {MAX_URL_CHARS} characters.")));
    }
    let web = (value.starts_with("https://") || value.starts_with("http://"))
        && value.split("://").nth(1).is_some_and(|rest| rest.split('/').next().is_some_and(|host| host.contains('.') || host.starts_with("localhost")))
        && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    if !web {
        return Err(AppError::invalid("job_url", "Enter a web address starting with https://."));
    }
    Ok(value.to_owned())
}

/// A company's name or a job's title: 1 to 200 characters on one line.
pub fn one_line(field: &str, label: &str, value: &str) -> Result<String, AppError> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return Err(AppError::invalid(field, format!("Enter the {label}.")));
    }
    if value.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid(field, format!("The {label} can be at most {MAX_NAME_CHARS} characters.")));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, format!("The {label} contains characters that are not allowed.")));
    }
    Ok(value)
}

/// A deadline: a day (`2026-12-31`, the end of that day, UTC) or a moment (RFC 3339), after
/// `now` and at most 90 days ahead.
pub fn deadline(value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, AppError> {
    let value = value.trim();
    let at = if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        day.and_hms_opt(23, 59, 59).map(|at| at.and_utc())
    } else {
        DateTime::parse_from_rfc3339(value).ok().map(|at| at.with_timezone(&Utc))
    };
    let Some(at) = at else {
        return Err(AppError::invalid("deadline", "Enter the deadline as a date, like 2026-12-31."));
    };
    if at <= now {
        return Err(AppError::invalid("deadline", "The deadline must be after now."));
    }
    if at > now + chrono::Duration::days(MAX_DEADLINE_DAYS) {
        return Err(AppError::invalid("deadline", format!("The deadline can be at most {MAX_DEADLINE_DAYS} days ahead.")));
    }
    Ok(at)
}

/// Text a person writes (a reason, notes): trimmed, at most `max` characters, lines and tabs
/// but no other control characters (the database refuses a NUL byte in text).
pub fn free_text(field: &str, label: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::invalid(field, format!("The {label} can be at most {max} characters.")));
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(AppError::invalid(field, format!("The {label} contains characters that are not allowed.")));
    }
    Ok(value.to_owned())
}

/// A reason given for cancelling, failing or rejecting: `required` or not, at most 1,000 characters.
pub fn reason(value: &str, required: bool) -> Result<String, AppError> {
    let value = free_text("reason", "reason", value, MAX_REASON_CHARS)?;
    if required && value.is_empty() {
        return Err(AppError::invalid("reason", "Say why, so that the other side knows what to do."));
    }
    Ok(value)
}

pub fn resume_type_name(value: &str) -> Result<String, AppError> {
    let value = one_line("name", "résumé's name", value)?;
    if value.chars().count() > MAX_RESUME_TYPE_NAME_CHARS {
        return Err(AppError::invalid("name", format!("The name can be at most {MAX_RESUME_TYPE_NAME_CHARS} characters.")));
    }
    Ok(value)
}

pub fn daily_cap(value: i32) -> Result<i32, AppError> {
    if !(1..=1000).contains(&value) {
        return Err(AppError::invalid("daily_cap", "The daily cap is a number from 1 to 1000."));
    }
    Ok(value)
}

/// A screenshot's type by its content: PNG or JPEG, else none.
pub fn screenshot_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 33 && &bytes[12..16] == b"IHDR" {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes.len() > 4 && bytes.ends_with(&[0xFF, 0xD9]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Everything a new delegation needs, checked field by field; the first fault is returned.
pub fn new_delegation(job_url_text: &str, company: &str, title: &str, resume_type_id: &str, priority: &str, deadline_text: &str, now: DateTime<Utc>) -> Result<NewDelegation, AppError> {
    Ok(NewDelegation {
        job_url: job_url(job_url_text)?,
        company: one_line("company", "company's name", company)?,
        title: one_line("title", "job's title", title)?,
        resume_type_id: resume_type_id.trim().parse().map_err(|_| AppError::invalid("resume_type_id", "Choose one of your résumés."))?,
        priority: if priority.is_empty() { Priority::Normal } else { Priority::parse("priority", priority)? },
        deadline: deadline(deadline_text, now)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_addresses_are_web_addresses() {
        assert!(job_url("https://jobs.example.com/42").is_ok());
        for bad in ["", "jobs.example.com", "javascript:alert(1)", "https://", "https://exa mple.com", "ftp://example.com/x"] {
            assert!(job_url(bad).is_err(), "{bad}");
        }
        assert!(job_url(&format!("https://example.com/{}", "a".repeat(2000))).is_err());
    }

    #[test]
    fn reasons_keep_their_lines_and_refuse_other_control_characters() {
        assert_eq!(reason(" Wrong job.\nThe other one. ", true).unwrap(), "Wrong job.\nThe other one.");
        assert!(reason("\u{bb}\u{0}'", false).is_err(), "a NUL byte");
        assert!(reason("  ", true).is_err());
        assert!(reason(&"x".repeat(1001), false).is_err());
    }

    #[test]
    fn deadlines_are_ahead_and_not_too_far() {
        let now = DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(deadline("2026-12-08", now).unwrap().to_rfc3339(), "2026-12-08T23:59:59+00:00");
        assert!(deadline("2026-12-07T09:00:00Z", now).is_err());
        assert!(deadline("2027-06-01", now).is_err());
        assert!(deadline("tomorrow", now).is_err());
    }

    #[test]
    fn screenshots_are_known_by_their_content() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend([0u8; 30]);
        assert_eq!(screenshot_type(&png), Some("image/png"));
        assert_eq!(screenshot_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xD9]), Some("image/jpeg"));
        assert_eq!(screenshot_type(b"GIF89a......"), None);
        assert_eq!(screenshot_type(b"<svg onload=alert(1)>"), None);
        assert_eq!(screenshot_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), None, "a JPEG cut short");
    }
}
