//! The delegation service's server functions. Each opens a `Service` for one row of the
//! permission matrix (authentication, the role, and a transaction that sees only what the
//! person may), validates its input field by field, and calls `service` or `repo`.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::*;
use crate::platform::AppError;

#[cfg(feature = "ssr")]
use {
    super::access::{Capability, Service},
    super::{repo, rules, service},
    crate::platform::context::{Access, Ctx},
    chrono::Utc,
    serde_json::json,
};

/// Where the signed-in seeker stands with the service.
#[server]
pub async fn delegation_membership() -> Result<Membership, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let status = repo::client_status(&mut ctx.tx, ctx.user.user_id).await?;
    ctx.commit().await?;
    Ok(status.map_or(Membership::None, Membership::Client))
}

/// A seeker asks to have job applications sent for them; an admin activates them.
#[server]
pub async fn request_delegation() -> Result<String, AppError> {
    let mut ctx = Ctx::seeker(Access::Write).await?;
    let user_id = ctx.user.user_id;
    repo::request_membership(&mut ctx.tx, user_id).await?;
    ctx.audit("delegation.client_request", format!("user:{user_id}"), json!({})).await?;
    ctx.commit().await?;
    Ok("Thank you: an admin will activate your account, and you will then delegate jobs from here.".into())
}

#[server]
pub async fn read_client_dashboard() -> Result<ClientDashboard, AppError> {
    let mut svc = Service::begin(Capability::CreateDelegations, Access::Read).await?;
    let dashboard = service::client_dashboard(&mut svc).await?;
    svc.commit().await?;
    Ok(dashboard)
}

/// A client's delegations, newest first, 50 at a time (`before`: the last one's time).
#[server]
pub async fn my_delegations(#[server(default)] status: String, #[server(default)] before: String) -> Result<Vec<DelegationItem>, AppError> {
    let capability = Capability::CreateDelegations;
    let mut svc = Service::begin(capability, Access::Read).await?;
    let filter = repo::Filter { status: service::status_filter(&status)?, client_id: Some(svc.user_id()), employee_id: None };
    let items = repo::list(&mut svc.ctx.tx, filter, service::before(&before)?, 50).await?;
    svc.commit().await?;
    Ok(items)
}

#[server]
pub async fn resume_types() -> Result<Vec<ResumeType>, AppError> {
    let mut svc = Service::begin(Capability::ManageOwnResumes, Access::Read).await?;
    let user_id = svc.user_id();
    let types = repo::resume_types(&mut svc.ctx.tx, user_id).await?;
    svc.commit().await?;
    Ok(types)
}

#[server]
pub async fn remove_resume_type(id: Uuid) -> Result<(), AppError> {
    let mut svc = Service::begin(Capability::ManageOwnResumes, Access::Write).await?;
    let user_id = svc.user_id();
    let key = repo::remove_resume_type(&mut svc.ctx.tx, user_id, id).await?;
    let storage = svc.ctx.platform.storage.clone();
    svc.commit().await?;
    if let Err(error) = storage.delete(&key).await {
        tracing::warn!(?error, key, "a removed résumé's file could not be deleted");
    }
    Ok(())
}

/// The company and title of a job's page, read from its JSON-LD `JobPosting` (else its title):
/// from `page` when the browser sends the page's HTML, else fetched from a public address.
#[server]
pub async fn read_job_page(job_url: String, #[server(default)] page: String) -> Result<JobPage, AppError> {
    let svc = Service::begin(Capability::CreateDelegations, Access::Read).await?;
    svc.commit().await?;
    let url = rules::job_url(&job_url)?;
    service::read_job_page(&url, (!page.is_empty()).then_some(page.as_str())).await
}

/// Delegates a job; answers with where it went.
#[server]
pub async fn delegate_job(
    job_url: String,
    company: String,
    title: String,
    resume_type_id: String,
    #[server(default)] priority: String,
    deadline: String,
) -> Result<Uuid, AppError> {
    let new = rules::new_delegation(&job_url, &company, &title, &resume_type_id, &priority, &deadline, Utc::now())?;
    let mut svc = Service::begin(Capability::CreateDelegations, Access::Write).await?;
    let (id, _) = service::delegate(&mut svc, &new, Utc::now()).await?;
    svc.commit().await?;
    leptos_axum::redirect(&format!("/delegation/{id}"));
    Ok(id)
}

/// One delegation with its history, for whoever may see it: its client, its employee, admins.
#[server]
pub async fn delegation(id: Uuid) -> Result<DelegationView, AppError> {
    let mut svc = Service::begin_any(Access::Read).await?;
    let detail = repo::detail(&mut svc.ctx.tx, id).await?;
    let resume_type_id = repo::resume_type_of(&mut svc.ctx.tx, id).await?;
    let actor = svc.actor;
    svc.commit().await?;
    Ok(DelegationView { detail, actor, resume_type_id })
}

#[server]
pub async fn cancel_delegation(id: Uuid, #[server(default)] reason: String) -> Result<(), AppError> {
    let reason = rules::reason(&reason, false)?;
    let mut svc = Service::begin_any(Access::Write).await?;
    let user_id = svc.user_id();
    let client = match svc.actor {
        Actor::Client => Some(user_id),
        _ if svc.is_admin() => None,
        _ => return Err(AppError::Forbidden),
    };
    repo::cancel(&mut svc.ctx.tx, id, user_id, client, &reason, Utc::now()).await?;
    svc.commit().await
}

/// The client accepts the proof (`decision` "accept") or rejects it with a reason ("reject").
#[server]
pub async fn review_proof(id: Uuid, decision: String, #[server(default)] reason: String) -> Result<(), AppError> {
    let rejection = match decision.as_str() {
        "accept" => None,
        "reject" => Some(rules::reason(&reason, true)?),
        _ => return Err(AppError::invalid("decision", "Accept or reject the proof.")),
    };
    let mut svc = Service::begin(Capability::CreateDelegations, Access::Write).await?;
    service::review(&mut svc, id, rejection.as_deref(), Utc::now()).await?;
    svc.commit().await
}

#[server]
pub async fn read_employee_queue() -> Result<EmployeeQueue, AppError> {
    let mut svc = Service::begin(Capability::ProcessDelegations, Access::Read).await?;
    let queue = service::employee_queue(&mut svc).await?;
    svc.commit().await?;
    Ok(queue)
}

#[server]
pub async fn start_delegation(id: Uuid) -> Result<(), AppError> {
    let mut svc = Service::begin(Capability::ProcessDelegations, Access::Write).await?;
    let user_id = svc.user_id();
    repo::start(&mut svc.ctx.tx, id, user_id, Utc::now()).await?;
    svc.commit().await
}

#[server]
pub async fn fail_delegation(id: Uuid, reason: String) -> Result<(), AppError> {
    let reason = rules::reason(&reason, true)?;
    let mut svc = Service::begin(Capability::ProcessDelegations, Access::Write).await?;
    let user_id = svc.user_id();
    repo::fail(&mut svc.ctx.tx, id, user_id, &reason, Utc::now()).await?;
    svc.commit().await
}

/// An employee says whether they take new work (on leave, back).
#[server]
pub async fn set_my_availability(available: String) -> Result<(), AppError> {
    let available = service::flag("available", &available)?;
    let mut svc = Service::begin(Capability::ProcessDelegations, Access::Write).await?;
    let user_id = svc.user_id();
    repo::set_availability(&mut svc.ctx.tx, user_id, available).await?;
    svc.commit().await
}

/// The service's dashboard for its admins, over the last `days` (7, 30 or 90).
#[server]
pub async fn service_dashboard(#[server(default)] days: String) -> Result<AdminDashboard, AppError> {
    let days = service::dashboard_days(&days)?;
    let mut svc = Service::begin(Capability::ServiceAnalytics, Access::Read).await?;
    let dashboard = service::admin_dashboard(&mut svc, days, Utc::now()).await?;
    svc.commit().await?;
    Ok(dashboard)
}

/// Every delegation, newest first, 50 at a time.
#[server]
pub async fn all_delegations(#[server(default)] status: String, #[server(default)] before: String) -> Result<Vec<DelegationItem>, AppError> {
    let mut svc = Service::begin(Capability::ViewAllDelegations, Access::Read).await?;
    let filter = repo::Filter { status: service::status_filter(&status)?, ..Default::default() };
    let items = repo::list(&mut svc.ctx.tx, filter, service::before(&before)?, 50).await?;
    svc.commit().await?;
    Ok(items)
}

#[server]
pub async fn reassign_delegation(id: Uuid) -> Result<String, AppError> {
    let mut svc = Service::begin(Capability::AssignEmployees, Access::Write).await?;
    let user_id = svc.user_id();
    let given = repo::reassign(&mut svc.ctx.tx, id, Some(user_id), Utc::now()).await?;
    svc.audit("delegation.reassign", format!("delegation:{id}"), json!({ "employee": given })).await?;
    svc.commit().await?;
    Ok(if given.is_some() { "Given to the next employee in turn.".into() } else { "No other employee has room today.".into() })
}

#[server]
pub async fn service_clients() -> Result<Vec<ClientRow>, AppError> {
    let mut svc = Service::begin(Capability::ActivateClients, Access::Read).await?;
    let clients = repo::clients(&mut svc.ctx.tx).await?;
    svc.commit().await?;
    Ok(clients)
}

/// Activates, suspends or sets up a client (payment status, how their work is shared out).
#[server]
pub async fn update_client(client_id: Uuid, status: String, payment_status: String, distribution: String) -> Result<(), AppError> {
    let change = repo::ClientChange {
        status: ClientStatus::parse("status", &status)?,
        payment_status: PaymentStatus::parse("payment_status", &payment_status)?,
        distribution: DistributionRule::parse("distribution", &distribution)?,
    };
    let mut svc = Service::begin(Capability::ActivateClients, Access::Write).await?;
    let user_id = svc.user_id();
    let before = repo::update_client(&mut svc.ctx.tx, client_id, &change, user_id).await?;
    svc.audit(
        "delegation.client_update",
        format!("user:{client_id}"),
        json!({ "from": before, "status": change.status, "payment_status": change.payment_status, "distribution": change.distribution }),
    )
    .await?;
    svc.commit().await
}

#[server]
pub async fn service_employees() -> Result<Vec<EmployeeRow>, AppError> {
    let mut svc = Service::begin(Capability::AssignEmployees, Access::Read).await?;
    let now = Utc::now();
    let employees = repo::employees(&mut svc.ctx.tx, now.date_naive(), now).await?;
    svc.commit().await?;
    Ok(employees)
}

/// Adds an employee; they set their password from the link mailed to them.
#[server]
pub async fn add_employee(display_name: String, email: String, #[server(default)] daily_cap: String) -> Result<Uuid, AppError> {
    let name = crate::platform::validate::name("display_name", "name", &display_name)?;
    let email = crate::platform::validate::email("email", &email)?;
    let cap = service::optional_number("daily_cap", &daily_cap)?;
    let mut svc = Service::begin(Capability::ManageEmployees, Access::Write).await?;
    let id = service::add_employee(&mut svc, &name, &email, cap).await?;
    svc.commit().await?;
    Ok(id)
}

#[server]
pub async fn update_employee(employee_id: Uuid, #[server(default)] available: String, daily_cap: String, #[server(default)] retired: String) -> Result<(), AppError> {
    let cap = rules::daily_cap(service::optional_number("daily_cap", &daily_cap)?.unwrap_or(0))?;
    let (available, retired) = (service::flag("available", &available)?, service::flag("retired", &retired)?);
    let mut svc = Service::begin(Capability::ManageEmployees, Access::Write).await?;
    repo::update_employee(&mut svc.ctx.tx, employee_id, available, cap, retired).await?;
    svc.audit("delegation.employee_update", format!("user:{employee_id}"), json!({ "available": available, "daily_cap": cap, "retired": retired })).await?;
    svc.commit().await
}

#[server]
pub async fn service_assignments() -> Result<Vec<AssignmentRow>, AppError> {
    let mut svc = Service::begin(Capability::AssignEmployees, Access::Read).await?;
    let rows = repo::assignments(&mut svc.ctx.tx).await?;
    svc.commit().await?;
    Ok(rows)
}

#[server]
pub async fn assign_employee(client_id: String, employee_id: String) -> Result<(), AppError> {
    let client_id: Uuid = client_id.parse().map_err(|_| AppError::invalid("client_id", "Choose one of the clients."))?;
    let employee_id: Uuid = employee_id.parse().map_err(|_| AppError::invalid("employee_id", "Choose one of the employees."))?;
    let mut svc = Service::begin(Capability::AssignEmployees, Access::Write).await?;
    let user_id = svc.user_id();
    let id = repo::assign(&mut svc.ctx.tx, client_id, employee_id, user_id).await?;
    svc.audit("delegation.assign", format!("assignment:{id}"), json!({ "client": client_id, "employee": employee_id })).await?;
    svc.commit().await
}

/// Ends an assignment; the employee's pending delegations of that client go to the others.
#[server]
pub async fn end_assignment(id: Uuid) -> Result<(), AppError> {
    let mut svc = Service::begin(Capability::AssignEmployees, Access::Write).await?;
    let user_id = svc.user_id();
    let (client, employee) = repo::end_assignment(&mut svc.ctx.tx, id, user_id).await?;
    svc.audit("delegation.unassign", format!("assignment:{id}"), json!({ "client": client, "employee": employee })).await?;
    crate::platform::queue::enqueue(&mut svc.ctx.tx, crate::platform::queue::NewJob::new(super::jobs::REDISTRIBUTE, json!({}))).await?;
    svc.commit().await
}

#[server]
pub async fn service_admins() -> Result<Vec<AdminRow>, AppError> {
    let mut svc = Service::begin(Capability::ManageAdmins, Access::Read).await?;
    let rows = repo::admins(&mut svc.ctx.tx).await?;
    svc.commit().await?;
    Ok(rows)
}

/// Adds an admin of the service (superadmins only); they set their password from the mailed link.
#[server]
pub async fn add_service_admin(display_name: String, email: String, level: String) -> Result<Uuid, AppError> {
    let name = crate::platform::validate::name("display_name", "name", &display_name)?;
    let email = crate::platform::validate::email("email", &email)?;
    let level = AdminLevel::parse("level", &level)?;
    let mut svc = Service::begin(Capability::ManageAdmins, Access::Write).await?;
    let id = service::add_admin(&mut svc, &name, &email, level).await?;
    svc.commit().await?;
    Ok(id)
}

#[server]
pub async fn read_service_settings() -> Result<ServiceSettings, AppError> {
    let mut svc = Service::begin(Capability::SystemSettings, Access::Read).await?;
    let (reassign_hours_before_deadline, default_daily_cap) = repo::settings(&mut svc.ctx.tx).await?;
    svc.commit().await?;
    Ok(ServiceSettings { reassign_hours_before_deadline, default_daily_cap })
}

#[server]
pub async fn save_service_settings(reassign_hours_before_deadline: String, default_daily_cap: String) -> Result<(), AppError> {
    let hours = service::optional_number("reassign_hours_before_deadline", &reassign_hours_before_deadline)?.unwrap_or(0);
    if !(1..=168).contains(&hours) {
        return Err(AppError::invalid("reassign_hours_before_deadline", "Give a number of hours from 1 to 168."));
    }
    let cap = rules::daily_cap(service::optional_number("default_daily_cap", &default_daily_cap)?.unwrap_or(0))?;
    let mut svc = Service::begin(Capability::SystemSettings, Access::Write).await?;
    repo::save_settings(&mut svc.ctx.tx, hours, cap).await?;
    svc.audit("delegation.settings", "delegation:settings".into(), json!({ "reassign_hours_before_deadline": hours, "default_daily_cap": cap })).await?;
    svc.commit().await
}
