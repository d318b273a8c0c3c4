use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The columns a file may have, in the order the template lists them.
pub const COLUMNS: [(&str, &str); 8] = [
    ("name", "required"),
    ("email", "required, one row per person"),
    ("phone", ""),
    ("location", ""),
    ("source", "careers site, referral, sourced, agency or imported (the default)"),
    ("tags", "separated by semicolons"),
    ("links", "web addresses separated by spaces or semicolons"),
    ("skills", "from your skill catalog with a level of 1 to 5, e.g. Rust:4; SQL:3"),
];
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_IMPORT_ROWS: usize = 10_000;

/// Why a whole file was refused, carried in the upload page's address after the redirect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    Missing,
    TooLarge,
    Unreadable,
    Empty,
    NotUtf8 { line: u64 },
    MissingColumn(String),
    UnknownColumn(String),
    RepeatedColumn(String),
    TooManyRows(usize),
}

impl FileProblem {
    /// The code and detail that name the problem in an address.
    pub fn code(&self) -> (&'static str, String) {
        match self {
            FileProblem::Missing => ("missing", String::new()),
            FileProblem::TooLarge => ("too_large", String::new()),
            FileProblem::Unreadable => ("unreadable", String::new()),
            FileProblem::Empty => ("empty", String::new()),
            FileProblem::NotUtf8 { line } => ("not_utf8", line.to_string()),
            FileProblem::MissingColumn(column) => ("missing_column", column.clone()),
            FileProblem::UnknownColumn(column) => ("unknown_column", column.clone()),
            FileProblem::RepeatedColumn(column) => ("repeated_column", column.clone()),
            FileProblem::TooManyRows(rows) => ("too_many_rows", rows.to_string()),
        }
    }

    /// The query string that names the problem.
    pub fn query(&self) -> String {
        let (code, detail) = self.code();
        if detail.is_empty() { format!("error={code}") } else { format!("error={code}&detail={}", crate::ui::url_encode(&detail)) }
    }

    /// The problem an address names; `None` for an unknown code.
    pub fn from_query(code: &str, detail: &str) -> Option<Self> {
        let detail: String = detail.chars().filter(|c| !c.is_control()).take(60).collect();
        Some(match code {
            "missing" => FileProblem::Missing,
            "too_large" => FileProblem::TooLarge,
            "unreadable" => FileProblem::Unreadable,
            "empty" => FileProblem::Empty,
            "not_utf8" => FileProblem::NotUtf8 { line: detail.parse().ok()? },
            "missing_column" => FileProblem::MissingColumn(detail),
            "unknown_column" => FileProblem::UnknownColumn(detail),
            "repeated_column" => FileProblem::RepeatedColumn(detail),
            "too_many_rows" => FileProblem::TooManyRows(detail.parse().ok()?),
            _ => return None,
        })
    }

    pub fn message(&self) -> String {
        let columns = COLUMNS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
        match self {
            FileProblem::Missing => "Choose a CSV file to import.".into(),
            FileProblem::TooLarge => format!("The file is larger than {} MB: split it into smaller files.", MAX_IMPORT_BYTES / 1024 / 1024),
            FileProblem::Unreadable => "The file could not be read as CSV. Save it from your spreadsheet as “CSV UTF-8” and try again.".into(),
            FileProblem::Empty => "The file has no rows below its header.".into(),
            FileProblem::NotUtf8 { line } => format!("Line {line} is not UTF-8 text. Save the file from your spreadsheet as “CSV UTF-8” and try again."),
            FileProblem::MissingColumn(column) => format!("The first line must name the columns, and a “{column}” column is missing. The columns are: {columns}."),
            FileProblem::UnknownColumn(column) => format!("The column “{column}” is not one we know, so its values would be lost. The columns are: {columns}."),
            FileProblem::RepeatedColumn(column) => format!("The column “{column}” appears twice."),
            FileProblem::TooManyRows(rows) => format!("The file has {rows} rows; an import takes at most {MAX_IMPORT_ROWS}. Split it into smaller files."),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum ImportStatus {
    Previewed,
    Running,
    Finished,
}

impl ImportStatus {
    pub fn label(self) -> &'static str {
        match self {
            ImportStatus::Previewed => "Waiting to start",
            ImportStatus::Running => "Importing",
            ImportStatus::Finished => "Finished",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: Uuid,
    pub file_name: String,
    pub status: ImportStatus,
    /// "skip" or "update": what happens to a row whose email is already a candidate's.
    pub on_existing: String,
    pub total_rows: i32,
    pub invalid_rows: i32,
    pub existing_rows: i32,
    pub created: i32,
    pub updated: i32,
    pub skipped: i32,
    pub failed: i32,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl ImportSummary {
    /// Rows the import will go over: the valid ones.
    pub fn importable(&self) -> i32 {
        self.total_rows - self.invalid_rows
    }

    pub fn done(&self) -> i32 {
        self.created + self.updated + self.skipped + self.failed
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: i32,
    pub name: String,
    pub email: String,
    /// Why it cannot be imported, or why importing it failed.
    pub problem: Option<String>,
    pub existing_candidate: Option<Uuid>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPage {
    pub summary: ImportSummary,
    /// Rows with a problem, then rows already candidates (the first few hundred of each).
    pub problems: Vec<ImportRow>,
    pub existing: Vec<ImportRow>,
    /// May this person start or discard it (the importer, or a tenant admin)?
    pub can_manage: bool,
}
