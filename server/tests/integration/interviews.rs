//! Interviews on the server: scheduling with calendar invitations whose SEQUENCE and METHOD
//! follow every change, conflicts and weekly limits, bad input, reminders on a clock the test
//! controls, candidates racing for one offered time, scorecards blind until one's own is in,
//! amendments, calibration's visibility, and interviewers reaching only their interviews.

use crate::support;

use app::interviews::api::*;
use app::interviews::calendar;
use app::interviews::service;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use support::{error_of, TestApp};
use uuid::Uuid;

async fn user(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("select id from users where email = $1").bind(email).fetch_one(&app.superuser().await).await.unwrap()
}

/// A demo application in an interview stage of one of Rita's requisitions, with its plan's types.
async fn interviewing(app: &TestApp, nth: i64) -> (Uuid, Vec<Uuid>) {
    let db = app.superuser().await;
    let (application_id, requisition_id): (Uuid, Uuid) = sqlx::query_as(
        "select a.id, a.requisition_id from applications a join requisition_stages s on s.id = a.stage_id join requisitions r on r.id = a.requisition_id
         join users u on u.id = r.recruiter_id
         where s.kind = 'interview' and a.status = 'active' and u.email = 'recruiter@acme.test' and r.deleted_at is null
           and exists (select 1 from interview_types t where t.requisition_id = r.id)
         order by a.created_at, a.id offset $1 limit 1",
    )
    .bind(nth)
    .fetch_one(&db)
    .await
    .expect("a demo application in an interview stage");
    let types = sqlx::query_scalar("select id from interview_types where requisition_id = $1 order by position").bind(requisition_id).fetch_all(&db).await.unwrap();
    (application_id, types)
}

/// `days` from now at `hour`:00 in Berlin, as a form writes it, and the instant it is.
fn berlin(days: i64, hour: u32) -> (String, DateTime<Utc>) {
    let date = (Utc::now() + Duration::days(days)).date_naive();
    let text = format!("{}T{hour:02}:00", date.format("%Y-%m-%d"));
    let utc = calendar::local_to_utc(&text, calendar::zone("Europe/Berlin", "z").unwrap(), "s").unwrap();
    (text, utc)
}

async fn schedule(app: &TestApp, client: &reqwest::Client, application_id: Uuid, type_id: Uuid, start: &str, people: &[Uuid], extra: &[(&str, &str)]) -> reqwest::Response {
    let (application, kind) = (application_id.to_string(), type_id.to_string());
    let people: Vec<String> = people.iter().map(Uuid::to_string).collect();
    let mut form: Vec<(&str, &str)> = vec![
        ("application_id", &application),
        ("interview_type_id", &kind),
        ("starts_at", start),
        ("time_zone", "Europe/Berlin"),
        ("candidate_time_zone", "America/New_York"),
    ];
    form.extend(people.iter().map(|p| ("interviewer_ids[]", p.as_str())));
    form.extend_from_slice(extra);
    app.call::<ScheduleInterview>(client, &form).await
}

async fn scheduled_id(response: reqwest::Response) -> Uuid {
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let outcome: app::interviews::types::ScheduleOutcome = response.json().await.unwrap();
    outcome.interview_id
}

/// The calendar files mailed to `to`, oldest first.
async fn calendars(app: &TestApp, to: &str) -> Vec<String> {
    let rows: Vec<Value> = sqlx::query_scalar("select attachments from outbox where to_address = $1 and attachments <> '[]' order by id")
        .bind(to)
        .fetch_all(&app.superuser().await)
        .await
        .unwrap();
    rows.into_iter().map(|files| files[0]["body"].as_str().unwrap().to_owned()).collect()
}

async fn candidate_email(app: &TestApp, application_id: Uuid) -> String {
    sqlx::query_scalar("select c.email from applications a join candidates c on c.id = a.candidate_id where a.id = $1")
        .bind(application_id)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap()
}

async fn interview_count(app: &TestApp) -> i64 {
    app.scalar_i64("select count(*) from interviews").await
}

#[tokio::test]
async fn scheduling_invites_everyone_and_each_change_updates_their_calendars() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let (ivan, ada) = (user(&app, "interviewer@acme.test").await, user(&app, "admin@acme.test").await);
    let (application_id, types) = interviewing(&app, 0).await;
    let (start, start_utc) = berlin(20, 10);
    let id = scheduled_id(schedule(&app, &rita, application_id, types[1], &start, &[ivan, ada], &[]).await).await;
    let db = app.superuser().await;
    let (starts_at, ends_at, sequence): (DateTime<Utc>, DateTime<Utc>, i32) =
        sqlx::query_as("select starts_at, ends_at, sequence from interviews where id = $1").bind(id).fetch_one(&db).await.unwrap();
    assert_eq!(starts_at, start_utc);
    assert_eq!(ends_at, start_utc + Duration::minutes(60), "the plan's 60 minutes");
    assert_eq!(sequence, 0);
    // Reminders a day and an hour before; the scorecard chase a day after the end.
    let jobs: Vec<(String, DateTime<Utc>)> = sqlx::query_as("select kind, run_at from background_jobs where payload ->> 'interview_id' = $1 order by run_at")
        .bind(id.to_string())
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(
        jobs,
        vec![
            (service::REMIND_JOB.to_owned(), start_utc - Duration::hours(24)),
            (service::REMIND_JOB.to_owned(), start_utc - Duration::hours(1)),
            (service::SCORECARDS_DUE_JOB.to_owned(), ends_at + Duration::hours(24)),
        ]
    );
    app.run_jobs().await;
    let candidate = candidate_email(&app, application_id).await;
    for to in [candidate.as_str(), "interviewer@acme.test", "admin@acme.test"] {
        let files = calendars(&app, to).await;
        assert_eq!(files.len(), 1, "one invitation to {to}");
        assert!(files[0].contains("METHOD:REQUEST") && files[0].contains("SEQUENCE:0") && files[0].contains(&calendar::uid(id)), "{}", files[0]);
    }
    let body: String = sqlx::query_scalar("select body from outbox where to_address = $1 order by id desc limit 1").bind(&candidate).fetch_one(&db).await.unwrap();
    assert!(body.contains("(America/New_York)"), "the candidate reads their own time zone: {body}");
    // Rescheduling raises the sequence and keeps the history.
    let (later, later_utc) = berlin(21, 15);
    let response = app
        .call::<RescheduleInterview>(&rita, &[("interview_id", &id.to_string()), ("starts_at", &later), ("time_zone", "Europe/Berlin"), ("duration_minutes", "45"), ("reason", "Ivan travels")])
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    app.run_jobs().await;
    let files = calendars(&app, "interviewer@acme.test").await;
    assert_eq!(files.len(), 2);
    assert!(files[1].contains("METHOD:REQUEST") && files[1].contains("SEQUENCE:1"));
    let (starts_at, events): (DateTime<Utc>, i64) =
        sqlx::query_as("select starts_at, (select count(*) from interview_events where interview_id = $1) from interviews where id = $1").bind(id).fetch_one(&db).await.unwrap();
    assert_eq!((starts_at, events), (later_utc, 2));
    // Cancelling sends a cancel with a higher sequence still.
    let response = app.call::<CancelInterview>(&rita, &[("interview_id", &id.to_string()), ("reason", "Position filled")]).await;
    assert_eq!(response.status(), 200);
    app.run_jobs().await;
    for to in [candidate.as_str(), "admin@acme.test"] {
        let files = calendars(&app, to).await;
        let last = files.last().unwrap();
        assert!(last.contains("METHOD:CANCEL") && last.contains("SEQUENCE:2") && last.contains("STATUS:CANCELLED"), "{last}");
    }
    assert_eq!(app.scalar_i64(&format!("select count(*) from audit_log where target = 'interview:{id}'")).await, 3);
    // A cancelled interview cannot be moved.
    let (again, _) = berlin(22, 10);
    let response = app.call::<RescheduleInterview>(&rita, &[("interview_id", &id.to_string()), ("starts_at", &again), ("time_zone", "Europe/Berlin"), ("duration_minutes", "45")]).await;
    assert_eq!(error_of(response).await.0, 400);
}

#[tokio::test]
async fn conflicts_and_weekly_limits_warn_until_confirmed() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let ivan_client = app.signed_in("interviewer@acme.test").await;
    let ivan = user(&app, "interviewer@acme.test").await;
    let (first, types) = interviewing(&app, 0).await;
    let (second, second_types) = interviewing(&app, 1).await;
    let (start, _) = berlin(30, 10);
    scheduled_id(schedule(&app, &rita, first, types[1], &start, &[ivan], &[]).await).await;
    let before = interview_count(&app).await;
    let (overlapping, _) = berlin(30, 10);
    let (status, error) = error_of(schedule(&app, &rita, second, second_types[1], &overlapping, &[ivan], &[]).await).await;
    assert_eq!(status, 409);
    assert_eq!(error.field(), Some("despite_conflicts"));
    assert!(error.to_string().contains("Ivan Petrov has “Technical”"), "{error}");
    assert_eq!(interview_count(&app).await, before, "nothing stored on a warning");
    scheduled_id(schedule(&app, &rita, second, second_types[1], &overlapping, &[ivan], &[("despite_conflicts", "on")]).await).await;
    // Ivan allows himself 2 interviews a week: a third that week is warned about.
    let response = app.call::<SaveInterviewSettings>(&ivan_client, &[("time_zone", "Europe/Berlin"), ("weekly_limit", "2")]).await;
    assert_eq!(response.status(), 200);
    let (third, _) = berlin(30, 16);
    let (status, error) = error_of(schedule(&app, &rita, first, types[2], &third, &[ivan], &[]).await).await;
    assert_eq!(status, 409);
    assert!(error.to_string().contains("already has 2 interviews that week; their limit is 2"), "{error}");
    for (zone, limit) in [("Mars/Olympus", ""), ("Europe/Berlin", "0"), ("Europe/Berlin", "many")] {
        let response = app.call::<SaveInterviewSettings>(&ivan_client, &[("time_zone", zone), ("weekly_limit", limit)]).await;
        assert_eq!(error_of(response).await.0, 400, "{zone} {limit}");
    }
}

#[tokio::test]
async fn bad_schedules_are_refused_with_a_reason_and_store_nothing() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let ivan = user(&app, "interviewer@acme.test").await;
    let candidate_member = user(&app, "candidate@acme.test").await;
    let outsider = user(&app, "recruiter@globex.test").await;
    let (application_id, types) = interviewing(&app, 0).await;
    let (start, _) = berlin(25, 10);
    let before = interview_count(&app).await;
    let past = (Utc::now() - Duration::days(1)).format("%Y-%m-%dT10:00").to_string();
    let cases: Vec<(&str, reqwest::Response)> = vec![
        ("starts_at", schedule(&app, &rita, application_id, types[1], &past, &[ivan], &[]).await),
        ("starts_at", schedule(&app, &rita, application_id, types[1], "next tuesday", &[ivan], &[]).await),
        ("duration_minutes", schedule(&app, &rita, application_id, types[1], &start, &[ivan], &[("duration_minutes", "0")]).await),
        ("duration_minutes", schedule(&app, &rita, application_id, types[1], &start, &[ivan], &[("duration_minutes", "481")]).await),
        ("interviewer_ids", schedule(&app, &rita, application_id, types[1], &start, &[outsider], &[]).await),
        ("interviewer_ids", schedule(&app, &rita, application_id, types[1], &start, &[candidate_member], &[]).await),
        ("interviewer_ids", schedule(&app, &rita, application_id, types[1], &start, &[], &[]).await),
        ("video_url", schedule(&app, &rita, application_id, types[1], &start, &[ivan], &[("video_url", "javascript:alert(1)")]).await),
    ];
    for (field, response) in cases {
        let (status, error) = error_of(response).await;
        assert_eq!((status, error.field()), (400, Some(field)), "{error}");
    }
    let response = app
        .call::<ScheduleInterview>(&rita, &[("application_id", &application_id.to_string()), ("interview_type_id", &types[1].to_string()), ("starts_at", &start), ("time_zone", "Mars/Olympus"), ("candidate_time_zone", "UTC"), ("interviewer_ids[]", &ivan.to_string())])
        .await;
    assert_eq!(error_of(response).await.1.field(), Some("time_zone"));
    // An application that is not in an interview stage.
    let applied: Uuid = sqlx::query_scalar(
        "select a.id from applications a join requisition_stages s on s.id = a.stage_id where s.kind = 'applied' and a.status = 'active' and a.requisition_id =
         (select requisition_id from applications where id = $1) limit 1",
    )
    .bind(application_id)
    .fetch_optional(&app.superuser().await)
    .await
    .unwrap()
    .unwrap_or(application_id);
    if applied != application_id {
        let (status, error) = error_of(schedule(&app, &rita, applied, types[1], &start, &[ivan], &[]).await).await;
        assert_eq!((status, error.field()), (400, Some("application_id")));
    }
    assert_eq!(interview_count(&app).await, before);
    assert_eq!(app.scalar_i64("select count(*) from background_jobs").await, 0, "nothing queued");
}

#[tokio::test]
async fn reminders_go_out_at_their_times_and_skip_what_moved() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let ivan = user(&app, "interviewer@acme.test").await;
    let (application_id, types) = interviewing(&app, 0).await;
    let (start, _) = berlin(20, 11);
    let id = scheduled_id(schedule(&app, &rita, application_id, types[1], &start, &[ivan], &[]).await).await;
    let db = app.superuser().await;
    let payloads: Vec<(String, Value)> = sqlx::query_as("select kind, payload from background_jobs where payload ->> 'interview_id' = $1 order by run_at")
        .bind(id.to_string())
        .fetch_all(&db)
        .await
        .unwrap();
    // The day-before reminder, as the worker runs it when its time comes.
    service::remind(&app.platform, &payloads[0].1).await.unwrap();
    assert_eq!(reminders(&app, "interview_reminder").await, 1);
    let candidate = candidate_email(&app, application_id).await;
    app.run_jobs().await;
    let reminded: i64 = sqlx::query_scalar("select count(*) from outbox where to_address = $1 and subject like 'Reminder:%in 24 hours'").bind(&candidate).fetch_one(&db).await.unwrap();
    assert_eq!(reminded, 1);
    // After a reschedule, the old hour-before reminder finds another time and does nothing.
    let (later, _) = berlin(22, 11);
    let response = app.call::<RescheduleInterview>(&rita, &[("interview_id", &id.to_string()), ("starts_at", &later), ("time_zone", "Europe/Berlin"), ("duration_minutes", "60")]).await;
    assert_eq!(response.status(), 200);
    service::remind(&app.platform, &payloads[1].1).await.unwrap();
    assert_eq!(reminders(&app, "interview_reminder").await, 1);
    // The scorecard chase on the new end: a day after, Ivan is told; the next round is queued a day later.
    let ends_at: DateTime<Utc> = sqlx::query_scalar("select ends_at from interviews where id = $1").bind(id).fetch_one(&db).await.unwrap();
    let chase: Value = sqlx::query_scalar("select payload from background_jobs where kind = $1 and payload ->> 'interview_id' = $2 and status = 'queued' order by run_at desc limit 1")
        .bind(service::SCORECARDS_DUE_JOB)
        .bind(id.to_string())
        .fetch_one(&db)
        .await
        .unwrap();
    service::chase_scorecards(&app.platform, &chase, ends_at + Duration::hours(25)).await.unwrap();
    assert_eq!(reminders(&app, "scorecard_due").await, 1);
    let body: String = sqlx::query_scalar("select body from notifications where kind = 'scorecard_due' order by created_at desc limit 1").fetch_one(&db).await.unwrap();
    assert!(body.contains("25 hours overdue"), "{body}");
    let next: DateTime<Utc> = sqlx::query_scalar("select max(run_at) from background_jobs where kind = $1 and payload ->> 'interview_id' = $2")
        .bind(service::SCORECARDS_DUE_JOB)
        .bind(id.to_string())
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(next, ends_at + Duration::hours(48));
    // Once the scorecard is in, the chase stops.
    let ivan_client = app.signed_in("interviewer@acme.test").await;
    let response = app.call::<SubmitScorecard>(&ivan_client, &[("interview_id", &id.to_string()), ("recommendation", "3")]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    service::chase_scorecards(&app.platform, &chase, ends_at + Duration::hours(49)).await.unwrap();
    assert_eq!(reminders(&app, "scorecard_due").await, 1);
}

#[tokio::test]
async fn two_candidates_racing_for_one_offered_time_one_wins() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let ivan = user(&app, "interviewer@acme.test").await;
    let (first, types_first) = interviewing(&app, 0).await;
    let (second, types_second) = interviewing(&app, 1).await;
    let (slot, slot_utc) = berlin(15, 9);
    let (other, _) = berlin(15, 14);
    let mut tokens = Vec::new();
    for (application_id, types) in [(first, &types_first), (second, &types_second)] {
        let response = app
            .call::<OfferInterviewTimes>(
                &rita,
                &[
                    ("application_id", &application_id.to_string()),
                    ("interview_type_id", &types[1].to_string()),
                    ("interviewer_ids[]", &ivan.to_string()),
                    ("duration_minutes", "60"),
                    ("time_zone", "Europe/Berlin"),
                    ("candidate_time_zone", "Asia/Kolkata"),
                    ("slots[]", &slot),
                    ("slots[]", &other),
                ],
            )
            .await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        app.run_jobs().await;
        tokens.push(app.mailed_token(&candidate_email(&app, application_id).await).await);
    }
    let offered = choice(&app, &tokens[0]).await;
    assert_eq!(offered.slots.len(), 2);
    assert!(offered.slots[0].1.contains("(Asia/Kolkata)"));
    let slot_id = |choice: &app::interviews::types::SlotChoice| choice.slots[0].0;
    let (a, b) = (slot_id(&offered), slot_id(&choice(&app, &tokens[1]).await));
    let (browser_one, browser_two) = (app.browser(), app.browser());
    let (slot_a, slot_b) = (a.to_string(), b.to_string());
    let (form_one, form_two) = ([("token", tokens[0].as_str()), ("slot_id", slot_a.as_str())], [("token", tokens[1].as_str()), ("slot_id", slot_b.as_str())]);
    let (one, two) = tokio::join!(app.call::<PickInterviewSlot>(&browser_one, &form_one), app.call::<PickInterviewSlot>(&browser_two, &form_two));
    let statuses = [one.status().as_u16(), two.status().as_u16()];
    assert!(statuses.contains(&200) && statuses.contains(&409), "exactly one wins: {statuses:?}");
    let booked: i64 = sqlx::query_scalar("select count(*) from interviews where starts_at = $1").bind(slot_utc).fetch_one(&app.superuser().await).await.unwrap();
    assert_eq!(booked, 1);
    // The loser's page no longer offers the taken time; the winner's link is used.
    let loser = if statuses[0] == 409 { tokens[0].clone() } else { tokens[1].clone() };
    let winner = if statuses[0] == 200 { tokens[0].clone() } else { tokens[1].clone() };
    assert_eq!(choice(&app, &loser).await.slots.len(), 1);
    assert!(choice(&app, &winner).await.chosen.is_some());
    let again = app.call::<PickInterviewSlot>(&app.browser(), &[("token", &winner), ("slot_id", &a.to_string())]).await;
    assert!(error_of(again).await.1.to_string().contains("already chose"));
    // A suspended organization's links stop working, and work again once it is back.
    sqlx::query("update tenants set status = 'suspended' where slug = 'acme'").execute(&app.superuser().await).await.unwrap();
    let suspended = app.call::<InterviewSlotChoice>(&app.browser(), &[("token", &loser)]).await;
    assert!(error_of(suspended).await.1.to_string().contains("not scheduling"));
    let suspended = app.call::<PickInterviewSlot>(&app.browser(), &[("token", &loser), ("slot_id", &b.to_string())]).await;
    assert!(error_of(suspended).await.1.to_string().contains("not scheduling"));
    sqlx::query("update tenants set status = 'active' where slug = 'acme'").execute(&app.superuser().await).await.unwrap();
    assert_eq!(choice(&app, &loser).await.slots.len(), 1);
    // Expired and unknown links.
    sqlx::query("update interview_slot_offers set expires_at = now() - interval '1 minute' where used_at is null").execute(&app.superuser().await).await.unwrap();
    let expired = app.call::<InterviewSlotChoice>(&app.browser(), &[("token", &loser)]).await;
    assert!(error_of(expired).await.1.to_string().contains("expired"));
    let unknown = app.call::<PickInterviewSlot>(&app.browser(), &[("token", &"a".repeat(64)), ("slot_id", &a.to_string())]).await;
    assert!(error_of(unknown).await.1.to_string().contains("not valid"));
    // The booked interview was announced like any other.
    app.run_jobs().await;
    assert!(!calendars(&app, "interviewer@acme.test").await.is_empty());
}

async fn reminders(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar("select count(*) from notifications n join users u on u.id = n.user_id where u.email = 'interviewer@acme.test' and n.kind = $1")
        .bind(kind)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap()
}

async fn choice(app: &TestApp, token: &str) -> app::interviews::types::SlotChoice {
    app.call::<InterviewSlotChoice>(&app.browser(), &[("token", token)]).await.json().await.unwrap()
}

fn scorecard_form<'a>(id: &'a str, ratings: &'a [&'a str], recommendation: &'a str, private: &'a str) -> Vec<(&'static str, &'a str)> {
    let keys = ["ratings[0]", "ratings[1]", "ratings[2]", "ratings[3]", "ratings[4]"];
    let mut form = vec![("interview_id", id), ("takeaways", "Clear thinker."), ("recommendation", recommendation), ("private_notes", private)];
    form.extend(ratings.iter().enumerate().map(|(i, r)| (keys[i], *r)));
    form
}

#[tokio::test]
async fn scorecards_stay_blind_until_one_submits_and_amendments_keep_the_former() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let ivan_client = app.signed_in("interviewer@acme.test").await;
    let ada_client = app.signed_in("admin@acme.test").await;
    let (ivan, ada) = (user(&app, "interviewer@acme.test").await, user(&app, "admin@acme.test").await);
    let (application_id, types) = interviewing(&app, 2).await;
    // Ivan has not reviewed this candidate yet.
    sqlx::query("delete from scorecards where application_id = $1 and interviewer_id = $2").bind(application_id).bind(ivan).execute(&app.superuser().await).await.unwrap();
    let (start, _) = berlin(18, 10);
    let id = scheduled_id(schedule(&app, &rita, application_id, types[2], &start, &[ivan, ada], &[]).await).await;
    let ids = id.to_string();
    // Ada submits first, with private notes.
    let response = app.call::<SubmitScorecard>(&ada_client, &scorecard_form(&ids, &["4", "3"], "4", "Ask about the notice period")).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let second = app.call::<SubmitScorecard>(&ada_client, &scorecard_form(&ids, &["4", "3"], "4", "")).await;
    assert!(error_of(second).await.1.to_string().contains("already submitted"));
    // Ivan sees that colleagues' cards exist, not what they say; a draft saves and replays idempotently.
    let seen = app.call::<ColleagueScorecards>(&ivan_client, &[("interview_id", &ids)]).await.json::<(Vec<app::interviews::types::Scorecard>, i64)>().await.unwrap();
    assert_eq!(seen.0.len(), 0);
    assert!(seen.1 >= 1);
    let draft = serde_json::json!({ "ratings": [{ "attribute": "Ownership", "rating": 2, "note": "hesitant" }], "takeaways": "draft", "recommendation": null, "private_notes": "" });
    for seq in [5, 5, 3] {
        let response = app.call::<SaveScorecardDraft>(&ivan_client, &[("interview_id", &ids), ("seq", &seq.to_string()), ("draft", &draft.to_string())]).await;
        assert_eq!(response.json::<(i64, bool)>().await.unwrap(), (5, false), "seq {seq}");
    }
    for (ratings, recommendation, field) in [(&["5", "3"][..], "3", "ratings"), (&["1", "x"][..], "3", "ratings"), (&["1", "2"][..], "", "recommendation"), (&["1", "2"][..], "7", "recommendation"), (&["1", "2", "3"][..], "3", "ratings")] {
        let response = app.call::<SubmitScorecard>(&ivan_client, &scorecard_form(&ids, ratings, recommendation, "")).await;
        assert_eq!(error_of(response).await.1.field(), Some(field), "{ratings:?} {recommendation}");
    }
    let response = app.call::<SubmitScorecard>(&ivan_client, &scorecard_form(&ids, &["2", "na"], "2", "")).await;
    assert_eq!(response.status(), 200);
    let seen = app.call::<ColleagueScorecards>(&ivan_client, &[("interview_id", &ids)]).await.json::<(Vec<app::interviews::types::Scorecard>, i64)>().await.unwrap();
    let ada_card = seen.0.iter().find(|s| s.interviewer_id == ada).expect("Ada's card once Ivan submitted");
    assert_eq!(seen.1, 0);
    assert_eq!(ada_card.content.private_notes, "", "private notes are for the hiring team");
    assert_eq!(ada_card.content.ratings[0].rating, Some(4));
    // The recruiter sees every card with private notes, a per-attribute summary, and the board its recommendations.
    let page = app.call::<InterviewsForApplication>(&rita, &[("application_id", &application_id.to_string())]).await.json::<app::interviews::types::ApplicationInterviews>().await.unwrap();
    let ada_seen = page.scorecards.iter().find(|s| s.interviewer_id == ada && s.interview_id == id).unwrap();
    assert_eq!(ada_seen.content.private_notes, "Ask about the notice period");
    let ownership = page.summary.iter().find(|s| s.attribute == "Ownership").unwrap();
    assert!(ownership.counts[1] >= 1 && ownership.counts[3] >= 1, "{ownership:?}");
    // An amendment needs a reason and keeps the former version, audited.
    let mut amend = scorecard_form(&ids, &["3", "3"], "3", "");
    let response = app.call::<AmendScorecard>(&ivan_client, &amend).await;
    assert_eq!(error_of(response).await.1.field(), Some("reason"));
    amend.push(("reason", "Reconsidered after the team debrief"));
    let response = app.call::<AmendScorecard>(&ivan_client, &amend).await;
    assert_eq!(response.status(), 200);
    let (recommendation, before): (i16, Value) = sqlx::query_as(
        "select s.recommendation, a.before from scorecards s join scorecard_amendments a on a.scorecard_id = s.id where s.interview_id = $1 and s.interviewer_id = $2",
    )
    .bind(id)
    .bind(ivan)
    .fetch_one(&app.superuser().await)
    .await
    .unwrap();
    assert_eq!((recommendation, before["recommendation"].as_i64()), (3, Some(2)));
    assert_eq!(app.scalar_i64("select count(*) from audit_log where action in ('scorecard.submit', 'scorecard.amend')").await, 3);
    // The scorecard is only for the interviewers on the interview.
    let response = app.call::<SubmitScorecard>(&rita, &scorecard_form(&ids, &["3", "3"], "3", "")).await;
    assert_eq!(error_of(response).await.1.field(), Some("interview_id"));
}

#[tokio::test]
async fn interviewers_reach_only_the_interviews_they_are_on() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let ivan_client = app.signed_in("interviewer@acme.test").await;
    let globex = app.signed_in("recruiter@globex.test").await;
    let ivan = user(&app, "interviewer@acme.test").await;
    let ada = user(&app, "admin@acme.test").await;
    let (application_id, types) = interviewing(&app, 0).await;
    let (start, _) = berlin(19, 10);
    let mine = scheduled_id(schedule(&app, &rita, application_id, types[1], &start, &[ivan], &[]).await).await;
    let (later, _) = berlin(19, 15);
    let not_mine = scheduled_id(schedule(&app, &rita, application_id, types[2], &later, &[ada], &[]).await).await;
    let kit = app.call::<InterviewKit>(&ivan_client, &[("interview_id", &mine.to_string())]).await;
    assert_eq!(kit.status(), 200);
    let kit: app::interviews::types::Kit = kit.json().await.unwrap();
    assert!(kit.on_panel && !kit.can_see_others);
    assert_eq!(kit.attributes.last().map(String::as_str), Some("Problem solving"));
    assert_eq!(error_of(app.call::<InterviewKit>(&ivan_client, &[("interview_id", &not_mine.to_string())]).await).await.0, 404);
    assert_eq!(error_of(app.call::<InterviewKit>(&globex, &[("interview_id", &mine.to_string())]).await).await.0, 404);
    // The résumé of his candidate opens for him, as long as he is on the panel.
    let resume: Option<Uuid> = sqlx::query_scalar("select resume_file_id from applications where id = $1").bind(application_id).fetch_one(&app.superuser().await).await.unwrap();
    if let Some(file) = resume {
        assert_eq!(app.page(&ivan_client, &format!("/files/{file}")).await.0, 200);
        // Not for good: a week after his interviews with the candidate ended, or once they are cancelled.
        let mut db = app.superuser().await.acquire().await.unwrap();
        let candidate = "(select candidate_id from applications where id = $1)";
        sqlx::query("create temporary table kept as select id, starts_at, ends_at, status from interviews").execute(&mut *db).await.unwrap();
        sqlx::query(&format!("update interviews set starts_at = now() - interval '8 days 1 hour', ends_at = now() - interval '8 days' where candidate_id = {candidate}"))
            .bind(application_id)
            .execute(&mut *db)
            .await
            .unwrap();
        assert_eq!(app.page(&ivan_client, &format!("/files/{file}")).await.0, 404, "a week after the interview");
        sqlx::query("update interviews i set starts_at = k.starts_at, ends_at = k.ends_at from kept k where k.id = i.id").execute(&mut *db).await.unwrap();
        assert_eq!(app.page(&ivan_client, &format!("/files/{file}")).await.0, 200);
        sqlx::query(&format!("update interviews set status = 'cancelled' where candidate_id = {candidate}")).bind(application_id).execute(&mut *db).await.unwrap();
        assert_eq!(app.page(&ivan_client, &format!("/files/{file}")).await.0, 404, "cancelled");
        sqlx::query("update interviews i set status = k.status from kept k where k.id = i.id").execute(&mut *db).await.unwrap();
    }
    let (home_status, home) = app.page(&ivan_client, "/").await;
    assert_eq!(home_status, 200);
    assert!(home.contains("Your interviews") && home.contains("Scorecards due"));
    sqlx::query("delete from interview_interviewers where interview_id = $1").bind(mine).execute(&app.superuser().await).await.unwrap();
    assert_eq!(error_of(app.call::<InterviewKit>(&ivan_client, &[("interview_id", &mine.to_string())]).await).await.0, 404);
    if let Some(file) = resume {
        let still_on_demo_panel: bool = sqlx::query_scalar(
            "select exists (select 1 from interviews i join interview_interviewers x on x.interview_id = i.id where x.user_id = $1 and i.candidate_id = (select candidate_id from applications where id = $2))",
        )
        .bind(ivan)
        .bind(application_id)
        .fetch_one(&app.superuser().await)
        .await
        .unwrap();
        if !still_on_demo_panel {
            assert_eq!(app.page(&ivan_client, &format!("/files/{file}")).await.0, 404);
        }
    }
    // The recruiter's functions stay closed to interviewers; other tenants see nothing.
    assert_eq!(error_of(app.call::<InterviewsForApplication>(&ivan_client, &[("application_id", &application_id.to_string())]).await).await.0, 403);
    assert_eq!(error_of(app.call::<InterviewsForApplication>(&globex, &[("application_id", &application_id.to_string())]).await).await.0, 404);
    assert_eq!(error_of(schedule(&app, &ivan_client, application_id, types[1], &start, &[ivan], &[]).await).await.0, 403);
    assert_eq!(error_of(app.call::<CancelInterview>(&globex, &[("interview_id", &not_mine.to_string())]).await).await.0, 404);
    assert_eq!(error_of(app.call::<InterviewPlan>(&ivan_client, &[("requisition_id", &Uuid::now_v7().to_string())]).await).await.0, 403);
    assert_eq!(app.call::<InterviewerDay>(&app.browser(), &[]).await.status(), 401);
    // Calibration: an interviewer sees only themselves, a recruiter everyone.
    let own = app.call::<CalibrationReport>(&ivan_client, &[]).await.json::<app::interviews::types::Calibration>().await.unwrap();
    assert!(!own.everyone && own.interviewers.iter().all(|c| c.interviewer_id == ivan));
    let all = app.call::<CalibrationReport>(&rita, &[]).await.json::<app::interviews::types::Calibration>().await.unwrap();
    assert!(all.everyone && all.interviewers.len() >= 2);
    assert_eq!(error_of(app.call::<CalibrationReport>(&rita, &[("from", "2026-12-31"), ("to", "2026-01-01")]).await).await.0, 400);
}

#[tokio::test]
async fn plans_and_templates_are_kept_per_requisition_and_tenant() {
    let app = TestApp::spawn().await;
    let rita = app.signed_in("recruiter@acme.test").await;
    let ivan_client = app.signed_in("interviewer@acme.test").await;
    let (_, types) = interviewing(&app, 0).await;
    let requisition_id: Uuid = sqlx::query_scalar("select requisition_id from interview_types where id = $1").bind(types[0]).fetch_one(&app.superuser().await).await.unwrap();
    let rid = requisition_id.to_string();
    let response = app
        .call::<SaveInterviewType>(&rita, &[("requisition_id", &rid), ("name", "Culture"), ("duration_minutes", "40"), ("attributes", "Values\nCuriosity, values"), ("focus", "How they learn")])
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let plan = app.call::<InterviewPlan>(&rita, &[("requisition_id", &rid)]).await.json::<app::interviews::types::Plan>().await.unwrap();
    let culture = plan.types.last().unwrap();
    assert_eq!((culture.name.as_str(), culture.attributes.clone()), ("Culture", vec!["Values".to_owned(), "Curiosity".to_owned()]));
    for (name, minutes, field) in [("Culture", "40", "name"), ("", "40", "name"), ("Long", "0", "duration_minutes"), ("Long", "481", "duration_minutes")] {
        let response = app.call::<SaveInterviewType>(&rita, &[("requisition_id", &rid), ("name", name), ("duration_minutes", minutes)]).await;
        assert_eq!(error_of(response).await.1.field(), Some(field), "{name} {minutes}");
    }
    let response = app.call::<MoveInterviewType>(&rita, &[("type_id", &culture.id.to_string()), ("up", "true")]).await;
    assert_eq!(response.status(), 200);
    let plan = app.call::<InterviewPlan>(&rita, &[("requisition_id", &rid)]).await.json::<app::interviews::types::Plan>().await.unwrap();
    assert_eq!(plan.types[plan.types.len() - 2].name, "Culture");
    let response = app.call::<SavePlanTemplate>(&rita, &[("requisition_id", &rid), ("name", "Full loop")]).await;
    assert_eq!(response.status(), 200);
    let duplicate = app.call::<SavePlanTemplate>(&rita, &[("requisition_id", &rid), ("name", "full loop")]).await;
    assert_eq!(error_of(duplicate).await.1.field(), Some("name"));
    assert_eq!(error_of(app.call::<SaveInterviewType>(&ivan_client, &[("requisition_id", &rid), ("name", "X"), ("duration_minutes", "30")]).await).await.0, 403);
}

/// An interview in March 2025 on the application, with its panel's scorecards:
/// (interviewer, recommendation, hours after the end it was submitted, ratings).
async fn past_interview(app: &TestApp, application_id: Uuid, day: u32, status: &str, panel: &[(Uuid, Option<(i16, i64, Value)>)]) {
    let starts_at = chrono::NaiveDate::from_ymd_opt(2025, 3, day).unwrap().and_hms_opt(10, 0, 0).unwrap().and_utc();
    interview_at(app, application_id, starts_at, status, panel).await;
}

/// An interview (rating Rust and Communication) on the application at `starts_at`, an hour long,
/// with its panel's scorecards as in `past_interview`.
async fn interview_at(app: &TestApp, application_id: Uuid, starts_at: DateTime<Utc>, status: &str, panel: &[(Uuid, Option<(i16, i64, Value)>)]) -> Uuid {
    let db = app.superuser().await;
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into interviews (id, tenant_id, application_id, requisition_id, candidate_id, title, attributes, starts_at, duration_minutes, ends_at, time_zone, candidate_time_zone, status)
         select $1, tenant_id, id, requisition_id, candidate_id, 'Technical', array['Rust', 'Communication'], $2, 60, $2 + interval '1 hour', 'UTC', 'UTC', $3
         from applications where id = $4",
    )
    .bind(id)
    .bind(starts_at)
    .bind(status)
    .bind(application_id)
    .execute(&db)
    .await
    .unwrap();
    for (who, card) in panel {
        sqlx::query("insert into interview_interviewers (tenant_id, interview_id, user_id) select tenant_id, id, $2 from interviews where id = $1").bind(id).bind(who).execute(&db).await.unwrap();
        if let Some((recommendation, hours, ratings)) = card {
            sqlx::query(
                "insert into scorecards (id, tenant_id, interview_id, application_id, interviewer_id, ratings, recommendation, submitted_at)
                 select gen_random_uuid(), tenant_id, id, application_id, $2, $3, $4, ends_at + make_interval(hours => $5) from interviews where id = $1",
            )
            .bind(id)
            .bind(who)
            .bind(ratings)
            .bind(recommendation)
            .bind(*hours as i32)
            .execute(&db)
            .await
            .unwrap();
        }
    }
    id
}

#[tokio::test]
async fn calibration_matches_a_hand_computed_panel() {
    let app = TestApp::spawn().await;
    let rita_client = app.signed_in("recruiter@acme.test").await;
    let (ivan, rita, ada) = (user(&app, "interviewer@acme.test").await, user(&app, "recruiter@acme.test").await, user(&app, "admin@acme.test").await);
    let applications: Vec<Uuid> = sqlx::query_scalar("select id from applications order by id limit 4").fetch_all(&app.superuser().await).await.unwrap();
    let rated = |pairs: &[(&str, Option<i16>)]| Value::Array(pairs.iter().map(|(a, r)| serde_json::json!({ "attribute": a, "rating": r, "note": "" })).collect());
    let none = Value::Array(Vec::new());
    // A: Ivan 4 (after 2 h), Rita 2, Ada 3.  B: Ivan 3 (after 30 h), Rita 3.  C: Ivan 4 (after 6 h), Ada 2.  D: Ivan 1 (after 10 h) alone;
    // Ivan also sat on a second interview of D without a scorecard yet, and on a cancelled one.
    past_interview(&app, applications[0], 3, "completed", &[(ivan, Some((4, 2, rated(&[("Rust", Some(4)), ("Communication", Some(3))])))), (rita, Some((2, 1, none.clone()))), (ada, Some((3, 1, none.clone())))]).await;
    past_interview(&app, applications[1], 4, "completed", &[(ivan, Some((3, 30, rated(&[("Rust", Some(3)), ("Communication", None)])))), (rita, Some((3, 5, none.clone())))]).await;
    past_interview(&app, applications[2], 5, "completed", &[(ivan, Some((4, 6, rated(&[("Rust", Some(4))])))), (ada, Some((2, 5, none.clone())))]).await;
    past_interview(&app, applications[3], 6, "completed", &[(ivan, Some((1, 10, rated(&[("Rust", Some(1))]))))]).await;
    past_interview(&app, applications[3], 7, "completed", &[(ivan, None)]).await;
    past_interview(&app, applications[3], 8, "cancelled", &[(ivan, None)]).await;
    let report: app::interviews::types::Calibration =
        app.call::<CalibrationReport>(&rita_client, &[("from", "2025-03-01"), ("to", "2025-03-31")]).await.json().await.unwrap();
    let of = |id: Uuid| report.interviewers.iter().find(|c| c.interviewer_id == id).unwrap().clone();
    // Ivan: differences +1.5 (4 − 3.5), 0 (3 − 3), +2 (4 − 2): mean 3.5 / 3 ≈ 1.17, lenient. Median of 2, 6, 10, 30 hours: 8.
    let ivan_figures = of(ivan);
    assert_eq!((ivan_figures.interviews, ivan_figures.scorecards, ivan_figures.compared), (5, 4, 3));
    assert!((ivan_figures.mean_difference.unwrap() - 3.5 / 3.0).abs() < 1e-9);
    assert_eq!(ivan_figures.leaning, app::interviews::types::Leaning::Lenient);
    assert_eq!(ivan_figures.median_hours_to_submit, Some(8.0));
    let rust = ivan_figures.attributes.iter().find(|a| a.attribute == "Rust").unwrap();
    assert_eq!((rust.counts, rust.mean), ([1, 0, 1, 2], Some(3.0)));
    let communication = ivan_figures.attributes.iter().find(|a| a.attribute == "Communication").unwrap();
    assert_eq!((communication.counts, communication.not_assessed), ([0, 0, 1, 0], 1));
    // Rita: 2 − 3.5 = −1.5 and 3 − 3 = 0: mean −0.75, severe.  Ada: 3 − 3 = 0 and 2 − 4 = −2: mean −1, severe.
    let rita_figures = of(rita);
    assert_eq!((rita_figures.compared, rita_figures.mean_difference, rita_figures.leaning), (2, Some(-0.75), app::interviews::types::Leaning::Severe));
    assert_eq!(of(ada).mean_difference, Some(-1.0));
    assert_eq!(of(ada).median_hours_to_submit, Some(3.0));
}

/// One interviewer's calibration counted straight from the interviews and scorecards, by the
/// rule the page states: (interviews, scorecards, median hours to submit, compared, mean difference,
/// ratings as (attribute, rating, count)).
type Raw = (i64, i64, Option<f64>, i64, Option<f64>, Vec<(String, Option<i16>, i64)>, f64);

/// The median of these values and how far a median read from buckets may lie from it: the
/// width of the wider bucket of the two middle values.
fn median_and_tolerance(sorted: &[f64], unit: f64) -> (Option<f64>, f64) {
    let n = sorted.len();
    if n == 0 {
        return (None, 0.0);
    }
    let (low, high) = (sorted[(n - 1) / 2], sorted[n / 2]);
    let width = app::platform::rollups::bucket_width(low * unit).max(app::platform::rollups::bucket_width(high * unit)) / unit;
    (Some((low + high) / 2.0), width)
}

async fn raw_calibration(app: &TestApp, from: &str, to: &str) -> std::collections::HashMap<Uuid, Raw> {
    let db = app.superuser().await;
    let period = "i.tenant_id = (select id from tenants where slug = 'acme')
        and i.starts_at >= ($1::date)::timestamp at time zone 'utc' and i.starts_at < ($2::date + 1)::timestamp at time zone 'utc'";
    let figures: Vec<(Uuid, i64, i64, Vec<f64>)> = sqlx::query_as(&format!(
        "select x.user_id, count(*), count(s.id) filter (where s.submitted_at is not null),
                coalesce(array_agg(greatest(extract(epoch from s.submitted_at - i.ends_at), 0)::float8 / 3600 order by s.submitted_at - i.ends_at)
                    filter (where s.submitted_at is not null), '{{}}')
         from interviews i join interview_interviewers x on x.interview_id = i.id
         left join scorecards s on s.interview_id = i.id and s.interviewer_id = x.user_id
         where {period} and i.status <> 'cancelled' group by 1"
    ))
    .bind(from).bind(to).fetch_all(&db).await.unwrap();
    let differences: Vec<(Uuid, i64, f64)> = sqlx::query_as(&format!(
        "with cards as (select s.interviewer_id, s.application_id, s.recommendation from scorecards s join interviews i on i.id = s.interview_id
                        where {period} and s.submitted_at is not null),
              own as (select interviewer_id, application_id, sum(recommendation)::float8 as total, count(*) as n from cards group by 1, 2),
              everyone as (select application_id, sum(recommendation)::float8 as total, count(*) as n from cards group by 1)
         select o.interviewer_id, count(*), avg(o.total / o.n - (e.total - o.total) / (e.n - o.n))
         from own o join everyone e using (application_id) where e.n > o.n group by 1"
    ))
    .bind(from).bind(to).fetch_all(&db).await.unwrap();
    let ratings: Vec<(Uuid, String, Option<i16>, i64)> = sqlx::query_as(&format!(
        "select s.interviewer_id, r ->> 'attribute', (r ->> 'rating')::smallint, count(*)
         from scorecards s join interviews i on i.id = s.interview_id cross join jsonb_array_elements(s.ratings) r
         where {period} and s.submitted_at is not null group by 1, 2, 3 order by 1, 2, 3"
    ))
    .bind(from).bind(to).fetch_all(&db).await.unwrap();
    figures
        .into_iter()
        .map(|(id, interviews, scorecards, delays)| {
            let (median, tolerance) = median_and_tolerance(&delays, 3_600.0);
            let (compared, mean) = differences.iter().find(|d| d.0 == id).map_or((0, None), |d| (d.1, Some(d.2)));
            let spread = ratings.iter().filter(|r| r.0 == id).map(|r| (r.1.clone(), r.2, r.3)).collect();
            (id, (interviews, scorecards, median, compared, mean, spread, tolerance))
        })
        .collect()
}

/// The report for the period agrees with the raw count: counts exactly, the mean difference to
/// rounding, the median to within the bucket it falls in.
async fn assert_calibration_agrees(app: &TestApp, client: &reqwest::Client, from: &str, to: &str) {
    let report: app::interviews::types::Calibration = app.call::<CalibrationReport>(client, &[("from", from), ("to", to)]).await.json().await.unwrap();
    let raw = raw_calibration(app, from, to).await;
    assert_eq!(report.interviewers.len(), raw.len(), "{from} to {to}: interviewers");
    for figures in &report.interviewers {
        let (interviews, scorecards, median, compared, mean, ratings, tolerance) = raw.get(&figures.interviewer_id).expect("an interviewer of the raw count");
        let who = format!("{from} to {to}, {}", figures.name);
        assert_eq!((figures.interviews, figures.scorecards, figures.compared), (*interviews, *scorecards, *compared), "{who}");
        match (figures.mean_difference, mean) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{who}: mean difference {a} against {b}"),
            (a, b) => assert_eq!(a, *b, "{who}: mean difference"),
        }
        match (figures.median_hours_to_submit, median) {
            (Some(a), Some(b)) => {
                let width = *tolerance;
                assert!((a - b).abs() <= width + 1e-9, "{who}: median {a} against {b} (buckets {width} h wide)");
            }
            (a, b) => assert_eq!(a, *b, "{who}: median"),
        }
        let expected = app::interviews::calibration::spread(ratings.iter().map(|(a, r, n)| (a.as_str(), *r, *n)));
        // (The means pass through JSON: equal to rounding.)
        let counts = |a: &[app::interviews::types::AttributeSummary]| a.iter().map(|s| (s.attribute.clone(), s.counts, s.not_assessed)).collect::<Vec<_>>();
        assert_eq!(counts(&figures.attributes), counts(&expected), "{who}: ratings");
        for (got, want) in figures.attributes.iter().zip(&expected) {
            assert!((got.mean.unwrap_or(0.0) - want.mean.unwrap_or(0.0)).abs() < 1e-9 && got.mean.is_some() == want.mean.is_some(), "{who}: mean rating");
        }
    }
}

/// A small deterministic sequence, so that a failure repeats.
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[tokio::test]
async fn calibration_rollups_agree_with_the_raw_scorecards_through_every_change() {
    let app = TestApp::spawn().await;
    let db = app.superuser().await;
    let rita_client = app.signed_in("recruiter@acme.test").await;
    let ivan_client = app.signed_in("interviewer@acme.test").await;
    // Six interviewers: the demo's three and three more.
    sqlx::query(
        "insert into users (id, email, display_name, password_hash) select gen_random_uuid(), 'panel' || i || '@acme.test', 'Panelist ' || i, password_hash
         from generate_series(1, 3) i, users where email = 'interviewer@acme.test'",
    )
    .execute(&db).await.unwrap();
    sqlx::query("insert into memberships (id, tenant_id, user_id, role) select gen_random_uuid(), t.id, u.id, 'interviewer' from users u, tenants t where u.email like 'panel%' and t.slug = 'acme'")
        .execute(&db).await.unwrap();
    let people: Vec<Uuid> = sqlx::query_scalar(
        "select id from users where email in ('interviewer@acme.test', 'recruiter@acme.test', 'admin@acme.test') or email like 'panel%@acme.test' order by email",
    )
    .fetch_all(&db).await.unwrap();
    assert_eq!(people.len(), 6);
    let ivan = user(&app, "interviewer@acme.test").await;
    let ada = user(&app, "admin@acme.test").await;
    let applications: Vec<Uuid> = sqlx::query_scalar("select id from applications where tenant_id = (select id from tenants where slug = 'acme') order by id limit 12")
        .fetch_all(&db).await.unwrap();
    // Each application two to four interviews within a few weeks between late January and
    // mid-March 2025 (so months are whole and cut), one in ten cancelled; each panelist's
    // scorecard submitted four times in five, some weeks late, ratings sometimes not assessed.
    let mut random = Sequence(19);
    let first_day = chrono::NaiveDate::from_ymd_opt(2025, 1, 20).unwrap();
    for application_id in &applications {
        let start = random.below(40) as i64;
        for _ in 0..2 + random.below(3) {
            let at = (first_day + Duration::days(start + random.below(18) as i64)).and_hms_opt(8 + random.below(9) as u32, 0, 0).unwrap().and_utc();
            let status = if random.below(10) == 0 { "cancelled" } else { "completed" };
            let mut panel = Vec::new();
            for who in &people {
                if random.below(2) > 0 {
                    continue;
                }
                let card = (random.below(5) > 0).then(|| {
                    let rating = |r: &mut Sequence| match r.below(5) { 0 => Value::Null, n => Value::from(n) };
                    let ratings = serde_json::json!([{ "attribute": "Rust", "rating": rating(&mut random), "note": "" }, { "attribute": "Communication", "rating": rating(&mut random), "note": "" }]);
                    let longest = if random.below(4) == 0 { 900 } else { 60 };
                    (1 + random.below(4) as i16, random.below(longest) as i64, ratings)
                });
                panel.push((*who, card));
            }
            interview_at(&app, *application_id, at, status, &panel).await;
        }
    }
    let periods = [("2025-01-01", "2025-03-31"), ("2025-01-25", "2025-03-05"), ("2025-02-01", "2025-02-28"), ("2025-02-10", "2025-02-10"), ("2025-02-15", "2025-03-31")];
    for (from, to) in periods {
        assert_calibration_agrees(&app, &rita_client, from, to).await;
    }
    // The report rolled up what had changed; reading again writes nothing.
    assert_eq!(app.scalar_i64("select count(*) from calibration_changes").await, 0);
    let months = app.scalar_i64("select count(*) from calibration_days where month and day between '2025-01-01' and '2025-03-01'").await;
    assert!(months > 0, "month rows");

    // A scorecard submitted weeks late through the app, then amended, shows the next time.
    let late = interview_at(&app, applications[0], chrono::NaiveDate::from_ymd_opt(2025, 2, 20).unwrap().and_hms_opt(9, 0, 0).unwrap().and_utc(), "completed",
        &[(ada, Some((2, 3, serde_json::json!([{ "attribute": "Rust", "rating": 2, "note": "" }, { "attribute": "Communication", "rating": 3, "note": "" }])))), (ivan, None)]).await;
    service::roll_up_calibration(&app.platform).await.unwrap();
    let late_id = late.to_string();
    let response = app.call::<SubmitScorecard>(&ivan_client, &scorecard_form(&late_id, &["4", "na"], "4", "")).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    for (from, to) in periods {
        assert_calibration_agrees(&app, &rita_client, from, to).await;
    }
    let mut amend = scorecard_form(&late_id, &["1", "2"], "1", "");
    amend.push(("reason", "Second thoughts"));
    assert_eq!(app.call::<AmendScorecard>(&ivan_client, &amend).await.status(), 200);
    assert_calibration_agrees(&app, &rita_client, "2025-02-15", "2025-03-31").await;
    assert_calibration_agrees(&app, &rita_client, "2025-01-01", "2025-03-31").await;

    // Other changes (a cancellation, a move to another month, a panelist taken off, a scorecard
    // deleted) reach the rollups through the queue.
    let some: Vec<Uuid> = sqlx::query_scalar("select id from interviews where starts_at < '2025-04-01' and status = 'completed' order by id limit 3").fetch_all(&db).await.unwrap();
    sqlx::query("update interviews set status = 'cancelled' where id = $1").bind(some[0]).execute(&db).await.unwrap();
    sqlx::query("update interviews set starts_at = starts_at + interval '20 days', ends_at = ends_at + interval '20 days' where id = $1").bind(some[1]).execute(&db).await.unwrap();
    sqlx::query("delete from interview_interviewers where interview_id = $1 and user_id = (select user_id from interview_interviewers where interview_id = $1 order by user_id limit 1)")
        .bind(some[2]).execute(&db).await.unwrap();
    sqlx::query("delete from scorecards where id = (select id from scorecards where submitted_at is not null and interview_id <> $1 order by id limit 1)").bind(late).execute(&db).await.unwrap();
    assert!(app.scalar_i64("select count(*) from calibration_changes").await > 0);
    assert_eq!(service::roll_up_calibration(&app.platform).await.unwrap(), 1);
    assert_eq!(app.scalar_i64("select count(*) from calibration_changes").await, 0);
    for (from, to) in periods {
        assert_calibration_agrees(&app, &rita_client, from, to).await;
    }
}
