//! Demo data: one tenant with a person in each role, and a superadmin; then the
//! tenant's assessments, with candidates and results (see `assessments`), and its
//! requisitions (see `recruiting`).

mod assessments;
mod candidates;
mod console;
mod delegation;
mod interviews;
mod job_board;
mod pipeline;
mod recruiting;
mod seekers;
mod usage;

pub use delegation::{demo_screenshot, DEMO_DELEGATION_ADMIN, DEMO_EMPLOYEES};
pub use recruiting::resume_pdf;

use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::{tokens, Role};
use uuid::Uuid;

pub const DEMO_TENANT_SLUG: &str = "acme";

pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
}

pub const DEMO_ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount { email: "superadmin@hirevoo.test", name: "Sam Okafor", role: Role::Superadmin },
    DemoAccount { email: "admin@acme.test", name: "Ada Lindqvist", role: Role::TenantAdmin },
    DemoAccount { email: "recruiter@acme.test", name: "Rita Moreno", role: Role::Recruiter },
    DemoAccount { email: "interviewer@acme.test", name: "Ivan Petrov", role: Role::Interviewer },
    DemoAccount { email: "candidate@acme.test", name: "Chloe Martin", role: Role::Candidate },
];

/// The demo superadmin's two-step sign-in key (superadmins must use one). Add it to an
/// authenticator app, or print the current code with `hirevoo-server demo-code`.
pub const DEMO_TWO_STEP_KEY: &str = "HIREVOODEMOKEYFORSAMOKAFOR234567";

pub fn demo_two_step_code(unix_seconds: i64) -> String {
    use app::identity::two_step::codes;
    let key = codes::key_from_text(DEMO_TWO_STEP_KEY).unwrap_or_default();
    codes::code_for_step(&key, codes::step_at(unix_seconds))
}

/// HIREVOO_DEMO_PASSWORD if it is long enough, otherwise a new random one.
pub fn demo_password() -> String {
    std::env::var("HIREVOO_DEMO_PASSWORD")
        .ok()
        .filter(|p| p.chars().count() >= app::platform::validate::MIN_PASSWORD)
        .unwrap_or_else(|| tokens::new_token()[..20].to_owned())
}

/// Creates what is missing of the demo data: the tenant and accounts, then its assessments.
/// Returns the text to show, with the password when the accounts are new. Each step is one
/// transaction and does nothing when its data is there, so running it again adds nothing.
pub async fn demo(platform: &Platform, password: &str) -> Result<String, String> {
    let mut text = accounts(platform, password)
        .await?
        .unwrap_or_else(|| "The demo data is already there; its passwords were printed when it was created.".into());
    if assessments::seed(platform).await.map_err(|e| format!("seeding the demo assessments: {e:?}"))? {
        text.push_str("\nDemo assessments with candidates and results: sign in as recruiter@acme.test and open Assessments.");
    }
    if recruiting::seed(platform).await.map_err(|e| format!("seeding the demo requisitions: {e:?}"))? {
        text.push_str(&format!("\nDemo requisitions: open Jobs; the careers site is at /careers/{DEMO_TENANT_SLUG}."));
    }
    if pipeline::seed(platform).await.map_err(|e| format!("seeding the demo pipeline: {e:?}"))? {
        text.push_str("\nDemo pipeline: open a job and its Pipeline.");
    }
    if candidates::seed(platform).await.map_err(|e| format!("seeding the demo import: {e:?}"))? {
        text.push_str("\nDemo import: open Candidates, then Import from a CSV file.");
    }
    if interviews::seed(platform).await.map_err(|e| format!("seeding the demo interviews: {e:?}"))? {
        text.push_str("\nDemo interviews: sign in as interviewer@acme.test for today's interviews and a scorecard due.");
    }
    if job_board::seed(platform).await.map_err(|e| format!("seeding the demo job source: {e:?}"))? {
        text.push_str("\nDemo job source: 500 jobs from outside on /jobs-board; superadmins see it under Job sources.");
    }
    if seekers::seed(platform, password).await.map_err(|e| format!("seeding the demo job seeker: {e:?}"))? {
        text.push_str(&format!(
            "\nDemo job seeker: {} (password: {password}) with saved jobs, recent searches and a saved search with its first alert; the board is at /jobs-board.",
            seekers::DEMO_SEEKER
        ));
    }
    if usage::seed(platform).await.map_err(|e| format!("seeding the demo usage figures: {e:?}"))? {
        text.push_str("\nDemo usage figures: 30 days of them under Usage, for superadmins (the platform) and tenant admins (their organization).");
    }
    if delegation::seed(platform, password).await.map_err(|e| format!("seeding the demo delegation service: {e:?}"))? {
        text.push_str(&format!(
            "\nDemo delegation service: {} is its client with 60 delegations; sign in as {} (admin) or {} (employee), password: {password}.",
            seekers::DEMO_SEEKER,
            delegation::DEMO_DELEGATION_ADMIN,
            delegation::DEMO_EMPLOYEES[0].0
        ));
    }
    if console::seed(platform).await.map_err(|e| format!("seeding the demo console: {e:?}"))? {
        text.push_str("\nDemo console: sign in as superadmin@hirevoo.test for tenants, plans, flags, incidents and a day of metrics.");
    }
    Ok(text)
}

/// The demo superadmin's key, in use from the start.
async fn enroll_demo_two_step(platform: &Platform, tx: &mut sqlx::PgConnection, user_id: Uuid) -> Result<(), app::platform::AppError> {
    use app::identity::two_step::{codes, repo};
    let key = codes::key_from_text(DEMO_TWO_STEP_KEY).ok_or_else(|| app::platform::AppError::internal("the demo key is not base32"))?;
    let recovery = codes::new_recovery_codes()?;
    repo::begin_setup(&mut *tx, user_id, &platform.secret_box.seal(&key)?, &platform.secret_box.seal(recovery.join("\n").as_bytes())?).await?;
    let hashes: Vec<Vec<u8>> = recovery.iter().map(|code| codes::recovery_code_hash(code)).collect();
    repo::confirm_setup(tx, user_id, 0, &hashes).await
}

/// Creates the demo tenant and accounts unless present; the lines to show, with the password.
async fn accounts(platform: &Platform, password: &str) -> Result<Option<String>, String> {
    let err = |e: app::platform::AppError| format!("seeding: {e:?}");
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await.map_err(err)?;
    let exists: bool = sqlx::query_scalar("select exists (select from tenants where slug = $1)")
        .bind(DEMO_TENANT_SLUG)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    if exists {
        return Ok(None);
    }
    let tenant_id = Uuid::now_v7();
    sqlx::query("insert into tenants (id, name, slug, plan) values ($1, 'Acme Hiring', $2, 'growth')")
        .bind(tenant_id)
        .bind(DEMO_TENANT_SLUG)
        .execute(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    let hash = platform.hasher.hash(password.to_owned()).await.map_err(err)?;
    let mut lines = vec!["Demo accounts (tenant \"Acme Hiring\"):".to_owned()];
    for account in &DEMO_ACCOUNTS {
        let user_id = Uuid::now_v7();
        sqlx::query("insert into users (id, email, display_name, password_hash, is_superadmin) values ($1, $2, $3, $4, $5)")
            .bind(user_id)
            .bind(account.email)
            .bind(account.name)
            .bind(&hash)
            .bind(account.role == Role::Superadmin)
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
        if account.role == Role::Superadmin {
            enroll_demo_two_step(platform, &mut tx, user_id).await.map_err(err)?;
        }
        if account.role != Role::Superadmin {
            sqlx::query("insert into memberships (id, tenant_id, user_id, role) values ($1, $2, $3, $4)")
                .bind(Uuid::now_v7())
                .bind(tenant_id)
                .bind(user_id)
                .bind(account.role.as_str())
                .execute(&mut *tx)
                .await
                .map_err(|e| e.to_string())?;
        }
        lines.push(format!("  {:<12} {:<26} password: {password}", account.role.label(), account.email));
    }
    lines.push(format!(
        "The superadmin's two-step sign-in key: {DEMO_TWO_STEP_KEY} (add it to an authenticator app, or run `hirevoo-server demo-code` for the current code)."
    ));
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(Some(lines.join("\n")))
}
