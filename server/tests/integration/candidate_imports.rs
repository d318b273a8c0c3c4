//! Importing candidates from a CSV file over real HTTP: the preview with each row's problem and
//! the people already known, nothing stored before the start, the background import with its
//! counts and the importer's notification, whole files refused with their reason, and who may
//! see, start or discard an import.

use crate::support;

use app::recruiting::candidates::import::api::*;
use app::recruiting::candidates::import::types::*;
use reqwest::multipart::{Form, Part};
use support::{error_of, TestApp};
use uuid::Uuid;

/// Posts a file as the upload page's form does; the status and where it sends the browser.
async fn upload(app: &TestApp, client: &reqwest::Client, bytes: Vec<u8>) -> (u16, String) {
    let form = Form::new().part("file", Part::bytes(bytes).file_name("people.csv").mime_str("text/csv").unwrap());
    let response = client.post(format!("{}/candidates/imports", app.url)).multipart(form).send().await.unwrap();
    let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (response.status().as_u16(), location)
}

async fn preview(app: &TestApp, client: &reqwest::Client, id: Uuid) -> ImportPage {
    let response = app.call::<CandidateImport>(client, &[("id", &id.to_string())]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

fn import_id(location: &str) -> Uuid {
    location.strip_prefix("/candidates/imports/").unwrap_or_else(|| panic!("a preview, got {location}")).parse().unwrap()
}

const FILE: &str = "Name,Email,Skills,Tags,Phone
Grace Hopper,grace@example.com,Rust:4,compilers,
Amara O.,AMARA.OKONKWO@example.com,SQL:5,keynote,+234 1 555 0100
No Email,not-an-email,,,
=cmd|' /C calc'!A0,formula@example.com,,,
Grace Again,grace@example.com,,,
Linus,linus@example.com,Cobol:3,,
";

#[tokio::test]
async fn a_file_is_previewed_then_imported_in_the_background() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let candidates = app.scalar_i64("select count(*) from candidates").await;
    let (status, location) = upload(&app, &rita, FILE.as_bytes().to_vec()).await;
    assert_eq!(status, 303);
    let id = import_id(&location);

    // The preview: every row checked, nothing imported yet.
    let page = preview(&app, &rita, id).await;
    assert_eq!(page.summary.status, ImportStatus::Previewed);
    assert_eq!((page.summary.total_rows, page.summary.invalid_rows, page.summary.existing_rows), (6, 4, 1));
    assert!(page.can_manage);
    let problems: Vec<(i32, &str)> = page.problems.iter().map(|r| (r.line, r.problem.as_deref().unwrap())).collect();
    assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), [4, 5, 6, 7], "{problems:?}");
    assert!(problems[1].1.contains("formula") && problems[2].1.contains("line 2") && problems[3].1.contains("Cobol"), "{problems:?}");
    assert_eq!(page.existing.len(), 1);
    assert_eq!(page.existing[0].email, "amara.okonkwo@example.com");
    assert_eq!(app.scalar_i64("select count(*) from candidates").await, candidates);
    let (_, html) = app.page(&rita, &location).await;
    assert!(html.contains("Rows with a problem") && html.contains("Import 2 rows"), "the preview page renders");

    // Started with updates: one new candidate, one filled in; the rest stay out.
    let response = app.call::<StartCandidateImport>(&rita, &[("id", &id.to_string()), ("on_existing", "update")]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    assert_eq!(preview(&app, &rita, id).await.summary.status, ImportStatus::Running);
    app.run_jobs().await;
    let done = preview(&app, &rita, id).await.summary;
    assert_eq!(done.status, ImportStatus::Finished);
    assert_eq!((done.created, done.updated, done.skipped, done.failed), (1, 1, 0, 0));
    assert_eq!(app.scalar_i64("select count(*) from candidates").await, candidates + 1);
    assert_eq!(
        app.scalar_i64("select count(*) from candidates c join candidate_skills s on s.candidate_id = c.id where c.email = 'grace@example.com' and c.source = 'imported' and s.proficiency = 4").await,
        1
    );
    assert_eq!(
        app.scalar_i64("select count(*) from candidates where email = 'amara.okonkwo@example.com' and 'keynote' = any(tags) and phone <> '' and name = 'Amara Okonkwo'").await,
        1,
        "the known person is filled in, not renamed"
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'recruiter@acme.test' and n.kind = 'import_finished' and n.link = '/candidates/imports/{id}'"
        ))
        .await,
        1
    );
    assert_eq!(app.scalar_i64(&format!("select count(*) from audit_log where action = 'candidates.import' and target = 'candidate_import:{id}'")).await, 1);

    // Once started, it cannot start again or be discarded.
    let (status, _) = error_of(app.call::<StartCandidateImport>(&rita, &[("id", &id.to_string())]).await).await;
    assert_eq!(status, 409);
    let (status, _) = error_of(app.call::<DiscardCandidateImport>(&rita, &[("id", &id.to_string())]).await).await;
    assert_eq!(status, 409);

    // The same file again, skipping known people: everyone valid is now known.
    let (_, location) = upload(&app, &rita, FILE.as_bytes().to_vec()).await;
    let again = import_id(&location);
    assert_eq!(preview(&app, &rita, again).await.summary.existing_rows, 2);
    app.call::<StartCandidateImport>(&rita, &[("id", &again.to_string()), ("on_existing", "skip")]).await;
    app.run_jobs().await;
    let skipped = preview(&app, &rita, again).await.summary;
    assert_eq!((skipped.created, skipped.updated, skipped.skipped), (0, 0, 2));
    assert_eq!(app.scalar_i64("select count(*) from candidates").await, candidates + 1);
}

#[tokio::test]
async fn whole_files_are_refused_with_their_reason_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let mut hundred_thousand = String::from("name,email\n");
    for i in 0..100_000 {
        hundred_thousand.push_str(&format!("P{i},p{i}@example.com\n"));
    }
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"name,mail\nA,a@example.com\n".to_vec(), "error=unknown_column&detail=mail"),
        (b"name,phone\nA,1\n".to_vec(), "error=missing_column&detail=email"),
        (b"name,email\nA,a@example.com\nJos\xe9,j@example.com\n".to_vec(), "error=not_utf8&detail=3"),
        (b"name,email\n".to_vec(), "error=empty"),
        (hundred_thousand.into_bytes(), "error=too_many_rows&detail=100000"),
        (vec![b'a'; MAX_IMPORT_BYTES + 10], "error=too_large"),
    ];
    for (bytes, expected) in cases {
        let (status, location) = upload(&app, &rita, bytes).await;
        assert_eq!((status, location.as_str()), (303, format!("/candidates/import?{expected}").as_str()));
    }
    // No file at all, and not a form with a file.
    let empty = Form::new().text("other", "x");
    let response = rita.post(format!("{}/candidates/imports", app.url)).multipart(empty).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/candidates/import?error=missing");
    let response = rita.post(format!("{}/candidates/imports", app.url)).form(&[("file", "x")]).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/candidates/import?error=unreadable");
    assert_eq!(app.scalar_i64("select count(*) from candidate_imports where created_at > now() - interval '1 hour'").await, 0);
    // The page says what is wrong, in its own words only.
    let (_, html) = app.page(&rita, "/candidates/import?error=too_many_rows&detail=100000").await;
    assert!(html.contains("The file has 100000 rows; an import takes at most 10000"), "the message is shown");
    let (_, html) = app.page(&rita, "/candidates/import?error=%3Cb%3Ecall%20us%3C/b%3E").await;
    assert!(!html.contains("call us"));
}

#[tokio::test]
async fn imports_stay_in_their_tenant_and_with_their_importer() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let (_, location) = upload(&app, &rita, b"name,email\nPat,pat@example.com\n".to_vec()).await;
    let id = import_id(&location);
    let id_text = id.to_string();

    // Another tenant: as if it did not exist.
    let globex = app.signed_in("recruiter@globex.test").await;
    for response in [
        app.call::<CandidateImport>(&globex, &[("id", &id_text)]).await,
        app.call::<StartCandidateImport>(&globex, &[("id", &id_text)]).await,
        app.call::<DiscardCandidateImport>(&globex, &[("id", &id_text)]).await,
    ] {
        assert_eq!(error_of(response).await.0, 404);
    }
    let theirs: Vec<ImportSummary> = app.call::<CandidateImports>(&globex, &[]).await.json().await.unwrap();
    assert!(theirs.is_empty());

    // Interviewers and the signed-out neither upload nor read.
    let ivan = app.signed_in("interviewer@acme.test").await;
    assert_eq!(error_of(app.call::<CandidateImport>(&ivan, &[("id", &id_text)]).await).await.0, 403);
    assert_eq!(upload(&app, &ivan, b"name,email\nX,x@example.com\n".to_vec()).await.0, 403);
    assert_eq!(upload(&app, &app.browser(), b"name,email\nX,x@example.com\n".to_vec()).await.0, 401);
    let before = app.scalar_i64("select count(*) from candidate_imports").await;
    assert_eq!(before, 2, "the demo import and Rita's");

    // Another recruiter's import is read, not started; a tenant admin may.
    let admin = app.signed_in("admin@acme.test").await;
    let (_, location) = upload(&app, &admin, b"name,email\nSam,sam@example.com\n".to_vec()).await;
    let admins = import_id(&location);
    assert!(!preview(&app, &rita, admins).await.can_manage);
    assert_eq!(error_of(app.call::<StartCandidateImport>(&rita, &[("id", &admins.to_string())]).await).await.0, 403);
    assert_eq!(error_of(app.call::<StartCandidateImport>(&rita, &[("id", &id_text), ("on_existing", "merge")]).await).await.1.field(), Some("on_existing"));
    let response = app.call::<DiscardCandidateImport>(&admin, &[("id", &id_text)]).await;
    assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());
    assert_eq!(app.scalar_i64(&format!("select count(*) from candidate_import_rows where import_id = '{id}'")).await, 0);
}
