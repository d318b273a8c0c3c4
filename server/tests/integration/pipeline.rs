//! The pipeline on the server: applications opening in the first stage, moves as append-only
//! events checked against the version the mover saw, rejecting and reopening, bulk moves with
//! emails through the queue, assessments sent on entering a stage, the match score, notes
//! (visibility, locking, mentions), stages and the tenant's defaults, and who may do what.

use crate::support;

use app::platform::db::{Db, Scope};
use app::recruiting::pipeline::api::*;
use app::recruiting::pipeline::repo::{open_application, Opening};
use app::recruiting::pipeline::types::*;
use support::{error_of, TestApp};
use uuid::Uuid;

async fn tenant_of(app: &TestApp, slug: &str) -> Uuid {
    sqlx::query_scalar("select id from tenants where slug = $1").bind(slug).fetch_one(&app.superuser().await).await.unwrap()
}

async fn user(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("select id from users where email = $1").bind(email).fetch_one(&app.superuser().await).await.unwrap()
}

/// An open requisition of Acme's whose recruiter is Rita (the demo recruiter).
async fn requisition(app: &TestApp) -> Uuid {
    let rita = user(app, "recruiter@acme.test").await;
    sqlx::query_scalar("select id from requisitions where status = 'open' and deleted_at is null and recruiter_id = $1 order by created_at limit 1")
        .bind(rita)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap()
}

/// A new candidate's application to `requisition_id`, opened as the careers site opens one.
async fn apply(app: &TestApp, requisition_id: Uuid, email: &str) -> Result<Option<Uuid>, app::platform::AppError> {
    let tenant_id = tenant_of(app, "acme").await;
    let rita = user(app, "recruiter@acme.test").await;
    let mut tx = Db::begin(app.platform.db.write(), &Scope::Tenant { tenant_id, user_id: rita }).await.unwrap();
    let candidate_id = Uuid::now_v7();
    sqlx::query("insert into candidates (id, tenant_id, name, email, source) values ($1, $2, $3, $4, 'sourced')")
        .bind(candidate_id)
        .bind(tenant_id)
        .bind(format!("Test {}", email.split('@').next().unwrap()))
        .bind(email)
        .execute(&mut *tx)
        .await
        .unwrap();
    let opening = Opening {
        candidate_id,
        requisition_id,
        source: "sourced".into(),
        cover_note: String::new(),
        resume_file_id: None,
        consented: false,
        actor_id: Some(rita),
    };
    let result = open_application(&mut tx, tenant_id, &opening).await;
    if result.is_ok() {
        tx.commit().await.unwrap();
    }
    result
}

async fn stage_ids(app: &TestApp, requisition_id: Uuid) -> Vec<(Uuid, String)> {
    sqlx::query_as("select id, name from requisition_stages where requisition_id = $1 order by position")
        .bind(requisition_id)
        .fetch_all(&app.superuser().await)
        .await
        .unwrap()
}

async fn state(app: &TestApp, application_id: Uuid) -> (String, String, i32) {
    sqlx::query_as("select s.name, a.status, a.version from applications a join requisition_stages s on s.id = a.stage_id where a.id = $1")
        .bind(application_id)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap()
}

async fn events(app: &TestApp, application_id: Uuid) -> Vec<(String, String, String, String)> {
    sqlx::query_as("select from_stage_name, to_stage_name, to_status, reason from stage_events where application_id = $1 order by created_at, id")
        .bind(application_id)
        .fetch_all(&app.superuser().await)
        .await
        .unwrap()
}

async fn move_to(app: &TestApp, client: &reqwest::Client, application_id: Uuid, version: i32, stage_id: Uuid) -> reqwest::Response {
    app.call::<MoveApplication>(client, &[("application_id", &application_id.to_string()), ("version", &version.to_string()), ("stage_id", &stage_id.to_string())])
        .await
}

#[tokio::test]
async fn an_application_opens_in_the_first_stage_and_moves_leave_events() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let requisition_id = requisition(&app).await;
    let stages = stage_ids(&app, requisition_id).await;
    let id = apply(&app, requisition_id, "ana@example.com").await.unwrap().unwrap();
    assert_eq!(state(&app, id).await, ("Applied".into(), "active".into(), 1));

    let response = move_to(&app, &recruiter, id, 1, stages[2].0).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let result: MoveResult = response.json().await.unwrap();
    assert_eq!((result.version, result.stage_name.as_str(), result.status), (2, "Assessment", ApplicationStatus::Active));
    assert_eq!(state(&app, id).await, ("Assessment".into(), "active".into(), 2));
    let trail = events(&app, id).await;
    assert_eq!(trail.len(), 2);
    assert_eq!((trail[1].0.as_str(), trail[1].1.as_str()), ("Applied", "Assessment"));

    // The board shows the card in its column, with the column's count.
    let board: Board = app.call::<PipelineBoard>(&recruiter, &[("requisition_id", &requisition_id.to_string())]).await.json().await.unwrap();
    let card = board.cards.iter().find(|c| c.id == id).expect("the card");
    assert_eq!(card.stage_id, stages[2].0);
    let column = board.stages.iter().find(|s| s.id == stages[2].0).unwrap();
    assert!(column.count >= 1);
    assert!(board.can_move);
}

#[tokio::test]
async fn the_second_of_two_moves_from_the_same_version_is_told_where_the_card_went() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let admin = app.signed_in("admin@acme.test").await;
    let requisition_id = requisition(&app).await;
    let stages = stage_ids(&app, requisition_id).await;
    let id = apply(&app, requisition_id, "ben@example.com").await.unwrap().unwrap();
    let (first, second) = tokio::join!(move_to(&app, &rita, id, 1, stages[1].0), move_to(&app, &admin, id, 1, stages[3].0));
    let statuses = [first.status().as_u16(), second.status().as_u16()];
    if !(statuses.contains(&200) && statuses.contains(&409)) {
        panic!("{statuses:?}: {} / {}", first.text().await.unwrap(), second.text().await.unwrap());
    }
    let loser = if first.status().as_u16() == 409 { first } else { second };
    let (_, error) = error_of(loser).await;
    let (stage, _, version) = state(&app, id).await;
    assert_eq!(version, 2, "exactly one move happened");
    assert!(error.to_string().contains(&format!("is now in {stage}")), "{error}");
    assert!(error.to_string().contains("Nothing was changed"), "{error}");
    assert_eq!(events(&app, id).await.len(), 2);
}

#[tokio::test]
async fn bad_moves_are_refused_with_a_reason_and_change_nothing() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let requisition_id = requisition(&app).await;
    let stages = stage_ids(&app, requisition_id).await;
    let id = apply(&app, requisition_id, "cleo@example.com").await.unwrap().unwrap();
    let other_stage: Uuid = sqlx::query_scalar("select id from requisition_stages where requisition_id <> $1 limit 1")
        .bind(requisition_id)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let (status, error) = error_of(move_to(&app, &recruiter, id, 1, other_stage).await).await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("not in this requisition's pipeline"), "{error}");
    let (status, error) = error_of(move_to(&app, &recruiter, id, 1, stages[0].0).await).await;
    assert_eq!(status, 400, "{error}");

    // Withdrawn: moves are refused until it is reopened.
    let response = app.call::<WithdrawApplication>(&recruiter, &[("application_id", &id.to_string()), ("version", "1"), ("reason", "Took another offer")]).await;
    assert!(response.status().is_success());
    let (status, error) = error_of(move_to(&app, &recruiter, id, 2, stages[1].0).await).await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("reopen"), "{error}");
    let (status, _) = error_of(app.call::<RejectApplication>(&recruiter, &[("application_id", &id.to_string()), ("version", "2"), ("reason", "Position filled")]).await).await;
    assert_eq!(status, 400);
    assert_eq!(state(&app, id).await, ("Applied".into(), "withdrawn".into(), 2));

    let response = app.call::<ReopenApplication>(&recruiter, &[("application_id", &id.to_string()), ("version", "2")]).await;
    assert!(response.status().is_success());
    // A reason not on the tenant's list is refused.
    let (status, error) = error_of(app.call::<RejectApplication>(&recruiter, &[("application_id", &id.to_string()), ("version", "3"), ("reason", "I just don't like them")]).await).await;
    assert_eq!((status, error.field()), (400, Some("reason")));
    let response = app.call::<RejectApplication>(&recruiter, &[("application_id", &id.to_string()), ("version", "3"), ("reason", "Position filled")]).await;
    assert!(response.status().is_success());
    let trail = events(&app, id).await;
    let statuses: Vec<&str> = trail.iter().map(|e| e.2.as_str()).collect();
    assert_eq!(statuses, ["active", "withdrawn", "active", "rejected"]);
    assert_eq!(trail[1].3, "Took another offer");
    assert_eq!(trail[3].3, "Position filled");
    // Events cannot be changed or removed by the app.
    let mut conn = app.app_role().await;
    let refused = sqlx::query("update stage_events set reason = 'x'").execute(&mut conn).await;
    assert!(refused.is_err());
}

#[tokio::test]
async fn a_closed_requisition_takes_no_new_application() {
    let app = TestApp::spawn().await;
    let requisition_id = requisition(&app).await;
    sqlx::query("update requisitions set status = 'closed', closed_at = now() where id = $1").bind(requisition_id).execute(&app.superuser().await).await.unwrap();
    let error = apply(&app, requisition_id, "dan@example.com").await.unwrap_err();
    assert!(error.to_string().contains("closed"), "{error}");
    assert_eq!(app.scalar_i64("select count(*) from candidates c join applications a on a.candidate_id = c.id where c.email = 'dan@example.com'").await, 0);
}

#[tokio::test]
async fn bulk_moves_skip_stale_cards_and_email_candidates_through_the_queue() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let requisition_id = requisition(&app).await;
    let stages = stage_ids(&app, requisition_id).await;
    let a = apply(&app, requisition_id, "eve@example.com").await.unwrap().unwrap();
    let b = apply(&app, requisition_id, "finn@example.com").await.unwrap().unwrap();
    let c = apply(&app, requisition_id, "gus@example.com").await.unwrap().unwrap();
    // Someone moved c since the board was read.
    assert!(move_to(&app, &recruiter, c, 1, stages[1].0).await.status().is_success());
    let rid = requisition_id.to_string();
    let picks = [format!("{a}.1"), format!("{b}.1"), format!("{c}.1")];
    let stage = stages[1].0.to_string();
    let response = app
        .call::<BulkMoveApplications>(&recruiter, &[
            ("requisition_id", rid.as_str()),
            ("picks[]", &picks[0]),
            ("picks[]", &picks[1]),
            ("picks[]", &picks[2]),
            ("action", "move"),
            ("stage_id", &stage),
            ("email_subject", "Next step for {{job}}"),
            ("email_body", "Hello {{name}}, {{company}} would like to talk."),
        ])
        .await;
    assert!(response.status().is_success());
    let summary: String = response.json().await.unwrap();
    assert!(summary.starts_with("2 moved."), "{summary}");
    assert!(summary.contains("already moved"), "{summary}");
    assert_eq!(state(&app, a).await.0, "Screening");
    assert_eq!(state(&app, c).await.2, 2, "the stale card was left alone");
    // The emails wait in the queue, then reach the outbox.
    assert_eq!(app.scalar_i64("select count(*) from background_jobs where kind = 'pipeline.candidate_email'").await, 2);
    app.run_jobs().await;
    let body: String = sqlx::query_scalar("select body from outbox where to_address = 'eve@example.com' order by id desc limit 1")
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!(body, "Hello Test eve, Acme Hiring would like to talk.");

    // Bulk reject needs a listed reason; a bad selection is refused.
    let (status, error) = error_of(app.call::<BulkMoveApplications>(&recruiter, &[("requisition_id", rid.as_str()), ("picks[]", "nonsense"), ("action", "move"), ("stage_id", &stage)]).await).await;
    assert_eq!((status, error.field()), (400, Some("picks")));
    let pick = format!("{a}.2");
    let (status, error) = error_of(app.call::<BulkMoveApplications>(&recruiter, &[("requisition_id", rid.as_str()), ("picks[]", &pick), ("action", "reject"), ("reason", "Nope")]).await).await;
    assert_eq!((status, error.field()), (400, Some("reason")));
    assert_eq!(state(&app, a).await.1, "active");
}

#[tokio::test]
async fn entering_a_stage_that_sends_an_assessment_invites_the_candidate() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let requisition_id = requisition(&app).await;
    let stages = stage_ids(&app, requisition_id).await;
    let assessment_id: Uuid = sqlx::query_scalar("select id from assessments order by created_at limit 1").fetch_one(&app.superuser().await).await.unwrap();
    let response = app
        .call::<ChangeRequisitionStages>(&recruiter, &[
            ("requisition_id", &requisition_id.to_string()),
            ("change", "assessment"),
            ("stage_id", &stages[2].0.to_string()),
            ("assessment_id", &assessment_id.to_string()),
        ])
        .await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let id = apply(&app, requisition_id, "hana@example.com").await.unwrap().unwrap();
    let result: MoveResult = move_to(&app, &recruiter, id, 1, stages[2].0).await.json().await.unwrap();
    assert!(result.message.contains("was sent to them"), "{}", result.message);
    assert_eq!(app.scalar_i64(&format!("select count(*) from candidate_invitations where application_id = '{id}' and assessment_id = '{assessment_id}'")).await, 1);
    let token = app.mailed_token("hana@example.com").await;
    assert_eq!(token.len(), 64);
    // Sending it again by hand is refused: it is already out.
    let (status, error) = error_of(app.call::<SendApplicationAssessment>(&recruiter, &[("application_id", &id.to_string()), ("assessment_id", &assessment_id.to_string())]).await).await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("already has"), "{error}");
    // The application page shows it.
    let page: ApplicationPage = app.call::<ApplicationDetails>(&recruiter, &[("application_id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!(page.assessments.len(), 1);
    assert_eq!(page.assessments[0].brief.state, "Invited");
}

#[tokio::test]
async fn the_match_score_follows_stated_and_measured_skills() {
    let app = TestApp::spawn().await;
    let db = app.superuser().await;
    let requisition_id = requisition(&app).await;
    let skills: Vec<Uuid> = sqlx::query_scalar("select id from skills order by name limit 2").fetch_all(&db).await.unwrap();
    sqlx::query("update requisitions set skill_ids = $2 where id = $1").bind(requisition_id).bind(&skills).execute(&db).await.unwrap();
    let id = apply(&app, requisition_id, "ida@example.com").await.unwrap().unwrap();
    let score = || async { sqlx::query_scalar::<_, Option<f64>>("select match_score::float8 from applications where id = $1").bind(id).fetch_one(&db).await.unwrap() };
    assert_eq!(score().await, Some(0.0));
    let (tenant_id, candidate_id): (Uuid, Uuid) = sqlx::query_as("select tenant_id, candidate_id from applications where id = $1").bind(id).fetch_one(&db).await.unwrap();
    sqlx::query("insert into candidate_skills (tenant_id, candidate_id, skill_id, proficiency) values ($1, $2, $3, 5)")
        .bind(tenant_id)
        .bind(candidate_id)
        .bind(skills[0])
        .execute(&db)
        .await
        .unwrap();
    // Stated 5 of 5 counts 80 for one of two skills.
    assert_eq!(score().await, Some(40.0));
    // A measured 90% in the second skill counts in full once the test is graded and followed up.
    let assessment_id: Uuid = sqlx::query_scalar("select id from assessments order by created_at limit 1").fetch_one(&db).await.unwrap();
    let invitation = Uuid::now_v7();
    sqlx::query("insert into candidate_invitations (id, tenant_id, assessment_id, email, token_hash, expires_at, application_id) values ($1, $2, $3, 'ida@example.com', $4, now() + interval '1 day', $5)")
        .bind(invitation).bind(tenant_id).bind(assessment_id).bind(Uuid::now_v7().as_bytes().to_vec()).bind(id)
        .execute(&db).await.unwrap();
    let session = Uuid::now_v7();
    sqlx::query("insert into test_sessions (id, tenant_id, invitation_id, attempt, deadline_at, submitted_at, client_id, percent, graded_at) values ($1, $2, $3, 1, now(), now(), $4, 90, now())")
        .bind(session).bind(tenant_id).bind(invitation).bind(Uuid::now_v7())
        .execute(&db).await.unwrap();
    sqlx::query("insert into skill_scores (tenant_id, session_id, skill_id, points, max_points) values ($1, $2, $3, 9, 10)")
        .bind(tenant_id).bind(session).bind(skills[1])
        .execute(&db).await.unwrap();
    let mut tx = Db::begin(app.platform.db.write(), &Scope::Platform).await.unwrap();
    Db::enter_tenant(&mut tx, tenant_id).await.unwrap();
    app::recruiting::pipeline::repo::assessment_submitted(&mut tx, tenant_id, session, true).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(score().await, Some(85.0));
    // A hand grade later lowers the measured score: its follow-up refreshes the match and tells no one again.
    sqlx::query("update skill_scores set points = 5 where session_id = $1").bind(session).execute(&db).await.unwrap();
    let notified = app.scalar_i64("select count(*) from notifications").await;
    let mut tx = Db::begin(app.platform.db.write(), &Scope::Platform).await.unwrap();
    Db::enter_tenant(&mut tx, tenant_id).await.unwrap();
    app::recruiting::pipeline::repo::assessment_submitted(&mut tx, tenant_id, session, false).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(score().await, Some(65.0));
    assert_eq!(app.scalar_i64("select count(*) from notifications").await, notified);
    // Requiring no skill leaves no score.
    sqlx::query("update requisitions set skill_ids = '{}' where id = $1").bind(requisition_id).execute(&db).await.unwrap();
    assert_eq!(score().await, None);
}

#[tokio::test]
async fn notes_are_private_or_shared_lock_after_a_while_and_mentions_must_be_members() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let admin = app.signed_in("admin@acme.test").await;
    let requisition_id = requisition(&app).await;
    let id = apply(&app, requisition_id, "jo@example.com").await.unwrap().unwrap();
    let ids = id.to_string();
    let add = |client: &reqwest::Client, body: String, private: bool| {
        let mut form = vec![("application_id", ids.clone()), ("body", body)];
        if private {
            form.push(("private", "on".into()));
        }
        let (app, client) = (&app, client.clone());
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call::<AddApplicationNote>(&client, &form).await
        }
    };
    assert!(add(&rita, "Strong portfolio; @admin should see it.".into(), false).await.status().is_success());
    assert!(add(&rita, "My own reminder".into(), true).await.status().is_success());
    let (status, error) = error_of(add(&rita, "Ask @nobody about it".into(), false).await).await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("@nobody is not a member"), "{error}");
    let (status, _) = error_of(add(&rita, "x".repeat(10_001), false).await).await;
    assert_eq!(status, 400);
    let (status, _) = error_of(add(&rita, "Private but @admin".into(), true).await).await;
    assert_eq!(status, 400);
    assert_eq!(app.scalar_i64(&format!("select count(*) from application_notes where application_id = '{id}'")).await, 2);
    // The mention notified Ada.
    let ada = user(&app, "admin@acme.test").await;
    assert_eq!(app.scalar_i64(&format!("select count(*) from note_mentions where user_id = '{ada}'")).await, 1);

    let notes_of = |client: reqwest::Client| {
        let app = &app;
        async move {
            let page: ApplicationPage = app.call::<ApplicationDetails>(&client, &[("application_id", &id.to_string())]).await.json().await.unwrap();
            page.notes
        }
    };
    assert_eq!(notes_of(rita.clone()).await.len(), 2);
    let seen_by_admin = notes_of(admin.clone()).await;
    assert_eq!(seen_by_admin.len(), 1, "the private note is Rita's alone");
    let shared = seen_by_admin[0].id;
    assert!(!seen_by_admin[0].can_edit);
    // Only the author edits, within 15 minutes; the edit is audited.
    let (status, _) = error_of(app.call::<EditApplicationNote>(&admin, &[("note_id", &shared.to_string()), ("body", "Changed")]).await).await;
    assert_eq!(status, 403);
    assert!(app.call::<EditApplicationNote>(&rita, &[("note_id", &shared.to_string()), ("body", "Strong portfolio, edited")]).await.status().is_success());
    assert_eq!(app.scalar_i64(&format!("select count(*) from audit_log where action = 'note.edit' and target = 'application:{id}'")).await, 1);
    sqlx::query("update application_notes set created_at = now() - interval '16 minutes' where id = $1").bind(shared).execute(&app.superuser().await).await.unwrap();
    let (status, error) = error_of(app.call::<EditApplicationNote>(&rita, &[("note_id", &shared.to_string()), ("body", "Too late")]).await).await;
    assert_eq!(status, 409);
    assert!(error.to_string().contains("lock"), "{error}");
    let private_id: Uuid = sqlx::query_scalar("select id from application_notes where visibility = 'private' and application_id = $1").bind(id).fetch_one(&app.superuser().await).await.unwrap();
    let (status, _) = error_of(app.call::<EditApplicationNote>(&admin, &[("note_id", &private_id.to_string()), ("body", "Peek")]).await).await;
    assert_eq!(status, 404, "another's private note is not found");
    // Its author edits it: the log says it changed, not what it says.
    let response = app.call::<EditApplicationNote>(&rita, &[("note_id", &private_id.to_string()), ("body", "Salary hint: flexible up to 90k")]).await;
    assert!(response.status().is_success(), "{}", response.status());
    let details: serde_json::Value = sqlx::query_scalar("select details from audit_log where action = 'note.edit' order by id desc limit 1").fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(details, serde_json::json!({ "note": private_id.to_string(), "visibility": "private" }));
}

#[tokio::test]
async fn stages_change_per_requisition_and_defaults_per_tenant() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let admin = app.signed_in("admin@acme.test").await;
    let requisition_id = requisition(&app).await;
    let rid = requisition_id.to_string();
    let change = |form: Vec<(&'static str, String)>| {
        let (app, recruiter, rid) = (&app, recruiter.clone(), rid.clone());
        async move {
            let mut form = form;
            form.push(("requisition_id", rid));
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call::<ChangeRequisitionStages>(&recruiter, &form).await
        }
    };
    assert!(change(vec![("change", "add".into()), ("name", "Take-home".into()), ("kind", "assessment".into())]).await.status().is_success());
    let names: Vec<String> = stage_ids(&app, requisition_id).await.into_iter().map(|s| s.1).collect();
    assert_eq!(names, ["Applied", "Screening", "Assessment", "Take-home", "Interview", "Offer", "Hired"]);
    let (status, error) = error_of(change(vec![("change", "add".into()), ("name", "take-home".into()), ("kind", "assessment".into())]).await).await;
    assert_eq!((status, error.field()), (400, Some("name")));
    let take_home = stage_ids(&app, requisition_id).await[3].0;
    assert!(change(vec![("change", "up".into()), ("stage_id", take_home.to_string())]).await.status().is_success());
    assert_eq!(stage_ids(&app, requisition_id).await[2].1, "Take-home");
    // A stage with applications in it stays.
    let applied = stage_ids(&app, requisition_id).await[0].0;
    apply(&app, requisition_id, "kai@example.com").await.unwrap().unwrap();
    let (status, error) = error_of(change(vec![("change", "remove".into()), ("stage_id", applied.to_string())]).await).await;
    assert_eq!(status, 409);
    assert!(error.to_string().contains("move them"), "{error}");
    assert!(change(vec![("change", "remove".into()), ("stage_id", take_home.to_string())]).await.status().is_success());
    assert_eq!(stage_ids(&app, requisition_id).await.len(), 6);

    // Defaults: tenant admins only; new requisitions start from them.
    let form = [("stages", "New: applied\nPhone screen: screening\nPanel: interview\nHired: hired"), ("rejection_reasons", "Too junior\nToo senior")];
    let (status, _) = error_of(app.call::<SavePipelineDefaults>(&recruiter, &form).await).await;
    assert_eq!(status, 403);
    let (status, error) = error_of(app.call::<SavePipelineDefaults>(&admin, &[("stages", "Only: applied\nBad line"), ("rejection_reasons", "x")]).await).await;
    assert_eq!((status, error.field()), (400, Some("stages")));
    assert!(app.call::<SavePipelineDefaults>(&admin, &form).await.status().is_success());
    let created = app.call::<app::recruiting::requisitions::api::SaveRequisition>(&recruiter, &[("title", "Support Engineer")]).await;
    assert!(created.status().is_success());
    let new_id: Uuid = created.json().await.unwrap();
    let names: Vec<String> = stage_ids(&app, new_id).await.into_iter().map(|s| s.1).collect();
    assert_eq!(names, ["New", "Phone screen", "Panel", "Hired"]);
    let defaults: TenantPipeline = app.call::<PipelineDefaults>(&recruiter, &[]).await.json().await.unwrap();
    assert_eq!(defaults.rejection_reasons, ["Too junior", "Too senior"]);
}

#[tokio::test]
async fn other_tenants_and_roles_cannot_reach_the_pipeline() {
    let app = TestApp::spawn().await;
    let requisition_id = requisition(&app).await;
    let id = apply(&app, requisition_id, "lee@example.com").await.unwrap().unwrap();
    let stage = stage_ids(&app, requisition_id).await[1].0.to_string();
    let (ids, rids) = (id.to_string(), requisition_id.to_string());
    let globex = app.signed_in("recruiter@globex.test").await;
    let interviewer = app.signed_in("interviewer@acme.test").await;
    let anonymous = app.browser();
    for (client, expected) in [(&globex, 404), (&interviewer, 403), (&anonymous, 401)] {
        let calls = [
            app.call::<PipelineBoard>(client, &[("requisition_id", &rids)]).await,
            app.call::<ApplicationDetails>(client, &[("application_id", &ids)]).await,
            app.call::<MoveApplication>(client, &[("application_id", &ids), ("version", "1"), ("stage_id", &stage)]).await,
            app.call::<RejectApplication>(client, &[("application_id", &ids), ("version", "1"), ("reason", "Position filled")]).await,
            app.call::<WithdrawApplication>(client, &[("application_id", &ids), ("version", "1")]).await,
            app.call::<ReopenApplication>(client, &[("application_id", &ids), ("version", "1")]).await,
            app.call::<AddApplicationNote>(client, &[("application_id", &ids), ("body", "hello")]).await,
            app.call::<FollowApplication>(client, &[("application_id", &ids), ("follow", "true")]).await,
            app.call::<SendApplicationAssessment>(client, &[("application_id", &ids), ("assessment_id", &Uuid::now_v7().to_string())]).await,
            app.call::<ChangeRequisitionStages>(client, &[("requisition_id", &rids), ("change", "up"), ("stage_id", &stage)]).await,
            app.call::<BulkMoveApplications>(client, &[("requisition_id", &rids), ("picks[]", &format!("{id}.1")), ("action", "move"), ("stage_id", &stage)]).await,
        ];
        for response in calls {
            let url = response.url().path().to_owned();
            // Another tenant's requisition answers as a missing one; the tenant-wide settings read its own tenant.
            assert_eq!(response.status().as_u16(), expected, "{url}");
        }
    }
    assert_eq!(state(&app, id).await, ("Applied".into(), "active".into(), 1));
    assert_eq!(app.scalar_i64(&format!("select count(*) from application_notes where application_id = '{id}'")).await, 0);
    // A recruiter who is not on the requisition's team sees it but cannot move it.
    let other = Uuid::now_v7();
    sqlx::query(
        "insert into requisitions (id, tenant_id, title, status, opened_at, created_by, recruiter_id, hiring_manager_id)
         select $1, tenant_id, 'Office manager', 'open', now(), user_id, user_id, user_id from memberships
         where user_id = (select id from users where email = 'admin@acme.test')",
    )
    .bind(other)
    .execute(&app.superuser().await)
    .await
    .unwrap();
    let other_app = apply(&app, other, "max@example.com").await.unwrap().unwrap();
    let rita = app.signed_in("recruiter@acme.test").await;
    let board: Board = app.call::<PipelineBoard>(&rita, &[("requisition_id", &other.to_string())]).await.json().await.unwrap();
    assert!(!board.can_move);
    let first = stage_ids(&app, other).await[1].0;
    assert_eq!(move_to(&app, &rita, other_app, 1, first).await.status().as_u16(), 403);
}

/// The next server-sent event's data on an open `/events` response, if one comes within `wait`.
async fn next_event(events: &mut reqwest::Response, wait: std::time::Duration) -> Option<serde_json::Value> {
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let chunk = tokio::time::timeout_at(deadline, events.chunk()).await.ok()?.ok()??;
        text.push_str(&String::from_utf8_lossy(&chunk));
        if let Some(line) = text.lines().find(|l| l.starts_with("data:")) {
            return serde_json::from_str(line.trim_start_matches("data:").trim()).ok();
        }
    }
}

#[tokio::test]
async fn open_boards_hear_of_moves_in_their_tenant_only() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let globex = app.signed_in("recruiter@globex.test").await;
    let requisition_id = requisition(&app).await;
    let stages = stage_ids(&app, requisition_id).await;
    let id = apply(&app, requisition_id, "live@example.com").await.unwrap().unwrap();
    let mut acme_events = rita.get(format!("{}/events", app.url)).send().await.unwrap();
    assert_eq!(acme_events.status().as_u16(), 200);
    assert!(acme_events.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut globex_events = globex.get(format!("{}/events", app.url)).send().await.unwrap();
    // Unauthenticated: no stream.
    assert_eq!(app.browser().get(format!("{}/events", app.url)).send().await.unwrap().status().as_u16(), 401);
    // The listener is up once it relays; give it a moment on a cold start.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    assert!(move_to(&app, &rita, id, 1, stages[1].0).await.status().is_success());
    let heard = next_event(&mut acme_events, std::time::Duration::from_secs(5)).await.expect("an event within seconds");
    assert_eq!(heard["kind"], "application");
    assert_eq!(heard["id"], id.to_string());
    assert_eq!(heard["requisition"], requisition_id.to_string());
    assert_eq!(next_event(&mut globex_events, std::time::Duration::from_secs(1)).await, None, "another tenant hears nothing");
}
