//! Applying for a job: `POST /careers/{slug}/jobs/{id}/apply`, a multipart form with the
//! résumé. A plain route, so that it works without JavaScript and takes a body far larger
//! than a server function's: it answers with a redirect to the job's page, which shows
//! the outcome (`?applied=1`, or `?error=<codes>` with what was typed kept for the form).

use axum::extract::{DefaultBodyLimit, Extension, Path, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use uuid::Uuid;

use super::repo::{self, NewApplication};
use super::types::*;
use crate::platform::context::Platform;
use crate::platform::mail::Mail;
use crate::recruiting::candidates::documents::StoredPdf;
use crate::platform::upload::{self, looks_like_pdf, see_other, UploadError, UploadedFile};
use crate::platform::{validate, AppError};

/// The largest request the form may send: the résumé and a margin for the other fields.
pub const MAX_BODY: usize = MAX_RESUME_BYTES + 1024 * 1024;
/// How long an application waits for its turn to be read (`Platform::anonymous_uploads`).
const UPLOAD_TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
/// What the form keeps of a refused submission, for the page to fill the form in again.
pub const REFILL_COOKIE: &str = "hirevoo_apply";

/// The route, with its own body limit: it must be mounted outside the site-wide limit.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/careers/{slug}/jobs/{id}/apply", post(apply).layer(DefaultBodyLimit::max(MAX_BODY)))
        .route("/careers/{slug}/confirm", post(confirm))
}

#[derive(Debug, Default)]
struct Form {
    name: String,
    email: String,
    phone: String,
    cover_note: String,
    consent: String,
    /// A seeker's agreement to send their profile's skills.
    send_skills: String,
    /// The honeypot: hidden from people, filled in by bots.
    website: String,
    resume: Option<UploadedFile>,
    resume_too_large: bool,
}

impl Form {
    fn refill(&self) -> Refill {
        Refill {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            cover_note: self.cover_note.clone(),
            skills_withheld: !self.sends_skills(),
        }
    }

    fn sends_skills(&self) -> bool {
        !self.send_skills.trim().is_empty()
    }
}

async fn apply(Extension(platform): Extension<Platform>, Path((slug, id)): Path<(String, String)>, request: Request) -> Response {
    let (Ok(slug), Ok(id)) = (validate::slug("slug", &slug), id.parse::<Uuid>()) else { return not_found(&slug) };
    let job_path = format!("/careers/{slug}/jobs/{id}");
    let secure = platform.settings.secure_cookies;
    let too_large = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|length| length > MAX_BODY as u64);
    if too_large {
        return refused(&job_path, &[ApplyProblem::ResumeTooLarge], None, secure);
    }
    let ip = crate::platform::context::client_ip_of(request.extensions());
    // A short wait for a turn when many upload at once; past it, the visitor is asked to retry.
    let Ok(Ok(_turn)) = tokio::time::timeout(UPLOAD_TURN_WAIT, platform.anonymous_uploads.clone().acquire_owned()).await else {
        return refused(&job_path, &[ApplyProblem::TryAgain], None, secure);
    };
    // A signed-in seeker applies with their account's name and confirmed address.
    let (parts, body) = request.into_parts();
    let seeker = crate::platform::context::with_request(platform.clone(), parts.clone(), crate::seekers::applicant(&platform, id)).await;
    let request = Request::from_parts(parts, body);
    let seeker = match seeker {
        Ok(seeker) => seeker,
        Err(error) => {
            tracing::error!(?error, "the applicant's account could not be read");
            return refused(&job_path, &[ApplyProblem::TryAgain], None, secure);
        }
    };
    // The whole form is read before answering: a browser still sending a résumé may not
    // see an answer given earlier.
    let mut form = match read_form(request).await {
        Ok(form) => form,
        Err(problem) => return refused(&job_path, &[problem], None, secure),
    };
    if let Some((_, applicant)) = &seeker {
        form.email = applicant.email.clone();
    }
    let seeker = seeker.map(|(user_id, _)| Seeker { user_id, sends_skills: form.sends_skills() });
    match submit(&platform, &slug, id, &ip, form, seeker).await {
        // One answer whether the address was new, known, or had applied already: what happens
        // next is said in a mail to that address, which only its owner reads.
        Ok(Outcome::Applied | Outcome::HeldForConfirmation | Outcome::AppliedBefore | Outcome::Ignored) => {
            let mut response = see_other(&format!("{job_path}?applied=1#apply"));
            set_refill_cookie(&mut response, &job_path, None, secure);
            response
        }
        Ok(Outcome::Refused(problems, refill)) => refused(&job_path, &problems, refill.as_ref(), secure),
        Ok(Outcome::JobGone(problem)) => see_other(&format!("/careers/{slug}?error={}", problem.code())),
        Err(AppError::NotFound) => not_found(&slug),
        Err(error) => {
            tracing::error!(?error, "an application could not be saved");
            refused(&job_path, &[ApplyProblem::TryAgain], None, secure)
        }
    }
}

enum Outcome {
    Applied,
    /// The address is a known candidate's: kept apart until confirmed from that mailbox.
    HeldForConfirmation,
    /// The candidate with this address applied for the job already: they are told by mail.
    AppliedBefore,
    /// The honeypot was filled: answered as if applied, nothing kept.
    Ignored,
    Refused(Vec<ApplyProblem>, Option<Refill>),
    /// The job's page itself is not shown (unpublished, removed, organization suspended).
    JobGone(ApplyProblem),
}

/// A signed-in seeker sending an application.
#[derive(Clone, Copy)]
struct Seeker {
    user_id: Uuid,
    /// They agreed to send their profile's skills with it.
    sends_skills: bool,
}

/// `seeker`: the signed-in seeker sending it, whose address is confirmed: their application goes
/// to the organization's candidate with that address (new or known), and they keep a record of it.
async fn submit(platform: &Platform, slug: &str, id: Uuid, ip: &str, form: Form, seeker: Option<Seeker>) -> Result<Outcome, AppError> {
    // What the job allows and who already applied, before anything is stored.
    let (tenant, job) = {
        let (tenant, mut tx) = repo::open(&platform.flags, platform.db.write(), slug).await?;
        let job = repo::job(&mut tx, tenant.id, id, false).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        (tenant, job)
    };
    if !tenant.active {
        return Ok(Outcome::JobGone(ApplyProblem::OrganizationUnavailable));
    }
    if let Some(problem) = job.closed() {
        return Ok(if job.public() { Outcome::Refused(vec![problem], None) } else { Outcome::JobGone(problem) });
    }
    if !form.website.trim().is_empty() {
        tracing::info!(job = %id, "an application with the honeypot filled in was ignored");
        return Ok(Outcome::Ignored);
    }
    let refill = form.refill();
    let valid = match validate_form(form) {
        Ok(valid) => valid,
        Err(problems) => return Ok(Outcome::Refused(problems, Some(refill))),
    };
    // The limit comes before anything about the address is looked up. A seeker's confirmed
    // account is counted on its own: people behind one shared network address do not block each other.
    {
        let (_, mut tx) = repo::open(&platform.flags, platform.db.write(), slug).await?;
        let limit = platform.live_settings.get(crate::platform::live_settings::APPLICATIONS_PER_HOUR);
        let counted = match seeker {
            Some(Seeker { user_id, .. }) => format!("seeker:{user_id}"),
            None => ip.to_owned(),
        };
        let limited = crate::platform::rate_limit::limited(&mut tx, repo::APPLY_BUCKET, &counted, limit).await?;
        tx.commit().await?;
        if limited {
            return Ok(Outcome::Refused(vec![ApplyProblem::TooManyApplications], Some(refill)));
        }
    }
    let Valid { name, email, phone, cover_note, file_name, bytes } = valid;
    let resume = StoredPdf::store(platform, file_name, bytes).await?;
    let source = if seeker.is_some() { "job_board" } else { "careers_site" };
    let application = NewApplication { source, name, email, phone, cover_note, resume };
    let saved = save(platform, &tenant.organization(), id, &application, seeker).await;
    if matches!(saved, Ok(Outcome::Applied | Outcome::HeldForConfirmation)) {
        use crate::usage::{events, types::EventKind};
        events::record(platform, events::Event { tenant_id: Some(tenant.id), user_id: seeker.as_ref().map(|s| s.user_id), ..events::Event::new(EventKind::Application) });
    } else if let Err(error) = platform.storage.delete(&application.resume.storage_key).await {
        tracing::error!(?error, key = %application.resume.storage_key, "a résumé of an application not saved could not be removed");
    }
    match saved {
        Ok(Outcome::Refused(problems, _)) => Ok(Outcome::Refused(problems, Some(refill))),
        other => other,
    }
}

/// Whom an application's address belongs to, at the organization.
enum Known {
    New,
    AppliedBefore,
    /// A candidate who has not applied for this job: only the mailbox's owner may add to them.
    Candidate(Uuid),
}

/// The application (or its hold) and the mail about it, in one transaction.
async fn save(platform: &Platform, organization: &Organization, id: Uuid, application: &NewApplication, seeker: Option<Seeker>) -> Result<Outcome, AppError> {
    let (tenant, mut tx) = repo::open(&platform.flags, platform.db.write(), &organization.slug).await?;
    // Held until commit: the job cannot close between this check and the application.
    let job = repo::job(&mut tx, tenant.id, id, true).await?.ok_or(AppError::NotFound)?;
    if let Some(problem) = job.closed() {
        return Ok(if job.public() { Outcome::Refused(vec![problem], None) } else { Outcome::JobGone(problem) });
    }
    let title = &job.source.title;
    let job_url = format!("{}/careers/{}/jobs/{id}", platform.settings.public_url, tenant.slug);
    let known = match seeker {
        // The seeker's address is confirmed: the application goes to the candidate it belongs to.
        Some(Seeker { user_id, sends_skills }) => match repo::record_application(&mut tx, tenant.id, id, application).await? {
            Some(application_id) => {
                crate::platform::db::Db::enter_user(&mut tx, user_id).await?;
                if sends_skills {
                    repo::send_seeker_skills(&mut tx, tenant.id, application_id, user_id).await?;
                }
                let job = repo::AppliedJob { requisition_id: id, title, company: &tenant.name, company_slug: &tenant.slug };
                crate::seekers::repo::record_application(&mut tx, user_id, application_id, &job).await?;
                Known::New
            }
            None => Known::AppliedBefore,
        },
        None => {
            let created = match repo::candidate_by_email(&mut tx, tenant.id, id, &application.email).await? {
                None => repo::create_application(&mut tx, tenant.id, id, application).await?,
                Some(_) => None,
            };
            // Another application with the same new address may have created the candidate meanwhile.
            let known = if created.is_none() { repo::candidate_by_email(&mut tx, tenant.id, id, &application.email).await? } else { None };
            match known {
                None => Known::New,
                Some((_, true)) => Known::AppliedBefore,
                Some((candidate_id, false)) => Known::Candidate(candidate_id),
            }
        }
    };
    let follow = match seeker {
        Some(_) => format!("Follow it in your job search: {}/\n\n", platform.settings.public_url),
        None => String::new(),
    };
    let (outcome, subject, body) = match known {
        Known::New => (
            Outcome::Applied,
            format!("Your application for {title}"),
            format!(
                "Hello {name},\n\nThank you for applying for {title} at {org}. We have received your application and your résumé ({file}).\n\n\
                 The hiring team will review it and contact you at this address.\n\nThe job: {job_url}\n\n{follow}{org}\n",
                name = application.name,
                org = tenant.name,
                file = application.resume.file_name,
            ),
        ),
        Known::AppliedBefore => (
            Outcome::AppliedBefore,
            format!("Your application for {title}"),
            format!(
                "Hello,\n\nSomeone, perhaps you, applied again for {title} at {org} with this email address. {org} already has your \
                 application for this job: nothing was changed and nothing more is needed.\n\nThe job: {job_url}\n\n{org}\n",
                org = tenant.name,
            ),
        ),
        Known::Candidate(candidate_id) => {
            let token = crate::platform::tokens::new_token();
            repo::hold_for_confirmation(&mut tx, tenant.id, id, candidate_id, application, &crate::platform::tokens::hash(&token)).await?;
            let confirm_url = format!("{}/careers/{}/confirm?token={token}", platform.settings.public_url, tenant.slug);
            (
                Outcome::HeldForConfirmation,
                format!("Confirm your application for {title}"),
                format!(
                    "Hello,\n\nSomeone, perhaps you, applied for {title} at {org} with this email address. {org} already knows this \
                     address, so the application waits for your confirmation before it is added to your profile:\n{confirm_url}\n\n\
                     The link works for 7 days. If it was not you, ignore this message: nothing is added and the file sent is deleted.\n\n{org}\n",
                    org = tenant.name,
                ),
            )
        }
    };
    platform.mailer.send(&mut tx, Mail { to: application.email.clone(), subject, body, ..Mail::default() }).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// `POST /careers/{slug}/confirm`: adds an application held for confirmation to the candidate's
/// profile, from the link mailed to them.
async fn confirm(Extension(platform): Extension<Platform>, Path(slug): Path<String>, axum::Form(form): axum::Form<ConfirmForm>) -> Response {
    let Ok(slug) = validate::slug("slug", &slug) else { return not_found(&slug) };
    match confirm_held(&platform, &slug, &form.token).await {
        Ok(Some(job_id)) => see_other(&format!("/careers/{slug}/jobs/{job_id}?confirmed=1#apply")),
        Ok(None) => see_other(&format!("/careers/{slug}/confirm?error=expired")),
        Err(AppError::NotFound) => not_found(&slug),
        Err(error) => {
            tracing::error!(?error, "a held application could not be confirmed");
            see_other(&format!("/careers/{slug}/confirm?error=try_again"))
        }
    }
}

#[derive(serde::Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    token: String,
}

/// The job of the confirmed application; `None` for a link that is unknown, used or expired.
async fn confirm_held(platform: &Platform, slug: &str, token: &str) -> Result<Option<Uuid>, AppError> {
    if !crate::platform::tokens::well_formed(token) {
        return Ok(None);
    }
    let (tenant, mut tx) = repo::open(&platform.flags, platform.db.write(), slug).await?;
    let Some(held) = repo::take_held(&mut tx, tenant.id, &crate::platform::tokens::hash(token)).await? else { return Ok(None) };
    let job_id = held.job_id;
    let added = repo::confirm_held(&mut tx, tenant.id, &held).await?;
    tx.commit().await?;
    if added.is_none() {
        // Applied meanwhile: the held copy of the résumé is not needed.
        if let Err(error) = platform.storage.delete(&held.application.resume.storage_key).await {
            tracing::error!(?error, "the résumé of a held application could not be removed");
        }
    }
    Ok(Some(job_id))
}

/// Removes the held applications whose link expired, with their files; returns how many.
pub async fn remove_expired_held(platform: &Platform) -> Result<usize, AppError> {
    let mut tx = crate::platform::db::Db::begin(platform.db.write(), &crate::platform::db::Scope::Platform).await?;
    let keys = repo::remove_expired_held(&mut tx).await?;
    tx.commit().await?;
    for key in &keys {
        if let Err(error) = platform.storage.delete(key).await {
            tracing::error!(?error, key, "the résumé of an expired held application could not be removed");
        }
    }
    Ok(keys.len())
}

async fn read_form(request: Request) -> Result<Form, ApplyProblem> {
    let upload = upload::read(request, "resume", MAX_RESUME_BYTES).await.map_err(|error| match error {
        UploadError::TooLarge => ApplyProblem::ResumeTooLarge,
        UploadError::Unreadable => ApplyProblem::Unreadable,
    })?;
    let text = |name: &str| upload.field(name).to_owned();
    Ok(Form {
        name: text("name"),
        email: text("email"),
        phone: text("phone"),
        cover_note: text("cover_note"),
        consent: text("consent"),
        send_skills: text("send_skills"),
        website: text("website"),
        resume_too_large: upload.file_too_large,
        resume: upload.file,
    })
}

struct Valid {
    name: String,
    email: String,
    phone: String,
    cover_note: String,
    file_name: String,
    bytes: Vec<u8>,
}

/// Every field's rule; all problems at once, in the form's order.
fn validate_form(form: Form) -> Result<Valid, Vec<ApplyProblem>> {
    let mut problems = Vec::new();
    let name = if form.name.trim().is_empty() {
        problems.push(ApplyProblem::NameMissing);
        String::new()
    } else {
        validate::name("name", "name", &form.name).unwrap_or_else(|_| {
            problems.push(ApplyProblem::NameInvalid);
            String::new()
        })
    };
    let email = if form.email.trim().is_empty() {
        problems.push(ApplyProblem::EmailMissing);
        String::new()
    } else {
        validate::email("email", &form.email).unwrap_or_else(|_| {
            problems.push(ApplyProblem::EmailInvalid);
            String::new()
        })
    };
    let phone = form.phone.trim().to_owned();
    let phone_ok = phone.is_empty()
        || (phone.chars().count() <= MAX_PHONE
            && phone.chars().any(|c| c.is_ascii_digit())
            && phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)));
    if !phone_ok {
        problems.push(ApplyProblem::PhoneInvalid);
    }
    let (file_name, bytes) = match form.resume {
        _ if form.resume_too_large => {
            problems.push(ApplyProblem::ResumeTooLarge);
            (String::new(), Vec::new())
        }
        None => {
            problems.push(ApplyProblem::ResumeMissing);
            (String::new(), Vec::new())
        }
        Some(upload) if !looks_like_pdf(&upload.bytes) => {
            problems.push(ApplyProblem::ResumeNotPdf);
            (String::new(), Vec::new())
        }
        Some(upload) => (if upload.file_name.is_empty() { "resume.pdf".to_owned() } else { upload.file_name }, upload.bytes),
    };
    let cover_note: String = form
        .cover_note
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_owned();
    if cover_note.chars().count() > MAX_COVER_NOTE {
        problems.push(ApplyProblem::CoverNoteTooLong);
    }
    if form.consent.trim().is_empty() {
        problems.push(ApplyProblem::ConsentMissing);
    }
    if problems.is_empty() { Ok(Valid { name, email, phone, cover_note, file_name, bytes }) } else { Err(problems) }
}

fn refused(job_path: &str, problems: &[ApplyProblem], refill: Option<&Refill>, secure: bool) -> Response {
    let codes: Vec<&str> = problems.iter().map(|p| p.code()).collect();
    let mut response = see_other(&format!("{job_path}?error={}#apply", codes.join(",")));
    set_refill_cookie(&mut response, job_path, refill, secure);
    response
}

/// Keeps what was typed for the job's page (only), for ten minutes; `None` removes it. A
/// cookie rather than the address, so that names and emails stay out of logs and history.
fn set_refill_cookie(response: &mut Response, job_path: &str, refill: Option<&Refill>, secure: bool) {
    let value = match refill {
        Some(refill) => {
            let mut encoded = crate::ui::url_encode(&serde_json::to_string(refill).unwrap_or_default());
            if encoded.len() > 3800 {
                let short = Refill { cover_note: String::new(), ..refill.clone() };
                encoded = crate::ui::url_encode(&serde_json::to_string(&short).unwrap_or_default());
            }
            if encoded.len() > 3800 {
                return;
            }
            format!("{REFILL_COOKIE}={encoded}; Max-Age=600")
        }
        None => format!("{REFILL_COOKIE}=; Max-Age=0"),
    };
    let secure = if secure { "; Secure" } else { "" };
    if let Ok(cookie) = HeaderValue::from_str(&format!("{value}; Path={job_path}; HttpOnly; SameSite=Lax{secure}")) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
}

/// What the current request's refill cookie holds, for the form.
pub fn refill_of_request() -> Refill {
    crate::platform::context::cookie(REFILL_COOKIE)
        .and_then(|value| percent_decode(&value))
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn not_found(slug: &str) -> Response {
    let slug: String = slug.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Job not found</title></head>\
         <body><main><h1>Job not found</h1><p>There is no such job on this careers site.</p>\
         <p><a href=\"/careers/{slug}\">See the open jobs</a></p></main></body></html>"
    );
    (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_reported_at_once() {
        let problems = validate_form(Form { phone: "call me".into(), ..Default::default() }).err().unwrap();
        assert_eq!(
            problems,
            vec![ApplyProblem::NameMissing, ApplyProblem::EmailMissing, ApplyProblem::PhoneInvalid, ApplyProblem::ResumeMissing, ApplyProblem::ConsentMissing]
        );
    }

    #[test]
    fn refill_cookies_decode() {
        let refill = Refill { name: "Zoë O'Neil; x=1".into(), email: "z@example.com".into(), ..Default::default() };
        let encoded = crate::ui::url_encode(&serde_json::to_string(&refill).unwrap());
        assert_eq!(serde_json::from_str::<Refill>(&percent_decode(&encoded).unwrap()).unwrap(), refill);
    }
}
