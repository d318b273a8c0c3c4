//! The delegation service over real HTTP on a real database: the permission matrix for every
//! kind of person, becoming a client, delegating with bad input, the distribution rules (fair
//! turns over 1,000 delegations, daily caps, least loaded), re-assignment by the queue, proofs
//! accepted and rejected, and the completion-rate alert.

use crate::seekers::seeker;
use crate::support::{error_of, TestApp, PASSWORD};
use app::delegation::access::{allows, Capability};
use app::delegation::api::*;
use app::delegation::repo;
use app::delegation::types::{Actor, AdminLevel, DistributionRule, NewDelegation, Priority};
use app::platform::db::{Db, Scope};
use chrono::{Duration, Utc};
use reqwest::multipart::{Form, Part};
use reqwest::Client;
use uuid::Uuid;

const NOOR: &str = "seeker@example.com";
const DANA: &str = "dana@delegation.test";
const ELI: &str = "eli@delegation.test";

async fn user_id(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("select id from users where email = $1").bind(email).fetch_one(&app.superuser().await).await.unwrap()
}

/// An admin of `level` with the test password, written directly.
async fn admin(app: &TestApp, email: &str, level: AdminLevel) -> Uuid {
    let db = app.superuser().await;
    let id = Uuid::now_v7();
    let hash = app.platform.hasher.hash(PASSWORD.to_owned()).await.unwrap();
    sqlx::query("insert into users (id, email, display_name, password_hash) values ($1, $2, 'Admin', $3)").bind(id).bind(email).bind(hash).execute(&db).await.unwrap();
    sqlx::query("insert into delegation_admins (user_id, level) values ($1, $2)").bind(id).bind(level.as_str()).execute(&db).await.unwrap();
    id
}

/// An employee with the test password and a cap, written directly.
async fn employee(app: &TestApp, email: &str, cap: i32) -> Uuid {
    let db = app.superuser().await;
    let id = Uuid::now_v7();
    let hash = app.platform.hasher.hash(PASSWORD.to_owned()).await.unwrap();
    sqlx::query("insert into users (id, email, display_name, password_hash) values ($1, $2, $2, $3)").bind(id).bind(email).bind(hash).execute(&db).await.unwrap();
    sqlx::query("insert into delegation_employees (user_id, daily_cap) values ($1, $2)").bind(id).bind(cap).execute(&db).await.unwrap();
    id
}

/// A new active client with one résumé, assigned to `employees`, sharing by `rule`.
async fn client(app: &TestApp, email: &str, employees: &[Uuid], rule: DistributionRule) -> (Uuid, Uuid) {
    let db = app.superuser().await;
    let id = Uuid::now_v7();
    sqlx::query("insert into users (id, email, display_name) values ($1, $2, $2)").bind(id).bind(email).execute(&db).await.unwrap();
    sqlx::query("insert into delegation_clients (user_id, status, activated_at, distribution) values ($1, 'active', now(), $2)").bind(id).bind(rule.as_str()).execute(&db).await.unwrap();
    let resume = Uuid::now_v7();
    sqlx::query("insert into delegation_resume_types (id, client_id, name, storage_key, file_name, file_size) values ($1, $2, 'Backend', 'none', 'cv.pdf', 10)")
        .bind(resume)
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    for employee in employees {
        sqlx::query("insert into delegation_assignments (id, client_id, employee_id) values ($1, $2, $3)").bind(Uuid::now_v7()).bind(id).bind(employee).execute(&db).await.unwrap();
    }
    (id, resume)
}

fn new_delegation(resume: Uuid, n: usize, now: chrono::DateTime<Utc>) -> NewDelegation {
    NewDelegation {
        job_url: format!("https://jobs.example.com/{n}"),
        company: "Example".into(),
        title: "Engineer".into(),
        resume_type_id: resume,
        priority: Priority::Normal,
        deadline: now + Duration::days(3),
    }
}

/// Delegates through the same code the server function runs, in the client's own scope.
async fn delegate_as(app: &TestApp, client_id: Uuid, new: &NewDelegation, now: chrono::DateTime<Utc>) -> Option<Uuid> {
    let mut tx = Db::begin(app.platform.db.write(), &Scope::User(client_id)).await.unwrap();
    let (_, employee) = repo::create(&mut tx, client_id, new, now).await.unwrap();
    tx.commit().await.unwrap();
    employee
}

async fn delegated_to(app: &TestApp, client_id: Uuid) -> Vec<(Option<Uuid>, i64)> {
    sqlx::query_as("select employee_id, count(*) from delegations where client_id = $1 group by employee_id order by employee_id nulls first")
        .bind(client_id)
        .fetch_all(&app.superuser().await)
        .await
        .unwrap()
}

/// Whether a response says the person may not do this (as opposed to anything else: done,
/// or refused for the input).
fn refused(status: u16) -> bool {
    status == 401 || status == 403
}

#[tokio::test]
async fn every_server_function_follows_the_permission_matrix() {
    let app = TestApp::spawn().await;
    admin(&app, "olga@delegation.test", AdminLevel::Operator).await;
    let noor_resume: Uuid = sqlx::query_scalar("select r.id from delegation_resume_types r join users u on u.id = r.client_id where u.email = $1 limit 1")
        .bind(NOOR)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let people: Vec<(&str, Option<Actor>, Client)> = vec![
        ("superadmin@hirevoo.test", Some(Actor::Superadmin), app.signed_in("superadmin@hirevoo.test").await),
        ("olga@delegation.test", Some(Actor::Admin(AdminLevel::Operator)), app.signed_in("olga@delegation.test").await),
        (DANA, Some(Actor::Admin(AdminLevel::Manager)), app.signed_in(DANA).await),
        (NOOR, Some(Actor::Client), app.signed_in(NOOR).await),
        (ELI, Some(Actor::Employee), app.signed_in(ELI).await),
        ("omar@example.com", None, app.signed_in("omar@example.com").await),
        ("recruiter@acme.test", None, app.signed_in("recruiter@acme.test").await),
        ("visitor", None, app.browser()),
    ];
    for (n, (who, actor, browser)) in people.iter().enumerate() {
        let may = |capability| actor.is_some_and(|actor| allows(actor, capability));
        let email = format!("new{n}@delegation.test");
        let calls: Vec<(Capability, u16)> = vec![
            (Capability::ManageAdmins, app.call::<ServiceAdmins>(browser, &[]).await.status().as_u16()),
            (Capability::ManageEmployees, app.call::<AddEmployee>(browser, &[("display_name", "New Person"), ("email", &email), ("daily_cap", "10")]).await.status().as_u16()),
            (Capability::ActivateClients, app.call::<ServiceClients>(browser, &[]).await.status().as_u16()),
            (Capability::AssignEmployees, app.call::<ServiceAssignments>(browser, &[]).await.status().as_u16()),
            (Capability::ViewAllDelegations, app.call::<AllDelegations>(browser, &[]).await.status().as_u16()),
            (Capability::CreateDelegations, app.call::<ReadClientDashboard>(browser, &[]).await.status().as_u16()),
            (Capability::ProcessDelegations, app.call::<ReadEmployeeQueue>(browser, &[]).await.status().as_u16()),
            (Capability::ManageOwnResumes, app.call::<ResumeTypes>(browser, &[]).await.status().as_u16()),
            (Capability::ServiceAnalytics, app.call::<ServiceDashboard>(browser, &[]).await.status().as_u16()),
            (Capability::SystemSettings, app.call::<ReadServiceSettings>(browser, &[]).await.status().as_u16()),
        ];
        for (capability, status) in calls {
            assert_eq!(!refused(status), may(capability), "{who} {capability:?}: {status}");
        }
        // Résumés: admins every client's, employees their clients', a client their own.
        let resume = browser.get(format!("{}/delegation/resumes/{noor_resume}", app.url)).send().await.unwrap().status().as_u16();
        let sees_resume = matches!(actor, Some(Actor::Superadmin | Actor::Admin(_) | Actor::Client | Actor::Employee));
        assert_eq!(resume == 200, sees_resume, "{who} résumé: {resume}");
    }
    // Nobody else's: an employee not assigned to Noor, a client who is not Noor.
    employee(&app, "zed@delegation.test", 10).await;
    let zed = app.signed_in("zed@delegation.test").await;
    let status = zed.get(format!("{}/delegation/resumes/{noor_resume}", app.url)).send().await.unwrap().status().as_u16();
    assert_eq!(status, 404, "an employee not working for the client");
    let noor_delegation: Uuid = sqlx::query_scalar("select d.id from delegations d join users u on u.id = d.client_id where u.email = $1 limit 1")
        .bind(NOOR)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let (status, _) = error_of(app.call::<Delegation>(&zed, &[("id", &noor_delegation.to_string())]).await).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_seeker_becomes_a_client_once_an_admin_activates_them() {
    let app = TestApp::spawn().await;
    let ana = seeker(&app, "ana@example.com").await;
    let (status, _) = error_of(app.call::<ReadClientDashboard>(&ana, &[]).await).await;
    assert_eq!(status, 403);
    assert_eq!(app.call::<RequestDelegation>(&ana, &[]).await.status().as_u16(), 200);
    assert_eq!(app.call::<RequestDelegation>(&ana, &[]).await.status().as_u16(), 200, "asking twice changes nothing");
    let (status, _) = error_of(app.call::<ReadClientDashboard>(&ana, &[]).await).await;
    assert_eq!(status, 403, "not before an admin activates them");

    let ana_id = user_id(&app, "ana@example.com").await;
    let dana = app.signed_in(DANA).await;
    let change = |status: &'static str, payment: &'static str| {
        let id = ana_id.to_string();
        let (app, dana) = (&app, &dana);
        async move { app.call::<UpdateClient>(dana, &[("client_id", &id), ("status", status), ("payment_status", payment), ("distribution", "least_loaded")]).await.status().as_u16() }
    };
    assert_eq!(change("active", "weekly").await, 400, "an unknown payment status");
    assert_eq!(change("active", "paid").await, 200);
    assert_eq!(app.call::<ReadClientDashboard>(&ana, &[]).await.status().as_u16(), 200);
    let (activated_by, payment): (Uuid, String) = sqlx::query_as("select activated_by, payment_status from delegation_clients where user_id = $1")
        .bind(ana_id)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    assert_eq!((activated_by, payment.as_str()), (user_id(&app, DANA).await, "paid"));
    assert_eq!(change("suspended", "past_due").await, 200);
    let (status, _) = error_of(app.call::<ReadClientDashboard>(&ana, &[]).await).await;
    assert_eq!(status, 403, "suspended");
    assert!(app.scalar_i64("select count(*) from audit_log where action = 'delegation.client_update'").await >= 2);
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let noor = app.signed_in(NOOR).await;
    let resume: Uuid = sqlx::query_scalar("select r.id from delegation_resume_types r join users u on u.id = r.client_id where u.email = $1 limit 1")
        .bind(NOOR)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
    let resume = resume.to_string();
    let tomorrow = (Utc::now() + Duration::days(1)).format("%Y-%m-%d").to_string();
    let good = [("job_url", "https://jobs.example.com/42"), ("company", "Example"), ("title", "Engineer"), ("resume_type_id", resume.as_str()), ("priority", "high"), ("deadline", tomorrow.as_str())];
    let before = app.scalar_i64("select count(*) from delegations").await;
    let other_resume = Uuid::now_v7().to_string();
    let long = "x".repeat(201);
    let cases: [(&str, &str); 10] = [
        ("job_url", ""),
        ("job_url", "javascript:alert(1)"),
        ("company", ""),
        ("title", &long),
        ("resume_type_id", "not-an-id"),
        ("resume_type_id", &other_resume),
        ("priority", "asap"),
        ("deadline", "2020-01-01"),
        ("deadline", "someday"),
        ("deadline", "2099-01-01"),
    ];
    for (field, value) in cases {
        let form: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, if *k == field { value } else { *v })).collect();
        let (status, error) = error_of(app.call::<DelegateJob>(&noor, &form).await).await;
        assert_eq!(status, 400, "{field}={value}");
        assert!(matches!(&error, app::platform::AppError::Invalid { field: Some(f), .. } if f == field), "{field}={value}: {error:?}");
    }
    assert_eq!(app.scalar_i64("select count(*) from delegations").await, before, "nothing stored");
    let response = app.call::<DelegateJob>(&noor, &good).await;
    assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());
    assert_eq!(app.scalar_i64("select count(*) from delegations").await, before + 1);

    // A résumé must be a PDF by its content; a screenshot a PNG or JPEG by its content.
    let upload = |name: &'static str, bytes: Vec<u8>| Form::new().text("name", name).part("file", Part::bytes(bytes).file_name("cv.pdf"));
    let response = noor.post(format!("{}/delegation/resumes", app.url)).multipart(upload("Design", b"GIF89a not a pdf".to_vec())).send().await.unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/delegation/resumes?problem=not-pdf");
    let response = noor.post(format!("{}/delegation/resumes", app.url)).multipart(upload("Backend", server::seed::resume_pdf("Noor", "x"))).send().await.unwrap();
    assert_eq!(response.headers()["location"].to_str().unwrap(), "/delegation/resumes?problem=name-taken");
    let response = noor.post(format!("{}/delegation/resumes", app.url)).multipart(upload("Design", server::seed::resume_pdf("Noor", "x"))).send().await.unwrap();
    assert_eq!(response.headers()["location"].to_str().unwrap(), "/delegation/resumes?resume=added");
    assert_eq!(app.scalar_i64("select count(*) from delegation_resume_types r join users u on u.id = r.client_id where u.email = 'seeker@example.com'").await, 3);
}

#[tokio::test]
async fn round_robin_is_fair_over_a_thousand_delegations_and_caps_hold() {
    let app = TestApp::spawn().await;
    let now = Utc::now();
    let staff = [employee(&app, "a@staff.test", 1000).await, employee(&app, "b@staff.test", 1000).await, employee(&app, "c@staff.test", 1000).await];
    let (client_id, resume) = client(&app, "rr@example.com", &staff, DistributionRule::RoundRobin).await;
    for n in 0..1000 {
        delegate_as(&app, client_id, &new_delegation(resume, n, now), now).await.expect("someone has room");
    }
    let counts: Vec<i64> = delegated_to(&app, client_id).await.into_iter().map(|(_, n)| n).collect();
    assert_eq!(counts.len(), 3);
    assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1, "{counts:?}");
    assert_eq!(counts.iter().sum::<i64>(), 1000);
    // Each in turn: no one is given two in a row while the others wait.
    let order: Vec<Uuid> = sqlx::query_scalar("select employee_id from delegations where client_id = $1 order by delegated_at, id")
        .bind(client_id)
        .fetch_all(&app.superuser().await)
        .await
        .unwrap();
    assert!(order.windows(2).all(|pair| pair[0] != pair[1]));

    // Caps: 2 and 3 a day, then nobody: the next waits, visibly, for an employee.
    let capped = [employee(&app, "d@staff.test", 2).await, employee(&app, "e@staff.test", 3).await];
    let (client_id, resume) = client(&app, "capped@example.com", &capped, DistributionRule::RoundRobin).await;
    for n in 0..5 {
        assert!(delegate_as(&app, client_id, &new_delegation(resume, n, now), now).await.is_some(), "{n}");
    }
    assert_eq!(delegate_as(&app, client_id, &new_delegation(resume, 5, now), now).await, None);
    let given: Vec<(Option<Uuid>, i64)> = delegated_to(&app, client_id).await;
    assert_eq!(given.iter().map(|(_, n)| *n).collect::<Vec<i64>>(), [1, 2, 3], "one waiting, then the caps 2 and 3: {given:?}");
    assert_eq!(given[0].0, None);
    let waiting = app.scalar_i64(&format!("select count(*) from delegation_events e join delegations d on d.id = e.delegation_id where d.client_id = '{client_id}' and e.kind = 'unassigned'")).await;
    assert_eq!(waiting, 1);
    // The queue gives it once someone has room.
    sqlx::query("update delegation_employees set daily_cap = 10 where user_id = $1").bind(capped[0]).execute(&app.superuser().await).await.unwrap();
    assert!(app::delegation::jobs::redistribute(&app.platform, now).await.unwrap() >= 1);
    assert_eq!(delegated_to(&app, client_id).await.iter().filter(|(who, _)| who.is_none()).count(), 0);
}

#[tokio::test]
async fn least_loaded_evens_out_open_work_and_the_queue_moves_stalled_work() {
    let app = TestApp::spawn().await;
    let now = Utc::now();
    let staff = [employee(&app, "busy@staff.test", 100).await, employee(&app, "free@staff.test", 100).await];
    // The busy one already has 6 open delegations of another client.
    let (other, other_resume) = client(&app, "other@example.com", &staff[..1], DistributionRule::RoundRobin).await;
    for n in 0..6 {
        delegate_as(&app, other, &new_delegation(other_resume, n, now), now).await;
    }
    let (client_id, resume) = client(&app, "ll@example.com", &staff, DistributionRule::LeastLoaded).await;
    let mut to = Vec::new();
    for n in 0..10 {
        to.push(delegate_as(&app, client_id, &new_delegation(resume, n, now), now).await.unwrap());
    }
    let to_free = to.iter().filter(|who| **who == staff[1]).count();
    assert_eq!(to_free, 8, "the free one first, until both carry 8: {to:?}");

    // The busy one becomes unavailable: their pending work (not what they started) moves.
    let busy_pending: Vec<Uuid> = sqlx::query_scalar("select id from delegations where employee_id = $1 and client_id = $2").bind(staff[0]).bind(client_id).fetch_all(&app.superuser().await).await.unwrap();
    assert_eq!(busy_pending.len(), 2);
    let mut tx = Db::begin(app.platform.db.write(), &Scope::User(staff[0])).await.unwrap();
    repo::start(&mut tx, busy_pending[0], staff[0], now).await.unwrap();
    tx.commit().await.unwrap();
    let busy = app.signed_in("busy@staff.test").await;
    assert_eq!(app.call::<SetMyAvailability>(&busy, &[("available", "")]).await.status().as_u16(), 200);
    app::delegation::jobs::redistribute(&app.platform, now).await.unwrap();
    let holder = |id: Uuid| {
        let app = &app;
        async move { sqlx::query_scalar::<_, Option<Uuid>>("select employee_id from delegations where id = $1").bind(id).fetch_one(&app.superuser().await).await.unwrap() }
    };
    assert_eq!(holder(busy_pending[0]).await, Some(staff[0]), "started work stays");
    assert_eq!(holder(busy_pending[1]).await, Some(staff[1]), "pending work moves");
    assert_eq!(app.scalar_i64(&format!("select count(*) from delegation_events where delegation_id = '{}' and kind = 'reassigned'", busy_pending[1])).await, 1);

    // A deadline near and untouched: given to someone else.
    let third = employee(&app, "third@staff.test", 100).await;
    sqlx::query("insert into delegation_assignments (id, client_id, employee_id) values ($1, $2, $3)").bind(Uuid::now_v7()).bind(client_id).bind(third).execute(&app.superuser().await).await.unwrap();
    let stalled: Uuid = sqlx::query_scalar("select id from delegations where employee_id = $1 and client_id = $2 and status = 'pending' limit 1").bind(staff[1]).bind(client_id).fetch_one(&app.superuser().await).await.unwrap();
    sqlx::query("update delegations set deadline = now() + interval '3 hours', assigned_at = now() - interval '2 hours' where id = $1").bind(stalled).execute(&app.superuser().await).await.unwrap();
    app::delegation::jobs::redistribute(&app.platform, Utc::now()).await.unwrap();
    assert_eq!(holder(stalled).await, Some(third));
}

async fn first_pending_of(app: &TestApp, employee: Uuid) -> Uuid {
    sqlx::query_scalar("select id from delegations where employee_id = $1 and status = 'pending' order by delegated_at limit 1").bind(employee).fetch_one(&app.superuser().await).await.unwrap()
}

async fn send_proof(app: &TestApp, browser: &Client, id: Uuid, bytes: Vec<u8>) -> String {
    let form = Form::new().text("notes", "Applied on the company site.").part("screenshot", Part::bytes(bytes).file_name("proof.png"));
    let response = browser.post(format!("{}/delegation/{id}/complete", app.url)).multipart(form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_proof_is_checked_then_accepted_or_rejected_back_to_the_employee() {
    let app = TestApp::spawn().await;
    let eli_id = user_id(&app, ELI).await;
    let eli = app.signed_in(ELI).await;
    let noor = app.signed_in(NOOR).await;
    let id = first_pending_of(&app, eli_id).await;
    let count_proofs = format!("select count(*) from delegation_completions where delegation_id = '{id}'");
    let proofs = || app.scalar_i64(&count_proofs);
    let before = proofs().await;

    assert!(send_proof(&app, &eli, id, b"GIF89a......".to_vec()).await.ends_with("problem=not-image"));
    assert!(send_proof(&app, &eli, id, Vec::new()).await.ends_with("problem=missing"));
    assert_eq!(proofs().await, before, "nothing stored");
    // Another employee cannot complete it.
    let femi = app.signed_in(server::seed::DEMO_EMPLOYEES[1].0).await;
    let response = femi.post(format!("{}/delegation/{id}/complete", app.url)).multipart(Form::new().part("screenshot", Part::bytes(server::seed::demo_screenshot()))).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);

    assert_eq!(app.call::<StartDelegation>(&eli, &[("id", &id.to_string())]).await.status().as_u16(), 200);
    assert_eq!(send_proof(&app, &eli, id, server::seed::demo_screenshot()).await, format!("/delegation/{id}?proof=sent"));
    let proof_id: Uuid = sqlx::query_scalar("select id from delegation_completions where delegation_id = $1 and review = 'waiting'").bind(id).fetch_one(&app.superuser().await).await.unwrap();
    let shot = noor.get(format!("{}/delegation/proofs/{proof_id}", app.url)).send().await.unwrap();
    assert_eq!((shot.status().as_u16(), shot.headers()["content-type"].to_str().unwrap().to_owned()), (200, "image/png".to_owned()));
    assert_eq!(femi.get(format!("{}/delegation/proofs/{proof_id}", app.url)).send().await.unwrap().status().as_u16(), 404);

    // A rejection needs a reason, and sends it back to Eli, in progress.
    let id_text = id.to_string();
    let (status, _) = error_of(app.call::<ReviewProof>(&noor, &[("id", &id_text), ("decision", "reject"), ("reason", " ")]).await).await;
    assert_eq!(status, 400);
    assert_eq!(app.call::<ReviewProof>(&noor, &[("id", &id_text), ("decision", "reject"), ("reason", "Wrong résumé attached.")]).await.status().as_u16(), 200);
    let status: String = sqlx::query_scalar("select status from delegations where id = $1").bind(id).fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(status, "in_progress");
    let mail: String = sqlx::query_scalar("select body from outbox where to_address = $1 order by id desc limit 1").bind(ELI).fetch_one(&app.superuser().await).await.unwrap();
    assert!(mail.contains("Wrong résumé attached."));
    let (status, _) = error_of(app.call::<ReviewProof>(&noor, &[("id", &id_text), ("decision", "accept")]).await).await;
    assert_eq!(status, 409, "nothing waits for review now");

    assert!(send_proof(&app, &eli, id, server::seed::demo_screenshot()).await.ends_with("proof=sent"));
    assert_eq!(app.call::<ReviewProof>(&noor, &[("id", &id_text), ("decision", "accept")]).await.status().as_u16(), 200);
    let reviews: Vec<String> = sqlx::query_scalar("select review from delegation_completions where delegation_id = $1 order by completed_at").bind(id).fetch_all(&app.superuser().await).await.unwrap();
    assert_eq!(reviews[reviews.len() - 2..], ["rejected".to_owned(), "accepted".to_owned()]);
    let kinds: Vec<String> = sqlx::query_scalar("select kind from delegation_events where delegation_id = $1 order by at, id").bind(id).fetch_all(&app.superuser().await).await.unwrap();
    assert_eq!(kinds[kinds.len() - 5..], ["started", "completed", "rejected", "completed", "accepted"].map(String::from));
    let (status, _) = error_of(app.call::<CancelDelegation>(&noor, &[("id", &id_text)]).await).await;
    assert_eq!(status, 409, "a completed delegation cannot be cancelled");
}

#[tokio::test]
async fn a_low_completion_rate_raises_the_platforms_alert() {
    let app = TestApp::spawn().await;
    let db = app.superuser().await;
    sqlx::query("truncate delegations cascade").execute(&db).await.unwrap();
    let staff = [employee(&app, "w@staff.test", 100).await];
    let (client_id, resume) = client(&app, "alert@example.com", &staff, DistributionRule::RoundRobin).await;
    let start = Utc::now() - Duration::days(3);
    for n in 0..20 {
        delegate_as(&app, client_id, &new_delegation(resume, n, start), start).await;
    }
    // 13 completed of 20 due: 65 %, under the critical 70 %.
    sqlx::query("update delegations set deadline = now() - interval '1 hour' where client_id = $1").bind(client_id).execute(&db).await.unwrap();
    sqlx::query("update delegations set status = 'completed', completed_at = now() - interval '2 hours' where id in (select id from delegations where client_id = $1 order by id limit 13)")
        .bind(client_id)
        .execute(&db)
        .await
        .unwrap();
    let raised = app::console::metrics::service::check_thresholds(&app.platform, Utc::now()).await.unwrap();
    assert!(raised.contains(&("job_completion_rate_pct".to_owned(), app::console::metrics::types::Level::Critical)), "{raised:?}");
    // Back above 85 %: resolved.
    sqlx::query("update delegations set status = 'completed', completed_at = now() - interval '2 hours' where client_id = $1").bind(client_id).execute(&db).await.unwrap();
    app::console::metrics::service::check_thresholds(&app.platform, Utc::now()).await.unwrap();
    assert_eq!(app.scalar_i64("select count(*) from metric_alerts where metric = 'job_completion_rate_pct' and resolved_at is null").await, 0);
}

#[tokio::test]
async fn the_demo_service_has_a_week_of_work_in_every_status() {
    let app = TestApp::spawn().await;
    let statuses: Vec<String> = sqlx::query_scalar("select distinct status from delegations order by 1").fetch_all(&app.superuser().await).await.unwrap();
    assert_eq!(statuses, ["cancelled", "completed", "failed", "in_progress", "pending"]);
    assert_eq!(app.scalar_i64("select count(*) from delegations").await, 60);
    assert!(app.scalar_i64("select count(*) from delegation_completions where review = 'rejected'").await >= 2);
    assert!(app.scalar_i64("select count(distinct day) from delegation_daily").await >= 7);
    assert_eq!(app.scalar_i64("select count(*) from delegation_clients where status = 'requested'").await, 1);
    let dana = app.signed_in(DANA).await;
    let (status, home) = app.page(&dana, "/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Noor Haddad"), "the admin's home lists the client");
}
