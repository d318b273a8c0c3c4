//! Assessments end to end on the server: authoring, invitations, taking a test
//! (saves, replays, takeover, deadline and grace, the sweeper), grading and isolation.

use crate::support;

use app::assessments::api::*;
use app::assessments::taking::*;
use app::assessments::types::{Bank, Landing, Outcome, QuestionDraft, SaveAck, SessionState};
use app::recruiting::requisitions::api::*;
use app::recruiting::requisitions::types::RequisitionPage;
use serde_json::json;
use support::{error_of, TestApp};
use uuid::Uuid;

struct Fixture {
    app: TestApp,
    recruiter: reqwest::Client,
    assessment_id: Uuid,
}

async fn question(app: &TestApp, client: &reqwest::Client, fields: &[(&str, &str)]) -> Uuid {
    let mut form = fields.to_vec();
    for (key, default) in [("difficulty", "easy"), ("points", "2")] {
        if !fields.iter().any(|(k, _)| *k == key) {
            form.push((key, default));
        }
    }
    let response = app.call::<SaveQuestion>(client, &form).await;
    assert!(response.status().is_success(), "{fields:?}: {}", response.text().await.unwrap());
    response.json::<Uuid>().await.unwrap()
}

/// Acme's recruiter builds a six-question assessment (one of each type, in a set) and invites a candidate.
async fn fixture(minutes: &str, multiplier: &str) -> Fixture {
    let app = TestApp::spawn().await;
    app.without_demo_assessments().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;
    assert!(app.call::<CreateSkill>(&recruiter, &[("name", "SQL")]).await.status().is_success());
    let bank: Bank = app.call::<QuestionBank>(&recruiter, &[]).await.json().await.unwrap();
    let sql = bank.skills[0].id.to_string();
    question(&app, &recruiter, &[("kind", "single_choice"), ("prompt", "Which joins keep unmatched rows?"), ("options[0][text]", "inner"), ("options[1][text]", "left"), ("options[2][text]", "cross"), ("correct", "1"), ("skill_id", &sql)]).await;
    question(&app, &recruiter, &[("kind", "multiple_choice"), ("prompt", "Which are aggregates?"), ("options[0][text]", "count"), ("options[0][correct]", "true"), ("options[1][text]", "sum"), ("options[1][correct]", "true"), ("options[2][text]", "lower"), ("options[3][text]", "max"), ("options[3][correct]", "true"), ("scoring", "proportional"), ("penalty", "1"), ("skill_id", &sql)]).await;
    question(&app, &recruiter, &[("kind", "true_false"), ("prompt", "NULL = NULL is true."), ("correct", "false")]).await;
    question(&app, &recruiter, &[("kind", "numeric"), ("prompt", "Pi to two places?"), ("numeric_value", "3.14"), ("tolerance", "0.005")]).await;
    question(&app, &recruiter, &[("kind", "short_text"), ("prompt", "Keyword to sort?"), ("accepted[0]", "order by")]).await;
    question(&app, &recruiter, &[("kind", "long_text"), ("prompt", "Explain MVCC."), ("points", "4")]).await;
    let set_id = app.call::<CreateQuestionSet>(&recruiter, &[("name", "Databases")]).await.json::<Uuid>().await.unwrap().to_string();
    let bank: Bank = app.call::<QuestionBank>(&recruiter, &[]).await.json().await.unwrap();
    assert_eq!(bank.questions.len(), 6);
    for q in &bank.questions {
        let added = app.call::<AddToSet>(&recruiter, &[("set_id", &set_id), ("question_id", &q.question_id.to_string())]).await;
        assert!(added.status().is_success());
    }
    let created = app
        .call::<CreateAssessment>(&recruiter, &[("title", "SQL basics"), ("time_limit_minutes", minutes), ("passing_percent", "50"), ("shuffle_questions", "on"), ("shuffle_options", "on"), ("rules[0][set_id]", &set_id)])
        .await;
    assert!(created.status().is_success(), "{}", created.text().await.unwrap());
    let assessment_id = created.json::<Uuid>().await.unwrap();
    let invited = app
        .call::<InviteCandidates>(&recruiter, &[("assessment_id", &assessment_id.to_string()), ("emails", "Cand@Example.com"), ("time_multiplier", multiplier)])
        .await;
    assert_eq!(invited.json::<String>().await.unwrap(), "1 invitation sent.");
    Fixture { app, recruiter, assessment_id }
}

async fn token(f: &Fixture) -> String {
    f.app.mailed_token("cand@example.com").await
}

// The numeric question asks for pi to two places.
#[allow(clippy::approx_constant)]
fn correct_response(q: &app::assessments::types::SessionQuestion) -> serde_json::Value {
    use app::assessments::types::QuestionKind::*;
    let id_of = |text: &str| q.options.iter().find(|o| o.text == text).unwrap().id.clone();
    match q.kind {
        SingleChoice => json!({ "type": "choice", "value": [id_of("left")] }),
        MultipleChoice => json!({ "type": "choice", "value": [id_of("count"), id_of("sum"), id_of("max")] }),
        TrueFalse => json!({ "type": "choice", "value": ["false"] }),
        Numeric => json!({ "type": "number", "value": 3.141 }),
        ShortText => json!({ "type": "text", "value": "  ORDER BY " }),
        LongText => json!({ "type": "text", "value": "Readers see snapshots." }),
    }
}

async fn save(f: &Fixture, token: &str, client: Uuid, version: Uuid, response: serde_json::Value, seq: i64) -> reqwest::Response {
    f.app
        .call_json::<SaveAnswer>(&f.app.browser(), json!({ "token": token, "client_id": client, "version_id": version, "response": response, "flagged": false, "seq": seq, "time_spent_ms": 1000 }))
        .await
}

#[tokio::test]
async fn a_candidate_takes_the_test_and_is_graded() {
    let f = fixture("30", "1.5").await;
    let token = token(&f).await;
    let candidate = f.app.browser();
    let landing: Landing = f.app.call::<AssessmentLanding>(&candidate, &[("token", &token)]).await.json().await.unwrap();
    assert_eq!((landing.title.as_str(), landing.minutes, landing.question_count, landing.attempts_left), ("SQL basics", 45.0, 6, 1));

    let browser = Uuid::now_v7();
    let state: SessionState = f.app.call::<StartTest>(&candidate, &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await.json().await.unwrap();
    assert_eq!(state.questions.len(), 6);
    assert!((44 * 60_000..=45 * 60_000).contains(&state.remaining_ms), "extra time applied: {}", state.remaining_ms);
    for q in &state.questions {
        let ack: SaveAck = save(&f, &token, browser, q.version_id, correct_response(q), 1).await.json().await.unwrap();
        assert_eq!(ack.seq, 1);
    }
    // A reload shows the same questions, in the same order, with the answers.
    let reloaded: SessionState = f.app.call::<TestState>(&candidate, &[("token", &token), ("client_id", &browser.to_string())]).await.json().await.unwrap();
    assert_eq!(reloaded.questions.iter().map(|q| q.version_id).collect::<Vec<_>>(), state.questions.iter().map(|q| q.version_id).collect::<Vec<_>>());
    assert!(reloaded.questions.iter().all(|q| q.response.is_some() && q.seq == 1));

    let events = json!({ "token": token, "client_id": browser, "events": [{ "kind": "tab_hidden", "at_ms": 1_767_225_600_000_i64 }, { "kind": "paste", "at_ms": 1_767_225_601_000_i64, "details": { "length": 12 } }] });
    assert_eq!(f.app.call_json::<RecordEvents>(&candidate, events).await.json::<u32>().await.unwrap(), 2);

    let outcome: Outcome = f.app.call::<SubmitTest>(&candidate, &[("token", &token), ("client_id", &browser.to_string())]).await.json().await.unwrap();
    assert_eq!((outcome.score, outcome.max_score, outcome.awaiting_review), (10.0, 14.0, 1), "every objective answer right; the essay waits");
    assert_eq!(outcome.percent, 71.43);
    assert!(outcome.passed);
    assert_eq!(f.app.scalar_i64("select count(*) from skill_scores where points = 4 and max_points = 4").await, 1, "SQL: both questions right");

    let late_event = json!({ "token": token, "client_id": browser, "events": [{ "kind": "copy", "at_ms": 1_767_225_600_000_i64 }] });
    assert_eq!(error_of(f.app.call_json::<RecordEvents>(&candidate, late_event).await).await.0, 409, "no events for a submitted session");
    let after = save(&f, &token, browser, state.questions[0].version_id, json!(null), 2).await;
    assert_eq!(error_of(after).await.0, 409);
    let again = f.app.call::<StartTest>(&candidate, &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await;
    assert_eq!(error_of(again).await.0, 400, "one attempt allowed");

    // The recruiter sees the result, reviews the answers and grades the essay by hand.
    use app::assessments::results::*;
    let id = f.assessment_id.to_string();
    let results: Results = f.app.call::<AssessmentResults>(&f.recruiter, &[("assessment_id", &id)]).await.json().await.unwrap();
    let row = &results.rows[0];
    assert_eq!((row.status.as_str(), row.percent, row.integrity), ("submitted", Some(71.43), Integrity::Some));
    let session = row.session_id.unwrap().to_string();
    let review: Review = f.app.call::<SessionReview>(&f.recruiter, &[("session_id", &session)]).await.json().await.unwrap();
    assert_eq!(review.questions.len(), 6);
    assert_eq!(review.events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["tab_hidden", "paste"]);
    let choice = review.questions.iter().find(|q| q.kind == app::assessments::types::QuestionKind::SingleChoice).unwrap();
    assert_eq!((choice.correct.as_str(), choice.awarded), ("left", Some(2.0)));
    let essay = review.questions.iter().find(|q| q.kind == app::assessments::types::QuestionKind::LongText).unwrap();
    let graded = f.app.call::<GradeAnswer>(&f.recruiter, &[("session_id", &session), ("version_id", &essay.version_id.to_string()), ("points", "3")]).await;
    assert!(graded.status().is_success());
    let too_many = f.app.call::<GradeAnswer>(&f.recruiter, &[("session_id", &session), ("version_id", &essay.version_id.to_string()), ("points", "5")]).await;
    assert_eq!(error_of(too_many).await.1.field(), Some("points"));
    let objective = f.app.call::<GradeAnswer>(&f.recruiter, &[("session_id", &session), ("version_id", &choice.version_id.to_string()), ("points", "0")]).await;
    assert_eq!(error_of(objective).await.0, 400, "objective answers are graded by the rules");
    let results: Results = f.app.call::<AssessmentResults>(&f.recruiter, &[("assessment_id", &id)]).await.json().await.unwrap();
    assert_eq!((results.rows[0].status.as_str(), results.rows[0].score, results.rows[0].percentile), ("graded", Some(13.0), None), "no percentile for a lone candidate");
    assert!(results_csv(&results).contains("cand@example.com,graded,13,14,92.86,yes,,Some,"));

    let globex = f.app.signed_in("recruiter@globex.test").await;
    assert_eq!(error_of(f.app.call::<AssessmentResults>(&globex, &[("assessment_id", &id)]).await).await.0, 404);
    assert_eq!(error_of(f.app.call::<SessionReview>(&globex, &[("session_id", &session)]).await).await.0, 404);
    let foreign_grade = f.app.call::<GradeAnswer>(&globex, &[("session_id", &session), ("version_id", &essay.version_id.to_string()), ("points", "0")]).await;
    assert_eq!(error_of(foreign_grade).await.0, 404);
}

#[tokio::test]
async fn replayed_and_older_saves_change_nothing_and_partial_credit_counts() {
    let f = fixture("30", "1").await;
    let token = token(&f).await;
    let browser = Uuid::now_v7();
    let state: SessionState = f.app.call::<StartTest>(&f.app.browser(), &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await.json().await.unwrap();
    let multi = state.questions.iter().find(|q| q.kind == app::assessments::types::QuestionKind::MultipleChoice).unwrap();
    let id_of = |text: &str| multi.options.iter().find(|o| o.text == text).unwrap().id.clone();
    let newer = json!({ "type": "choice", "value": [id_of("count"), id_of("sum"), id_of("lower")] });
    let older = json!({ "type": "choice", "value": [id_of("count")] });
    assert_eq!(save(&f, &token, browser, multi.version_id, newer.clone(), 5).await.json::<SaveAck>().await.unwrap().seq, 5);
    assert_eq!(save(&f, &token, browser, multi.version_id, newer, 5).await.json::<SaveAck>().await.unwrap().seq, 5, "a replay is acknowledged");
    assert_eq!(save(&f, &token, browser, multi.version_id, older, 3).await.json::<SaveAck>().await.unwrap().seq, 5, "an older save loses");
    assert_eq!(f.app.scalar_i64("select count(*) from answers").await, 1);
    let outcome: Outcome = f.app.call::<SubmitTest>(&f.app.browser(), &[("token", &token), ("client_id", &browser.to_string())]).await.json().await.unwrap();
    // Two of three right, one wrong with a full penalty: (2 - 1) / 3 of 2 points.
    assert!((outcome.score - 2.0 / 3.0).abs() < 0.01, "{outcome:?}");
}

#[tokio::test]
async fn a_second_browser_takes_over_and_the_first_is_told() {
    let f = fixture("30", "1").await;
    let token = token(&f).await;
    let (first, second) = (Uuid::now_v7(), Uuid::now_v7());
    let state: SessionState = f.app.call::<StartTest>(&f.app.browser(), &[("token", &token), ("client_id", &first.to_string()), ("consent", "yes")]).await.json().await.unwrap();
    let q = &state.questions[0];
    assert!(save(&f, &token, first, q.version_id, correct_response(q), 1).await.status().is_success());
    let resumed: SessionState = f.app.call::<StartTest>(&f.app.browser(), &[("token", &token), ("client_id", &second.to_string()), ("consent", "yes")]).await.json().await.unwrap();
    assert_eq!(resumed.session_id, state.session_id);
    assert!(resumed.questions[0].response.is_some(), "the answers travel with the session");
    let (status, error) = error_of(save(&f, &token, first, q.version_id, correct_response(q), 2).await).await;
    assert_eq!(status, 409);
    assert!(error.to_string().contains("another browser"));
    assert_eq!(f.app.scalar_i64("select count(*) from proctoring_events where kind = 'takeover'").await, 1);
}

#[tokio::test]
async fn the_deadline_holds_with_a_grace_for_saves_in_flight_and_the_sweeper_submits() {
    let f = fixture("30", "1").await;
    let token = token(&f).await;
    let browser = Uuid::now_v7();
    let state: SessionState = f.app.call::<StartTest>(&f.app.browser(), &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await.json().await.unwrap();
    let db = f.app.superuser().await;
    sqlx::query("update test_sessions set deadline_at = now() - interval '3 seconds'").execute(&db).await.unwrap();
    let q = &state.questions[0];
    assert!(save(&f, &token, browser, q.version_id, correct_response(q), 1).await.status().is_success(), "within the 10 s grace");
    assert_eq!(f.app.scalar_i64("select count(*) from answers where late").await, 1, "recorded as late");
    sqlx::query("update test_sessions set deadline_at = now() - interval '11 seconds'").execute(&db).await.unwrap();
    let refused = save(&f, &token, browser, state.questions[1].version_id, correct_response(&state.questions[1]), 1).await;
    assert_eq!(error_of(refused).await.0, 409);
    assert_eq!(f.app.scalar_i64("select count(*) from answers").await, 1);

    let swept = app::assessments::sessions::sweep_expired(&f.app.platform.db, std::time::Duration::from_secs(10)).await.unwrap();
    assert_eq!(swept, 1);
    assert_eq!(f.app.scalar_i64("select count(*) from test_sessions where submitted_by = 'time' and score is not null").await, 1);
    assert_eq!(app::assessments::sessions::sweep_expired(&f.app.platform.db, std::time::Duration::from_secs(10)).await.unwrap(), 0);
}

#[tokio::test]
async fn bad_input_is_refused_and_stores_nothing() {
    let f = fixture("30", "1").await;
    let token = token(&f).await;
    let browser = Uuid::now_v7();
    let candidate = f.app.browser();
    let unknown = f.app.call::<AssessmentLanding>(&candidate, &[("token", &"f".repeat(64))]).await;
    let (status, error) = error_of(unknown).await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("Ask the recruiter"));
    let state: SessionState = f.app.call::<StartTest>(&candidate, &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await.json().await.unwrap();
    let outside = save(&f, &token, browser, Uuid::now_v7(), json!({ "type": "text", "value": "x" }), 1).await;
    assert_eq!(error_of(outside).await.0, 400);
    let essay = state.questions.iter().find(|q| q.kind == app::assessments::types::QuestionKind::LongText).unwrap();
    let long = save(&f, &token, browser, essay.version_id, json!({ "type": "text", "value": "x".repeat(10_001) }), 1).await;
    assert_eq!(error_of(long).await.0, 400);
    let wrong_shape = save(&f, &token, browser, essay.version_id, json!({ "type": "number", "value": 1 }), 1).await;
    assert_eq!(error_of(wrong_shape).await.0, 400);
    let single = state.questions.iter().find(|q| q.kind == app::assessments::types::QuestionKind::SingleChoice).unwrap();
    let (a, b) = (single.options[0].id.clone(), single.options[1].id.clone());
    for misfit in [json!({ "type": "choice", "value": [a, b] }), json!({ "type": "choice", "value": ["zz"] }), json!({ "type": "text", "value": "left" })] {
        let refused = save(&f, &token, browser, single.version_id, misfit.clone(), 1).await;
        assert_eq!(error_of(refused).await.1.to_string(), "That answer does not fit the question.", "{misfit}");
    }
    let malformed = f.app.call_json::<SaveAnswer>(&candidate, json!({ "token": token, "seq": "x" })).await;
    assert_eq!(malformed.status().as_u16(), 400);
    let bad_event = json!({ "token": token, "client_id": browser, "events": [{ "kind": "keylogger", "at_ms": 1_767_225_600_000_i64 }] });
    assert_eq!(error_of(f.app.call_json::<RecordEvents>(&candidate, bad_event).await).await.0, 400);
    assert_eq!(f.app.scalar_i64("select count(*) from answers").await + f.app.scalar_i64("select count(*) from proctoring_events").await, 0);

    let bad_question = f.app.call::<SaveQuestion>(&f.recruiter, &[("kind", "single_choice"), ("prompt", "?"), ("options[0][text]", "a"), ("options[1][text]", "b"), ("correct", "2"), ("difficulty", "easy"), ("points", "1")]).await;
    assert_eq!(error_of(bad_question).await.1.field(), Some("correct"));
    let bad_emails = f.app.call::<InviteCandidates>(&f.recruiter, &[("assessment_id", &f.assessment_id.to_string()), ("emails", "ok@example.com, not-an-email")]).await;
    assert_eq!(error_of(bad_emails).await.1.field(), Some("emails"));
    assert_eq!(f.app.scalar_i64("select count(*) from candidate_invitations").await, 1, "nothing of the refused list was stored");
}

#[tokio::test]
async fn editing_an_answered_question_makes_a_new_version_and_results_keep_the_old() {
    let f = fixture("30", "1").await;
    let token = token(&f).await;
    let browser = Uuid::now_v7();
    let state: SessionState = f.app.call::<StartTest>(&f.app.browser(), &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await.json().await.unwrap();
    let seen = state.questions.iter().find(|q| q.kind == app::assessments::types::QuestionKind::Numeric).unwrap();
    let question_id: Uuid = sqlx::query_scalar("select question_id from question_versions where id = $1").bind(seen.version_id).fetch_one(&f.app.superuser().await).await.unwrap();
    let edited = question(&f.app, &f.recruiter, &[("question_id", &question_id.to_string()), ("kind", "numeric"), ("prompt", "e to two places?"), ("numeric_value", "2.72")]).await;
    assert_ne!(edited, seen.version_id);
    let reloaded: SessionState = f.app.call::<TestState>(&f.app.browser(), &[("token", &token), ("client_id", &browser.to_string())]).await.json().await.unwrap();
    assert!(reloaded.questions.iter().any(|q| q.prompt == "Pi to two places?"), "the candidate keeps the version they saw");
    assert_eq!(f.app.scalar_i64("select count(*) from question_versions").await, 7);
    // A question nobody has seen is edited in place.
    let fresh = question(&f.app, &f.recruiter, &[("kind", "true_false"), ("prompt", "Draft"), ("correct", "true")]).await;
    let fresh_question: Uuid = sqlx::query_scalar("select question_id from question_versions where id = $1").bind(fresh).fetch_one(&f.app.superuser().await).await.unwrap();
    let same = question(&f.app, &f.recruiter, &[("question_id", &fresh_question.to_string()), ("kind", "true_false"), ("prompt", "Final"), ("correct", "false")]).await;
    assert_eq!(same, fresh);
}

#[tokio::test]
async fn another_tenant_cannot_touch_this_tenants_assessments() {
    let f = fixture("30", "1").await;
    let globex = f.app.signed_in("recruiter@globex.test").await;
    let bank: Bank = f.app.call::<QuestionBank>(&globex, &[]).await.json().await.unwrap();
    assert!(bank.questions.is_empty() && bank.sets.is_empty() && bank.skills.is_empty());
    assert!(f.app.call::<ListAssessments>(&globex, &[]).await.json::<Vec<app::assessments::types::AssessmentSummary>>().await.unwrap().is_empty());
    let acme_question: Uuid = sqlx::query_scalar("select id from questions limit 1").fetch_one(&f.app.superuser().await).await.unwrap();
    let acme_set: Uuid = sqlx::query_scalar("select id from question_sets limit 1").fetch_one(&f.app.superuser().await).await.unwrap();
    let add = f.app.call::<AddToSet>(&globex, &[("set_id", &acme_set.to_string()), ("question_id", &acme_question.to_string())]).await;
    assert_eq!(error_of(add).await.0, 404);
    let invite = f.app.call::<InviteCandidates>(&globex, &[("assessment_id", &f.assessment_id.to_string()), ("emails", "spy@example.com")]).await;
    assert_eq!(error_of(invite).await.0, 404);
    let edit = f.app.call::<SaveQuestion>(&globex, &[("question_id", &acme_question.to_string()), ("kind", "true_false"), ("prompt", "x"), ("correct", "true"), ("difficulty", "easy"), ("points", "1")]).await;
    assert_eq!(error_of(edit).await.0, 404);
    let draw = f.app.call::<CreateAssessment>(&globex, &[("title", "x"), ("time_limit_minutes", "10"), ("passing_percent", "50"), ("rules[0][set_id]", &acme_set.to_string())]).await;
    assert_eq!(error_of(draw).await.1.to_string(), "Set 1: choose one of your question sets.");
    let peek = f.app.call::<QuestionToEdit>(&globex, &[("question_id", &acme_question.to_string())]).await;
    assert_eq!(error_of(peek).await.0, 404, "another tenant's question reads like a missing one");
    let acme_job = f.app.call::<SaveRequisition>(&f.recruiter, &[("title", "Analyst")]).await.json::<Uuid>().await.unwrap().to_string();
    let foreign_job = f.app.call::<SaveRequisition>(&globex, &[("id", &acme_job), ("title", "Renamed")]).await;
    assert_eq!(error_of(foreign_job).await.0, 404);
    let globex_set = f.app.call::<CreateQuestionSet>(&globex, &[("name", "Own")]).await.json::<Uuid>().await.unwrap().to_string();
    let tied = f.app.call::<CreateAssessment>(&globex, &[("title", "x"), ("time_limit_minutes", "10"), ("passing_percent", "50"), ("rules[0][set_id]", &globex_set), ("requisition_id", &acme_job)]).await;
    assert_eq!(error_of(tied).await.1.field(), Some("requisition_id"));
    assert!(f.app.call::<RequisitionChoices>(&globex, &[]).await.json::<Vec<(Uuid, String)>>().await.unwrap().is_empty());
    let foreign_delete = f.app.call::<DeleteRequisition>(&globex, &[("id", &acme_job)]).await;
    assert_eq!(error_of(foreign_delete).await.0, 404);
    assert_eq!(f.app.scalar_i64("select count(*) from requisitions where title = 'Analyst'").await, 1);
    for email in ["interviewer@acme.test", "candidate@acme.test"] {
        let client = f.app.signed_in(email).await;
        assert_eq!(error_of(f.app.call::<QuestionBank>(&client, &[]).await).await.0, 403, "{email}");
    }
    let invitation: Uuid = sqlx::query_scalar("select id from candidate_invitations").fetch_one(&f.app.superuser().await).await.unwrap();
    let foreign_revoke = f.app.call::<RevokeCandidateInvitation>(&globex, &[("invitation_id", &invitation.to_string())]).await;
    assert_eq!(error_of(foreign_revoke).await.0, 404);
    assert_eq!(f.app.scalar_i64("select count(*) from candidate_invitations where revoked_at is null").await, 1);
}

#[tokio::test]
async fn a_withdrawn_invitation_link_stops_working() {
    let f = fixture("30", "1").await;
    let token = token(&f).await;
    let invitation: Uuid = sqlx::query_scalar("select id from candidate_invitations").fetch_one(&f.app.superuser().await).await.unwrap();
    assert!(f.app.call::<AssessmentLanding>(&f.app.browser(), &[("token", &token)]).await.status().is_success());
    let revoked = f.app.call::<RevokeCandidateInvitation>(&f.recruiter, &[("invitation_id", &invitation.to_string())]).await;
    assert!(revoked.status().is_success());
    let (status, error) = error_of(f.app.call::<AssessmentLanding>(&f.app.browser(), &[("token", &token)]).await).await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("withdrawn"));
    let late_save = save(&f, &token, Uuid::now_v7(), Uuid::now_v7(), json!(null), 1).await;
    assert_eq!(error_of(late_save).await.1, error, "a save with the withdrawn link gets the same answer");
    let again = f.app.call::<RevokeCandidateInvitation>(&f.recruiter, &[("invitation_id", &invitation.to_string())]).await;
    assert_eq!(error_of(again).await.0, 404, "already withdrawn");
}

#[tokio::test]
async fn an_assessment_draws_from_several_sets_for_a_job() {
    let f = fixture("30", "1").await;
    let bank: Bank = f.app.call::<QuestionBank>(&f.recruiter, &[]).await.json().await.unwrap();
    let sql = bank.skills[0].id.to_string();
    // A job requires the catalog's skill; unknown skills are refused and nothing is stored.
    let stranger = Uuid::now_v7().to_string();
    let refused = f.app.call::<SaveRequisition>(&f.recruiter, &[("title", "Data analyst"), ("skill_ids[]", &sql), ("skill_ids[]", &stranger)]).await;
    assert_eq!(error_of(refused).await.1.field(), Some("skill_ids"));
    assert_eq!(f.app.scalar_i64("select count(*) from requisitions").await, 0);
    assert!(f.app.call::<CreateSkill>(&f.recruiter, &[("name", "Networking")]).await.status().is_success());
    let bank: Bank = f.app.call::<QuestionBank>(&f.recruiter, &[]).await.json().await.unwrap();
    let networking = bank.skills.iter().find(|s| s.name == "Networking").unwrap().id.to_string();
    let job = f.app.call::<SaveRequisition>(&f.recruiter, &[("title", "Data analyst"), ("description", "Reads data."), ("skill_ids[]", &sql)]).await.json::<Uuid>().await.unwrap();
    let renamed = f.app.call::<SaveRequisition>(&f.recruiter, &[("id", &job.to_string()), ("title", "Senior data analyst"), ("skill_ids[]", &sql), ("skill_ids[]", &networking)]).await;
    assert_eq!(renamed.json::<Uuid>().await.unwrap(), job);

    let extra = question(&f.app, &f.recruiter, &[("kind", "true_false"), ("prompt", "Indexes speed up reads."), ("correct", "true"), ("difficulty", "hard")]).await;
    let bank: Bank = f.app.call::<QuestionBank>(&f.recruiter, &[]).await.json().await.unwrap();
    let extra_question = bank.questions.iter().find(|q| q.version_id == extra).unwrap().question_id.to_string();
    let databases = bank.sets[0].id.to_string();
    let hard = f.app.call::<CreateQuestionSet>(&f.recruiter, &[("name", "Hard ones")]).await.json::<Uuid>().await.unwrap().to_string();
    assert!(f.app.call::<AddToSet>(&f.recruiter, &[("set_id", &hard), ("question_id", &extra_question)]).await.status().is_success());
    let form = |draw: &'static str| {
        vec![("title", "Analyst screen"), ("time_limit_minutes", "20"), ("passing_percent", "50"), ("requisition_id", "")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .chain([("rules[0][set_id]", databases.as_str()), ("rules[0][draw]", "2"), ("rules[0][difficulty]", "easy"), ("rules[1][set_id]", hard.as_str()), ("rules[1][draw]", draw), ("rules[2][set_id]", "")].map(|(k, v)| (k.to_owned(), v.to_owned())))
            .collect::<Vec<_>>()
    };
    let too_many = form("2");
    let refused = f.app.call::<CreateAssessment>(&f.recruiter, &too_many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(error_of(refused).await.1.to_string(), "Set 2: the set has 1 matching questions.");
    let mut fields = form("");
    fields.retain(|(k, _)| k != "requisition_id");
    fields.push(("requisition_id".into(), job.to_string()));
    let created = f.app.call::<CreateAssessment>(&f.recruiter, &fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()).await;
    assert!(created.status().is_success(), "{}", created.text().await.unwrap());
    let assessment = created.json::<Uuid>().await.unwrap();
    let list = f.app.call::<ListAssessments>(&f.recruiter, &[]).await.json::<Vec<app::assessments::types::AssessmentSummary>>().await.unwrap();
    assert_eq!(list.iter().find(|a| a.id == assessment).unwrap().job.as_deref(), Some("Senior data analyst"));
    let page: RequisitionPage = f.app.call::<RequisitionDetails>(&f.recruiter, &[("id", &job.to_string())]).await.json().await.unwrap();
    let required: Vec<&str> = page.requisition.required_skills.iter().map(|s| s.name.as_str()).collect();
    assert_eq!((required, page.requisition.assessments.len()), (vec!["Networking", "SQL"], 1));

    // Two easy questions at random from the first set, all of the second.
    assert!(f.app.call::<InviteCandidates>(&f.recruiter, &[("assessment_id", &assessment.to_string()), ("emails", "pat@example.com")]).await.status().is_success());
    let token = f.app.mailed_token("pat@example.com").await;
    let state: SessionState = f.app.call::<StartTest>(&f.app.browser(), &[("token", &token), ("client_id", &Uuid::now_v7().to_string()), ("consent", "yes")]).await.json().await.unwrap();
    assert_eq!(state.questions.len(), 3);
    assert!(state.questions.iter().any(|q| q.version_id == extra));
    let easy: i64 = sqlx::query_scalar("select count(*) from session_questions sq join question_versions v on v.id = sq.question_version_id where sq.session_id = $1 and v.difficulty = 'easy'")
        .bind(state.session_id)
        .fetch_one(&f.app.superuser().await)
        .await
        .unwrap();
    assert_eq!(easy, 2);

    // The recruiter reads the result against the job: a required skill no question measured says so.
    use app::assessments::results::*;
    let browser_id = sqlx::query_scalar::<_, Uuid>("select client_id from test_sessions where id = $1").bind(state.session_id).fetch_one(&f.app.superuser().await).await.unwrap();
    assert!(f.app.call::<SubmitTest>(&f.app.browser(), &[("token", &token), ("client_id", &browser_id.to_string())]).await.status().is_success());
    let results: Results = f.app.call::<AssessmentResults>(&f.recruiter, &[("assessment_id", &assessment.to_string())]).await.json().await.unwrap();
    assert_eq!(results.job.as_deref(), Some("Senior data analyst"));
    let review: Review = f.app.call::<SessionReview>(&f.recruiter, &[("session_id", &state.session_id.to_string())]).await.json().await.unwrap();
    let fit = review.job.unwrap();
    assert_eq!(fit.title, "Senior data analyst");
    assert_eq!(fit.skills.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>(), ["Networking", "SQL"]);
    assert_eq!(fit.skills[0].1, None, "no question measures networking");

    // Deleting the requisition leaves the assessment and its results, tied to no job.
    assert!(f.app.call::<DeleteRequisition>(&f.recruiter, &[("id", &job.to_string())]).await.status().is_success());
    let again = f.app.call::<DeleteRequisition>(&f.recruiter, &[("id", &job.to_string())]).await;
    assert_eq!(error_of(again).await.0, 404);
    let list = f.app.call::<ListAssessments>(&f.recruiter, &[]).await.json::<Vec<app::assessments::types::AssessmentSummary>>().await.unwrap();
    assert_eq!(list.iter().find(|a| a.id == assessment).unwrap().job, None);
    let review: Review = f.app.call::<SessionReview>(&f.recruiter, &[("session_id", &state.session_id.to_string())]).await.json().await.unwrap();
    assert!(review.job.is_none() && review.percent.is_some());
}

#[tokio::test]
async fn the_editor_gets_back_the_question_as_it_was_written() {
    let f = fixture("30", "1").await;
    let bank: Bank = f.app.call::<QuestionBank>(&f.recruiter, &[]).await.json().await.unwrap();
    let multiple = bank.questions.iter().find(|q| q.prompt == "Which are aggregates?").unwrap();
    let draft: QuestionDraft = f.app.call::<QuestionToEdit>(&f.recruiter, &[("question_id", &multiple.question_id.to_string())]).await.json().await.unwrap();
    assert_eq!((draft.version, draft.seen, draft.skill_id), (1, false, Some(bank.skills[0].id)));
    let form = &draft.form;
    let rows: Vec<(&str, bool)> = form.options.iter().map(|o| (o.text.as_str(), o.correct)).collect();
    assert_eq!((form.kind.as_str(), form.scoring.as_str(), form.penalty), ("multiple_choice", "proportional", Some(1.0)));
    assert_eq!(rows, [("count", true), ("sum", true), ("lower", false), ("max", true)]);
    let missing = f.app.call::<QuestionToEdit>(&f.recruiter, &[("question_id", &Uuid::now_v7().to_string())]).await;
    assert_eq!(error_of(missing).await.0, 404);
    let (status, html) = f.app.page(&f.recruiter, &format!("/assessments/questions/{}", multiple.question_id)).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"name="options[3][text]" value="max""#) && html.contains(r#"name="options[3][correct]" value="true" checked"#), "the page is filled in");

    // Stored text cannot break out of the field it is edited in, and comes back as written.
    let tricky = "</textarea><script>alert(1)</script> a &lt; b";
    question(&f.app, &f.recruiter, &[("kind", "long_text"), ("prompt", tricky)]).await;
    let bank: Bank = f.app.call::<QuestionBank>(&f.recruiter, &[]).await.json().await.unwrap();
    let id = bank.questions.iter().find(|q| q.prompt == tricky).unwrap().question_id;
    let (_, html) = f.app.page(&f.recruiter, &format!("/assessments/questions/{id}")).await;
    assert!(!html.contains("<script>alert(1)"), "no markup from the stored text");
    assert!(html.contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; a &amp;lt; b"));
}

#[tokio::test]
async fn saves_beyond_capacity_are_shed_at_once_and_every_acknowledged_save_lands() {
    let f = fixture("30", "1").await;
    let token = token(&f).await;
    let browser = Uuid::now_v7();
    let state: SessionState = f.app.call::<StartTest>(&f.app.browser(), &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await.json().await.unwrap();
    let q = &state.questions[0];
    // While the session is locked every batch waits: the queue fills and the rest is refused at once.
    let db = f.app.superuser().await;
    let mut lock = db.begin().await.unwrap();
    sqlx::query("select 1 from test_sessions for update").execute(&mut *lock).await.unwrap();
    let saves = futures::future::join_all((1..=1000).map(|seq| {
        let (f, token, response) = (&f, &token, correct_response(q));
        async move {
            let answer = save(f, token, browser, q.version_id, response, seq).await;
            let retry_after = answer.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
            (seq, answer.status().as_u16(), retry_after, answer.text().await.unwrap())
        }
    }));
    let release = async {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        assert_eq!(f.app.scalar_i64("select count(*) from answers").await, 0, "nothing lands while the session is locked");
        lock.rollback().await.unwrap();
    };
    let (saves, ()) = tokio::join!(saves, release);
    let shed: Vec<_> = saves.iter().filter(|s| s.1 == 503).collect();
    let acknowledged: Vec<_> = saves.iter().filter(|s| s.1 == 200).collect();
    assert_eq!(shed.len() + acknowledged.len(), 1000, "every save is acknowledged or refused: {:?}", saves.iter().find(|s| ![200, 503].contains(&s.1)));
    assert!(!shed.is_empty() && acknowledged.len() >= 256, "{} shed, {} acknowledged", shed.len(), acknowledged.len());
    assert!(shed.iter().all(|s| s.2.as_deref() == Some("3")), "a refused save is told when to retry");
    let newest = acknowledged.iter().map(|s| s.0).max().unwrap();
    assert_eq!(f.app.scalar_i64("select count(*) from answers").await, 1);
    assert_eq!(f.app.scalar_i64("select seq from answers").await, newest, "the newest acknowledged save is the one kept");
    // A refused save sent again lands.
    let retried: SaveAck = save(&f, &token, browser, q.version_id, correct_response(q), 1001).await.json().await.unwrap();
    assert_eq!(retried.seq, 1001);
}

#[tokio::test]
async fn a_suspended_organizations_links_say_so_while_a_running_test_keeps_its_answers_and_is_submitted() {
    let f = fixture("30", "1").await;
    let token = token(&f).await;
    let browser = Uuid::now_v7();
    let state: SessionState = f.app.call::<StartTest>(&f.app.browser(), &[("token", &token), ("client_id", &browser.to_string()), ("consent", "yes")]).await.json().await.unwrap();
    let q = &state.questions[0];
    assert!(save(&f, &token, browser, q.version_id, correct_response(q), 1).await.status().is_success());
    let counts = "select (select count(*) from candidates) * 1000000 + (select count(*) from requisitions) * 1000 + (select count(*) from candidate_invitations)";
    let before = f.app.scalar_i64(counts).await;

    let superadmin = f.app.signed_in("superadmin@hirevoo.test").await;
    let acme: Uuid = sqlx::query_scalar("select id from tenants where slug = 'acme'").fetch_one(&f.app.superuser().await).await.unwrap();
    let suspended = f.app
        .call::<app::console::tenants::api::SetTenantStatus>(&superadmin, &[("tenant_id", &acme.to_string()), ("status", "suspended"), ("reason", "Contract ended")])
        .await;
    assert!(suspended.status().is_success());

    // The link says the organization is unavailable; the careers site too; the staff are kept out.
    let (status, error) = error_of(f.app.call::<AssessmentLanding>(&f.app.browser(), &[("token", &token)]).await).await;
    assert_eq!(status, 403);
    assert!(error.to_string().contains("Acme Hiring is unavailable") && error.to_string().contains("Anything you already answered is kept"), "{error}");
    let (status, page) = f.app.page(&f.app.browser(), "/careers/acme").await;
    assert_eq!(status, 404);
    assert!(page.contains("Acme Hiring&#39;s careers site is unavailable at the moment.") || page.contains("Acme Hiring's careers site is unavailable at the moment."), "the careers site says so");
    assert_eq!(error_of(f.app.call::<QuestionBank>(&f.recruiter, &[]).await).await.0, 403);

    // The answer on its way still lands, and at the deadline the sweeper submits and grades the test.
    let q = &state.questions[1];
    assert!(save(&f, &token, browser, q.version_id, correct_response(q), 2).await.status().is_success());
    sqlx::query("update test_sessions set deadline_at = now() - interval '11 seconds'").execute(&f.app.superuser().await).await.unwrap();
    assert_eq!(app::assessments::sessions::sweep_expired(&f.app.platform.db, std::time::Duration::from_secs(10)).await.unwrap(), 1);
    assert_eq!(f.app.scalar_i64("select count(*) from test_sessions where submitted_by = 'time' and score > 0").await, 1);
    assert_eq!(f.app.scalar_i64("select count(*) from answers").await, 2);
    assert_eq!(f.app.scalar_i64(counts).await, before, "nothing of the tenant changed");
}
