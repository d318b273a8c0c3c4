//! Demo jobs from outside the platform on the job board: one uploaded Greenhouse-format source
//! with 500 jobs, made from a few templates, ingested the way a superadmin's upload is.

use app::job_board::ingest::{repo, run, types::SourceKind};
use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;
use chrono::{Duration, Utc};
use serde_json::json;

pub const SOURCE_NAME: &str = "Open Roles Feed";
const JOBS: usize = 500;

const TITLES: [(&str, &str); 12] = [
    ("Backend Engineer", "Engineering"),
    ("Frontend Developer", "Engineering"),
    ("Data Analyst", "Data"),
    ("Machine Learning Engineer", "Data"),
    ("Product Manager", "Product"),
    ("UX Designer", "Design"),
    ("Account Executive", "Sales"),
    ("Customer Success Manager", "Customer Success"),
    ("DevOps Engineer", "Infrastructure"),
    ("Technical Writer", "Documentation"),
    ("Recruiting Coordinator", "People"),
    ("Financial Analyst", "Finance"),
];
const LEVELS: [&str; 4] = ["", "Senior ", "Staff ", "Junior "];
const COMPANIES: [&str; 10] = ["Northwind Labs", "Bluefin Analytics", "Cobalt Robotics", "Evergreen Health", "Lumen Payments", "Tidewater Logistics", "Quarry Games", "Helix Bio", "Atlas Energy", "Juniper Learning"];
const PLACES: [(&str, &str); 8] = [("Berlin, Germany", "EUR"), ("London, United Kingdom", "GBP"), ("Austin, TX, United States", "USD"), ("Toronto, Canada", "CAD"), ("Remote", "USD"), ("Amsterdam, Netherlands", "EUR"), ("New York, NY, United States", "USD"), ("Lisbon, Portugal", "EUR")];

/// The feed's body: `JOBS` jobs, the same ones each time but for their dates (the last 30 days).
fn feed() -> String {
    let now = Utc::now();
    let jobs: Vec<_> = (0..JOBS)
        .map(|n| {
            let (title, department) = TITLES[n % TITLES.len()];
            let level = LEVELS[(n / TITLES.len()) % LEVELS.len()];
            let company = COMPANIES[(n * 7 + n / 40) % COMPANIES.len()];
            let (place, currency) = PLACES[(n * 3 + n / 12) % PLACES.len()];
            let base = 40_000 + (n % TITLES.len()) as i64 * 6_000 + (n / TITLES.len() % LEVELS.len()) as i64 * 9_000;
            let posted = now - Duration::minutes((n as i64 * 86) % (30 * 24 * 60));
            let mut job = json!({
                "id": 7_000_000 + n,
                "title": format!("{level}{title}"),
                "company_name": company,
                "updated_at": posted.to_rfc3339(),
                "location": { "name": place },
                "absolute_url": format!("https://boards.example.com/open-roles/jobs/{}", 7_000_000 + n),
                "departments": [{ "name": department }],
                "content": format!(
                    "&lt;p&gt;{company} is hiring a {level}{title} to join its {department} team.&lt;/p&gt;\
                     &lt;ul&gt;&lt;li&gt;Work with a small, friendly team&lt;/li&gt;&lt;li&gt;Flexible hours&lt;/li&gt;&lt;/ul&gt;"
                ),
            });
            // Two jobs in three publish their pay.
            if n % 3 != 0 {
                job["pay_input_ranges"] = json!([{ "min_cents": base * 100, "max_cents": (base + 15_000) * 100, "currency_type": currency }]);
            }
            job
        })
        .collect();
    json!({ "jobs": jobs, "meta": { "total": JOBS } }).to_string()
}

/// Adds the source and its first run, unless the source is there.
pub async fn seed(platform: &Platform) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let new = repo::NewSource { name: SOURCE_NAME, kind: SourceKind::Greenhouse, url: None, company: None, schedule: "daily" };
    let Some(id) = repo::insert_source(&mut tx, &new).await? else {
        return Ok(false);
    };
    let source = repo::source(&mut tx, id).await?.ok_or_else(|| AppError::internal("the demo source vanished"))?;
    run::ingest(&mut tx, &source, &feed(), Utc::now()).await?;
    tx.commit().await?;
    Ok(true)
}
