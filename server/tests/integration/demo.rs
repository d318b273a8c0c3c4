//! The demo data: the demo tenant's assessments area has a bank, a job, assessments and
//! candidates in every state, as the product stores them; seeding again adds nothing.

use crate::support;

use app::assessments::api::{ListAssessments, QuestionBank};
use app::assessments::results::{AssessmentResults, Integrity, Results, Review, SessionReview};
use app::assessments::types::{AssessmentSummary, Bank, QuestionKind};
use support::TestApp;

// The assessments step's invitations: the demo seeker's test is seeded with the seeker, once.
const TABLES: [&str; 10] =
    ["questions", "question_versions", "assessments", "candidate_invitations where application_id is null", "test_sessions", "answers", "proctoring_events", "interview_types", "interviews", "scorecards"];

async fn row_counts(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in TABLES {
        counts.push(app.scalar_i64(&format!("select count(*) from {table}")).await);
    }
    counts
}

#[tokio::test]
async fn the_demo_tenant_has_candidates_in_every_state_with_results_to_read() {
    let app = TestApp::spawn().await;
    let recruiter = app.signed_in("recruiter@acme.test").await;

    let bank: Bank = app.call::<QuestionBank>(&recruiter, &[]).await.json().await.unwrap();
    assert_eq!(bank.sets.len(), 3);
    assert!(bank.sets.iter().all(|s| s.question_ids.len() >= 5), "{:?}", bank.sets.iter().map(|s| s.label()).collect::<Vec<_>>());
    assert!((20..=30).contains(&bank.questions.len()));
    for kind in QuestionKind::ALL {
        assert!(bank.questions.iter().any(|q| q.kind == kind), "a {kind:?} question");
    }
    assert!(bank.questions.iter().all(|q| q.skill.is_some()));
    assert_eq!(app.scalar_i64("select count(distinct answer_key -> 'scoring' ->> 'mode') from question_versions where kind = 'multiple_choice'").await, 2, "proportional and all-or-nothing credit");
    assert!(app.scalar_i64("select count(*) from question_versions where kind = 'short_text' and answer_key ->> 'pattern' like '%*%'").await >= 1);
    assert!(app.scalar_i64("select count(*) from question_versions where kind = 'numeric' and (answer_key ->> 'tolerance')::float8 > 0").await >= 1);
    assert_eq!(app.scalar_i64("select count(*) from question_versions where explanation = ''").await, 0);

    let assessments: Vec<AssessmentSummary> = app.call::<ListAssessments>(&recruiter, &[]).await.json().await.unwrap();
    assert_eq!(assessments.len(), 2);
    let screen = assessments.iter().find(|a| a.job.is_some()).expect("an assessment for the job");
    let id = screen.id.to_string();
    let results: Results = app.call::<AssessmentResults>(&recruiter, &[("assessment_id", &id)]).await.json().await.unwrap();
    let with_status = |status: &str| results.rows.iter().filter(|r| r.status == status).collect::<Vec<_>>();
    let graded = with_status("graded");
    assert!(graded.len() >= 5, "percentiles need five graded candidates");
    assert_eq!(with_status("submitted").len(), 1, "one waits for hand grading");
    assert!(!with_status("started").is_empty() && !with_status("invited").is_empty());
    assert!(graded.iter().all(|r| r.percentile.is_some() && r.minutes_used.is_some_and(|m| m > 0.0)));
    assert!(graded.iter().any(|r| r.passed == Some(true)) && graded.iter().any(|r| r.passed == Some(false)));
    let mut percents: Vec<i64> = graded.iter().map(|r| r.percent.unwrap().round() as i64).collect();
    percents.dedup();
    assert!(percents.len() >= 5 && percents[0] - percents[percents.len() - 1] >= 40, "a spread of scores: {percents:?}");
    for tier in [Integrity::None, Integrity::Some, Integrity::Major] {
        assert!(results.rows.iter().any(|r| r.session_id.is_some() && r.integrity == tier), "{tier:?}");
    }
    assert!(results.rows.iter().all(|r| r.email.ends_with("@example.com")));

    // The essay waiting for a person; and a graded candidate's answers and timeline.
    let waiting = with_status("submitted")[0].session_id.unwrap().to_string();
    let review: Review = app.call::<SessionReview>(&recruiter, &[("session_id", &waiting)]).await.json().await.unwrap();
    assert!(review.questions.iter().any(|q| q.kind == QuestionKind::LongText && q.response.is_some() && q.awarded.is_none()));
    let watched = graded.iter().find(|r| r.integrity == Integrity::Major).unwrap().session_id.unwrap().to_string();
    let review: Review = app.call::<SessionReview>(&recruiter, &[("session_id", &watched)]).await.json().await.unwrap();
    assert!(review.events.len() >= 5);
    assert!(review.events.iter().all(|event| event.at > review.started_at && Some(event.at) < review.submitted_at), "signals fall within the session");
    assert_eq!(review.job.as_ref().map(|job| job.skills.len()), Some(4));
    assert!(review.questions.iter().filter(|q| q.kind != QuestionKind::LongText).all(|q| q.awarded.is_some() || q.response.is_none()));
    let (status, html) = app.page(&recruiter, &format!("/assessments/sessions/{watched}/review")).await;
    assert_eq!(status, 200);
    assert!(html.contains("tab hidden") && html.contains("paste"));
    let (status, html) = app.page(&recruiter, &format!("/assessments/{id}/results")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Score distribution: ") && !html.contains("no submissions yet"));

    // Every objective answer of a submitted test is graded, every time lies in the past, and
    // no open session is past its deadline (the sweeper has nothing to do).
    let ungraded = "select count(*) from answers a join test_sessions s on s.id = a.session_id join question_versions v on v.id = a.question_version_id
                    where s.submitted_at is not null and v.kind <> 'long_text' and a.points is null";
    assert_eq!(app.scalar_i64(ungraded).await, 0);
    assert_eq!(app.scalar_i64("select count(*) from test_sessions where submitted_at is null and deadline_at <= now()").await, 0);
    assert_eq!(app.scalar_i64("select count(*) from test_sessions where started_at > now() - interval '5 minutes' or submitted_at > now() or graded_at > now()").await, 0);
    assert_eq!(app.scalar_i64("select count(*) from answers a join test_sessions s on s.id = a.session_id where a.saved_at < s.started_at or a.saved_at > coalesce(s.submitted_at, now())").await, 0);
    assert_eq!(app.scalar_i64("select count(*) from outbox").await, 0, "the demo sends no mail");
    // The demo interviewer has a day to run: interviews ahead and a scorecard due.
    let ahead = "select count(*) from interviews i join interview_interviewers x on x.interview_id = i.id join users u on u.id = x.user_id
                 where u.email = 'interviewer@acme.test' and i.starts_at > now() and i.status = 'scheduled'";
    assert!(app.scalar_i64(ahead).await >= 1);
    let due = "select count(*) from interviews i join interview_interviewers x on x.interview_id = i.id join users u on u.id = x.user_id
               where u.email = 'interviewer@acme.test' and i.ends_at < now() and not exists
               (select 1 from scorecards s where s.interview_id = i.id and s.interviewer_id = u.id and s.submitted_at is not null)";
    assert_eq!(app.scalar_i64(due).await, 1);
}

#[tokio::test]
async fn seeding_again_adds_nothing_and_an_existing_install_gets_the_assessments_once() {
    let app = TestApp::spawn().await;
    let seeded = row_counts(&app).await;
    assert!(seeded.iter().all(|n| *n > 0), "{seeded:?}");
    let text = server::seed::demo(&app.platform, support::PASSWORD).await.unwrap();
    assert!(text.contains("already there") && !text.contains(support::PASSWORD));
    assert_eq!(row_counts(&app).await, seeded);

    // An install from before the assessments: the tenant is there, its bank empty.
    let db = app.superuser().await;
    for table in ["assessments", "question_sets", "questions", "skills", "requisitions"] {
        sqlx::query(&format!("delete from {table}")).execute(&db).await.unwrap();
    }
    let started = std::time::Instant::now();
    let text = server::seed::demo(&app.platform, support::PASSWORD).await.unwrap();
    println!("the assessments step took {:?}", started.elapsed());
    assert!(text.contains("Demo assessments"));
    assert_eq!(row_counts(&app).await[..4], seeded[..4], "the same bank, assessments and invitations");
    assert_eq!(app.scalar_i64("select count(*) from skills").await, 4);
    // The assessments' requisition, and the demo requisitions added again beside it.
    assert_eq!(app.scalar_i64("select count(*) from requisitions").await, 25);
    server::seed::demo(&app.platform, support::PASSWORD).await.unwrap();
    assert_eq!(app.scalar_i64("select count(*) from questions").await, seeded[0]);

    // A tenant that has written its own questions gets no demo ones.
    for table in ["assessments", "question_sets", "skills", "requisitions"] {
        sqlx::query(&format!("delete from {table}")).execute(&db).await.unwrap();
    }
    sqlx::query("delete from questions where id <> (select id from questions order by id limit 1)").execute(&db).await.unwrap();
    server::seed::demo(&app.platform, support::PASSWORD).await.unwrap();
    assert_eq!(app.scalar_i64("select count(*) from questions").await, 1);
    assert_eq!(app.scalar_i64("select count(*) from assessments").await, 0);
}
