//! Candidates on the server: adding and editing with checks, the people search (names with
//! typos, emails, skills, words inside résumés through the extraction job), filters, pages and
//! the CSV export, the authorized download, adding to a requisition, and who may do what.

mod support;

use app::platform::db::{Db, Scope};
use app::recruiting::candidates::api::*;
use app::recruiting::candidates::documents::StoredPdf;
use app::recruiting::candidates::types::*;
use serde_json::json;
use support::{error_of, TestApp};
use uuid::Uuid;

async fn people(app: &TestApp, client: &reqwest::Client, query: serde_json::Value) -> People {
    let response = app.call_json::<CandidateList>(client, json!({ "query": query })).await;
    assert!(response.status().is_success(), "{query}: {}", response.text().await.unwrap());
    response.json().await.unwrap()
}

async fn add(app: &TestApp, client: &reqwest::Client, form: &[(&str, &str)]) -> reqwest::Response {
    app.call::<SaveCandidate>(client, form).await
}

/// Stores a PDF résumé for the candidate as the careers site does, and reads its text.
async fn attach_resume(app: &TestApp, candidate_id: Uuid, words: &str) -> Uuid {
    let tenant_id: Uuid = sqlx::query_scalar("select tenant_id from candidates where id = $1").bind(candidate_id).fetch_one(&app.superuser().await).await.unwrap();
    let pdf = server::seed::resume_pdf(words, "Résumé");
    let file = StoredPdf::store(&app.platform, "cv.pdf".into(), pdf).await.unwrap();
    let mut tx = Db::begin(app.platform.db.write(), &Scope::Platform).await.unwrap();
    Db::enter_tenant(&mut tx, tenant_id).await.unwrap();
    let file_id = app::recruiting::candidates::documents::register(&mut tx, tenant_id, candidate_id, &file, "resume", None).await.unwrap();
    tx.commit().await.unwrap();
    app.run_jobs().await;
    file_id
}

#[tokio::test]
async fn recruiters_add_and_edit_candidates_with_their_checks() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let skill: Uuid = sqlx::query_scalar("select id from skills order by name limit 1").fetch_one(&app.superuser().await).await.unwrap();
    let level = format!("{skill}:4");
    let response = add(&app, &rita, &[
        ("name", "Grace Hopper"), ("email", "grace@example.com"), ("source", "referral"), ("location", "Arlington"),
        ("tags", "compilers, Navy, compilers"), ("links", "https://example.com/grace"), ("skill_levels[]", &level),
    ])
    .await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let id: Uuid = response.json().await.unwrap();
    let profile: Profile = app.call::<CandidateProfile>(&rita, &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!(profile.tags, ["compilers", "Navy"]);
    assert_eq!(profile.skills.len(), 1);
    assert_eq!(profile.skills[0].1, 4);
    assert_eq!(app.scalar_i64(&format!("select count(*) from audit_log where action = 'candidate.create' and target = 'candidate:{id}'")).await, 1);

    let before = app.scalar_i64("select count(*) from candidates").await;
    for (form, field) in [
        (vec![("name", "Dup"), ("email", "GRACE@example.com"), ("source", "sourced")], "email"),
        (vec![("name", "Bad"), ("email", "not-an-email"), ("source", "sourced")], "email"),
        (vec![("name", "Bad"), ("email", "b@example.com"), ("source", "sourced"), ("links", "javascript:alert(1)")], "links"),
        (vec![("name", "Bad"), ("email", "c@example.com"), ("source", "sourced"), ("skill_levels[]", "nonsense")], "skills"),
        (vec![("name", "Bad"), ("email", "d@example.com"), ("source", "mystery")], "source"),
        (vec![("name", ""), ("email", "e@example.com"), ("source", "sourced")], "name"),
    ] {
        let (status, error) = error_of(add(&app, &rita, &form).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{form:?}: {error}");
    }
    assert_eq!(app.scalar_i64("select count(*) from candidates").await, before);

    // Editing: a skill set to none goes, the email stays unique.
    let none = format!("{skill}:0");
    let ids = id.to_string();
    let response = add(&app, &rita, &[("id", &ids), ("name", "Grace B. Hopper"), ("email", "grace@example.com"), ("source", "referral"), ("skill_levels[]", &none)]).await;
    assert!(response.status().is_success());
    let profile: Profile = app.call::<CandidateProfile>(&rita, &[("id", &ids)]).await.json().await.unwrap();
    assert_eq!((profile.name.as_str(), profile.skills.len()), ("Grace B. Hopper", 0));
}

#[tokio::test]
async fn the_people_search_finds_names_emails_skills_and_words_inside_resumes() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let id: Uuid = add(&app, &rita, &[("name", "Ada Lovelace"), ("email", "ada.l@example.com"), ("source", "sourced"), ("tags", "analytical")]).await.json().await.unwrap();
    let file_id = attach_resume(&app, id, "Quaternion Babbageworks").await;
    let (status, chars): (String, i32) = sqlx::query_as("select status, chars from extraction_logs order by created_at desc limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(status, "succeeded");
    assert!(chars > 10);

    let found = |people: &People| people.rows.iter().any(|r| r.id == id);
    assert!(found(&people(&app, &rita, json!({ "q": "babbageworks" })).await), "a word only in the résumé");
    assert!(found(&people(&app, &rita, json!({ "q": "lovelce" })).await), "a misspelt name");
    assert!(found(&people(&app, &rita, json!({ "q": "ada.l@example" })).await), "part of the email");
    assert!(!found(&people(&app, &rita, json!({ "q": "zzzz unrelated" })).await));
    assert!(found(&people(&app, &rita, json!({ "tag": "Analytical" })).await));
    assert!(found(&people(&app, &rita, json!({ "source": "sourced", "sort": "name" })).await));
    let (status, error) = error_of(app.call_json::<CandidateList>(&rita, json!({ "query": { "source": "mars" } })).await).await;
    assert_eq!((status, error.field()), (400, Some("source")));
    let (status, _) = error_of(app.call_json::<CandidateList>(&rita, json!({ "query": { "page": "0" } })).await).await;
    assert_eq!(status, 400);

    // A skill at or above a level.
    let skill: Uuid = sqlx::query_scalar("select id from skills order by name limit 1").fetch_one(&app.superuser().await).await.unwrap();
    let level = format!("{skill}:3");
    assert!(add(&app, &rita, &[("id", &id.to_string()), ("name", "Ada Lovelace"), ("email", "ada.l@example.com"), ("source", "sourced"), ("skill_levels[]", &level)]).await.status().is_success());
    assert!(found(&people(&app, &rita, json!({ "skill": skill.to_string(), "min_level": "3" })).await));
    assert!(!found(&people(&app, &rita, json!({ "skill": skill.to_string(), "min_level": "4" })).await));

    // Pages of 25, past the end shows the last.
    let all = people(&app, &rita, json!({})).await;
    assert_eq!(all.rows.len() as i64, all.total.min(CANDIDATES_PER_PAGE));
    let last = people(&app, &rita, json!({ "page": "999" })).await;
    assert_eq!(last.page, all.pages);

    // The export: everything filtered, formulas defused.
    add(&app, &rita, &[("name", "=cmd|' /C calc'!A0"), ("email", "formula@example.com"), ("source", "sourced")]).await;
    let csv = rita.get(format!("{}/candidates/export.csv?q=formula", app.url)).send().await.unwrap().text().await.unwrap();
    assert!(csv.starts_with("id,name,email"));
    assert!(csv.contains("'=cmd|"), "{csv}");

    // The résumé downloads for the tenant's recruiters only.
    let download = rita.get(format!("{}/files/{file_id}", app.url)).send().await.unwrap();
    assert_eq!(download.status().as_u16(), 200);
    assert!(download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert!(download.bytes().await.unwrap().starts_with(b"%PDF"));
    let globex = app.signed_in("recruiter@globex.test").await;
    assert_eq!(globex.get(format!("{}/files/{file_id}", app.url)).send().await.unwrap().status().as_u16(), 404);
    let interviewer = app.signed_in("interviewer@acme.test").await;
    assert_eq!(interviewer.get(format!("{}/files/{file_id}", app.url)).send().await.unwrap().status().as_u16(), 403);
    assert_eq!(app.browser().get(format!("{}/files/{file_id}", app.url)).send().await.unwrap().status().as_u16(), 401);
}

#[tokio::test]
async fn an_unreadable_file_is_logged_as_failed_and_nothing_breaks() {
    let out = app::recruiting::candidates::documents::extract(b"%PDF-1.4 this is not really a pdf").await;
    assert!(matches!(out, app::recruiting::candidates::documents::Extraction::Failed(_) | app::recruiting::candidates::documents::Extraction::Empty), "{out:?}");
    let too_large = app::recruiting::candidates::documents::extract(&vec![0u8; 11 * 1024 * 1024]).await;
    assert_eq!(too_large, app::recruiting::candidates::documents::Extraction::TooLarge);
}

#[tokio::test]
async fn candidates_join_open_requisitions_and_stay_in_their_tenant() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let id: Uuid = add(&app, &rita, &[("name", "Alan Turing"), ("email", "alan@example.com"), ("source", "agency")]).await.json().await.unwrap();
    let db = app.superuser().await;
    let open: Uuid = sqlx::query_scalar("select id from requisitions where status = 'open' and deleted_at is null limit 1").fetch_one(&db).await.unwrap();
    let closed: Uuid = sqlx::query_scalar("select id from requisitions where status = 'closed' and deleted_at is null limit 1").fetch_one(&db).await.unwrap();
    let ids = id.to_string();
    let response = app.call::<AddCandidateToRequisition>(&rita, &[("candidate_id", &ids), ("requisition_id", &open.to_string())]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let (status, error) = error_of(app.call::<AddCandidateToRequisition>(&rita, &[("candidate_id", &ids), ("requisition_id", &open.to_string())]).await).await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("already"), "{error}");
    let (status, error) = error_of(app.call::<AddCandidateToRequisition>(&rita, &[("candidate_id", &ids), ("requisition_id", &closed.to_string())]).await).await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("closed"), "{error}");
    assert_eq!(app.scalar_i64(&format!("select count(*) from applications where candidate_id = '{id}'")).await, 1);
    let source: String = sqlx::query_scalar("select source from applications where candidate_id = $1").bind(id).fetch_one(&db).await.unwrap();
    assert_eq!(source, "agency");

    let globex = app.signed_in("recruiter@globex.test").await;
    let interviewer = app.signed_in("interviewer@acme.test").await;
    let anonymous = app.browser();
    for (client, expected) in [(&globex, 404), (&interviewer, 403), (&anonymous, 401)] {
        assert_eq!(app.call::<CandidateProfile>(client, &[("id", &ids)]).await.status().as_u16(), expected);
        assert_eq!(app.call::<SaveCandidate>(client, &[("id", &ids), ("name", "X"), ("email", "x@example.com"), ("source", "sourced")]).await.status().as_u16(), expected);
        assert_eq!(app.call::<AddCandidateToRequisition>(client, &[("candidate_id", &ids), ("requisition_id", &open.to_string())]).await.status().as_u16(), expected);
    }
    let theirs = people(&app, &globex, json!({ "q": "alan" })).await;
    assert!(theirs.rows.is_empty());
    assert_eq!(app.call_json::<CandidateList>(&interviewer, json!({ "query": {} })).await.status().as_u16(), 403);
    let name: String = sqlx::query_scalar("select name from candidates where id = $1").bind(id).fetch_one(&db).await.unwrap();
    assert_eq!(name, "Alan Turing");
}
