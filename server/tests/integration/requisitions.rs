//! Requisitions on the server: the status workflow with history, audit and mail; who may do
//! what; tenant isolation; the dashboard's filters, search, sort and pages; the CSV export;
//! soft delete, restore and purge; automatic closing.

use crate::support;

use app::recruiting::requisitions::api::*;
use app::recruiting::requisitions::types::*;
use serde_json::json;
use support::{error_of, TestApp};
use uuid::Uuid;

/// A member added to a tenant directly, as the owner.
async fn add_member(app: &TestApp, slug: &str, email: &str, role: &str) {
    let db = app.superuser().await;
    let tenant_id: Uuid = sqlx::query_scalar("select id from tenants where slug = $1").bind(slug).fetch_one(&db).await.unwrap();
    let hash: String = sqlx::query_scalar("select password_hash from users where email = 'recruiter@acme.test'").fetch_one(&db).await.unwrap();
    let user_id = Uuid::now_v7();
    sqlx::query("insert into users (id, email, display_name, password_hash) values ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(email)
        .bind(email.split('@').next().unwrap())
        .bind(hash)
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("insert into memberships (id, tenant_id, user_id, role) values ($1, $2, $3, $4)")
        .bind(Uuid::now_v7())
        .bind(tenant_id)
        .bind(user_id)
        .bind(role)
        .execute(&db)
        .await
        .unwrap();
}

/// The kept per-status counts agree with counting the requisitions themselves.
async fn assert_counts_kept(app: &TestApp) {
    let db = app.superuser().await;
    let kept: Vec<(Uuid, String, i64)> = sqlx::query_as("select tenant_id, status, sum(n)::int8 from requisition_counts group by 1, 2 having sum(n) > 0 order by 1, 2")
        .fetch_all(&db)
        .await
        .unwrap();
    let counted: Vec<(Uuid, String, i64)> = sqlx::query_as("select tenant_id, status, count(*) from requisitions where deleted_at is null group by 1, 2 order by 1, 2")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(kept, counted);
}

async fn user_id(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar::<_, Uuid>("select id from users where email = $1").bind(email).fetch_one(&app.superuser().await).await.unwrap().to_string()
}

async fn create(app: &TestApp, client: &reqwest::Client, fields: &[(&str, &str)]) -> Uuid {
    let response = app.call::<SaveRequisition>(client, fields).await;
    assert!(response.status().is_success(), "{fields:?}: {}", response.text().await.unwrap());
    response.json().await.unwrap()
}

async fn status_of(app: &TestApp, id: Uuid) -> String {
    sqlx::query_scalar("select status from requisitions where id = $1").bind(id).fetch_one(&app.superuser().await).await.unwrap()
}

async fn dashboard(app: &TestApp, client: &reqwest::Client, params: serde_json::Value) -> reqwest::Response {
    app.call_json::<RequisitionDashboard>(client, json!({ "params": params })).await
}

#[tokio::test]
async fn the_workflow_allows_its_moves_and_records_history_audit_and_mail() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let interviewer = user_id(&app, "interviewer@acme.test").await;
    let id = create(&app, &recruiter, &[("title", "Data Engineer"), ("department", "Engineering"), ("team_ids[]", &interviewer)]).await;
    assert_eq!(status_of(&app, id).await, "draft");
    let idt = id.to_string();
    let change = |to: &'static str, reason: &'static str| {
        let (app, recruiter, idt) = (&app, &recruiter, idt.clone());
        async move { app.call::<ChangeRequisitionStatus>(recruiter, &[("id", idt.as_str()), ("to", to), ("reason", reason)]).await }
    };

    let refused = error_of(change("closed", "Filled").await).await;
    assert_eq!(refused.0, 400);
    assert_eq!(refused.1.to_string(), "A requisition cannot go from draft to closed. From draft it can go to: open, archived.");
    assert!(change("open", "").await.status().is_success());
    let no_reason = error_of(change("on_hold", "  ").await).await;
    assert_eq!(no_reason.1.field(), Some("to"));
    assert_eq!(status_of(&app, id).await, "open", "a refused move changes nothing");
    assert!(change("on_hold", "Budget freeze").await.status().is_success());
    assert!(change("open", "").await.status().is_success());
    assert!(change("closed", "Filled internally").await.status().is_success());
    let closed_at: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("select closed_at from requisitions where id = $1").bind(id).fetch_one(&app.superuser().await).await.unwrap();
    assert!(closed_at.is_some());
    assert!(change("archived", "").await.status().is_success());
    assert!(change("closed", "").await.status().is_success(), "archived → closed restores");
    assert!(change("open", "").await.status().is_success(), "closed → open reopens");
    assert_eq!(error_of(change("draft", "").await).await.0, 400);
    assert_eq!(error_of(change("nonsense", "").await).await.1.field(), Some("to"));

    let page: RequisitionPage = app.call::<RequisitionDetails>(&recruiter, &[("id", &idt)]).await.json().await.unwrap();
    let moves: Vec<(Option<Status>, Status)> = page.history.iter().rev().map(|h| (h.from, h.to)).collect();
    use Status::*;
    assert_eq!(moves, [(None, Draft), (Some(Draft), Open), (Some(Open), OnHold), (Some(OnHold), Open), (Some(Open), Closed), (Some(Closed), Archived), (Some(Archived), Closed), (Some(Closed), Open)]);
    assert_eq!(page.history.iter().find(|h| h.to == OnHold).unwrap().reason, "Budget freeze");
    assert_eq!(page.history[0].by.as_deref(), Some("Rita Moreno"));

    let audited = app.scalar_i64(&format!("select count(*) from audit_log where target = 'requisition:{id}' and action = 'requisition.status'")).await;
    assert_eq!(audited, 7);
    let trail: Trail = app.call::<RequisitionTrail>(&recruiter, &[("id", &idt)]).await.json().await.unwrap();
    assert!(trail.chain_intact);
    assert_eq!(trail.entries[0].changes, vec![FieldChange { field: "status".into(), old: "Closed".into(), new: "Open".into() }]);
    assert_eq!(trail.entries[0].ip.as_deref(), Some("127.0.0.1"));
    assert!(trail.entries.last().unwrap().action == "requisition.create");
    // Through the notification system: an email each, once the queue has sent them.
    app.run_jobs().await;
    let mails = app.scalar_i64("select count(*) from outbox where to_address = 'interviewer@acme.test' and subject like 'Data Engineer:%'").await;
    assert_eq!(mails, 7, "the hiring team hears of every status change");
    let hold_mail: String = sqlx::query_scalar("select body from outbox where subject = 'Data Engineer: on hold'").fetch_one(&app.superuser().await).await.unwrap();
    assert!(hold_mail.contains("Reason: Budget freeze"), "{hold_mail}");

    // An edit is audited field by field, and the chain still verifies.
    let edited = app
        .call::<SaveRequisition>(&recruiter, &[("id", &idt), ("title", "Senior Data Engineer"), ("department", "Data"), ("team_ids[]", &interviewer)])
        .await;
    assert!(edited.status().is_success());
    let trail: Trail = app.call::<RequisitionTrail>(&recruiter, &[("id", &idt)]).await.json().await.unwrap();
    let fields: Vec<(&str, &str, &str)> = trail.entries[0].changes.iter().map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str())).collect();
    assert_eq!(fields, [("title", "Data Engineer", "Senior Data Engineer"), ("department", "Engineering", "Data")]);
    assert!(trail.chain_intact);
    sqlx::query("update audit_log set details = '{}' where target = $1 and action = 'requisition.create'").bind(format!("requisition:{id}")).execute(&app.superuser().await).await.unwrap();
    let trail: Trail = app.call::<RequisitionTrail>(&recruiter, &[("id", &idt)]).await.json().await.unwrap();
    assert!(!trail.chain_intact, "an altered entry breaks the chain");
}

#[tokio::test]
async fn bad_input_gets_a_clear_message_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let globex_admin = user_id(&app, "admin@globex.test").await;
    let interviewer = user_id(&app, "interviewer@acme.test").await;
    let before = app.scalar_i64("select count(*) from requisitions").await;
    let long = "x".repeat(201);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("title", "  ")], "title"),
        (vec![("title", &long)], "title"),
        (vec![("title", "A"), ("salary_min", "90000"), ("salary_max", "80000"), ("salary_currency", "EUR")], "salary_max"),
        (vec![("title", "A"), ("salary_min", "-5"), ("salary_currency", "EUR")], "salary_min"),
        (vec![("title", "A"), ("salary_min", "5000"), ("salary_currency", "XYZ")], "salary_currency"),
        (vec![("title", "A"), ("salary_min", "5000")], "salary_currency"),
        (vec![("title", "A"), ("hiring_manager_id", &globex_admin)], "hiring_manager_id"),
        (vec![("title", "A"), ("hiring_manager_id", &interviewer)], "hiring_manager_id"),
        (vec![("title", "A"), ("openings", "0")], "openings"),
        (vec![("title", "A"), ("workplace", "moon")], "workplace"),
        (vec![("title", "A"), ("deadline", "31/12/2026")], "deadline"),
    ];
    for (fields, field) in cases {
        let (status, error) = error_of(app.call::<SaveRequisition>(&recruiter, &fields).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{fields:?}: {error}");
    }
    assert_eq!(app.scalar_i64("select count(*) from requisitions").await, before);

    // A deadline in the past is refused for an open requisition, and opening one with such a deadline too.
    let id = create(&app, &recruiter, &[("title", "Analyst"), ("deadline", "2020-01-01")]).await.to_string();
    let open = error_of(app.call::<ChangeRequisitionStatus>(&recruiter, &[("id", &id), ("to", "open")]).await).await;
    assert_eq!(open.1.field(), Some("deadline"));
    assert!(app.call::<SaveRequisition>(&recruiter, &[("id", &id), ("title", "Analyst"), ("deadline", "2099-01-01")]).await.status().is_success());
    assert!(app.call::<ChangeRequisitionStatus>(&recruiter, &[("id", &id), ("to", "open")]).await.status().is_success());
    let past = error_of(app.call::<SaveRequisition>(&recruiter, &[("id", &id), ("title", "Analyst"), ("deadline", "2020-01-01")]).await).await;
    assert_eq!(past.1.field(), Some("deadline"));

    // Dashboard parameters.
    for (params, field) in [
        (json!({ "page": "0" }), "page"),
        (json!({ "page": "-1" }), "page"),
        (json!({ "page": "two" }), "page"),
        (json!({ "department": "Nowhere" }), "department"),
        (json!({ "status": ["closedish"] }), "status"),
        (json!({ "sort": "salary; drop table requisitions" }), "sort"),
        (json!({ "q": "x".repeat(201) }), "q"),
    ] {
        let (status, error) = error_of(dashboard(&app, &recruiter, params.clone()).await).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{params}");
    }
}

const CALLS: [&str; 7] = ["view", "list", "trail", "form", "edit", "status", "duplicate"];

/// One of `CALLS` on requisition `id`, answered with its status.
async fn attempt(app: &TestApp, client: &reqwest::Client, name: &str, id: &str) -> u16 {
    let response = match name {
        "view" => app.call::<RequisitionDetails>(client, &[("id", id)]).await,
        "list" => dashboard(app, client, json!({})).await,
        "trail" => app.call::<RequisitionTrail>(client, &[("id", id)]).await,
        "form" => app.call::<EditableFields>(client, &[("id", id)]).await,
        "edit" => app.call::<SaveRequisition>(client, &[("id", id), ("title", "Designer")]).await,
        "status" => app.call::<ChangeRequisitionStatus>(client, &[("id", id), ("to", "archived")]).await,
        "duplicate" => app.call::<DuplicateRequisition>(client, &[("id", id)]).await,
        _ => unreachable!(),
    };
    response.status().as_u16()
}

#[tokio::test]
async fn who_may_do_what_is_enforced_in_every_server_function() {
    let app = TestApp::spawn().await;
    add_member(&app, "acme", "second.recruiter@acme.test", "recruiter").await;
    let creator = app.signed_in("recruiter@acme.test").await;
    let id = create(&app, &creator, &[("title", "Designer")]).await.to_string();
    // (who, expected per call in the order above)
    let matrix: [(&str, [u16; 7]); 5] = [
        ("second.recruiter@acme.test", [200, 200, 200, 403, 403, 403, 200]),
        ("interviewer@acme.test", [403; 7]),
        ("candidate@acme.test", [403; 7]),
        ("admin@globex.test", [404, 200, 404, 404, 404, 404, 404]),
        ("admin@acme.test", [200; 7]),
    ];
    for (email, expected) in matrix {
        let client = app.signed_in(email).await;
        for (name, want) in CALLS.iter().zip(expected) {
            assert_eq!(attempt(&app, &client, name, &id).await, want, "{email} {name}");
        }
    }
    assert_eq!(status_of(&app, Uuid::parse_str(&id).unwrap()).await, "archived", "only the admin's move went through");
    // Deleting: not for a recruiter who is not on it; restoring: tenant admins only.
    let other = app.signed_in("second.recruiter@acme.test").await;
    assert_eq!(app.call::<DeleteRequisition>(&other, &[("id", &id)]).await.status(), 403);
    assert!(app.call::<DeleteRequisition>(&creator, &[("id", &id)]).await.status().is_success());
    assert_eq!(app.call::<RequisitionDetails>(&creator, &[("id", &id)]).await.status(), 404, "a deleted requisition is gone from view");
    assert_eq!(app.call::<RestoreRequisition>(&creator, &[("id", &id)]).await.status(), 403);
    assert_eq!(app.call::<DeletedRequisitions>(&creator, &[]).await.status(), 403);
    let globex = app.signed_in("admin@globex.test").await;
    assert_eq!(app.call::<RestoreRequisition>(&globex, &[("id", &id)]).await.status(), 404);
    let admin = app.signed_in("admin@acme.test").await;
    let deleted: Vec<(Uuid, String, chrono::DateTime<chrono::Utc>)> = app.call::<DeletedRequisitions>(&admin, &[]).await.json().await.unwrap();
    assert_eq!(deleted.iter().map(|d| d.1.as_str()).collect::<Vec<_>>(), ["Designer"]);
    assert!(app.call::<RestoreRequisition>(&admin, &[("id", &id)]).await.status().is_success());
    assert!(app.call::<RequisitionDetails>(&creator, &[("id", &id)]).await.status().is_success());
}

/// The cells of one CSV line, with quoted cells unquoted.
fn csv_cells(line: &str) -> Vec<String> {
    let (mut cells, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[tokio::test]
async fn the_dashboard_filters_searches_sorts_counts_and_pages() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let all: Dashboard = dashboard(&app, &recruiter, json!({ "limit": "100" })).await.json().await.unwrap();
    let seeded = all.total;
    assert!(seeded >= 25, "the demo tenant has its requisitions: {seeded}");
    assert_eq!(all.counts.iter().map(|(_, n)| n).sum::<i64>(), seeded);
    assert!(all.counts.iter().all(|(_, n)| *n > 0), "every status is in the demo: {:?}", all.counts);

    // Several statuses at once; the cards keep counting every status under the other filters.
    let open_or_held: Dashboard = dashboard(&app, &recruiter, json!({ "status": ["open", "on_hold"], "department": "Engineering" })).await.json().await.unwrap();
    assert!(open_or_held.rows.iter().all(|r| matches!(r.status, Status::Open | Status::OnHold) && r.department == "Engineering"));
    let engineering: i64 = open_or_held.counts.iter().map(|(_, n)| n).sum();
    assert!(engineering > open_or_held.total);
    assert_eq!(open_or_held.total, open_or_held.rows.len() as i64);

    // Search tolerates a typo and partial words; wildcards and quotes are literal.
    let typo: Dashboard = dashboard(&app, &recruiter, json!({ "q": "Enginer" })).await.json().await.unwrap();
    assert!(typo.rows.iter().any(|r| r.title == "Senior Frontend Engineer"), "{:?}", typo.rows.iter().map(|r| &r.title).collect::<Vec<_>>());
    let partial: Dashboard = dashboard(&app, &recruiter, json!({ "q": "fronte" })).await.json().await.unwrap();
    assert_eq!(partial.rows.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), ["Senior Frontend Engineer"]);
    for literal in ["%", "_", "\\", "'; --", "<script>"] {
        let none: Dashboard = dashboard(&app, &recruiter, json!({ "q": literal })).await.json().await.unwrap();
        assert_eq!(none.total, 0, "{literal:?} matches literally");
    }
    create(&app, &recruiter, &[("title", "100% remote_role")]).await;
    let percent: Dashboard = dashboard(&app, &recruiter, json!({ "q": "100%" })).await.json().await.unwrap();
    assert_eq!(percent.rows.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), ["100% remote_role"]);

    // Sorting by any column; ties broken by id, so pages never overlap.
    let by_views: Dashboard = dashboard(&app, &recruiter, json!({ "sort": "views", "dir": "desc", "limit": "100" })).await.json().await.unwrap();
    assert!(by_views.rows.windows(2).all(|w| w[0].views >= w[1].views));
    let by_title: Dashboard = dashboard(&app, &recruiter, json!({ "sort": "title", "limit": "100" })).await.json().await.unwrap();
    assert!(by_title.rows.windows(2).all(|w| w[0].title.to_lowercase() <= w[1].title.to_lowercase()));
    let mut paged = Vec::new();
    for page in 1..=3 {
        let d: Dashboard = dashboard(&app, &recruiter, json!({ "sort": "title", "limit": "10", "page": page.to_string() })).await.json().await.unwrap();
        assert_eq!((d.page, d.pages), (page, (seeded + 1 + 9) / 10));
        paged.extend(d.rows.into_iter().map(|r| r.id));
    }
    let expected: Vec<Uuid> = by_title.rows.iter().take(paged.len()).map(|r| r.id).collect();
    assert_eq!(paged, expected);
    let beyond: Dashboard = dashboard(&app, &recruiter, json!({ "page": "99999", "limit": "10" })).await.json().await.unwrap();
    assert_eq!(beyond.page, beyond.pages, "a page past the end shows the last one");
    let capped: Dashboard = dashboard(&app, &recruiter, json!({ "limit": "100000" })).await.json().await.unwrap();
    assert_eq!(capped.limit, 100);

    // "Mine": created by, managing, recruiting or on the team of the viewer.
    let mine: Dashboard = dashboard(&app, &recruiter, json!({ "mine": "1", "limit": "100" })).await.json().await.unwrap();
    assert!(mine.total > 0 && mine.total <= seeded + 1);
    let admin = app.signed_in("admin@acme.test").await;
    let admins: Dashboard = dashboard(&app, &admin, json!({ "mine": "1", "limit": "100" })).await.json().await.unwrap();
    assert_ne!(admins.total, mine.total);

    // The CSV export holds the filtered list, every page of it.
    let csv = recruiter.get(format!("{}/jobs/export.csv?status=closed&status=archived", app.url)).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let statuses: Vec<String> = text.lines().skip(1).map(|line| csv_cells(line)[4].clone()).collect();
    let closed_or_archived = all.counts.iter().filter(|(s, _)| matches!(s, Status::Closed | Status::Archived)).map(|(_, n)| *n).sum::<i64>();
    assert_eq!(statuses.len() as i64, closed_or_archived);
    assert!(statuses.iter().all(|s| *s == "closed" || *s == "archived"));
    let interviewer = app.signed_in("interviewer@acme.test").await;
    assert_eq!(interviewer.get(format!("{}/jobs/export.csv", app.url)).send().await.unwrap().status(), 403);
    assert_eq!(app.browser().get(format!("{}/jobs/export.csv", app.url)).send().await.unwrap().status(), 401);

    // Another tenant sees none of it.
    let globex = app.signed_in("admin@globex.test").await;
    let theirs: Dashboard = dashboard(&app, &globex, json!({})).await.json().await.unwrap();
    assert_eq!(theirs.total, 0);
    assert_counts_kept(&app).await;
    let sales: Dashboard = dashboard(&app, &recruiter, json!({ "department": "Sales", "limit": "100" })).await.json().await.unwrap();
    assert_eq!(sales.counts.iter().map(|(_, n)| n).sum::<i64>(), sales.total);
    assert_eq!(sales.total, sales.rows.len() as i64, "the kept counts match the listed rows under a filter");
}

#[tokio::test]
async fn past_deadlines_close_automatically_and_long_deleted_requisitions_are_purged() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let interviewer = user_id(&app, "interviewer@acme.test").await;
    let id = create(&app, &recruiter, &[("title", "Night Nurse"), ("deadline", "2099-01-01"), ("team_ids[]", &interviewer)]).await;
    assert!(app.call::<ChangeRequisitionStatus>(&recruiter, &[("id", &id.to_string()), ("to", "open")]).await.status().is_success());
    let db = app.superuser().await;
    sqlx::query("update requisitions set deadline = current_date - 1 where id = $1").bind(id).execute(&db).await.unwrap();
    let closed = app::recruiting::requisitions::scheduled::auto_close(&app.platform).await.unwrap();
    assert!(closed >= 1);
    assert_eq!(status_of(&app, id).await, "closed");
    let (reason, by): (String, Option<Uuid>) = sqlx::query_as("select reason, changed_by from requisition_status_history where requisition_id = $1 order by changed_at desc limit 1")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!((reason.as_str(), by), ("Application deadline passed", None));
    app.run_jobs().await;
    assert_eq!(app.scalar_i64("select count(*) from outbox where to_address = 'interviewer@acme.test' and subject = 'Night Nurse: closed'").await, 1);
    assert_eq!(app::recruiting::requisitions::scheduled::auto_close(&app.platform).await.unwrap(), 0, "nothing left to close");

    assert!(app.call::<DeleteRequisition>(&recruiter, &[("id", &id.to_string())]).await.status().is_success());
    assert_eq!(app::recruiting::requisitions::scheduled::purge_deleted(&app.platform).await.unwrap(), 0, "within 30 days it stays restorable");
    sqlx::query("update requisitions set deleted_at = now() - interval '31 days' where id = $1").bind(id).execute(&db).await.unwrap();
    assert_eq!(app::recruiting::requisitions::scheduled::purge_deleted(&app.platform).await.unwrap(), 1);
    assert_eq!(app.scalar_i64(&format!("select count(*) from requisitions where id = '{id}'")).await, 0);
    assert_eq!(app.scalar_i64(&format!("select count(*) from audit_log where target = 'requisition:{id}' and action = 'requisition.purge'")).await, 1);
    assert_counts_kept(&app).await;
}

async fn bulk(app: &TestApp, client: &reqwest::Client, ids: &[String], fields: &[(&str, &str)]) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = ids.iter().map(|id| ("ids[]", id.as_str())).collect();
    form.extend_from_slice(fields);
    app.call::<app::recruiting::requisitions::bulk::StartBulkOperation>(client, &form).await
}

#[tokio::test]
async fn bulk_operations_dry_run_apply_item_by_item_and_undo() {
    use app::recruiting::requisitions::bulk::*;
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let db = app.superuser().await;
    let open: Vec<Uuid> = sqlx::query_scalar("select id from requisitions where status = 'open' and created_by = (select id from users where email = 'recruiter@acme.test') order by title limit 3")
        .fetch_all(&db)
        .await
        .unwrap();
    let draft: Uuid = sqlx::query_scalar("select id from requisitions where status = 'draft' and created_by = (select id from users where email = 'recruiter@acme.test') limit 1").fetch_one(&db).await.unwrap();
    let globex = app.signed_in("admin@globex.test").await;
    let foreign = create(&app, &globex, &[("title", "Globex secret")]).await;
    let mut ids: Vec<String> = open.iter().map(Uuid::to_string).collect();
    ids.extend([draft.to_string(), foreign.to_string(), Uuid::now_v7().to_string()]);
    let close = [("operation", "change_status"), ("to", "closed"), ("reason", "Quarter paused")];

    // The dry run changes nothing and says, per requisition, what would happen.
    let mut form: Vec<(&str, &str)> = ids.iter().map(|id| ("ids[]", id.as_str())).collect();
    form.extend_from_slice(&close);
    let dry: Vec<BulkOutcome> = app.call::<BulkDryRun>(&recruiter, &form).await.json().await.unwrap();
    assert_eq!(dry.iter().map(|o| o.ok).collect::<Vec<_>>(), [true, true, true, false, false, false]);
    assert!(dry[3].message.contains("From draft it can go to: open, archived"), "{}", dry[3].message);
    assert_eq!(dry[4].message, dry[5].message, "another tenant's id reads exactly like a missing one");
    assert_eq!(dry[4].title, "");
    let closed: i64 = sqlx::query_scalar("select count(*) from requisitions where status = 'closed' and id = any($1)").bind(&open).fetch_one(&db).await.unwrap();
    assert_eq!(closed, 0, "the dry run changed nothing");

    // Applying records the operation and returns at once; the queue does the work item by item.
    let started = bulk(&app, &recruiter, &ids, &close).await;
    assert!(started.status().is_success());
    let operation: Uuid = started.json().await.unwrap();
    let queued: BulkOperation = app.call::<BulkProgress>(&recruiter, &[("id", &operation.to_string())]).await.json().await.unwrap();
    assert_eq!((queued.status, queued.total, queued.succeeded), (BulkStatus::Queued, 6, 0));
    app.run_jobs().await;
    let done: BulkOperation = app.call::<BulkProgress>(&recruiter, &[("id", &operation.to_string())]).await.json().await.unwrap();
    assert_eq!((done.status, done.succeeded, done.failed), (BulkStatus::Done, 3, 3));
    for id in &open {
        assert_eq!(status_of(&app, *id).await, "closed");
    }
    assert_eq!(status_of(&app, draft).await, "draft", "a failed item leaves the others done and itself untouched");
    assert_eq!(status_of(&app, foreign).await, "draft");
    assert!(done.undo_until.is_some());
    assert_eq!(app.call::<BulkProgress>(&globex, &[("id", &operation.to_string())]).await.status(), 404);

    // Undo: back where each was, unless someone changed it since.
    let changed_since = open[0].to_string();
    assert!(app.call::<ChangeRequisitionStatus>(&recruiter, &[("id", &changed_since), ("to", "archived")]).await.status().is_success());
    let undo = app.call::<UndoBulkOperation>(&recruiter, &[("id", &operation.to_string())]).await;
    assert!(undo.status().is_success());
    let undo: Uuid = undo.json().await.unwrap();
    assert_eq!(error_of(app.call::<UndoBulkOperation>(&recruiter, &[("id", &operation.to_string())]).await).await.0, 409, "only once");
    app.run_jobs().await;
    let undone: BulkOperation = app.call::<BulkProgress>(&recruiter, &[("id", &undo.to_string())]).await.json().await.unwrap();
    assert_eq!((undone.succeeded, undone.failed), (2, 1));
    assert!(undone.outcomes.iter().any(|o| !o.ok && o.message.contains("now archived")), "{:?}", undone.outcomes);
    assert_eq!(status_of(&app, open[1]).await, "open");
    assert_eq!(status_of(&app, open[0]).await, "archived");

    // Refusals: more than 50 ids, an unknown operation, a missing reason; nothing is recorded.
    let before = app.scalar_i64("select count(*) from bulk_operations").await;
    let many: Vec<String> = (0..51).map(|_| Uuid::now_v7().to_string()).collect();
    assert_eq!(error_of(bulk(&app, &recruiter, &many, &[("operation", "publish")]).await).await.1.field(), Some("ids"));
    assert_eq!(error_of(bulk(&app, &recruiter, &ids, &[("operation", "explode")]).await).await.1.field(), Some("operation"));
    assert_eq!(error_of(bulk(&app, &recruiter, &ids, &[("operation", "change_status"), ("to", "on_hold")]).await).await.1.field(), Some("reason"));
    let interviewer = app.signed_in("interviewer@acme.test").await;
    assert_eq!(bulk(&app, &interviewer, &ids, &[("operation", "publish")]).await.status(), 403);
    assert_eq!(app.scalar_i64("select count(*) from bulk_operations").await, before);

    // Other operations: publish, deadline, hiring manager, delete; each item audited.
    let admin_id = user_id(&app, "admin@acme.test").await;
    let two: Vec<String> = open[1..].iter().map(Uuid::to_string).collect();
    for fields in [
        vec![("operation", "unpublish")],
        vec![("operation", "set_deadline"), ("deadline", "2099-12-31")],
        vec![("operation", "set_hiring_manager"), ("manager", admin_id.as_str())],
    ] {
        assert!(bulk(&app, &recruiter, &two, &fields).await.status().is_success());
    }
    app.run_jobs().await;
    let (published, deadline, manager): (bool, Option<chrono::NaiveDate>, Option<Uuid>) =
        sqlx::query_as("select published, deadline, hiring_manager_id from requisitions where id = $1").bind(open[1]).fetch_one(&db).await.unwrap();
    assert_eq!((published, deadline.map(|d| d.to_string()), manager.map(|m| m.to_string())), (false, Some("2099-12-31".into()), Some(admin_id.clone())));
    assert!(bulk(&app, &recruiter, &two, &[("operation", "delete")]).await.status().is_success());
    app.run_jobs().await;
    assert_eq!(app.scalar_i64(&format!("select count(*) from requisitions where deleted_at is not null and id = '{}'", open[2])).await, 1);
    assert!(app.scalar_i64(&format!("select count(*) from audit_log where target = 'requisition:{}'", open[2])).await >= 5);
    assert_counts_kept(&app).await;
}
