//! The service's work that the pages and the REST API share.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use uuid::Uuid;

use super::access::Service;
use super::repo::{self, Filter};
use super::types::*;
use crate::platform::mail::Mail;
use crate::platform::queue::{enqueue, NewJob};
use crate::platform::AppError;

/// Records the delegation, gives it to an employee and tells them by mail.
pub async fn delegate(svc: &mut Service, new: &NewDelegation, now: DateTime<Utc>) -> Result<(Uuid, Option<Uuid>), AppError> {
    let client_id = svc.user_id();
    let (id, employee) = repo::create(&mut svc.ctx.tx, client_id, new, now).await?;
    if let Some(employee) = employee {
        tell_employee(svc, id, employee, new).await?;
    }
    Ok((id, employee))
}

async fn tell_employee(svc: &mut Service, id: Uuid, employee: Uuid, new: &NewDelegation) -> Result<(), AppError> {
    let Some(email) = repo::email_of(&mut svc.ctx.tx, employee).await? else { return Ok(()) };
    let link = format!("{}/delegation/{id}", svc.ctx.platform.settings.public_url);
    let mail = Mail {
        to: email,
        subject: format!("New delegation: {} at {}", new.title, new.company),
        body: format!(
            "{} asks you to apply to {} at {} ({} priority), by {}.\n\n{link}\n",
            svc.ctx.user.display_name,
            new.title,
            new.company,
            new.priority.label().to_lowercase(),
            new.deadline.format("%Y-%m-%d %H:%M UTC")
        ),
        html: None,
        attachments: Vec::new(),
    };
    svc.ctx.platform.mailer.send(&mut svc.ctx.tx, mail).await
}

/// The client accepts or rejects the waiting proof; a rejection is mailed to the employee.
pub async fn review(svc: &mut Service, id: Uuid, rejection: Option<&str>, now: DateTime<Utc>) -> Result<(), AppError> {
    let client_id = svc.user_id();
    repo::review(&mut svc.ctx.tx, id, client_id, rejection, now).await?;
    if let Some(reason) = rejection {
        let item = repo::item(&mut svc.ctx.tx, id).await?;
        if let Some(email) = match item.employee_id {
            Some(employee) => repo::email_of(&mut svc.ctx.tx, employee).await?,
            None => None,
        } {
            let link = format!("{}/delegation/{id}", svc.ctx.platform.settings.public_url);
            let body = format!("{} rejected the proof for {} at {}:\n\n{reason}\n\nIt is back in your queue: {link}\n", item.client_name, item.title, item.company);
            let mail = Mail { to: email, subject: format!("Proof rejected: {} at {}", item.title, item.company), body, html: None, attachments: Vec::new() };
            svc.ctx.platform.mailer.send(&mut svc.ctx.tx, mail).await?;
        }
    }
    Ok(())
}

pub async fn client_dashboard(svc: &mut Service) -> Result<ClientDashboard, AppError> {
    let client_id = svc.user_id();
    let tx = &mut svc.ctx.tx;
    let now = Utc::now();
    let mine = Filter { client_id: Some(client_id), ..Default::default() };
    Ok(ClientDashboard {
        status: ClientStatus::Active,
        counts: repo::status_counts(tx, mine).await?,
        to_review: repo::to_review(tx, client_id).await?,
        recent: repo::list(tx, mine, None, 10).await?,
        resume_types: repo::resume_types(tx, client_id).await?,
        completion_rate: repo::completion_rate(tx, mine, now - Duration::days(30), now).await?,
        employees: repo::assigned_names(tx, client_id).await?,
    })
}

pub async fn employee_queue(svc: &mut Service) -> Result<EmployeeQueue, AppError> {
    let employee_id = svc.user_id();
    let tx = &mut svc.ctx.tx;
    let now = Utc::now();
    let (is_available, daily_cap, given_today, completed_today, rejected_to_redo) = repo::employee_day(tx, employee_id, now.date_naive()).await?;
    let mine = Filter { employee_id: Some(employee_id), ..Default::default() };
    Ok(EmployeeQueue {
        is_available,
        queue: repo::queue(tx, employee_id, 200).await?,
        rejected_to_redo,
        completed_today,
        given_today,
        daily_cap,
        completion_rate: repo::completion_rate(tx, mine, now - Duration::days(30), now).await?,
        clients: repo::assigned_names(tx, employee_id).await?,
    })
}

pub async fn admin_dashboard(svc: &mut Service, days: i64, now: DateTime<Utc>) -> Result<AdminDashboard, AppError> {
    let tx = &mut svc.ctx.tx;
    let since = (now - Duration::days(days - 1)).date_naive();
    let (awaiting_activation, unassigned) = repo::waiting_counts(tx).await?;
    Ok(AdminDashboard {
        counts: repo::status_counts(tx, Filter::default()).await?,
        awaiting_activation,
        unassigned,
        overdue: repo::overdue(tx, now, 20).await?,
        employees: repo::employees(tx, now.date_naive(), now).await?,
        by_employee: repo::figures(tx, true, since).await?,
        by_client: repo::figures(tx, false, since).await?,
        days: repo::days(tx, since).await?,
        completion_rate: repo::completion_rate(tx, Filter::default(), now - Duration::days(days), now).await?,
    })
}

/// An employee's account, and the mail that lets them set their password.
pub async fn add_employee(svc: &mut Service, name: &str, email: &str, cap: Option<i32>) -> Result<Uuid, AppError> {
    let actor = svc.user_id();
    let cap = match cap {
        Some(cap) => super::rules::daily_cap(cap)?,
        None => repo::settings(&mut svc.ctx.tx).await?.1,
    };
    let id = repo::add_employee(&mut svc.ctx.tx, email, name, cap, actor).await?;
    invite(svc, email).await?;
    svc.audit("delegation.employee_add", format!("user:{id}"), json!({ "email": email, "daily_cap": cap })).await?;
    Ok(id)
}

pub async fn add_admin(svc: &mut Service, name: &str, email: &str, level: AdminLevel) -> Result<Uuid, AppError> {
    let actor = svc.user_id();
    let id = repo::add_user(&mut svc.ctx.tx, email, name).await?;
    repo::add_admin(&mut svc.ctx.tx, id, level, actor).await?;
    invite(svc, email).await?;
    svc.audit("delegation.admin_add", format!("user:{id}"), json!({ "email": email, "level": level })).await?;
    Ok(id)
}

/// A new account has no password: the password-reset mail sets the first one.
async fn invite(svc: &mut Service, email: &str) -> Result<(), AppError> {
    enqueue(&mut svc.ctx.tx, NewJob::new(crate::identity::types::PASSWORD_RESET_JOB, json!({ "email": email }))).await?;
    Ok(())
}

/// What a job's page says of itself: its JSON-LD `JobPosting`, else its `<title>`.
pub async fn read_job_page(url: &str, page: Option<&str>) -> Result<JobPage, AppError> {
    use crate::job_board::ingest::{fetch, parse, types::SourceKind};
    let fetched;
    let html = match page {
        Some(page) => page,
        None => {
            fetched = fetch::fetch(url).await.map_err(|e| AppError::invalid("job_url", format!("The page could not be read: {e}")))?;
            &fetched
        }
    };
    if let Some(posting) = parse::parse(SourceKind::JsonLd, html).ok().and_then(|parsed| parsed.postings.into_iter().next()) {
        return Ok(JobPage { company: posting.company, title: Some(posting.title) });
    }
    let title = html
        .split_once("<title")
        .and_then(|(_, rest)| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(title, _)| parse::decode_entities(title).split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|title| !title.is_empty())
        .map(|title| title.chars().take(MAX_NAME_CHARS).collect());
    Ok(JobPage { company: None, title })
}

pub fn status_filter(value: &str) -> Result<Option<DelegationStatus>, AppError> {
    match value {
        "" | "all" => Ok(None),
        value => DelegationStatus::parse("status", value).map(Some),
    }
}

/// A page's cursor: the last delegation time seen, RFC 3339.
pub fn before(value: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    if value.is_empty() {
        return Ok(None);
    }
    DateTime::parse_from_rfc3339(value).map(|at| Some(at.with_timezone(&Utc))).map_err(|_| AppError::invalid("before", "The page's position could not be read."))
}

pub fn dashboard_days(value: &str) -> Result<i64, AppError> {
    match value {
        "" | "7" => Ok(7),
        "30" => Ok(30),
        "90" => Ok(90),
        _ => Err(AppError::invalid("days", "Choose 7, 30 or 90 days.")),
    }
}

/// A checkbox: present ("on", "true") or absent.
pub fn flag(field: &str, value: &str) -> Result<bool, AppError> {
    match value {
        "" | "false" | "off" => Ok(false),
        "on" | "true" => Ok(true),
        _ => Err(AppError::invalid(field, "Tick the box or leave it empty.")),
    }
}

pub fn optional_number(field: &str, value: &str) -> Result<Option<i32>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse().map(Some).map_err(|_| AppError::invalid(field, "Enter a whole number."))
}

/// A file kept for a row the transaction has yet to commit: removed again if it does not.
async fn commit_with_file<T>(svc: Service, key: &str, recorded: Result<T, AppError>) -> Result<T, AppError> {
    let storage = svc.ctx.platform.storage.clone();
    let outcome = match recorded {
        Ok(value) => svc.commit().await.map(|_| value),
        Err(error) => Err(error),
    };
    if outcome.is_err() {
        if let Err(error) = storage.delete(key).await {
            tracing::error!(?error, key, "a file whose row was not recorded could not be removed");
        }
    }
    outcome
}

/// A client's résumé variant: a PDF by its content, at most `MAX_RESUME_BYTES`.
pub async fn add_resume(mut svc: Service, name: &str, file_name: &str, bytes: Vec<u8>) -> Result<Uuid, AppError> {
    let name = super::rules::resume_type_name(name)?;
    if !crate::platform::upload::looks_like_pdf(&bytes) {
        return Err(AppError::invalid("file", "Choose a PDF file: this one is not a PDF."));
    }
    if bytes.len() > MAX_RESUME_BYTES {
        return Err(AppError::invalid("file", "The PDF can be at most 5 MB."));
    }
    let file_name = if file_name.is_empty() { format!("{name}.pdf") } else { file_name.to_owned() };
    let size = bytes.len() as i32;
    let key = svc.ctx.platform.storage.put(bytes).await?;
    let client_id = svc.user_id();
    let resume = repo::StoredResume { name: &name, storage_key: &key, file_name: &file_name, file_size: size };
    let recorded = repo::add_resume_type(&mut svc.ctx.tx, client_id, &resume).await;
    commit_with_file(svc, &key, recorded).await
}

/// The employee's proof that the application was sent: a PNG or JPEG screenshot (by content,
/// at most `MAX_SCREENSHOT_BYTES`) and notes. The client is told by mail.
pub async fn complete(mut svc: Service, id: Uuid, notes: &str, bytes: Vec<u8>, now: DateTime<Utc>) -> Result<Uuid, AppError> {
    let notes = super::rules::free_text("notes", "notes", notes, MAX_NOTE_CHARS)?;
    if bytes.is_empty() {
        return Err(AppError::invalid("screenshot", "Add a screenshot of the sent application."));
    }
    if bytes.len() > MAX_SCREENSHOT_BYTES {
        return Err(AppError::invalid("screenshot", "The screenshot can be at most 8 MB."));
    }
    let Some(kind) = super::rules::screenshot_type(&bytes) else {
        return Err(AppError::invalid("screenshot", "The screenshot must be a PNG or JPEG image."));
    };
    let size = bytes.len() as i32;
    let key = svc.ctx.platform.storage.put(bytes).await?;
    let employee_id = svc.user_id();
    let recorded = async {
        let proof = repo::NewProof { screenshot_key: &key, screenshot_type: kind, screenshot_size: size, notes: &notes };
        let proof_id = repo::complete(&mut svc.ctx.tx, id, employee_id, &proof, now).await?;
        let item = repo::item(&mut svc.ctx.tx, id).await?;
        if let Some(email) = repo::email_of(&mut svc.ctx.tx, item.client_id).await? {
            let link = format!("{}/delegation/{id}", svc.ctx.platform.settings.public_url);
            let body = format!("{} sent your application to {} at {}. Look at the proof and accept or reject it:\n\n{link}\n", svc.ctx.user.display_name, item.title, item.company);
            let mail = Mail { to: email, subject: format!("Sent: {} at {}", item.title, item.company), body, html: None, attachments: Vec::new() };
            svc.ctx.platform.mailer.send(&mut svc.ctx.tx, mail).await?;
        }
        Ok(proof_id)
    }
    .await;
    commit_with_file(svc, &key, recorded).await
}
