use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

use crate::assessments::types::Skill;

/// Where a requisition stands. The moves between statuses are in `workflow.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Open,
    OnHold,
    Closed,
    Archived,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Draft, Status::Open, Status::OnHold, Status::Closed, Status::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Open => "open",
            Status::OnHold => "on_hold",
            Status::Closed => "closed",
            Status::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Open => "Open",
            Status::OnHold => "On hold",
            Status::Closed => "Closed",
            Status::Archived => "Archived",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Status::ALL.into_iter().find(|s| s.as_str() == value).ok_or_else(|| format!("unknown status {value:?}"))
    }
}

/// Where the work happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Workplace {
    OnSite,
    Hybrid,
    Remote,
}

impl Workplace {
    pub const ALL: [Workplace; 3] = [Workplace::OnSite, Workplace::Hybrid, Workplace::Remote];

    pub fn as_str(self) -> &'static str {
        match self {
            Workplace::OnSite => "on_site",
            Workplace::Hybrid => "hybrid",
            Workplace::Remote => "remote",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Workplace::OnSite => "On-site",
            Workplace::Hybrid => "Hybrid",
            Workplace::Remote => "Remote",
        }
    }
}

impl FromStr for Workplace {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Workplace::ALL.into_iter().find(|w| w.as_str() == value).ok_or_else(|| format!("unknown workplace {value:?}"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum EmploymentType {
    FullTime,
    PartTime,
    Contract,
    Temporary,
    Internship,
}

impl EmploymentType {
    pub const ALL: [EmploymentType; 5] =
        [EmploymentType::FullTime, EmploymentType::PartTime, EmploymentType::Contract, EmploymentType::Temporary, EmploymentType::Internship];

    pub fn as_str(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "full_time",
            EmploymentType::PartTime => "part_time",
            EmploymentType::Contract => "contract",
            EmploymentType::Temporary => "temporary",
            EmploymentType::Internship => "internship",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "Full-time",
            EmploymentType::PartTime => "Part-time",
            EmploymentType::Contract => "Contract",
            EmploymentType::Temporary => "Temporary",
            EmploymentType::Internship => "Internship",
        }
    }

    /// schema.org's `employmentType` value.
    pub fn schema_org(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "FULL_TIME",
            EmploymentType::PartTime => "PART_TIME",
            EmploymentType::Contract => "CONTRACTOR",
            EmploymentType::Temporary => "TEMPORARY",
            EmploymentType::Internship => "INTERN",
        }
    }
}

impl FromStr for EmploymentType {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        EmploymentType::ALL.into_iter().find(|t| t.as_str() == value).ok_or_else(|| format!("unknown employment type {value:?}"))
    }
}

/// A member of the tenant, as lists show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Salary {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: String,
    /// Shown on the careers site only when the recruiter chooses.
    pub visible: bool,
}

/// A job requisition, whole, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requisition {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub department: String,
    pub location_city: String,
    pub location_country: String,
    pub workplace: Workplace,
    pub employment_type: EmploymentType,
    pub openings: i32,
    pub salary: Option<Salary>,
    pub required_skills: Vec<Skill>,
    pub deadline: Option<NaiveDate>,
    pub hiring_manager: Option<Member>,
    pub recruiter: Option<Member>,
    pub team: Vec<Member>,
    pub published: bool,
    pub status: Status,
    pub created_by: Option<Member>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub view_count: i64,
    pub applications: i64,
    /// Assessments tied to it: id and title.
    pub assessments: Vec<(Uuid, String)>,
    /// Whether the viewer may edit it and change its status.
    pub can_edit: bool,
}

impl Requisition {
    /// "Berlin, Germany · Hybrid"
    pub fn location(&self) -> String {
        location_text(&self.location_city, &self.location_country, self.workplace)
    }
}

pub fn location_text(city: &str, country: &str, workplace: Workplace) -> String {
    let place: Vec<&str> = [city, country].into_iter().filter(|s| !s.is_empty()).collect();
    if place.is_empty() { workplace.label().to_owned() } else { format!("{} · {}", place.join(", "), workplace.label()) }
}

/// Columns the dashboard sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortColumn {
    Title,
    Department,
    Status,
    HiringManager,
    Applications,
    Views,
    DaysOpen,
    Deadline,
    #[default]
    Created,
}

impl SortColumn {
    pub const ALL: [SortColumn; 9] = [
        SortColumn::Title,
        SortColumn::Department,
        SortColumn::Status,
        SortColumn::HiringManager,
        SortColumn::Applications,
        SortColumn::Views,
        SortColumn::DaysOpen,
        SortColumn::Deadline,
        SortColumn::Created,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortColumn::Title => "title",
            SortColumn::Department => "department",
            SortColumn::Status => "status",
            SortColumn::HiringManager => "hiring_manager",
            SortColumn::Applications => "applications",
            SortColumn::Views => "views",
            SortColumn::DaysOpen => "days_open",
            SortColumn::Deadline => "deadline",
            SortColumn::Created => "created",
        }
    }
}

impl SortColumn {
    /// Whether some requisitions have no value here (no hiring manager, never opened, no deadline).
    pub fn may_be_empty(self) -> bool {
        matches!(self, SortColumn::HiringManager | SortColumn::DaysOpen | SortColumn::Deadline)
    }
}

impl FromStr for SortColumn {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        SortColumn::ALL.into_iter().find(|c| c.as_str() == value).ok_or_else(|| format!("unknown sort column {value:?}"))
    }
}

/// The dashboard's filters, sort and page, as the URL query carries them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DashboardQuery {
    pub statuses: Vec<Status>,
    pub department: Option<String>,
    pub location: Option<String>,
    pub hiring_manager: Option<Uuid>,
    pub mine: bool,
    pub search: String,
    pub sort: SortColumn,
    pub descending: bool,
    pub page: i64,
    pub limit: i64,
}

pub const DEFAULT_PAGE_SIZE: i64 = 25;
pub const MAX_PAGE_SIZE: i64 = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardRow {
    pub id: Uuid,
    pub title: String,
    pub department: String,
    pub location: String,
    pub status: Status,
    pub published: bool,
    pub hiring_manager: Option<String>,
    pub applications: i64,
    pub views: i64,
    /// Days since it opened, up to its closing (or today); none if it never opened.
    pub days_open: Option<i64>,
    pub deadline: Option<NaiveDate>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub rows: Vec<DashboardRow>,
    /// Rows matching every filter.
    pub total: i64,
    /// Per status, with every filter but the status one.
    pub counts: Vec<(Status, i64)>,
    pub page: i64,
    pub pages: i64,
    pub limit: i64,
    pub departments: Vec<String>,
    pub locations: Vec<String>,
    pub managers: Vec<Member>,
}

/// One status change of a requisition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub from: Option<Status>,
    pub to: Status,
    pub reason: String,
    /// None when the platform made it (automatic closing).
    pub by: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// One entry of a requisition's audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrailEntry {
    pub id: i64,
    pub action: String,
    pub actor: Option<String>,
    pub at: DateTime<Utc>,
    pub changes: Vec<FieldChange>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    pub entries: Vec<TrailEntry>,
    pub page: i64,
    pub pages: i64,
    /// Whether the whole audit chain verifies.
    pub chain_intact: bool,
}

/// A requisition's page: the requisition and its status history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequisitionPage {
    pub requisition: Requisition,
    pub history: Vec<StatusChange>,
}

/// The members and skills a requisition's form picks from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorChoices {
    pub members: Vec<Member>,
    pub skills: Vec<Skill>,
}

/// The job boards a requisition can be posted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Portal {
    Linkedin,
    Naukri,
    Indeed,
}

impl Portal {
    pub const ALL: [Portal; 3] = [Portal::Linkedin, Portal::Naukri, Portal::Indeed];

    pub fn as_str(self) -> &'static str {
        match self {
            Portal::Linkedin => "linkedin",
            Portal::Naukri => "naukri",
            Portal::Indeed => "indeed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Portal::Linkedin => "LinkedIn",
            Portal::Naukri => "Naukri",
            Portal::Indeed => "Indeed",
        }
    }
}

impl FromStr for Portal {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Portal::ALL.into_iter().find(|p| p.as_str() == value).ok_or_else(|| format!("unknown portal {value:?}"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum PostingStatus {
    Pending,
    Posted,
    Failed,
    Expired,
    Withdrawn,
}

impl PostingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PostingStatus::Pending => "pending",
            PostingStatus::Posted => "posted",
            PostingStatus::Failed => "failed",
            PostingStatus::Expired => "expired",
            PostingStatus::Withdrawn => "withdrawn",
        }
    }
}

impl FromStr for PostingStatus {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        [PostingStatus::Pending, PostingStatus::Posted, PostingStatus::Failed, PostingStatus::Expired, PostingStatus::Withdrawn]
            .into_iter()
            .find(|p| p.as_str() == value)
            .ok_or_else(|| format!("unknown posting status {value:?}"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Posting {
    pub portal: Portal,
    pub status: PostingStatus,
    pub posted_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
}

/// What a bulk operation does to each requisition it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkAction {
    ChangeStatus { to: Status, reason: String },
    SetHiringManager { user_id: Uuid },
    SetDeadline { deadline: Option<NaiveDate> },
    Publish,
    Unpublish,
    Archive,
    Delete,
    /// Puts each requisition of a finished status change back where it was.
    Undo { operation_id: Uuid },
}

impl BulkAction {
    pub fn kind(&self) -> &'static str {
        match self {
            BulkAction::ChangeStatus { .. } => "change_status",
            BulkAction::SetHiringManager { .. } => "set_hiring_manager",
            BulkAction::SetDeadline { .. } => "set_deadline",
            BulkAction::Publish => "publish",
            BulkAction::Unpublish => "unpublish",
            BulkAction::Archive => "archive",
            BulkAction::Delete => "delete",
            BulkAction::Undo { .. } => "undo",
        }
    }
}

/// What happened, or would happen, to one requisition of a bulk operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub id: Uuid,
    /// Empty for an id that names no requisition of this tenant.
    pub title: String,
    pub ok: bool,
    pub message: String,
    /// For status changes: where it was, so an undo can put it back.
    pub from: Option<Status>,
    pub to: Option<Status>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum BulkStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl BulkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BulkStatus::Queued => "queued",
            BulkStatus::Running => "running",
            BulkStatus::Done => "done",
            BulkStatus::Failed => "failed",
        }
    }
}

impl FromStr for BulkStatus {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        [BulkStatus::Queued, BulkStatus::Running, BulkStatus::Done, BulkStatus::Failed]
            .into_iter()
            .find(|s| s.as_str() == value)
            .ok_or_else(|| format!("unknown bulk status {value:?}"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkOperation {
    pub id: Uuid,
    pub kind: String,
    pub status: BulkStatus,
    pub total: i32,
    pub succeeded: i32,
    pub failed: i32,
    pub outcomes: Vec<BulkOutcome>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Until when this status change can be undone; none when it cannot (any more).
    pub undo_until: Option<DateTime<Utc>>,
    pub undone_by: Option<Uuid>,
}

/// The most requisitions one bulk operation may name.
pub const BULK_LIMIT: usize = 50;
/// How long a finished bulk status change can be undone.
pub const UNDO_MINUTES: i64 = 15;
/// How long a tenant admin can restore a deleted requisition before it is purged.
pub const RESTORE_DAYS: i64 = 30;

/// The dashboard's URL query, as text: what a bookmark or a form without JavaScript sends.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DashboardParams {
    #[serde(default)]
    pub status: Vec<String>,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub manager: String,
    #[serde(default)]
    pub mine: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    #[serde(default)]
    pub page: String,
    #[serde(default)]
    pub limit: String,
}

pub const MAX_SEARCH: usize = 200;

impl DashboardParams {
    /// From a URL query: `one` reads a key's value, `all` every value of a repeated key.
    pub fn from_query(one: impl Fn(&str) -> Option<String>, all: impl Fn(&str) -> Vec<String>) -> Self {
        let text = |key: &str| one(key).unwrap_or_default();
        DashboardParams {
            status: all("status"),
            department: text("department"),
            location: text("location"),
            manager: text("manager"),
            mine: text("mine"),
            q: text("q"),
            sort: text("sort"),
            dir: text("dir"),
            page: text("page"),
            limit: text("limit"),
        }
    }

    /// Reads and checks the query; a bad value gets a message naming the field. A page size
    /// over the maximum is capped rather than refused.
    pub fn parse(&self) -> Result<DashboardQuery, crate::platform::AppError> {
        use crate::platform::AppError;
        let statuses = self
            .status
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<Status>().map_err(|_| AppError::invalid("status", format!("There is no status “{s}”."))))
            .collect::<Result<Vec<_>, _>>()?;
        let text = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        let hiring_manager = match self.manager.trim() {
            "" => None,
            id => Some(id.parse::<Uuid>().map_err(|_| AppError::invalid("manager", "Choose a hiring manager from the list."))?),
        };
        let number = |field: &str, value: &str, default: i64| -> Result<i64, AppError> {
            match value.trim() {
                "" => Ok(default),
                n => n.parse::<i64>().map_err(|_| AppError::invalid(field, format!("The {field} must be a whole number."))),
            }
        };
        let page = number("page", &self.page, 1)?;
        if page < 1 {
            return Err(AppError::invalid("page", "Pages are numbered from 1."));
        }
        let limit = number("limit", &self.limit, DEFAULT_PAGE_SIZE)?;
        if limit < 1 {
            return Err(AppError::invalid("limit", "Show at least one requisition per page."));
        }
        if self.q.chars().count() > MAX_SEARCH {
            return Err(AppError::invalid("q", format!("Search for at most {MAX_SEARCH} characters.")));
        }
        let sort = match self.sort.trim() {
            "" => SortColumn::default(),
            s => s.parse().map_err(|_| AppError::invalid("sort", format!("The list cannot be sorted by “{s}”.")))?,
        };
        let descending = match self.dir.trim() {
            "" => sort == SortColumn::Created,
            "asc" => false,
            "desc" => true,
            _ => return Err(AppError::invalid("dir", "Sort ascending (asc) or descending (desc).")),
        };
        Ok(DashboardQuery {
            statuses,
            department: text(&self.department),
            location: text(&self.location),
            hiring_manager,
            mine: matches!(self.mine.as_str(), "1" | "true" | "on"),
            search: self.q.trim().to_owned(),
            sort,
            descending,
            page,
            limit: limit.min(MAX_PAGE_SIZE),
        })
    }

    /// The URL query for these parameters, empty ones left out.
    pub fn query_string(&self) -> String {
        let mut pairs: Vec<(&str, &str)> = self.status.iter().map(|s| ("status", s.as_str())).collect();
        for (key, value) in [
            ("department", &self.department),
            ("location", &self.location),
            ("manager", &self.manager),
            ("mine", &self.mine),
            ("q", &self.q),
            ("sort", &self.sort),
            ("dir", &self.dir),
            ("page", &self.page),
            ("limit", &self.limit),
        ] {
            if !value.is_empty() {
                pairs.push((key, value.as_str()));
            }
        }
        pairs.iter().map(|(k, v)| format!("{k}={}", crate::ui::url_encode(v))).collect::<Vec<_>>().join("&")
    }
}
