//! Requisitions' server functions: each authenticates, authorizes and validates by itself.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::repo::{self, Actor, MoveRule, RequisitionInput},
    crate::platform::audit::Origin,
    crate::platform::context::{Access, Ctx},
    crate::platform::{validate, CurrentUser, Role},
    chrono::NaiveDate,
};

#[cfg(feature = "ssr")]
pub(crate) fn actor_of(user: &CurrentUser) -> Actor {
    Actor { user_id: user.user_id, is_admin: user.role == Role::TenantAdmin, origin: Origin::of_request() }
}

/// The jobs dashboard: one page of the filtered, sorted list, the per-status counts and the filter menus.
#[server(input = Json)]
pub async fn requisition_dashboard(params: DashboardParams) -> Result<Dashboard, AppError> {
    let query = params.parse()?;
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let repo::DashboardChoices { departments, locations, managers } = repo::dashboard_choices(&mut ctx.tx, ctx.tenant_id).await?;
    if query.department.as_ref().is_some_and(|d| !departments.contains(d)) {
        return Err(AppError::invalid("department", "No requisition is in that department: choose one from the list."));
    }
    if query.location.as_ref().is_some_and(|l| !locations.contains(l)) {
        return Err(AppError::invalid("location", "No requisition is in that location: choose one from the list."));
    }
    if !query.search.trim().is_empty() {
        crate::platform::db::loosen_search(&mut ctx.tx).await?;
    }
    let counts = repo::status_counts(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, &query).await?;
    let total: i64 = counts.iter().filter(|(s, _)| query.statuses.is_empty() || query.statuses.contains(s)).map(|(_, n)| n).sum();
    let pages = (total.max(1) + query.limit - 1) / query.limit;
    let page = query.page.min(pages);
    let is_admin = ctx.user.role == Role::TenantAdmin;
    let rows = repo::dashboard_rows(&mut ctx.tx, ctx.tenant_id, ctx.user.user_id, is_admin, &query, Some((page, query.limit))).await?;
    ctx.commit().await?;
    Ok(Dashboard { rows, total, counts, page, pages, limit: query.limit, departments, locations, managers })
}

/// A requisition's page: the requisition and its status history.
#[server]
pub async fn requisition_details(id: Uuid) -> Result<RequisitionPage, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let requisition = repo::requisition(&mut ctx.tx, ctx.tenant_id, id, ctx.user.user_id, ctx.user.role == Role::TenantAdmin).await?;
    let history = repo::history(&mut ctx.tx, ctx.tenant_id, id).await?;
    ctx.commit().await?;
    Ok(RequisitionPage { requisition, history })
}

/// What the requisition form picks from: the tenant's members and skill catalog.
#[server]
pub async fn requisition_form_choices() -> Result<EditorChoices, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let members = repo::members(&mut ctx.tx, ctx.tenant_id).await?.into_iter().map(|(m, _)| m).collect();
    let skills = repo::skills(&mut ctx.tx, ctx.tenant_id).await?;
    ctx.commit().await?;
    Ok(EditorChoices { members, skills })
}

/// For the assessment form: the tenant's requisitions by title.
#[server]
pub async fn requisition_choices() -> Result<Vec<(Uuid, String)>, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    let choices = repo::choices(&mut ctx.tx, ctx.tenant_id).await?;
    ctx.commit().await?;
    Ok(choices)
}

/// The requisition form's fields, as text: the same from a hydrated form and from one without JavaScript.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct RequisitionFields {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub location_city: String,
    #[serde(default)]
    pub location_country: String,
    #[serde(default)]
    pub workplace: String,
    #[serde(default)]
    pub employment_type: String,
    #[serde(default)]
    pub openings: String,
    #[serde(default)]
    pub salary_min: String,
    #[serde(default)]
    pub salary_max: String,
    #[serde(default)]
    pub salary_currency: String,
    #[serde(default)]
    pub salary_visible: Option<String>,
    #[serde(default)]
    pub skill_ids: Vec<Uuid>,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub hiring_manager_id: String,
    #[serde(default)]
    pub recruiter_id: String,
    #[serde(default)]
    pub team_ids: Vec<Uuid>,
    #[serde(default)]
    pub published: Option<String>,
}

/// ISO 4217 codes the salary field accepts.
pub const CURRENCIES: [&str; 12] = ["USD", "EUR", "GBP", "INR", "CAD", "AUD", "CHF", "SEK", "JPY", "SGD", "PLN", "BRL"];
pub const MAX_DEPARTMENT: usize = 100;
pub const MAX_DESCRIPTION: usize = 20_000;
pub const MAX_SALARY: f64 = 100_000_000.0;

#[cfg(feature = "ssr")]
fn short_text(field: &str, label: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = validate::long_text(field, label, value, max)?;
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, format!("The {label} contains characters that are not allowed.")));
    }
    Ok(value)
}

#[cfg(feature = "ssr")]
fn optional_id(field: &str, label: &str, value: &str) -> Result<Option<Uuid>, AppError> {
    match value.trim() {
        "" => Ok(None),
        id => id.parse().map(Some).map_err(|_| AppError::invalid(field, format!("Choose a {label} from the list."))),
    }
}

#[cfg(feature = "ssr")]
fn money(field: &str, value: &str) -> Result<Option<f64>, AppError> {
    match value.trim().replace([',', ' '], "").as_str() {
        "" => Ok(None),
        n => match n.parse::<f64>() {
            Ok(n) if n.is_finite() && n < 0.0 => Err(AppError::invalid(field, "A salary cannot be negative.")),
            Ok(n) if n.is_finite() && n <= MAX_SALARY => Ok(Some((n * 100.0).round() / 100.0)),
            Ok(_) => Err(AppError::invalid(field, "That salary is too large.")),
            Err(_) => Err(AppError::invalid(field, "Enter the salary as a number, such as 85000.")),
        },
    }
}

#[cfg(feature = "ssr")]
impl RequisitionFields {
    /// Checks every field, without the database; errors name the field.
    fn validate(&self) -> Result<RequisitionInput, AppError> {
        let title = validate::long_text("title", "job title", &self.title, 200)?;
        if title.is_empty() {
            return Err(AppError::invalid("title", "Enter a job title."));
        }
        let title = short_text("title", "job title", &title, 200)?;
        let description = validate::long_text("description", "description", &self.description, MAX_DESCRIPTION)?;
        let department = short_text("department", "department", &self.department, MAX_DEPARTMENT)?;
        let location_city = short_text("location_city", "city", &self.location_city, 100)?;
        let location_country = short_text("location_country", "country", &self.location_country, 100)?;
        let workplace = match self.workplace.trim() {
            "" => Workplace::OnSite,
            w => w.parse().map_err(|_| AppError::invalid("workplace", "Choose on-site, hybrid or remote."))?,
        };
        let employment_type = match self.employment_type.trim() {
            "" => EmploymentType::FullTime,
            t => t.parse().map_err(|_| AppError::invalid("employment_type", "Choose an employment type from the list."))?,
        };
        let openings = match self.openings.trim() {
            "" => 1,
            n => n.parse::<i32>().ok().filter(|n| (1..=1000).contains(n)).ok_or_else(|| AppError::invalid("openings", "Openings must be a whole number from 1 to 1000."))?,
        };
        let salary_min = money("salary_min", &self.salary_min)?;
        let salary_max = money("salary_max", &self.salary_max)?;
        if let (Some(min), Some(max)) = (salary_min, salary_max) {
            if min > max {
                return Err(AppError::invalid("salary_max", "The maximum salary must be at least the minimum."));
            }
        }
        let salary_currency = match self.salary_currency.trim().to_uppercase().as_str() {
            "" if salary_min.is_none() && salary_max.is_none() => None,
            "" => return Err(AppError::invalid("salary_currency", "Choose the salary's currency.")),
            code if CURRENCIES.contains(&code) => Some(code.to_owned()),
            _ => return Err(AppError::invalid("salary_currency", format!("Choose a currency from the list ({}).", CURRENCIES.join(", ")))),
        };
        let deadline = match self.deadline.trim() {
            "" => None,
            d => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| AppError::invalid("deadline", "Enter the deadline as a date, such as 2026-12-31."))?),
        };
        let mut skill_ids = self.skill_ids.clone();
        skill_ids.sort();
        skill_ids.dedup();
        if skill_ids.len() > 50 {
            return Err(AppError::invalid("skill_ids", "Require at most 50 skills."));
        }
        let mut team_ids = self.team_ids.clone();
        team_ids.sort();
        team_ids.dedup();
        if team_ids.len() > 50 {
            return Err(AppError::invalid("team_ids", "A hiring team can have at most 50 members."));
        }
        Ok(RequisitionInput {
            title,
            description,
            department,
            location_city,
            location_country,
            workplace,
            employment_type,
            openings,
            salary_min,
            salary_max,
            salary_visible: self.salary_visible.is_some() && salary_currency.is_some(),
            salary_currency,
            skill_ids,
            deadline,
            hiring_manager_id: optional_id("hiring_manager_id", "hiring manager", &self.hiring_manager_id)?,
            recruiter_id: optional_id("recruiter_id", "recruiter", &self.recruiter_id)?,
            team_ids,
            published: self.published.is_some(),
        })
    }
}

/// Creates a draft requisition (`id` None) or saves an existing one; goes to its page.
#[allow(clippy::too_many_arguments)]
#[server]
pub async fn save_requisition(
    #[server(default)] id: Option<Uuid>,
    title: String,
    #[server(default)] description: String,
    #[server(default)] department: String,
    #[server(default)] location_city: String,
    #[server(default)] location_country: String,
    #[server(default)] workplace: String,
    #[server(default)] employment_type: String,
    #[server(default)] openings: String,
    #[server(default)] salary_min: String,
    #[server(default)] salary_max: String,
    #[server(default)] salary_currency: String,
    #[server(default)] salary_visible: Option<String>,
    #[server(default)] skill_ids: Vec<Uuid>,
    #[server(default)] deadline: String,
    #[server(default)] hiring_manager_id: String,
    #[server(default)] recruiter_id: String,
    #[server(default)] team_ids: Vec<Uuid>,
    #[server(default)] published: Option<String>,
) -> Result<Uuid, AppError> {
    let fields = RequisitionFields {
        title, description, department, location_city, location_country, workplace, employment_type, openings, salary_min, salary_max,
        salary_currency, salary_visible, skill_ids, deadline, hiring_manager_id, recruiter_id, team_ids, published,
    };
    let input = fields.validate()?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    repo::check_references(&mut ctx.tx, ctx.tenant_id, &input).await?;
    let actor = actor_of(&ctx.user);
    let id = match id {
        None => repo::create(&mut ctx.tx, ctx.tenant_id, &actor, &input).await?,
        Some(id) => {
            repo::update(&mut ctx.tx, ctx.tenant_id, &actor, id, &input).await?;
            id
        }
    };
    ctx.commit().await?;
    leptos_axum::redirect(&format!("/jobs/{id}"));
    Ok(id)
}

/// The fields the edit form starts from.
#[server]
pub async fn editable_fields(id: Uuid) -> Result<RequisitionFields, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    if !repo::may_edit(&mut ctx.tx, ctx.tenant_id, &ctx.user, id).await? {
        return Err(AppError::Forbidden);
    }
    let input = repo::input_of(&mut ctx.tx, ctx.tenant_id, id).await?;
    ctx.commit().await?;
    let money = |n: Option<f64>| n.map(|n| if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n:.2}") }).unwrap_or_default();
    let id_text = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    Ok(RequisitionFields {
        title: input.title,
        description: input.description,
        department: input.department,
        location_city: input.location_city,
        location_country: input.location_country,
        workplace: input.workplace.as_str().to_owned(),
        employment_type: input.employment_type.as_str().to_owned(),
        openings: input.openings.to_string(),
        salary_min: money(input.salary_min),
        salary_max: money(input.salary_max),
        salary_currency: input.salary_currency.unwrap_or_default(),
        salary_visible: input.salary_visible.then(|| "on".to_owned()),
        skill_ids: input.skill_ids,
        deadline: input.deadline.map(|d| d.to_string()).unwrap_or_default(),
        hiring_manager_id: id_text(input.hiring_manager_id),
        recruiter_id: id_text(input.recruiter_id),
        team_ids: input.team_ids,
        published: input.published.then(|| "on".to_owned()),
    })
}

/// Moves a requisition to another status, with a reason where the workflow needs one.
#[server]
pub async fn change_requisition_status(id: Uuid, to: String, #[server(default)] reason: String) -> Result<(), AppError> {
    let to: Status = to.parse().map_err(|_| AppError::invalid("to", "Choose a status from the list."))?;
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    repo::change_status(&mut ctx.tx, true, ctx.tenant_id, Some(&actor_of(&ctx.user)), id, to, &reason, MoveRule::Workflow).await?;
    ctx.commit().await?;
    Ok(())
}

/// Copies a requisition into a new unpublished draft; goes to the copy's edit form.
#[server]
pub async fn duplicate_requisition(id: Uuid) -> Result<Uuid, AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let input = repo::duplicate_input(repo::input_of(&mut ctx.tx, ctx.tenant_id, id).await?);
    let copy = repo::create(&mut ctx.tx, ctx.tenant_id, &actor_of(&ctx.user), &input).await?;
    ctx.commit().await?;
    leptos_axum::redirect(&format!("/jobs/{copy}/edit"));
    Ok(copy)
}

/// Deletes a requisition; a tenant admin can restore it for 30 days.
#[server]
pub async fn delete_requisition(id: Uuid) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    repo::delete(&mut ctx.tx, ctx.tenant_id, &actor_of(&ctx.user), id).await?;
    ctx.commit().await?;
    leptos_axum::redirect("/jobs");
    Ok(())
}

/// Requisitions deleted within the restore window (tenant admins only).
#[server]
pub async fn deleted_requisitions() -> Result<Vec<(Uuid, String, chrono::DateTime<chrono::Utc>)>, AppError> {
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    if ctx.user.role != Role::TenantAdmin {
        return Err(AppError::Forbidden);
    }
    let rows = repo::deleted(&mut ctx.tx, ctx.tenant_id).await?;
    ctx.commit().await?;
    Ok(rows)
}

#[server]
pub async fn restore_requisition(id: Uuid) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    if ctx.user.role != Role::TenantAdmin {
        return Err(AppError::Forbidden);
    }
    repo::restore(&mut ctx.tx, ctx.tenant_id, &actor_of(&ctx.user), id).await?;
    ctx.commit().await?;
    Ok(())
}

/// A requisition's audit trail, newest first, and whether the audit chain verifies.
#[server]
pub async fn requisition_trail(id: Uuid, #[server(default)] page: Option<i64>) -> Result<Trail, AppError> {
    let page = page.unwrap_or(1);
    if page < 1 {
        return Err(AppError::invalid("page", "Pages are numbered from 1."));
    }
    let mut ctx = Ctx::recruiter(Access::Read).await?;
    repo::input_of(&mut ctx.tx, ctx.tenant_id, id).await?;
    let (entries, pages) = repo::trail(&mut ctx.tx, ctx.tenant_id, id, page.min(10_000)).await?;
    let db = ctx.platform.db.clone();
    ctx.commit().await?;
    let mut conn = db.write().acquire().await?;
    let chain_intact = crate::platform::audit::verify_target(&mut conn, &repo::target(id)).await?;
    Ok(Trail { entries, page: page.min(pages), pages, chain_intact })
}
