//! The demo import: a list of people met at a conference, imported three days ago into the
//! candidates (two rows refused, one person already known and filled in), and a record that
//! looks like a second one of a known applicant, for the profile's merge suggestion.

use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;
use app::recruiting::candidates::import::{job, parse, repo};
use serde_json::json;
use uuid::Uuid;

use super::DEMO_TENANT_SLUG;

const FILE: &str = "name,email,location,source,tags,skills,links
Nadia Haddad,nadia.haddad@example.com,Lyon,sourced,rustconf-2026; backend,Rust:4; SQL:3,https://example.com/nadia
Oskar Lindqvist,oskar.lindqvist@example.com,Stockholm,sourced,rustconf-2026,Rust:3,
Chidi Eze,chidi.eze@example.com,Lagos,referral,rustconf-2026; frontend,,https://example.com/chidi
Hana Sato,hana.sato@example.com,Osaka,sourced,rustconf-2026; data,SQL:5,
Mateo Ruiz,mateo.ruiz@example.com,Valencia,agency,rustconf-2026,,
Priya Raghavan,priya.r@example.org,Bangalore,sourced,rustconf-2026,,
Amara Okonkwo,amara.okonkwo@example.com,Lagos,sourced,rustconf-2026; speaker,,
Broken Row,not-an-email,Nowhere,sourced,,,
=HYPERLINK(\"http://example.com\"),evil@example.com,,,,,
";

/// Imports the demo file unless an import exists. True when it ran.
pub async fn seed(platform: &Platform) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let tenant_id: Option<Uuid> = sqlx::query_scalar("select id from tenants where slug = $1").bind(DEMO_TENANT_SLUG).fetch_optional(&mut *tx).await?;
    let Some(tenant_id) = tenant_id else { return Ok(false) };
    Db::enter_tenant(&mut tx, tenant_id).await?;
    let imported: bool = sqlx::query_scalar("select exists (select 1 from candidate_imports where tenant_id = $1)").bind(tenant_id).fetch_one(&mut *tx).await?;
    let rita: Option<Uuid> = sqlx::query_scalar("select id from users where email = 'recruiter@acme.test'").fetch_optional(&mut *tx).await?;
    let Some(rita) = rita.filter(|_| !imported) else { return Ok(false) };
    let catalog = app::assessments::repo::skills(&mut tx, tenant_id).await?;
    let rows = parse::parse(FILE.as_bytes(), &catalog).map_err(|problem| AppError::invalid("file", problem.message()))?;
    let id = repo::create(&mut tx, tenant_id, rita, "rustconf-2026-leads.csv", &rows).await?;
    repo::start(&mut tx, tenant_id, id, "update").await?;
    sqlx::query("update candidate_imports set created_at = now() - interval '3 days', started_at = now() - interval '3 days' where id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    job::run_import(platform, &json!({ "tenant_id": tenant_id, "import_id": id })).await.map_err(|error| {
        tracing::error!(%error, "the demo import failed");
        AppError::Internal
    })?;
    Ok(true)
}
