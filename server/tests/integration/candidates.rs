//! Candidates on the server: adding and editing with checks, the people search (names with
//! typos, emails, skills, words inside résumés through the extraction job), filters, pages and
//! the CSV export, the authorized download, adding to a requisition, documents added from the
//! profile, merging two records of one person, and who may do what.

use crate::support;

use app::platform::db::{Db, Scope};
use app::recruiting::candidates::api::*;
use app::recruiting::candidates::documents::StoredPdf;
use app::recruiting::candidates::types::*;
use serde_json::json;
use reqwest::multipart::{Form, Part};
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
    // The matching runs past row-level security to read its indexes, and keeps to the tenant itself.
    let owner: String = sqlx::query_scalar("select proowner::regrole::text from pg_proc where proname = 'search_candidate_ids'").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(owner, "hirevoo_search");
    let globex = app.signed_in("recruiter@globex.test").await;
    for q in ["babbageworks", "lovelace", "ada.l@example"] {
        assert!(people(&app, &globex, json!({ "q": q })).await.rows.is_empty(), "{q}");
    }
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

    // The résumé downloads for the tenant's recruiters, and for interviewers only while they interview the candidate.
    let download = rita.get(format!("{}/files/{file_id}", app.url)).send().await.unwrap();
    assert_eq!(download.status().as_u16(), 200);
    assert!(download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert!(download.bytes().await.unwrap().starts_with(b"%PDF"));
    let globex = app.signed_in("recruiter@globex.test").await;
    assert_eq!(globex.get(format!("{}/files/{file_id}", app.url)).send().await.unwrap().status().as_u16(), 404);
    let interviewer = app.signed_in("interviewer@acme.test").await;
    assert_eq!(interviewer.get(format!("{}/files/{file_id}", app.url)).send().await.unwrap().status().as_u16(), 404);
    assert_eq!(app.browser().get(format!("{}/files/{file_id}", app.url)).send().await.unwrap().status().as_u16(), 401);
}

#[tokio::test]
async fn pdftotext_reports_an_unreadable_file_and_a_too_large_one_is_not_read() {
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

/// Posts a document as the profile's form does; where it sends the browser (or the status).
async fn add_document(app: &TestApp, client: &reqwest::Client, candidate: Uuid, kind: &str, file: Option<Vec<u8>>) -> Result<String, u16> {
    let mut form = Form::new().text("kind", kind.to_owned());
    if let Some(bytes) = file {
        form = form.part("document", Part::bytes(bytes).file_name("C:\\Users\\me\\portfolio.pdf").mime_str("application/pdf").unwrap());
    }
    let response = client.post(format!("{}/candidates/{candidate}/documents", app.url)).multipart(form).send().await.unwrap();
    match response.status().as_u16() {
        303 => Ok(response.headers()["location"].to_str().unwrap().to_owned()),
        status => Err(status),
    }
}

#[tokio::test]
async fn documents_added_from_the_profile_are_checked_stored_read_and_audited() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let id: Uuid = add(&app, &rita, &[("name", "Edsger Dijkstra"), ("email", "ewd@example.com"), ("source", "sourced")]).await.json().await.unwrap();
    let profile_path = |outcome: &str| format!("/candidates/{id}?document={outcome}#documents");
    let pdf = server::seed::resume_pdf("Semaphores Shortestpath", "Portfolio");
    assert_eq!(add_document(&app, &rita, id, "other", Some(pdf)).await, Ok(profile_path("added")));
    app.run_jobs().await;
    let profile: Profile = app.call::<CandidateProfile>(&rita, &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!(profile.documents.len(), 1);
    let document = &profile.documents[0];
    assert_eq!((document.file_name.as_str(), document.kind.as_str(), document.extraction.as_deref()), ("portfolio.pdf", "other", Some("succeeded")));
    assert!(people(&app, &rita, json!({ "q": "shortestpath" })).await.rows.iter().any(|r| r.id == id), "its words are searchable");
    let download = rita.get(format!("{}/files/{}", app.url, document.file_id)).send().await.unwrap();
    assert!(download.bytes().await.unwrap().starts_with(b"%PDF"));
    assert_eq!(app.scalar_i64(&format!("select count(*) from audit_log where action = 'candidate.document_add' and target = 'candidate:{id}'")).await, 1);
    let (_, html) = app.page(&rita, &profile_path("added")).await;
    assert!(html.contains("The document was added") && html.contains(r#"action="/candidates/"#), "the profile says so");

    // A PDF by its name only, no file, an unknown kind: refused, nothing stored.
    let files = app.scalar_i64("select count(*) from stored_files").await;
    assert_eq!(add_document(&app, &rita, id, "resume", Some(b"PK\x03\x04 a zip".to_vec())).await, Ok(profile_path("not_pdf")));
    assert_eq!(add_document(&app, &rita, id, "resume", None).await, Ok(profile_path("missing")));
    assert_eq!(add_document(&app, &rita, id, "selfie", Some(b"%PDF-1.4\n%%EOF\n".to_vec())).await, Ok(profile_path("kind")));
    assert_eq!(add_document(&app, &rita, id, "resume", Some(vec![b'%'; 10 * 1024 * 1024 + 1])).await, Ok(profile_path("too_large")));
    assert_eq!(app.scalar_i64("select count(*) from stored_files").await, files);

    // A file that only looks like a PDF is kept, and its failed reading logged.
    assert_eq!(add_document(&app, &rita, id, "resume", Some(b"%PDF-1.4 not really\n%%EOF\n".to_vec())).await, Ok(profile_path("added")));
    app.run_jobs().await;
    let status: String = sqlx::query_scalar("select l.status from extraction_logs l join candidate_documents d on d.id = l.document_id where d.candidate_id = $1 order by l.created_at desc limit 1")
        .bind(id)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!(status, "failed");

    // Another tenant's recruiter, an interviewer, nobody: nothing stored.
    let globex = app.signed_in("recruiter@globex.test").await;
    let interviewer = app.signed_in("interviewer@acme.test").await;
    for (client, expected) in [(&globex, 404), (&interviewer, 403), (&app.browser(), 401)] {
        assert_eq!(add_document(&app, client, id, "resume", Some(server::seed::resume_pdf("X", "Y"))).await, Err(expected));
    }
    assert_eq!(add_document(&app, &rita, Uuid::now_v7(), "resume", Some(server::seed::resume_pdf("X", "Y"))).await, Err(404));
    assert_eq!(app.scalar_i64("select count(*) from stored_files").await, files + 1);
}

#[tokio::test]
async fn merging_two_records_moves_applications_notes_and_documents_and_is_audited() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let db = app.superuser().await;
    // The demo's applicant and the record the demo import made of her under another email.
    let survivor: Uuid = sqlx::query_scalar("select id from candidates where email = 'priya.raghavan@example.com'").fetch_one(&db).await.unwrap();
    let duplicate: Uuid = sqlx::query_scalar("select id from candidates where email = 'priya.r@example.org'").fetch_one(&db).await.unwrap();
    let profile: Profile = app.call::<CandidateProfile>(&rita, &[("id", &survivor.to_string())]).await.json().await.unwrap();
    assert!(profile.possible_duplicates.iter().any(|d| d.0 == duplicate), "suggested by the same name");

    // The duplicate applied to one of the survivor's requisitions and to another one, with a note and a résumé.
    let shared: Uuid = sqlx::query_scalar("select requisition_id from applications where candidate_id = $1 limit 1").bind(survivor).fetch_one(&db).await.unwrap();
    let other: Uuid = sqlx::query_scalar(
        "select id from requisitions where status = 'open' and deleted_at is null and id not in (select requisition_id from applications where candidate_id = $1) limit 1",
    )
    .bind(survivor)
    .fetch_one(&db)
    .await
    .unwrap();
    for requisition in [shared, other] {
        let response = app.call::<AddCandidateToRequisition>(&rita, &[("candidate_id", &duplicate.to_string()), ("requisition_id", &requisition.to_string())]).await;
        assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    }
    sqlx::query(
        "insert into application_notes (id, tenant_id, application_id, author_id, body)
         select gen_random_uuid(), a.tenant_id, a.id, (select id from users where email = 'recruiter@acme.test'), 'Met at RustConf' from applications a
         where a.candidate_id = $1 and a.requisition_id = $2",
    )
    .bind(duplicate)
    .bind(shared)
    .execute(&db)
    .await
    .unwrap();
    attach_resume(&app, duplicate, "Conference talk").await;
    let applications = app.scalar_i64(&format!("select count(*) from applications where candidate_id = '{survivor}'")).await;
    let documents = app.scalar_i64(&format!("select count(*) from candidate_documents where candidate_id in ('{survivor}', '{duplicate}')")).await;

    // Refused: no confirmation, its own email, an unknown one.
    let merge = |email: &'static str, confirm: bool| {
        let (app, rita) = (&app, &rita);
        async move {
            let survivor = survivor.to_string();
            let mut form = vec![("survivor_id", survivor.as_str()), ("duplicate_email", email)];
            if confirm {
                form.push(("confirm", "yes"));
            }
            app.call::<MergeCandidates>(rita, &form).await
        }
    };
    for (email, confirm, field) in [("priya.r@example.org", false, "confirm"), ("PRIYA.RAGHAVAN@example.com", true, "duplicate_email"), ("nobody@example.com", true, "duplicate_email")] {
        let (status, error) = error_of(merge(email, confirm).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{email}: {error}");
    }
    // Another tenant: the same answer as a missing record; an interviewer: forbidden.
    let globex = app.signed_in("recruiter@globex.test").await;
    add(&app, &globex, &[("name", "Priya R"), ("email", "priya@globex.example"), ("source", "sourced")]).await;
    let foreign = app.call::<MergeCandidates>(&globex, &[("survivor_id", &survivor.to_string()), ("duplicate_email", "priya@globex.example"), ("confirm", "yes")]).await;
    assert_eq!(error_of(foreign).await.0, 404);
    let interviewer = app.signed_in("interviewer@acme.test").await;
    let forbidden = app.call::<MergeCandidates>(&interviewer, &[("survivor_id", &survivor.to_string()), ("duplicate_email", "priya.r@example.org"), ("confirm", "yes")]).await;
    assert_eq!(error_of(forbidden).await.0, 403);
    assert_eq!(app.scalar_i64(&format!("select count(*) from candidates where id = '{duplicate}'")).await, 1, "nothing merged yet");

    let response = merge("priya.r@example.org", true).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let message: String = response.json().await.unwrap();
    assert!(message.contains("was merged") && message.contains("notes were joined"), "{message}");
    assert_eq!(app.scalar_i64(&format!("select count(*) from candidates where id = '{duplicate}'")).await, 0);
    assert_eq!(app.scalar_i64(&format!("select count(*) from applications where candidate_id = '{survivor}'")).await, applications + 1, "the other requisition's application moved");
    assert_eq!(
        app.scalar_i64(&format!(
            "select count(*) from application_notes n join applications a on a.id = n.application_id where a.candidate_id = '{survivor}' and a.requisition_id = '{shared}' and n.body = 'Met at RustConf'"
        ))
        .await,
        1,
        "the note joined the survivor's application"
    );
    assert_eq!(app.scalar_i64(&format!("select count(*) from candidate_documents where candidate_id = '{survivor}'")).await, documents);
    assert_eq!(app.scalar_i64(&format!("select count(*) from candidates where id = '{survivor}' and 'rustconf-2026' = any(tags)")).await, 1);
    assert_eq!(
        app.scalar_i64(&format!("select count(*) from audit_log where action = 'candidate.merge' and target = 'candidate:{survivor}' and details->>'merged_candidate' = '{duplicate}'")).await,
        1
    );
    let found = people(&app, &rita, json!({ "q": "priya raghavan" })).await;
    assert_eq!(found.rows.iter().filter(|r| r.name == "Priya Raghavan").map(|r| r.id).collect::<Vec<_>>(), [survivor], "one record of her is left");
}

/// A word more than a thousand candidates share: the page walks the candidates in its order
/// and says "1,000+"; it finds the same candidates, in the same order, as listing every match
/// does; a rare word and the unfiltered list are counted exactly; another tenant sees none.
#[tokio::test]
async fn a_common_word_finds_a_page_in_order_and_counts_to_a_thousand() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let db = app.superuser().await;
    sqlx::query("update tenants set plan = 'enterprise' where slug = 'acme'").execute(&db).await.unwrap();
    sqlx::query(
        "insert into candidates (id, tenant_id, name, email, source, updated_at)
         select gen_random_uuid(), t.id, case when i % 5 = 0 then 'Plain Person ' || i else 'Quokka Keeper ' || i end,
                'walk' || i || '@example.com', case when i % 2 = 0 then 'referral' else 'sourced' end, now() - make_interval(mins => i)
         from tenants t, generate_series(1, 1500) i where t.slug = 'acme'",
    )
    .execute(&db)
    .await
    .unwrap();
    sqlx::query("analyze candidates").execute(&db).await.unwrap();
    let quokka = |people: &People| people.rows.iter().all(|r| r.name.starts_with("Quokka Keeper"));

    let first = people(&app, &rita, json!({ "q": "quokka" })).await;
    assert_eq!((first.total, first.total_at_least, first.pages), (1000, true, 40), "1,200 match: counted to 1,000");
    assert_eq!(first.rows.len(), 25);
    assert!(quokka(&first));
    let expected: Vec<String> = (1..=1500).filter(|i| i % 5 != 0).take(50).map(|i| format!("Quokka Keeper {i}")).collect();
    let second = people(&app, &rita, json!({ "q": "quokka", "page": "2" })).await;
    let shown: Vec<String> = first.rows.iter().chain(&second.rows).map(|r| r.name.clone()).collect();
    assert_eq!(shown, expected, "the most recently updated first, page after page");

    // With a filter the count is exact below the cap, and past it a lower bound.
    let referred = people(&app, &rita, json!({ "q": "quokka", "source": "referral" })).await;
    assert_eq!((referred.total, referred.total_at_least), (600, false), "even numbers not divisible by 5 up to 1,500");
    assert!(quokka(&referred) && referred.rows.len() == 25);
    let sorted = people(&app, &rita, json!({ "q": "quokka", "sort": "name" })).await;
    let mut names: Vec<String> = sorted.rows.iter().map(|r| r.name.to_lowercase()).collect();
    assert!(quokka(&sorted) && names.windows(2).all(|w| w[0] <= w[1]), "by name: {names:?}");
    names.dedup();
    assert_eq!(names.len(), 25);

    // A rare word, and the whole list, are counted exactly.
    let rare = people(&app, &rita, json!({ "q": "plain person 15" })).await;
    assert!(!rare.total_at_least && rare.total >= 1 && rare.rows.iter().any(|r| r.name == "Plain Person 15"));
    let everyone = people(&app, &rita, json!({})).await;
    let counted: i64 = sqlx::query_scalar("select count(*) from candidates where tenant_id = (select id from tenants where slug = 'acme')").fetch_one(&db).await.unwrap();
    assert_eq!((everyone.total, everyone.total_at_least), (counted, false));

    let globex = app.signed_in("recruiter@globex.test").await;
    let theirs = people(&app, &globex, json!({ "q": "quokka" })).await;
    assert_eq!((theirs.total, theirs.rows.len()), (0, 0));
}
