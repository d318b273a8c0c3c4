//! The demo delegation service: an admin, three employees, the demo seeker as an active client
//! with two résumés, a second client awaiting activation, and 60 delegations over the last week
//! in every status, with proofs (some rejected and sent again), then the week's figures.

use app::delegation::repo::{self, NewProof};
use app::delegation::types::{AdminLevel, NewDelegation, Priority};
use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;
use chrono::{Duration, Utc};
use uuid::Uuid;

pub const DEMO_DELEGATION_ADMIN: &str = "dana@delegation.test";
pub const DEMO_EMPLOYEES: [(&str, &str); 3] = [("eli@delegation.test", "Eli Navarro"), ("femi@delegation.test", "Femi Adeyemi"), ("gia@delegation.test", "Gia Russo")];
const WAITING_CLIENT: (&str, &str) = ("omar@example.com", "Omar Reyes");

const COMPANIES: [(&str, &str); 10] = [
    ("Northwind", "Backend Engineer"),
    ("Globex", "Data Engineer"),
    ("Initech", "Platform Engineer"),
    ("Umbrella Health", "Rust Developer"),
    ("Stark Labs", "Site Reliability Engineer"),
    ("Wayne Logistics", "Data Analyst"),
    ("Hooli", "Senior Backend Engineer"),
    ("Vandelay Imports", "Analytics Engineer"),
    ("Soylent", "API Engineer"),
    ("Tyrell Systems", "Machine Learning Engineer"),
];

/// Seeds the service unless its admin exists. True when it ran.
pub async fn seed(platform: &Platform, password: &str) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    if app::identity::repo::user_by_email(&mut tx, DEMO_DELEGATION_ADMIN).await?.is_some() {
        return Ok(false);
    }
    let Some(client) = app::identity::repo::user_by_email(&mut tx, super::seekers::DEMO_SEEKER).await? else { return Ok(false) };
    let hash = platform.hasher.hash(password.to_owned()).await?;
    let superadmin: Option<Uuid> = sqlx::query_scalar("select id from users where is_superadmin order by created_at limit 1").fetch_optional(&mut *tx).await?;
    let admin = staff(&mut tx, DEMO_DELEGATION_ADMIN, "Dana Kim", &hash).await?;
    repo::add_admin(&mut tx, admin, AdminLevel::Manager, superadmin.unwrap_or(admin)).await?;
    let mut employees = Vec::new();
    for (email, name) in DEMO_EMPLOYEES {
        let id = staff(&mut tx, email, name, &hash).await?;
        sqlx::query("insert into delegation_employees (user_id, created_by, daily_cap, last_active_at) values ($1, $2, 40, now() - interval '2 hours')")
            .bind(id)
            .bind(admin)
            .execute(&mut *tx)
            .await?;
        employees.push(id);
    }

    let week_ago = Utc::now() - Duration::days(7);
    sqlx::query(
        "insert into delegation_clients (user_id, status, activated_at, activated_by, payment_status, requested_at)
         values ($1, 'active', $2, $3, 'paid', $2 - interval '1 day')",
    )
    .bind(client.id)
    .bind(week_ago - Duration::hours(2))
    .bind(admin)
    .execute(&mut *tx)
    .await?;
    let waiting = Uuid::now_v7();
    app::seekers::repo::create(&mut tx, waiting, WAITING_CLIENT.0, WAITING_CLIENT.1, &hash).await?;
    repo::request_membership(&mut tx, waiting).await?;
    for employee in &employees {
        repo::assign(&mut tx, client.id, *employee, admin).await?;
    }
    sqlx::query("update delegation_assignments set assigned_at = $1 where client_id = $2").bind(week_ago - Duration::hours(1)).bind(client.id).execute(&mut *tx).await?;

    let mut resumes = Vec::new();
    for name in ["Backend", "Data"] {
        let key = platform.storage.put(super::resume_pdf("Noor Haddad", &format!("{name} roles"))).await?;
        let file_name = format!("noor-haddad-{}.pdf", name.to_lowercase());
        let stored = repo::StoredResume { name, storage_key: &key, file_name: &file_name, file_size: 1200 };
        resumes.push(repo::add_resume_type(&mut tx, client.id, &stored).await?);
    }
    let screenshot = demo_screenshot();
    let screenshot_size = screenshot.len() as i32;
    let screenshot_key = platform.storage.put(screenshot).await?;

    for n in 0..60usize {
        let (company, title) = COMPANIES[n % COMPANIES.len()];
        // Spread over the week, oldest first, every 2 hours and 40 minutes.
        let at = week_ago + Duration::minutes(160 * n as i64 + 30);
        let priority = [Priority::Normal, Priority::High, Priority::Normal, Priority::Low, Priority::Urgent][n % 5];
        let new = NewDelegation {
            job_url: format!("https://jobs.{}.example/openings/{}", company.to_lowercase().replace(' ', "-"), 1000 + n),
            company: company.into(),
            title: title.into(),
            resume_type_id: resumes[usize::from(title.contains("Data") || title.contains("Analy") || title.contains("Machine"))],
            priority,
            deadline: at + Duration::days(3),
        };
        let (id, Some(employee)) = repo::create(&mut tx, client.id, &new, at).await? else { continue };
        let age = Utc::now() - at;
        let proof = NewProof { screenshot_key: &screenshot_key, screenshot_type: "image/png", screenshot_size, notes: "Applied through the company's own form; confirmation mail received." };
        match n % 10 {
            // The newest stay pending; some older ones too, and a few past their deadline.
            _ if age < Duration::hours(10) => {}
            0 | 5 | 7 if age > Duration::days(2) => {
                repo::start(&mut tx, id, employee, at + Duration::hours(2)).await?;
                repo::complete(&mut tx, id, employee, &proof, at + Duration::hours(5)).await?;
                repo::review(&mut tx, id, client.id, None, at + Duration::hours(9)).await?;
            }
            1 | 8 => {
                repo::start(&mut tx, id, employee, at + Duration::hours(1)).await?;
                repo::complete(&mut tx, id, employee, &proof, at + Duration::hours(4)).await?;
            }
            2 if age > Duration::days(1) => {
                // Rejected once (the wrong résumé was attached), then sent again and accepted.
                repo::start(&mut tx, id, employee, at + Duration::hours(1)).await?;
                repo::complete(&mut tx, id, employee, &proof, at + Duration::hours(3)).await?;
                repo::review(&mut tx, id, client.id, Some("The screenshot shows the Data résumé; this job needed the Backend one."), at + Duration::hours(6)).await?;
                repo::complete(&mut tx, id, employee, &proof, at + Duration::hours(8)).await?;
                repo::review(&mut tx, id, client.id, None, at + Duration::hours(12)).await?;
            }
            3 => {
                repo::start(&mut tx, id, employee, at + Duration::hours(2)).await?;
            }
            4 if n % 20 == 4 => {
                repo::fail(&mut tx, id, employee, "The posting was closed before we could apply.", at + Duration::hours(6)).await?;
            }
            6 if n % 20 == 6 => {
                repo::cancel(&mut tx, id, client.id, Some(client.id), "I found this job through a friend and applied myself.", at + Duration::hours(1)).await?;
            }
            9 => {
                repo::start(&mut tx, id, employee, at + Duration::hours(1)).await?;
                repo::complete(&mut tx, id, employee, &proof, at + Duration::hours(2)).await?;
                repo::review(&mut tx, id, client.id, Some("This is the confirmation of another job."), at + Duration::hours(5)).await?;
            }
            _ => {}
        }
    }
    tx.commit().await?;
    let now = Utc::now();
    for days_ago in (0..8).rev() {
        let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
        repo::roll_up_day(&mut tx, (now - Duration::days(days_ago)).date_naive(), now).await?;
        tx.commit().await?;
    }
    Ok(true)
}

/// An account of someone working for the service, with the demo password.
async fn staff(tx: &mut sqlx::PgConnection, email: &str, name: &str, hash: &str) -> Result<Uuid, AppError> {
    let id = repo::add_user(&mut *tx, email, name).await?;
    app::identity::repo::set_password(tx, id, hash).await?;
    Ok(id)
}

/// A small PNG standing for a screenshot of a sent application: a page with a header, form
/// lines and a green confirmation bar.
pub fn demo_screenshot() -> Vec<u8> {
    const WIDTH: usize = 160;
    const HEIGHT: usize = 100;
    let mut raw = Vec::with_capacity(HEIGHT * (1 + WIDTH * 3));
    for y in 0..HEIGHT {
        raw.push(0);
        for x in 0..WIDTH {
            let pixel: [u8; 3] = match (x, y) {
                (_, 0..=13) => [30, 64, 175],
                (16..=143, 24..=29 | 36..=41 | 48..=53) => [209, 213, 219],
                (16..=111, 66..=81) => [22, 163, 74],
                _ => [255, 255, 255],
            };
            raw.extend_from_slice(&pixel);
        }
    }
    let mut header = Vec::new();
    header.extend_from_slice(&(WIDTH as u32).to_be_bytes());
    header.extend_from_slice(&(HEIGHT as u32).to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &stored_zlib(&raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32(&png[start..]);
    png.extend_from_slice(&crc.to_be_bytes());
}

/// zlib with uncompressed deflate blocks: no compressor needed for a demo picture.
fn stored_zlib(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
