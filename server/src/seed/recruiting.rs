//! The demo tenant's requisitions: every status, several departments and places, some on
//! the careers site, with their history and audit trail written the way the product writes them.

use app::platform::audit::Origin;
use app::platform::context::Platform;
use app::platform::db::{Db, Scope};
use app::platform::AppError;
use app::recruiting::requisitions::repo::{self, Actor, MoveRule, RequisitionInput};
use app::recruiting::requisitions::types::{EmploymentType, Status, Workplace};
use chrono::{Duration, Utc};
use uuid::Uuid;

use super::DEMO_TENANT_SLUG;

struct Job {
    title: &'static str,
    department: &'static str,
    city: &'static str,
    country: &'static str,
    workplace: Workplace,
    employment: EmploymentType,
    /// Where it ends up, through the workflow's own moves.
    status: Status,
    published: bool,
    /// Salary range in thousands, and whether candidates see it.
    salary: Option<(f64, f64, &'static str, bool)>,
    /// Days from today; negative is past (only for requisitions that are closed by then).
    deadline_days: Option<i64>,
    age_days: i64,
    views: i64,
}

const fn job(
    title: &'static str,
    department: &'static str,
    city: &'static str,
    country: &'static str,
    workplace: Workplace,
    status: Status,
    published: bool,
    age_days: i64,
    views: i64,
) -> Job {
    Job { title, department, city, country, workplace, employment: EmploymentType::FullTime, status, published, salary: None, deadline_days: None, age_days, views }
}

use EmploymentType::{Contract, Internship, PartTime};
use Status::{Archived, Closed, Draft, OnHold, Open};
use Workplace::{Hybrid, OnSite, Remote};

const JOBS: [Job; 24] = [
    Job { salary: Some((85.0, 110.0, "EUR", true)), deadline_days: Some(21), ..job("Senior Frontend Engineer", "Engineering", "Berlin", "Germany", Hybrid, Open, true, 18, 1_204) },
    Job { salary: Some((95.0, 125.0, "EUR", false)), ..job("Staff Data Engineer", "Engineering", "Berlin", "Germany", Hybrid, Open, true, 33, 877) },
    job("Site Reliability Engineer", "Engineering", "", "", Remote, Open, true, 9, 640),
    Job { employment: Contract, ..job("Mobile Engineer (iOS)", "Engineering", "London", "United Kingdom", OnSite, OnHold, true, 47, 311) },
    job("Engineering Manager, Platform", "Engineering", "London", "United Kingdom", Hybrid, Draft, false, 2, 0),
    Job { salary: Some((2_400.0, 3_200.0, "INR", true)), deadline_days: Some(30), ..job("Backend Engineer (Java)", "Engineering", "Bangalore", "India", OnSite, Open, true, 12, 2_310) },
    job("QA Automation Engineer", "Engineering", "Bangalore", "India", Hybrid, Closed, false, 95, 1_980),
    job("Product Manager, Assessments", "Product", "Berlin", "Germany", Hybrid, Open, true, 26, 990),
    job("Product Analyst", "Product", "", "", Remote, Draft, false, 1, 0),
    Job { employment: Internship, ..job("Product Design Intern", "Design", "Amsterdam", "Netherlands", OnSite, Open, true, 6, 455) },
    job("Senior Product Designer", "Design", "Amsterdam", "Netherlands", Hybrid, OnHold, false, 58, 720),
    Job { salary: Some((60.0, 75.0, "USD", true)), ..job("Account Executive, Mid-Market", "Sales", "New York", "United States", OnSite, Open, true, 15, 1_120) },
    job("Sales Development Representative", "Sales", "New York", "United States", OnSite, Closed, false, 120, 2_870),
    job("Solutions Engineer", "Sales", "London", "United Kingdom", Hybrid, Archived, false, 240, 3_400),
    job("Content Marketing Manager", "Marketing", "", "", Remote, Open, true, 21, 830),
    Job { employment: PartTime, ..job("Community Manager", "Marketing", "Berlin", "Germany", Hybrid, Draft, false, 4, 0) },
    job("Growth Marketer", "Marketing", "London", "United Kingdom", Hybrid, Archived, false, 310, 1_760),
    job("Customer Success Manager", "Customer Success", "New York", "United States", Hybrid, Open, true, 11, 610),
    job("Support Engineer", "Customer Success", "Bangalore", "India", OnSite, OnHold, true, 40, 505),
    job("Implementation Consultant", "Customer Success", "", "", Remote, Closed, false, 88, 1_310),
    job("Financial Controller", "Finance", "Berlin", "Germany", OnSite, Open, false, 8, 0),
    job("Payroll Specialist", "Finance", "Bangalore", "India", OnSite, Archived, false, 400, 990),
    job("People Partner", "People", "London", "United Kingdom", Hybrid, Open, true, 29, 702),
    job("Talent Acquisition Coordinator", "People", "", "", Remote, Closed, false, 66, 1_045),
];

fn description(job: &Job) -> String {
    format!(
        "Acme Hiring is growing its {department} team and looking for a {title}.\n\n\
         What you will do:\n\
         - Own meaningful work from the first week, with a team that reviews and ships every day\n\
         - Work closely with product, design and our customers\n\
         - Help us hire the people who come after you\n\n\
         What we look for:\n\
         - Experience in a similar role, or the drive to grow into it quickly\n\
         - Clear writing and a habit of asking good questions\n\n\
         We welcome applications from people of every background.",
        department = job.department.to_lowercase(),
        title = job.title,
    )
}

/// The moves that take a new draft to `status`, with the reasons a recruiter would give.
fn path_to(status: Status) -> &'static [(Status, &'static str)] {
    match status {
        Draft => &[],
        Open => &[(Open, "")],
        OnHold => &[(Open, ""), (OnHold, "Budget review until next quarter")],
        Closed => &[(Open, ""), (Closed, "Position filled")],
        Archived => &[(Open, ""), (Closed, "Position filled"), (Archived, "")],
    }
}

/// Adds the demo requisitions unless they are there; true when it added them.
pub async fn seed(platform: &Platform) -> Result<bool, AppError> {
    let mut tx = Db::begin(platform.db.write(), &Scope::Platform).await?;
    let tenant: Option<Uuid> = sqlx::query_scalar("select id from tenants where slug = $1 for update").bind(DEMO_TENANT_SLUG).fetch_optional(&mut *tx).await?;
    let Some(tenant_id) = tenant else { return Ok(false) };
    let people: Vec<(Uuid, String)> = sqlx::query_as(
        "select user_id, role from memberships where tenant_id = $1 and role <> 'candidate' order by role, created_at",
    )
    .bind(tenant_id)
    .fetch_all(&mut *tx)
    .await?;
    let find = |role: &str| people.iter().find(|(_, r)| r == role).map(|(id, _)| *id);
    let (Some(recruiter), Some(admin)) = (find("recruiter"), find("tenant_admin")) else { return Ok(false) };
    let interviewer = find("interviewer");
    Db::enter_tenant(&mut tx, tenant_id).await?;
    let seeded: bool = sqlx::query_scalar("select exists (select 1 from requisitions where tenant_id = $1 and title = $2)")
        .bind(tenant_id)
        .bind(JOBS[0].title)
        .fetch_one(&mut *tx)
        .await?;
    if seeded {
        return Ok(false);
    }
    let skills: Vec<Uuid> = sqlx::query_scalar("select id from skills where tenant_id = $1 order by lower(name)").bind(tenant_id).fetch_all(&mut *tx).await?;
    let today = Utc::now().date_naive();
    for (index, spec) in JOBS.iter().enumerate() {
        // Half are the recruiter's, half the admin's, so "only mine" and the permissions show.
        let owner = if index % 2 == 0 { recruiter } else { admin };
        let actor = Actor { user_id: owner, is_admin: owner == admin, origin: Origin { ip: Some("203.0.113.10".into()), user_agent: Some("Hirevoo demo data".into()) } };
        let input = RequisitionInput {
            title: spec.title.into(),
            description: description(spec),
            department: spec.department.into(),
            location_city: spec.city.into(),
            location_country: spec.country.into(),
            workplace: spec.workplace,
            employment_type: spec.employment,
            openings: 1 + (index % 3) as i32,
            salary_min: spec.salary.map(|s| s.0 * 1000.0),
            salary_max: spec.salary.map(|s| s.1 * 1000.0),
            salary_currency: spec.salary.map(|s| s.2.to_owned()),
            salary_visible: spec.salary.is_some_and(|s| s.3),
            skill_ids: if spec.department == "Engineering" { skills.clone() } else { Vec::new() },
            deadline: spec.deadline_days.map(|d| today + Duration::days(d)),
            hiring_manager_id: Some(if index % 3 == 0 { admin } else { recruiter }),
            recruiter_id: Some(recruiter),
            team_ids: interviewer.into_iter().chain([owner]).collect(),
            published: spec.published,
        };
        let id = repo::create(&mut tx, tenant_id, &actor, &input).await?;
        for (to, reason) in path_to(spec.status) {
            repo::change_status(&mut tx, false, tenant_id, Some(&actor), id, *to, reason, MoveRule::Workflow).await?;
        }
        // Back-date it, so that days open, history and the trail read like a real one.
        let created = Utc::now() - Duration::days(spec.age_days);
        sqlx::query(
            "update requisitions set created_at = $3, updated_at = $3 + interval '2 days', view_count = $4,
                 opened_at = case when opened_at is null then null else $3 + interval '1 day' end,
                 closed_at = case when closed_at is null then null else $3 + make_interval(days => $5) end,
                 archived_at = case when archived_at is null then null else $3 + make_interval(days => $5 + 5) end
             where id = $1 and tenant_id = $2",
        )
        .bind(id)
        .bind(tenant_id)
        .bind(created)
        .bind(spec.views)
        .bind((spec.age_days / 2).max(1) as i32)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "update requisition_status_history h set changed_at = $3 + make_interval(days => (n.rank - 1)::int)
             from (select id, row_number() over (order by changed_at, id) as rank from requisition_status_history where requisition_id = $1) n
             where h.id = n.id and h.requisition_id = $1 and h.tenant_id = $2",
        )
        .bind(id)
        .bind(tenant_id)
        .bind(created)
        .execute(&mut *tx)
        .await?;
    }
    applications(platform, &mut tx, tenant_id).await?;
    tx.commit().await?;
    Ok(true)
}

const APPLICANTS: [(&str, &str); 14] = [
    ("Amara Okonkwo", "amara.okonkwo@example.com"),
    ("Jonas Weber", "jonas.weber@example.com"),
    ("Priya Raghavan", "priya.raghavan@example.com"),
    ("Lucas Almeida", "lucas.almeida@example.com"),
    ("Mei Chen", "mei.chen@example.com"),
    ("Tomás Herrera", "tomas.herrera@example.com"),
    ("Sofia Rossi", "sofia.rossi@example.com"),
    ("Kwame Mensah", "kwame.mensah@example.com"),
    ("Hannah Schmidt", "hannah.schmidt@example.com"),
    ("Arjun Mehta", "arjun.mehta@example.com"),
    ("Elif Yilmaz", "elif.yilmaz@example.com"),
    ("Noah Williams", "noah.williams@example.com"),
    ("Yuki Tanaka", "yuki.tanaka@example.com"),
    ("Fatima Zahra", "fatima.zahra@example.com"),
];

/// A one-page PDF résumé with the person's name and the job they want.
pub fn resume_pdf(name: &str, title: &str) -> Vec<u8> {
    let text = |s: &str| s.chars().filter(|c| c.is_ascii() && !"()\\".contains(*c)).collect::<String>();
    let content = format!("BT /F1 18 Tf 72 720 Td ({}) Tj 0 -28 Td /F1 12 Tf (Applying for: {}) Tj ET", text(name), text(title));
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    pdf
}

/// Applications through the careers site to the published requisitions, each with a résumé
/// in file storage, spread over the last two weeks, and the daily views and applications.
async fn applications(platform: &Platform, conn: &mut sqlx::PgConnection, tenant_id: Uuid) -> Result<(), AppError> {
    use app::careers::repo::{record_application, NewApplication};
    use app::recruiting::candidates::documents::StoredPdf;
    let jobs: Vec<(Uuid, String)> = sqlx::query_as(
        "select id, title from requisitions where tenant_id = $1 and published and status in ('open', 'on_hold') and deleted_at is null order by created_at",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    for (index, (job_id, title)) in jobs.iter().enumerate() {
        for applicant in 0..(2 + index % 5) {
            let (name, email) = APPLICANTS[(index * 3 + applicant) % APPLICANTS.len()];
            let pdf = resume_pdf(name, title);
            let new = NewApplication {
                source: "careers_site",
                name: name.into(),
                email: email.into(),
                phone: String::new(),
                cover_note: format!("I would love to join Acme Hiring as {title}."),
                resume: StoredPdf::store(platform, format!("{}.pdf", name.to_lowercase().replace(' ', "-")), pdf).await?,
            };
            if let Some(application_id) = record_application(&mut *conn, tenant_id, *job_id, &new).await? {
                sqlx::query("update applications set created_at = now() - make_interval(days => $2) where id = $1")
                    .bind(application_id)
                    .bind(((index + applicant * 4) % 14) as i32)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        // Daily views and applications for the last two weeks, as the careers site records them.
        sqlx::query(
            "insert into job_analytics (tenant_id, requisition_id, day, views, applications)
             select $1, $2, d::date, 20 + (extract(doy from d)::int * 7 + $3) % 45,
                    (select count(*) from applications a where a.requisition_id = $2 and a.created_at::date = d::date)
             from generate_series(current_date - 13, current_date, interval '1 day') d
             on conflict (requisition_id, day) do update set views = excluded.views, applications = excluded.applications",
        )
        .bind(tenant_id)
        .bind(job_id)
        .bind(index as i32)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
