//! Skills over real HTTP on a real database: a seeker's profile skills sent with an application
//! reach the organization's candidate (only with their consent, only skills the organization
//! names, never lowering a level it keeps) and its match score; and "candidates like this" on a
//! candidate's page, within the tenant.

use crate::careers::{apply, job, tenant, Application, Job};
use crate::seekers::seeker;
use crate::support::TestApp;
use app::recruiting::candidates::api::CandidateProfile;
use app::recruiting::candidates::types::Profile;
use app::seekers::profile::api::SaveProfileSkill;
use reqwest::Client;
use sqlx::PgPool;
use uuid::Uuid;

/// A skill in the tenant's taxonomy, written directly.
async fn skill(db: &PgPool, tenant_id: Uuid, name: &str) -> Uuid {
    sqlx::query_scalar("insert into skills (id, tenant_id, name) values ($1, $2, $3) returning id")
        .bind(Uuid::now_v7())
        .bind(tenant_id)
        .bind(name)
        .fetch_one(db)
        .await
        .unwrap()
}

async fn requires(db: &PgPool, job_id: Uuid, skills: &[Uuid]) {
    sqlx::query("update requisitions set skill_ids = $2 where id = $1").bind(job_id).bind(skills).execute(db).await.unwrap();
}

async fn add_to_profile(app: &TestApp, client: &Client, name: &str, level: &str) {
    let response = app.call::<SaveProfileSkill>(client, &[("name", name), ("level", level)]).await;
    assert_eq!(response.status().as_u16(), 200, "{name}");
}

/// The skills the tenant keeps for the candidate with this address: (name, level), by name.
async fn candidate_skills(db: &PgPool, tenant_id: Uuid, email: &str) -> Vec<(String, i16)> {
    sqlx::query_as(
        "select k.name, cs.proficiency from candidate_skills cs join skills k on k.id = cs.skill_id
         join candidates c on c.id = cs.candidate_id where c.tenant_id = $1 and lower(c.email) = $2 order by lower(k.name)",
    )
    .bind(tenant_id)
    .bind(email)
    .fetch_all(db)
    .await
    .unwrap()
}

async fn match_score(db: &PgPool, job_id: Uuid, email: &str) -> Option<f64> {
    sqlx::query_scalar("select a.match_score::float8 from applications a join candidates c on c.id = a.candidate_id where a.requisition_id = $1 and lower(c.email) = $2")
        .bind(job_id)
        .bind(email)
        .fetch_one(db)
        .await
        .unwrap()
}

/// The skills box of the job's application form, as the page writes it.
fn skills_box(html: &str) -> Option<&str> {
    let start = html.find(r#"<input id="apply-send_skills""#)?;
    Some(&html[start..start + html[start..].find('>')?])
}

fn owned(pairs: &[(&str, i16)]) -> Vec<(String, i16)> {
    pairs.iter().map(|(name, level)| ((*name).to_owned(), *level)).collect()
}

#[tokio::test]
async fn a_seekers_skills_reach_the_candidate_only_when_sent_and_never_lower_what_the_organization_keeps() {
    let app = TestApp::spawn().await;
    let db = app.superuser().await;
    let initech = tenant(&app).await;
    let rust = skill(&db, initech, "Rust").await;
    let postgres = skill(&db, initech, "PostgreSQL").await;
    let kubernetes = skill(&db, initech, "Kubernetes").await;
    let backend = job(&app, initech, Job::default()).await;
    requires(&db, backend, &[rust, postgres]).await;
    let operations = job(&app, initech, Job { title: "Operations Engineer", ..Job::default() }).await;
    requires(&db, operations, &[kubernetes]).await;
    // Another organization names a skill the same way: it gets nothing.
    let globex: Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&db).await.unwrap();
    sqlx::query("insert into skills (id, tenant_id, name) values ($1, $2, 'Rust') on conflict do nothing").bind(Uuid::now_v7()).bind(globex).execute(&db).await.unwrap();
    let initech_skills = app.scalar_i64(&format!("select count(*) from skills where tenant_id = '{initech}'")).await;

    let sam = seeker(&app, "sam@example.com").await;
    add_to_profile(&app, &sam, "rust", "expert").await;
    add_to_profile(&app, &sam, "PostgreSQL", "intermediate").await;
    add_to_profile(&app, &sam, "Otter whispering", "advanced").await;

    // The form offers them, ticked, and says what happens to them.
    let (_, html) = app.page(&sam, &format!("/careers/initech/jobs/{backend}")).await;
    let offered = skills_box(&html).expect("the skills box");
    assert!(offered.contains("checked") && offered.contains(r#"aria-describedby="apply-send_skills-hint""#), "{offered}");
    assert!(html.contains("Send my profile's skills (3) with this application: rust, PostgreSQL, Otter whispering."), "{html}");
    assert!(html.contains(r#"id="apply-send_skills-hint""#));

    let (status, location) = apply(&app, &sam, "initech", backend, Application { send_skills: true, ..Application::default() }).await;
    assert_eq!((status, location), (303, format!("/careers/initech/jobs/{backend}?applied=1#apply")));
    // Those Initech names, in its spelling, at the seeker's levels (expert 5, intermediate 3); no new skill.
    assert_eq!(candidate_skills(&db, initech, "sam@example.com").await, owned(&[("PostgreSQL", 3), ("Rust", 5)]));
    assert_eq!(app.scalar_i64(&format!("select count(*) from skills where tenant_id = '{initech}'")).await, initech_skills);
    assert_eq!(app.scalar_i64("select count(*) from skills where lower(name) = 'otter whispering'").await, 0);
    // Stated levels count at four fifths: (5 × 16 + 3 × 16) / 2.
    assert_eq!(match_score(&db, backend, "sam@example.com").await, Some(64.0));
    assert_eq!(app.scalar_i64(&format!("select count(*) from candidate_skills where tenant_id = '{globex}' and candidate_id in (select id from candidates where lower(email) = 'sam@example.com')")).await, 0);
    assert_eq!(app.scalar_i64(&format!("select count(*) from candidates where tenant_id = '{globex}' and lower(email) = 'sam@example.com'")).await, 0);

    // The recruiter rates Sam's PostgreSQL higher and Rust lower; Sam's profile changes later.
    sqlx::query(
        "update candidate_skills cs set proficiency = case when cs.skill_id = $2 then 5 else 2 end
         from candidates c where c.id = cs.candidate_id and c.tenant_id = $1 and lower(c.email) = 'sam@example.com'",
    )
    .bind(initech)
    .bind(postgres)
    .execute(&db)
    .await
    .unwrap();
    add_to_profile(&app, &sam, "PostgreSQL", "beginner").await;
    add_to_profile(&app, &sam, "Kubernetes", "advanced").await;
    assert_eq!(candidate_skills(&db, initech, "sam@example.com").await, owned(&[("PostgreSQL", 5), ("Rust", 2)]), "only what was sent");

    // Sent again with another application: what is higher wins, so the recruiter's level is never lowered.
    let (status, _) = apply(&app, &sam, "initech", operations, Application { send_skills: true, ..Application::default() }).await;
    assert_eq!(status, 303);
    assert_eq!(candidate_skills(&db, initech, "sam@example.com").await, owned(&[("Kubernetes", 4), ("PostgreSQL", 5), ("Rust", 5)]));
    assert_eq!(match_score(&db, operations, "sam@example.com").await, Some(64.0));
    assert_eq!(match_score(&db, backend, "sam@example.com").await, Some(80.0), "the earlier application follows the candidate's skills");

    // Kim has none at first: the form points to the profile instead.
    let kim = seeker(&app, "kim@example.com").await;
    let (_, html) = app.page(&kim, &format!("/careers/initech/jobs/{backend}")).await;
    assert!(skills_box(&html).is_none() && html.contains("Your profile lists no skills") && html.contains("Add them to your profile"), "{html}");
    add_to_profile(&app, &kim, "Rust", "expert").await;
    // Unticked on a refused form, it stays unticked when the form comes back.
    let (status, location) = apply(&app, &kim, "initech", backend, Application { resume: None, ..Application::default() }).await;
    assert_eq!((status, location.contains("error=resume_missing")), (303, true), "{location}");
    let (_, html) = app.page(&kim, &format!("/careers/initech/jobs/{backend}")).await;
    let offered = skills_box(&html).expect("the skills box");
    assert!(!offered.contains("checked"), "{offered}");
    // Sent unticked: nothing is copied, and the score says so.
    let (status, location) = apply(&app, &kim, "initech", backend, Application::default()).await;
    assert_eq!((status, location), (303, format!("/careers/initech/jobs/{backend}?applied=1#apply")));
    assert!(candidate_skills(&db, initech, "kim@example.com").await.is_empty());
    assert_eq!(match_score(&db, backend, "kim@example.com").await, Some(0.0));
}

/// A candidate of the tenant with skills at levels, written directly.
async fn candidate(db: &PgPool, tenant_id: Uuid, name: &str, skills: &[(Uuid, i16)]) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query("insert into candidates (id, tenant_id, name, email, source) values ($1, $2, $3, $4, 'sourced')")
        .bind(id)
        .bind(tenant_id)
        .bind(name)
        .bind(format!("{}@example.com", name.to_lowercase()))
        .execute(db)
        .await
        .unwrap();
    for (skill_id, level) in skills {
        sqlx::query("insert into candidate_skills (tenant_id, candidate_id, skill_id, proficiency) values ($1, $2, $3, $4)")
            .bind(tenant_id)
            .bind(id)
            .bind(skill_id)
            .bind(level)
            .execute(db)
            .await
            .unwrap();
    }
    id
}

#[tokio::test]
async fn a_candidates_page_lists_the_five_most_similar_candidates_of_the_tenant() {
    let app = TestApp::spawn().await;
    let db = app.superuser().await;
    let initech = tenant(&app).await;
    let (rust, postgres, kubernetes, cobol) =
        (skill(&db, initech, "Rust").await, skill(&db, initech, "PostgreSQL").await, skill(&db, initech, "Kubernetes").await, skill(&db, initech, "Cobol").await);
    let target = candidate(&db, initech, "Tess", &[(rust, 5), (postgres, 4), (kubernetes, 3)]).await;
    // Shared, each at the lower level: Bea 2 + 4 + 3 and Abe 5 + 4 tie at 9 of Tess's 12; the older record comes first.
    let bea = candidate(&db, initech, "Bea", &[(rust, 2), (postgres, 4), (kubernetes, 3)]).await;
    let abe = candidate(&db, initech, "Abe", &[(rust, 5), (postgres, 4)]).await;
    let cal = candidate(&db, initech, "Cal", &[(kubernetes, 5), (cobol, 5)]).await;
    let dee = candidate(&db, initech, "Dee", &[(rust, 1)]).await;
    let eve = candidate(&db, initech, "Eve", &[(rust, 1)]).await;
    let _sixth = candidate(&db, initech, "Fay", &[(rust, 1)]).await;
    let gus = candidate(&db, initech, "Gus", &[(cobol, 5)]).await;
    // Another tenant's candidate with the same skill names.
    let globex: Uuid = sqlx::query_scalar("select id from tenants where slug = 'globex'").fetch_one(&db).await.unwrap();
    let globex_rust: Uuid = sqlx::query_scalar(
        "insert into skills (id, tenant_id, name) values ($1, $2, 'Rust') on conflict (tenant_id, lower(name)) do update set name = skills.name returning id",
    )
    .bind(Uuid::now_v7())
    .bind(globex)
    .fetch_one(&db)
    .await
    .unwrap();
    candidate(&db, globex, "Hal", &[(globex_rust, 5)]).await;

    let recruiter = app.signed_in("recruiter@initech.test").await;
    let response = app.call::<CandidateProfile>(&recruiter, &[("id", &target.to_string())]).await;
    assert_eq!(response.status().as_u16(), 200);
    let profile: Profile = response.json().await.unwrap();
    let listed: Vec<(Uuid, i32)> = profile.similar.iter().map(|s| (s.id, s.similarity)).collect();
    assert_eq!(listed, [(bea, 75), (abe, 75), (cal, 25), (dee, 8), (eve, 8)]);
    assert_eq!(profile.similar[0].shared_skills, ["Kubernetes", "PostgreSQL", "Rust"]);
    assert_eq!(profile.similar[1].shared_skills, ["PostgreSQL", "Rust"]);
    assert_eq!(profile.similar[2].shared_skills, ["Kubernetes"]);

    let (status, html) = app.page(&recruiter, &format!("/candidates/{target}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Candidates like this") && html.contains(&format!(r#"href="/candidates/{bea}""#)) && html.contains("75% alike"), "{html}");
    assert!(html.contains(r#"aria-describedby="similar-hint""#));

    // Gus, who shares nothing with Tess, is like Cal only; another tenant's recruiter does not find Tess.
    let like_gus: Profile = app.call::<CandidateProfile>(&recruiter, &[("id", &gus.to_string())]).await.json().await.unwrap();
    assert_eq!(like_gus.similar.iter().map(|s| (s.id, s.similarity)).collect::<Vec<_>>(), [(cal, 100)]);
    let acme = app.signed_in("recruiter@acme.test").await;
    assert_eq!(app.call::<CandidateProfile>(&acme, &[("id", &target.to_string())]).await.status().as_u16(), 404);
}
