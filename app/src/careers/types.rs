use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use uuid::Uuid;

use crate::recruiting::requisitions::types::EmploymentType;

/// Jobs on one page of the careers site.
pub const PAGE_SIZE: i64 = 25;
pub const MAX_SEARCH: usize = 200;
/// The largest résumé accepted.
pub const MAX_RESUME_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_COVER_NOTE: usize = 5000;
pub const MAX_PHONE: usize = 40;

/// What a visitor sees of the organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub name: String,
    pub slug: String,
}

/// A careers page, or the word that the organization's site is unavailable (suspended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Careers<T> {
    Open(T),
    Unavailable { organization: String },
}

/// The page of a link to confirm an application: `job_title` is `None` once the link no longer works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldApplicationPage {
    pub organization: Organization,
    pub job_title: Option<String>,
}

/// The careers page's URL query, as text: what the search form sends without JavaScript.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CareersParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub remote: String,
    #[serde(default)]
    pub page: String,
}

impl CareersParams {
    pub fn search(&self) -> String {
        self.q.trim().chars().take(MAX_SEARCH).collect()
    }

    pub fn remote_only(&self) -> bool {
        matches!(self.remote.as_str(), "1" | "on" | "true")
    }

    /// A page number, 1 when missing or unreadable: a public page answers whatever the address says.
    pub fn page_number(&self) -> i64 {
        self.page.trim().parse::<i64>().ok().filter(|p| *p >= 1).unwrap_or(1)
    }

    /// The URL query for these parameters on another page, empty ones left out.
    pub fn query_string(&self, page: i64) -> String {
        let page = if page > 1 { page.to_string() } else { String::new() };
        crate::ui::query_string([("q", self.q.as_str()), ("department", &self.department), ("location", &self.location), ("remote", &self.remote), ("page", &page)])
    }
}

/// One job in the careers list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobSummary {
    pub id: Uuid,
    pub title: String,
    pub department: String,
    pub location: String,
    pub employment_type: EmploymentType,
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CareersPage {
    pub organization: Organization,
    pub jobs: Vec<JobSummary>,
    /// Jobs matching the search and filters, over every page.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// The filter menus: departments and cities of the jobs listed at all.
    pub departments: Vec<String>,
    pub locations: Vec<String>,
}

/// A job as its public page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicJob {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub department: String,
    pub location: String,
    pub employment_type: EmploymentType,
    /// Only when the recruiter shows it.
    pub salary: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub posted: NaiveDate,
}

/// What the application form starts from after a refused submission.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Refill {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub cover_note: String,
    /// A seeker unticked sending their profile's skills.
    #[serde(default)]
    pub skills_withheld: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobPage {
    pub organization: Organization,
    pub job: PublicJob,
    /// Why it takes no applications now; none while it does.
    pub closed: Option<ApplyProblem>,
    /// schema.org `JobPosting`, escaped for a script element; only while it takes applications.
    pub json_ld: Option<String>,
    /// The page's own public address.
    pub url: String,
    pub refill: Refill,
    /// A signed-in seeker applies with their account's name and confirmed address.
    pub applicant: Option<crate::seekers::types::Applicant>,
}

/// Why an application was refused: carried in the address as a code, so that the page
/// shows only messages of its own, never text from a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyProblem {
    Unreadable,
    NameMissing,
    NameInvalid,
    EmailMissing,
    EmailInvalid,
    PhoneInvalid,
    ResumeMissing,
    ResumeTooLarge,
    ResumeNotPdf,
    CoverNoteTooLong,
    ConsentMissing,
    AlreadyApplied,
    TooManyApplications,
    Closed,
    OnHold,
    PastDeadline,
    NotPublished,
    Removed,
    OrganizationUnavailable,
    TryAgain,
}

impl ApplyProblem {
    pub const ALL: [ApplyProblem; 20] = [
        ApplyProblem::Unreadable,
        ApplyProblem::NameMissing,
        ApplyProblem::NameInvalid,
        ApplyProblem::EmailMissing,
        ApplyProblem::EmailInvalid,
        ApplyProblem::PhoneInvalid,
        ApplyProblem::ResumeMissing,
        ApplyProblem::ResumeTooLarge,
        ApplyProblem::ResumeNotPdf,
        ApplyProblem::CoverNoteTooLong,
        ApplyProblem::ConsentMissing,
        ApplyProblem::AlreadyApplied,
        ApplyProblem::TooManyApplications,
        ApplyProblem::Closed,
        ApplyProblem::OnHold,
        ApplyProblem::PastDeadline,
        ApplyProblem::NotPublished,
        ApplyProblem::Removed,
        ApplyProblem::OrganizationUnavailable,
        ApplyProblem::TryAgain,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApplyProblem::Unreadable => "unreadable",
            ApplyProblem::NameMissing => "name_missing",
            ApplyProblem::NameInvalid => "name_invalid",
            ApplyProblem::EmailMissing => "email_missing",
            ApplyProblem::EmailInvalid => "email_invalid",
            ApplyProblem::PhoneInvalid => "phone_invalid",
            ApplyProblem::ResumeMissing => "resume_missing",
            ApplyProblem::ResumeTooLarge => "resume_too_large",
            ApplyProblem::ResumeNotPdf => "resume_not_pdf",
            ApplyProblem::CoverNoteTooLong => "cover_note_too_long",
            ApplyProblem::ConsentMissing => "consent_missing",
            ApplyProblem::AlreadyApplied => "already_applied",
            ApplyProblem::TooManyApplications => "too_many_applications",
            ApplyProblem::Closed => "closed",
            ApplyProblem::OnHold => "on_hold",
            ApplyProblem::PastDeadline => "past_deadline",
            ApplyProblem::NotPublished => "not_published",
            ApplyProblem::Removed => "removed",
            ApplyProblem::OrganizationUnavailable => "organization_unavailable",
            ApplyProblem::TryAgain => "try_again",
        }
    }

    /// The form field at fault, if one is.
    pub fn field(self) -> Option<&'static str> {
        match self {
            ApplyProblem::NameMissing | ApplyProblem::NameInvalid => Some("name"),
            ApplyProblem::EmailMissing | ApplyProblem::EmailInvalid | ApplyProblem::AlreadyApplied => Some("email"),
            ApplyProblem::PhoneInvalid => Some("phone"),
            ApplyProblem::ResumeMissing | ApplyProblem::ResumeTooLarge | ApplyProblem::ResumeNotPdf => Some("resume"),
            ApplyProblem::CoverNoteTooLong => Some("cover_note"),
            ApplyProblem::ConsentMissing => Some("consent"),
            _ => None,
        }
    }

    /// Whether the job itself takes no applications (rather than the form being at fault).
    pub fn is_about_the_job(self) -> bool {
        matches!(
            self,
            ApplyProblem::Closed
                | ApplyProblem::OnHold
                | ApplyProblem::PastDeadline
                | ApplyProblem::NotPublished
                | ApplyProblem::Removed
                | ApplyProblem::OrganizationUnavailable
        )
    }

    pub fn message(self) -> &'static str {
        match self {
            ApplyProblem::Unreadable => "We could not read the form. Please fill it in and send it again.",
            ApplyProblem::NameMissing => "Enter your name.",
            ApplyProblem::NameInvalid => "Enter your name in at most 120 characters, without special control characters.",
            ApplyProblem::EmailMissing => "Enter your email address.",
            ApplyProblem::EmailInvalid => "Enter an email address like name@example.com.",
            ApplyProblem::PhoneInvalid => "Enter a phone number of at most 40 characters, using digits, spaces and + - ( ) . only.",
            ApplyProblem::ResumeMissing => "Attach your résumé as a PDF file.",
            ApplyProblem::ResumeTooLarge => "Your résumé is larger than 10 MB. Attach a smaller PDF file.",
            ApplyProblem::ResumeNotPdf => "The file you attached is not a PDF. Attach your résumé as a PDF file.",
            ApplyProblem::CoverNoteTooLong => "Your cover note can be at most 5000 characters.",
            ApplyProblem::ConsentMissing => "Tick the box to agree that your application may be stored and processed.",
            ApplyProblem::AlreadyApplied => "You already applied for this job with this email address. We have your application: there is no need to apply again.",
            ApplyProblem::TooManyApplications => "Too many applications were sent from your network in the last hour. Please try again later.",
            ApplyProblem::Closed => "This job is closed and no longer accepts applications.",
            ApplyProblem::OnHold => "This job is on hold and does not accept applications at the moment.",
            ApplyProblem::PastDeadline => "The application deadline for this job has passed: it no longer accepts applications.",
            ApplyProblem::NotPublished => "This job is not published on the careers site and does not accept applications.",
            ApplyProblem::Removed => "This job has been removed and no longer accepts applications.",
            ApplyProblem::OrganizationUnavailable => "This organization's careers site is unavailable.",
            ApplyProblem::TryAgain => "We could not save your application just now. Please try again in a moment.",
        }
    }
}

impl FromStr for ApplyProblem {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        ApplyProblem::ALL.into_iter().find(|p| p.code() == value).ok_or_else(|| format!("unknown problem {value:?}"))
    }
}

/// "USD 80,000–100,000 a year": the salary range as people read it. Salaries are yearly.
pub fn salary_text(min: Option<f64>, max: Option<f64>, currency: &str) -> Option<String> {
    let amount = |n: f64| {
        let whole = n.trunc() as u64;
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let cents = ((n - n.trunc()) * 100.0).round() as u64;
        if cents > 0 { format!("{grouped}.{cents:02}") } else { grouped }
    };
    match (min, max) {
        (Some(min), Some(max)) if min == max => Some(format!("{currency} {} a year", amount(min))),
        (Some(min), Some(max)) => Some(format!("{currency} {}–{} a year", amount(min), amount(max))),
        (Some(min), None) => Some(format!("From {currency} {} a year", amount(min))),
        (None, Some(max)) => Some(format!("Up to {currency} {} a year", amount(max))),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salaries_read_naturally() {
        assert_eq!(salary_text(Some(80000.0), Some(100000.0), "USD").unwrap(), "USD 80,000–100,000 a year");
        assert_eq!(salary_text(Some(1234567.5), None, "EUR").unwrap(), "From EUR 1,234,567.50 a year");
        assert_eq!(salary_text(None, Some(900.0), "INR").unwrap(), "Up to INR 900 a year");
        assert_eq!(salary_text(None, None, "USD"), None);
    }

    #[test]
    fn problems_round_trip_through_their_codes() {
        for problem in ApplyProblem::ALL {
            assert_eq!(problem.code().parse::<ApplyProblem>().unwrap(), problem);
        }
        assert!("<script>".parse::<ApplyProblem>().is_err());
    }

    #[test]
    fn query_strings_leave_out_empty_values() {
        let params = CareersParams { q: "a&b".into(), remote: "1".into(), ..Default::default() };
        assert_eq!(params.query_string(2), "q=a%26b&remote=1&page=2");
        assert_eq!(CareersParams::default().query_string(1), "");
        assert_eq!(CareersParams { page: "-3".into(), ..Default::default() }.page_number(), 1);
    }
}
