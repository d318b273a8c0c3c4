//! Results for recruiters on the server: percentiles that share ties, and the review of
//! proctoring events (severities, who may review, the attention filter).

use crate::support;

use app::assessments::api::*;
use app::assessments::results::*;
use app::assessments::taking::*;
use app::assessments::types::{Bank, SessionState};
use serde_json::json;
use support::TestApp;
use uuid::Uuid;

struct Fixture {
    app: TestApp,
    recruiter: reqwest::Client,
    assessment_id: Uuid,
}

/// Acme's recruiter builds an assessment of four true-or-false questions (all "true") and
/// invites `emails`.
async fn fixture(emails: &[&str]) -> Fixture {
    let app = TestApp::spawn().await;
    app.without_demo_assessments().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    let set_id = app.call::<CreateQuestionSet>(&recruiter, &[("name", "Facts")]).await.json::<Uuid>().await.unwrap().to_string();
    for n in 1..=4 {
        let prompt = format!("Fact {n} holds.");
        let saved = app.call::<SaveQuestion>(&recruiter, &[("kind", "true_false"), ("prompt", &prompt), ("correct", "true"), ("difficulty", "easy"), ("points", "1")]).await;
        assert!(saved.status().is_success(), "{}", saved.text().await.unwrap());
    }
    let bank: Bank = app.call::<QuestionBank>(&recruiter, &[]).await.json().await.unwrap();
    for q in &bank.questions {
        assert!(app.call::<AddToSet>(&recruiter, &[("set_id", &set_id), ("question_id", &q.question_id.to_string())]).await.status().is_success());
    }
    let created = app
        .call::<CreateAssessment>(&recruiter, &[("title", "Facts check"), ("time_limit_minutes", "30"), ("passing_percent", "50"), ("rules[0][set_id]", &set_id)])
        .await;
    assert!(created.status().is_success(), "{}", created.text().await.unwrap());
    let assessment_id = created.json::<Uuid>().await.unwrap();
    let invited = app.call::<InviteCandidates>(&recruiter, &[("assessment_id", &assessment_id.to_string()), ("emails", &emails.join("\n"))]).await;
    assert!(invited.status().is_success(), "{}", invited.text().await.unwrap());
    Fixture { app, recruiter, assessment_id }
}

/// A candidate's test in progress: their link, their browser and the session.
struct Sitting {
    token: String,
    browser: Uuid,
    state: SessionState,
}

async fn start(f: &Fixture, email: &str) -> Sitting {
    let token = f.app.mailed_token(email).await;
    let browser = Uuid::now_v7();
    let started = f.app.call::<StartTest>(&f.app.browser(), &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await;
    assert!(started.status().is_success(), "{}", started.text().await.unwrap());
    Sitting { token, browser, state: started.json().await.unwrap() }
}

/// Answers `right` of the four questions correctly and the rest wrongly.
async fn answer(f: &Fixture, sitting: &Sitting, right: usize) {
    for (n, q) in sitting.state.questions.iter().enumerate() {
        let value = if n < right { "true" } else { "false" };
        let body = json!({ "token": sitting.token, "client_id": sitting.browser, "version_id": q.version_id, "response": { "type": "choice", "value": [value] }, "flagged": false, "seq": 1, "time_spent_ms": 1000 });
        let saved = f.app.call_json::<SaveAnswer>(&f.app.browser(), body).await;
        assert!(saved.status().is_success(), "{}", saved.text().await.unwrap());
    }
}

async fn submit(f: &Fixture, sitting: &Sitting) {
    let submitted = f.app.call::<SubmitTest>(&f.app.browser(), &[("token", &sitting.token), ("client_id", &sitting.browser.to_string())]).await;
    assert!(submitted.status().is_success(), "{}", submitted.text().await.unwrap());
}

/// A candidate takes the whole test with `right` answers out of four; it is graded at once.
async fn take(f: &Fixture, email: &str, right: usize) -> Uuid {
    let sitting = start(f, email).await;
    answer(f, &sitting, right).await;
    submit(f, &sitting).await;
    sitting.state.session_id
}

async fn results(f: &Fixture) -> Results {
    let response = f.app.call::<AssessmentResults>(&f.recruiter, &[("assessment_id", &f.assessment_id.to_string())]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

fn percentile_of(results: &Results, email: &str) -> Option<f64> {
    results.rows.iter().find(|r| r.email == email).unwrap_or_else(|| panic!("a row for {email}")).percentile
}

#[tokio::test]
async fn percentiles_wait_for_five_graded_candidates_and_share_ties() {
    let emails = ["a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com", "f@example.com"];
    let f = fixture(&emails).await;
    // a and b tie at the top; f never starts.
    let right = [4, 4, 3, 2, 1];
    for (n, (email, right)) in emails.iter().zip(right).enumerate() {
        take(&f, email, right).await;
        let results = results(&f).await;
        let graded = results.rows.iter().filter(|r| r.status == "graded").count();
        assert_eq!(graded, n + 1);
        if graded < 5 {
            assert!(results.rows.iter().all(|r| r.percentile.is_none()), "no percentile with {graded} graded: {:?}", results.rows);
            assert!(results_csv(&results).lines().skip(1).all(|line| line.split(',').nth(6) == Some("")), "the CSV leaves it empty too");
        }
        if graded == 1 || graded == 4 {
            let (status, html) = f.app.page(&f.recruiter, &format!("/assessments/{}/results", f.assessment_id)).await;
            assert_eq!(status, 200);
            assert!(html.contains("shown once 5 candidates are graded"), "the page says why the percentile is missing");
        }
    }
    let results = results(&f).await;
    let expected = [("a@example.com", Some(80.0)), ("b@example.com", Some(80.0)), ("c@example.com", Some(50.0)), ("d@example.com", Some(30.0)), ("e@example.com", Some(10.0)), ("f@example.com", None)];
    for (email, percentile) in expected {
        assert_eq!(percentile_of(&results, email), percentile, "{email}");
    }
    let csv = results_csv(&results);
    assert!(csv.contains("a@example.com,graded,4,4,100,yes,80,None,"), "{csv}");
    assert!(csv.contains("b@example.com,graded,4,4,100,yes,80,None,"), "{csv}");
    let (_, html) = f.app.page(&f.recruiter, &format!("/assessments/{}/results", f.assessment_id)).await;
    assert!(html.contains("counting those on the same score as half"), "the page says how the percentile is computed");
}

async fn record(f: &Fixture, sitting: &Sitting, kinds: &[&str]) {
    let events: Vec<_> = kinds.iter().map(|kind| json!({ "kind": kind, "at_ms": chrono::Utc::now().timestamp_millis() })).collect();
    let body = json!({ "token": sitting.token, "client_id": sitting.browser, "events": events });
    let recorded = f.app.call_json::<RecordEvents>(&f.app.browser(), body).await;
    assert_eq!(recorded.json::<u32>().await.unwrap(), kinds.len() as u32);
}

/// Opens the test in a second browser, which takes it over (a critical signal).
async fn take_over(f: &Fixture, sitting: &mut Sitting) {
    sitting.browser = Uuid::now_v7();
    let resumed = f.app.call::<StartTest>(&f.app.browser(), &[("token", &sitting.token), ("client_id", &sitting.browser.to_string()), ("consent", "yes")]).await;
    assert!(resumed.status().is_success());
}

async fn review(f: &Fixture, client: &reqwest::Client, session: Uuid) -> Review {
    let response = f.app.call::<SessionReview>(client, &[("session_id", &session.to_string())]).await;
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

async fn mark_reviewed(f: &Fixture, client: &reqwest::Client, session: Uuid, note: &str, seen: i64) -> reqwest::Response {
    f.app.call::<ReviewProctoring>(client, &[("session_id", &session.to_string()), ("note", note), ("serious_events_seen", &seen.to_string())]).await
}

fn row<'a>(results: &'a Results, email: &str) -> &'a ResultRow {
    results.rows.iter().find(|r| r.email == email).unwrap_or_else(|| panic!("a row for {email}"))
}

#[tokio::test]
async fn every_signal_is_stored_with_the_severity_its_rule_gives() {
    let f = fixture(&["a@example.com"]).await;
    let mut sitting = start(&f, "a@example.com").await;
    record(&f, &sitting, &EVENT_KINDS).await;
    take_over(&f, &mut sitting).await;
    let stored: Vec<(String, String)> = sqlx::query_as("select kind, severity from proctoring_events order by kind").fetch_all(&f.app.superuser().await).await.unwrap();
    let expected = [
        ("context_menu", "low"), ("copy", "medium"), ("cut", "medium"), ("fullscreen_exit", "medium"), ("paste", "high"), ("reload", "low"),
        ("tab_hidden", "medium"), ("tab_visible", "low"), ("takeover", "critical"), ("window_blur", "medium"), ("window_focus", "low"),
    ];
    assert_eq!(stored, expected.map(|(k, s)| (k.to_owned(), s.to_owned())));
    let review = review(&f, &f.recruiter, sitting.state.session_id).await;
    assert_eq!(review.events.len(), 11);
    assert!(review.events.iter().all(|e| expected.contains(&(e.kind.as_str(), e.severity.label()))));
    assert_eq!(serious_events(&review.events), 2);
    let (_, html) = f.app.page(&f.recruiter, &format!("/assessments/sessions/{}/review", sitting.state.session_id)).await;
    assert!(html.contains("takeover") && html.contains("severity critical"), "the severity is written out, not only coloured");
    assert!(html.contains("High: pasted text."), "the rule is shown beside the timeline");
    // The column is the rule's: no one can write another severity.
    let forged = sqlx::query("update proctoring_events set severity = 'low' where kind = 'paste'").execute(&f.app.superuser().await).await;
    assert!(forged.is_err());
}

#[tokio::test]
async fn only_this_tenants_recruiters_review_with_a_note_and_the_tier_stays() {
    let f = fixture(&["a@example.com"]).await;
    let sitting = start(&f, "a@example.com").await;
    let session = sitting.state.session_id;
    record(&f, &sitting, &["tab_hidden", "paste"]).await;
    let before = results(&f).await;
    let a = row(&before, "a@example.com");
    assert_eq!((a.integrity, a.review, a.needs_review), (Integrity::Some, ReviewStatus::NotReviewed, true));
    assert_eq!(serious_events(&review(&f, &f.recruiter, session).await.events), 1);

    for email in ["interviewer@acme.test", "candidate@acme.test"] {
        let client = f.app.signed_in(email).await;
        assert_eq!(support::error_of(mark_reviewed(&f, &client, session, "Looks fine.", 1).await).await.0, 403, "{email}");
        assert_eq!(support::error_of(f.app.call::<SessionReview>(&client, &[("session_id", &session.to_string())]).await).await.0, 403, "{email}");
    }
    let globex = f.app.signed_in("recruiter@globex.test").await;
    assert_eq!(support::error_of(mark_reviewed(&f, &globex, session, "Looks fine.", 1).await).await.0, 404, "another tenant's session reads as missing");

    let (status, error) = support::error_of(mark_reviewed(&f, &f.recruiter, session, "   ", 1).await).await;
    assert_eq!((status, error.field()), (400, Some("note")));
    assert_eq!(error.to_string(), "Write a note on what you found in the timeline.");
    let (status, error) = support::error_of(mark_reviewed(&f, &f.recruiter, session, &"x".repeat(2001), 1).await).await;
    assert_eq!((status, error.field()), (400, Some("note")));
    assert_eq!(error.to_string(), "The note can be at most 2000 characters.");
    let (status, error) = support::error_of(mark_reviewed(&f, &f.recruiter, session, "Seen.", 0).await).await;
    assert_eq!(status, 409, "a page that had not shown the paste cannot mark it reviewed");
    assert!(error.to_string().contains("has changed"));
    assert_eq!(f.app.scalar_i64("select count(*) from proctoring_reviews").await, 0, "nothing stored by a refusal");
    assert_eq!(f.app.scalar_i64("select count(*) from audit_log where action = 'proctoring.review'").await, 0);

    let admin = f.app.signed_in("admin@acme.test").await;
    let note = "Pasted once, a short snippet; asked the candidate, it was their own notes.";
    assert!(mark_reviewed(&f, &admin, session, &format!("  {note}\n"), 1).await.status().is_success());
    let audit: (String, String) = sqlx::query_as("select a.target, u.email from audit_log a join users u on u.id = a.actor_id where a.action = 'proctoring.review'")
        .fetch_one(&f.app.superuser().await)
        .await
        .unwrap();
    assert_eq!(audit, (format!("session:{session}"), "admin@acme.test".to_owned()));

    let after = results(&f).await;
    let a = row(&after, "a@example.com");
    assert_eq!((a.integrity, a.review, a.needs_review), (Integrity::Some, ReviewStatus::Reviewed, false), "the tier's figures stay; the review shows beside them");
    assert!(results_csv(&after).lines().nth(1).unwrap().ends_with(",Some,,reviewed"));
    let reviewed = review(&f, &f.recruiter, session).await;
    assert_eq!((reviewed.integrity, reviewed.review_status), (Integrity::Some, ReviewStatus::Reviewed));
    assert_eq!((reviewed.reviews[0].note.as_str(), reviewed.reviews[0].reviewer.as_deref()), (note, Some("Ada Lindqvist")));
    let (_, html) = f.app.page(&f.recruiter, &format!("/assessments/sessions/{session}/review")).await;
    assert!(html.contains("their own notes") && html.contains("Ada Lindqvist") && html.contains("Reviewed."));
    let (_, html) = f.app.page(&f.recruiter, &format!("/assessments/{}/results", f.assessment_id)).await;
    assert!(html.contains(" · reviewed"));

    // Low and medium signals later do not reopen the review; a new paste does.
    record(&f, &sitting, &["tab_visible", "copy"]).await;
    assert_eq!(row(&results(&f).await, "a@example.com").review, ReviewStatus::Reviewed);
    record(&f, &sitting, &["paste"]).await;
    let reopened = results(&f).await;
    let a = row(&reopened, "a@example.com");
    assert_eq!((a.review, a.needs_review), (ReviewStatus::NewEventsSinceReview, true));
    let (_, html) = f.app.page(&f.recruiter, &format!("/assessments/{}/results", f.assessment_id)).await;
    assert!(html.contains("new events since review"));
    assert!(mark_reviewed(&f, &f.recruiter, session, "Second paste: the same notes.", 2).await.status().is_success());
    let twice = review(&f, &f.recruiter, session).await;
    assert_eq!((twice.review_status, twice.reviews.len(), twice.reviews[0].reviewer.as_deref()), (ReviewStatus::Reviewed, 2, Some("Rita Moreno")), "the newest review first");
    assert_eq!(f.app.scalar_i64("select count(*) from audit_log where action = 'proctoring.review'").await, 2);
}

#[tokio::test]
async fn the_filter_shows_exactly_the_sessions_with_unreviewed_serious_signals() {
    let emails = ["a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com", "f@example.com"];
    let f = fixture(&emails).await;
    // a pasted, unreviewed: shown.
    let a = start(&f, "a@example.com").await;
    record(&f, &a, &["paste"]).await;
    // b was taken over in a second browser, then reviewed: not shown.
    let mut b = start(&f, "b@example.com").await;
    take_over(&f, &mut b).await;
    assert!(mark_reviewed(&f, &f.recruiter, b.state.session_id, "The candidate moved to a laptop.", 1).await.status().is_success());
    // c only copied (medium) and d gave no signal at all, both submitted: not shown.
    let c = start(&f, "c@example.com").await;
    record(&f, &c, &["copy", "tab_hidden"]).await;
    answer(&f, &c, 2).await;
    submit(&f, &c).await;
    take(&f, "d@example.com", 3).await;
    // e pasted, was reviewed, then pasted again: shown.
    let e = start(&f, "e@example.com").await;
    record(&f, &e, &["paste"]).await;
    assert!(mark_reviewed(&f, &f.recruiter, e.state.session_id, "One paste, fine.", 1).await.status().is_success());
    record(&f, &e, &["paste"]).await;
    submit(&f, &e).await;
    // f never started.

    let all = results(&f).await;
    assert_eq!((all.rows.len(), all.needing_review), (6, 2));
    let filtered = f.app.call::<AssessmentResults>(&f.recruiter, &[("assessment_id", &f.assessment_id.to_string()), ("needs_review", "true")]).await;
    let filtered: Results = filtered.json().await.unwrap();
    let mut shown: Vec<&str> = filtered.rows.iter().map(|r| r.email.as_str()).collect();
    shown.sort();
    assert_eq!(shown, ["a@example.com", "e@example.com"]);
    assert_eq!((filtered.needing_review, filtered.graded), (2, all.graded), "the counts cover every candidate");

    // The filtered view is an address: bookmarkable, and it works without JavaScript.
    let (status, html) = f.app.page(&f.recruiter, &format!("/assessments/{}/results?attention=1", f.assessment_id)).await;
    assert_eq!(status, 200);
    assert!(html.contains("a@example.com") && html.contains("e@example.com"));
    assert!(["b@example.com", "c@example.com", "d@example.com", "f@example.com"].iter().all(|email| !html.contains(email)), "only the sessions needing review");
    assert!(html.contains("Show all candidates"));
    let (_, html) = f.app.page(&f.recruiter, &format!("/assessments/{}/results", f.assessment_id)).await;
    assert!(html.contains("Only sessions needing review (2)") && html.contains("f@example.com"));

    // The count of a session's serious signals is answered by the partial index.
    let db = f.app.superuser().await;
    let mut conn = db.acquire().await.unwrap();
    sqlx::query("set enable_seqscan = off").execute(&mut *conn).await.unwrap();
    let plan: Vec<String> = sqlx::query_scalar(&format!(
        "explain select count(*) from proctoring_events e where e.session_id = '{}' and e.severity in ('high', 'critical')",
        a.state.session_id
    ))
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert!(plan.join("\n").contains("proctoring_events_serious_idx"), "{plan:?}");
}
