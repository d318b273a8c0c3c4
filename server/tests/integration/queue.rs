//! The background queue on a real database: enqueuing in the caller's transaction, dedup keys,
//! concurrent claims, leases outliving a crashed worker, backoff and dead jobs, periodic ticks
//! across servers, the console's jobs page, and the work moved onto the queue.

use crate::support;

use app::console::api::{DiscardJob, ListJobs, RetryJob};
use app::console::types::JobsOverview;
use app::assessments::jobs::SweepExpiredTests;
use app::identity::jobs::PurgeSignInData;
use app::platform::jobs::Job;
use app::platform::queue::{self, ClaimedJob, NewJob, Periodic, LEASE};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Connection;
use std::collections::HashSet;
use std::time::Duration;
use support::{error_of, TestApp};

/// Runs every ready job with a handler that fails the kinds named `test.fails*` and panics on `test.panics`.
async fn drain_for_tests(app: &TestApp) -> usize {
    queue::drain(app.platform.db.write(), |job: ClaimedJob| async move {
        match job.kind.as_str() {
            "test.panics" => panic!("kaboom on attempt {}", job.attempts),
            kind if kind.starts_with("test.fails") => Err(format!("boom on attempt {}", job.attempts)),
            _ => Ok(()),
        }
    })
    .await
}

/// Runs every ready job as the server's worker does.
async fn enqueue(app: &TestApp, job: NewJob) -> Option<i64> {
    let mut tx = app.platform.db.write().begin().await.unwrap();
    let id = queue::enqueue(&mut tx, job).await.unwrap();
    tx.commit().await.unwrap();
    id
}

type JobState = (String, i32, Option<String>, Option<DateTime<Utc>>, DateTime<Utc>);

/// status, attempts, last_error, locked_until, run_at
async fn job_state(app: &TestApp, id: i64) -> Option<JobState> {
    sqlx::query_as("select status, attempts, last_error, locked_until, run_at from background_jobs where id = $1")
        .bind(id)
        .fetch_optional(&app.superuser().await)
        .await
        .unwrap()
}

async fn make_due(app: &TestApp, id: i64) {
    sqlx::query("update background_jobs set run_at = now() - interval '1 second' where id = $1").bind(id).execute(&app.superuser().await).await.unwrap();
}

#[tokio::test]
async fn a_job_enqueued_in_a_rolled_back_transaction_does_not_exist() {
    let app = TestApp::spawn().await;
    let mut tx = app.platform.db.write().begin().await.unwrap();
    let id = queue::enqueue(&mut tx, NewJob::new("test.job", json!({ "n": 1 }))).await.unwrap();
    assert!(id.is_some());
    tx.rollback().await.unwrap();
    assert_eq!(app.scalar_i64("select count(*) from background_jobs where kind = 'test.job'").await, 0);
    assert!(queue::claim(app.platform.db.write(), "w", LEASE).await.unwrap().is_none_or(|job| job.kind != "test.job"));

    let id = enqueue(&app, NewJob::new("test.job", json!({ "n": 2 }))).await.unwrap();
    let (status, attempts, ..) = job_state(&app, id).await.unwrap();
    assert_eq!((status.as_str(), attempts), ("queued", 0));
}

#[tokio::test]
async fn a_unique_key_admits_one_queued_job_at_a_time() {
    let app = TestApp::spawn().await;
    let first = enqueue(&app, NewJob::new("test.job", json!({})).unique("report:1")).await;
    assert!(first.is_some());
    assert_eq!(enqueue(&app, NewJob::new("test.job", json!({ "other": true })).unique("report:1")).await, None, "already queued");
    assert!(enqueue(&app, NewJob::new("test.job", json!({})).unique("report:2")).await.is_some(), "another key");
    assert!(enqueue(&app, NewJob::new("test.job", json!({}))).await.is_some());
    assert!(enqueue(&app, NewJob::new("test.job", json!({}))).await.is_some(), "no key, no dedup");

    let claimed = queue::claim(app.platform.db.write(), "w", LEASE).await.unwrap().unwrap();
    assert_eq!(Some(claimed.id), first);
    assert_eq!(enqueue(&app, NewJob::new("test.job", json!({})).unique("report:1")).await, None, "a running job still holds its key");
    queue::complete(app.platform.db.write(), &claimed).await.unwrap();
    assert!(enqueue(&app, NewJob::new("test.job", json!({})).unique("report:1")).await.is_some(), "free again once done");

    let dead = enqueue(&app, NewJob::new("test.fails", json!({})).unique("flaky").attempts(1)).await.unwrap();
    drain_for_tests(&app).await;
    assert_eq!(job_state(&app, dead).await.unwrap().0, "dead");
    assert!(enqueue(&app, NewJob::new("test.fails", json!({})).unique("flaky")).await.is_some(), "a dead job holds no key");
}

#[tokio::test]
async fn concurrent_claimers_never_take_the_same_job() {
    let app = TestApp::spawn().await;
    let mut ids = HashSet::new();
    for n in 0..20 {
        ids.insert(enqueue(&app, NewJob::new("test.job", json!({ "n": n }))).await.unwrap());
    }
    let pool = app.platform.db.write();
    let claimer = |worker: &'static str| async move {
        let mut taken = Vec::new();
        while let Some(job) = queue::claim(pool, worker, LEASE).await.unwrap() {
            assert_eq!((job.attempts, job.locked_by.as_str()), (1, worker));
            taken.push(job.id);
            tokio::task::yield_now().await;
        }
        taken
    };
    let (a, b, c) = tokio::join!(claimer("a"), claimer("b"), claimer("c"));
    let all: Vec<i64> = a.iter().chain(&b).chain(&c).copied().collect();
    assert_eq!(all.len(), 20, "each job once: a {a:?}, b {b:?}, c {c:?}");
    assert_eq!(all.into_iter().collect::<HashSet<_>>(), ids);
    assert!(!a.is_empty() && !b.is_empty(), "both claimers worked: a {a:?}, b {b:?}");
    assert_eq!(app.scalar_i64("select count(*) from background_jobs where locked_until > now()").await, 20);
}

#[tokio::test]
async fn a_crashed_workers_job_is_claimed_again_once_its_lease_runs_out() {
    let app = TestApp::spawn().await;
    let pool = app.platform.db.write();
    let id = enqueue(&app, NewJob::new("test.job", json!({}))).await.unwrap();
    let crashed = queue::claim(pool, "crashed", LEASE).await.unwrap().unwrap();
    assert_eq!((crashed.id, crashed.attempts), (id, 1));
    assert!(queue::claim(pool, "other", LEASE).await.unwrap().is_none(), "the lease holds");

    sqlx::query("update background_jobs set locked_until = now() - interval '1 second' where id = $1").bind(id).execute(&app.superuser().await).await.unwrap();
    let again = queue::claim(pool, "other", LEASE).await.unwrap().unwrap();
    assert_eq!((again.id, again.attempts, again.locked_by.as_str()), (id, 2, "other"), "the lost attempt counts");

    queue::complete(pool, &crashed).await.unwrap();
    queue::fail(pool, &crashed, "late news from the crashed worker").await.unwrap();
    assert!(!queue::extend_lease(pool, &crashed, LEASE).await.unwrap());
    let (status, attempts, last_error, locked_until, _) = job_state(&app, id).await.unwrap();
    assert_eq!((status.as_str(), attempts, last_error), ("queued", 2, None), "the old claim changes nothing");
    assert!(locked_until.unwrap() > Utc::now());
    assert!(queue::extend_lease(pool, &again, LEASE).await.unwrap());
    queue::complete(pool, &again).await.unwrap();
    assert!(job_state(&app, id).await.is_none());

    // Out of attempts when its worker vanished: dead, not claimed forever.
    let last = enqueue(&app, NewJob::new("test.job", json!({})).attempts(1)).await.unwrap();
    queue::claim(pool, "crashed", LEASE).await.unwrap().unwrap();
    sqlx::query("update background_jobs set locked_until = now() - interval '1 second' where id = $1").bind(last).execute(&app.superuser().await).await.unwrap();
    assert!(queue::claim(pool, "other", LEASE).await.unwrap().is_none());
    assert_eq!(queue::bury_abandoned(pool).await.unwrap(), 1);
    let (status, _, last_error, ..) = job_state(&app, last).await.unwrap();
    assert_eq!(status, "dead");
    assert!(last_error.unwrap().contains("worker stopped"));
}

#[tokio::test]
async fn the_workers_functions_open_the_queue_for_their_own_statement_and_to_no_scoped_transaction() {
    let app = TestApp::spawn().await;
    let id = enqueue(&app, NewJob::new("test.job", json!({ "tenant_id": uuid::Uuid::now_v7() }))).await.unwrap();
    let claimed = queue::claim(app.platform.db.write(), "w", LEASE).await.unwrap().unwrap();
    assert_eq!((claimed.id, claimed.attempts), (id, 1));
    sqlx::query("update periodic_jobs set next_run_at = now() - interval '1 second'").execute(&app.superuser().await).await.unwrap();
    let scope = "select coalesce(current_setting('app.platform_scope', true), '')";
    let mut conn = app.app_role().await;

    // A request's transaction (a tenant's, a user's, an invitation's, a session's) neither takes,
    // renews, finishes nor reschedules a job, nor reads the periodic ticks, through them.
    let calls = [
        "select * from claim_job('intruder', 30)".to_owned(),
        format!("select extend_job_lease({id}, 'w', 1, 3600)"),
        format!("select complete_job({id}, 'w', 1)"),
        format!("select fail_job({id}, 'w', 1, 0, 'stopped from outside')"),
        "select bury_abandoned_jobs()".to_owned(),
        "select * from due_periodic_jobs()".to_owned(),
        "select take_periodic_tick('test.tick', now(), now(), 'test.tick', '{}', null, 'test.tick', 1)".to_owned(),
    ];
    let scoped = [
        ("app.tenant_id", uuid::Uuid::now_v7().to_string()),
        ("app.user_id", uuid::Uuid::now_v7().to_string()),
        ("app.invitation_token_hash", "00".to_owned()),
        ("app.session_token_hash", "00".to_owned()),
    ];
    for (setting, value) in &scoped {
        let mut tx = conn.begin().await.unwrap();
        sqlx::query("select set_config($1, $2, true)").bind(setting).bind(value).execute(&mut *tx).await.unwrap();
        for call in &calls {
            let mut savepoint = tx.begin().await.unwrap();
            let refused = sqlx::query(call).execute(&mut *savepoint).await.err().and_then(|error| error.into_database_error()).and_then(|error| error.code().map(|code| code.into_owned()));
            assert_eq!(refused.as_deref(), Some("42501"), "{setting}: {call}");
            savepoint.rollback().await.unwrap();
        }
        assert_eq!(sqlx::query_scalar::<_, String>(scope).fetch_one(&mut *tx).await.unwrap(), "", "{setting}");
        tx.rollback().await.unwrap();
    }
    let (status, attempts, last_error, locked_until, _) = job_state(&app, id).await.unwrap();
    assert_eq!((status.as_str(), attempts, last_error), ("queued", 1, None), "the claim is as it was");
    assert!(locked_until.unwrap() < Utc::now() + chrono::Duration::seconds(LEASE.as_secs() as i64 + 5), "its lease too");

    // Outside any scope (the worker), a job changes only under the claim that holds it, and the
    // table stays closed to the rest of the transaction.
    let mut tx = conn.begin().await.unwrap();
    for stale in [
        format!("select complete_job({id}, 'other', 1)"),
        format!("select complete_job({id}, 'w', 2)"),
        format!("select fail_job({id}, 'other', 1, 0, 'not mine')"),
        format!("select extend_job_lease({id}, 'w', 0, 3600)"),
    ] {
        assert!(!sqlx::query_scalar::<_, bool>(&stale).fetch_one(&mut *tx).await.unwrap(), "{stale}");
    }
    assert!(sqlx::query_as::<_, (i64,)>("select id from claim_job('other', 30)").fetch_optional(&mut *tx).await.unwrap().is_none(), "under a live lease");
    assert_eq!(sqlx::query_scalar::<_, String>(scope).fetch_one(&mut *tx).await.unwrap(), "", "the scope is restored");
    assert_eq!(sqlx::query_scalar::<_, i64>("select count(*) from background_jobs").fetch_one(&mut *tx).await.unwrap(), 0);
    assert!(sqlx::query_scalar::<_, bool>(&format!("select complete_job({id}, 'w', 1)")).fetch_one(&mut *tx).await.unwrap());
    tx.commit().await.unwrap();
    assert!(job_state(&app, id).await.is_none());

    // In the platform scope (the console's transaction) they leave it open.
    let mut tx = queue::platform_tx(app.platform.db.write()).await.unwrap();
    sqlx::query("select bury_abandoned_jobs()").execute(&mut *tx).await.unwrap();
    assert_eq!(sqlx::query_scalar::<_, String>(scope).fetch_one(&mut *tx).await.unwrap(), "on");
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn a_failing_job_backs_off_and_is_dead_after_its_attempts_with_its_error() {
    let app = TestApp::spawn().await;
    let id = enqueue(&app, NewJob::new("test.fails", json!({})).attempts(3)).await.unwrap();
    let mut expected_delay = 2.0;
    for attempt in 1..=2 {
        let before = Utc::now();
        assert_eq!(drain_for_tests(&app).await, 1);
        let (status, attempts, last_error, locked_until, run_at) = job_state(&app, id).await.unwrap();
        assert_eq!((status.as_str(), attempts, last_error.as_deref(), locked_until), ("queued", attempt, Some(format!("boom on attempt {attempt}").as_str()), None));
        let delay = (run_at - before).num_milliseconds() as f64 / 1000.0;
        assert!(delay >= expected_delay * 0.75 - 0.1 && delay <= expected_delay * 1.25 + 1.0, "attempt {attempt}: {delay} s");
        assert_eq!(drain_for_tests(&app).await, 0, "not before its backoff");
        make_due(&app, id).await;
        expected_delay *= 2.0;
    }
    assert_eq!(drain_for_tests(&app).await, 1);
    let (status, attempts, last_error, locked_until, _) = job_state(&app, id).await.unwrap();
    assert_eq!((status.as_str(), attempts, last_error.as_deref(), locked_until), ("dead", 3, Some("boom on attempt 3"), None));
    make_due(&app, id).await;
    assert_eq!(drain_for_tests(&app).await, 0, "a dead job stays dead");

    let panics = enqueue(&app, NewJob::new("test.panics", json!({}))).await.unwrap();
    assert_eq!(drain_for_tests(&app).await, 1, "the worker survives the panic");
    let (status, attempts, last_error, ..) = job_state(&app, panics).await.unwrap();
    assert_eq!((status.as_str(), attempts), ("queued", 1));
    assert!(last_error.unwrap().contains("panicked: kaboom on attempt 1"));

    let unknown = enqueue(&app, NewJob::new("test.nobody_knows", json!({})).attempts(1)).await.unwrap();
    app.run_jobs().await;
    let (status, _, last_error, ..) = job_state(&app, unknown).await.unwrap();
    assert_eq!((status.as_str(), last_error.as_deref()), ("dead", Some("unknown job kind \"test.nobody_knows\"")));
}

#[tokio::test]
async fn the_worker_loop_runs_jobs_promptly_and_stops_on_shutdown() {
    let app = TestApp::spawn().await;
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(queue::run_worker(
        app.platform.db.write().clone(),
        "loop".to_owned(),
        move |job: ClaimedJob| {
            let done = done_tx.clone();
            async move {
                if job.kind == "test.panics" {
                    panic!("kaboom");
                }
                let _ = done.send(job.id);
                Ok(())
            }
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    enqueue(&app, NewJob::new("test.panics", json!({}))).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let id = enqueue(&app, NewJob::new("test.job", json!({}))).await.unwrap();
    let ran = tokio::time::timeout(Duration::from_secs(2), done_rx.recv()).await.expect("picked up within a poll or two");
    assert_eq!(ran, Some(id));
    let _ = stop_tx.send(());
    tokio::time::timeout(Duration::from_secs(2), worker).await.expect("stops").unwrap();
    assert_eq!(app.scalar_i64("select count(*) from background_jobs where kind = 'test.job'").await, 0);
}

#[tokio::test]
async fn concurrent_tickers_enqueue_each_tick_exactly_once() {
    let app = TestApp::spawn().await;
    let pool = app.platform.db.write();
    let periodic = [Periodic { name: "test.tick", schedule: "*/5 * * * * *" }];
    queue::ensure_periodic(pool, &periodic).await.unwrap();
    let db = app.superuser().await;
    let next: DateTime<Utc> = sqlx::query_scalar("select next_run_at from periodic_jobs where name = 'test.tick'").fetch_one(&db).await.unwrap();
    assert!(next > Utc::now() - chrono::Duration::seconds(1) && next <= Utc::now() + chrono::Duration::seconds(5));

    let jobs = || app.scalar_i64("select count(*) from background_jobs where kind = 'test.tick' and unique_key = 'test.tick'");
    let mut job_ids = HashSet::new();
    for round in 0..3 {
        sqlx::query("update periodic_jobs set next_run_at = now() - interval '1 second' where name = 'test.tick'").execute(&db).await.unwrap();
        let tickers: Vec<_> = (0..4).map(|_| queue::tick_periodic(pool, &periodic)).collect();
        let taken: usize = futures::future::join_all(tickers).await.into_iter().map(|result| result.unwrap().len()).sum();
        assert_eq!(taken, 1, "round {round}: one ticker takes the tick");
        assert_eq!(jobs().await, 1, "round {round}");
        let next: DateTime<Utc> = sqlx::query_scalar("select next_run_at from periodic_jobs where name = 'test.tick'").fetch_one(&db).await.unwrap();
        assert!(next > Utc::now() - chrono::Duration::seconds(1), "round {round}: the next tick is ahead");
        if round == 1 {
            // The job from round 0 is still queued: the tick is taken but nothing piles up.
            continue;
        }
        let id: i64 = sqlx::query_scalar("select id from background_jobs where kind = 'test.tick'").fetch_one(&db).await.unwrap();
        job_ids.insert(id);
        assert_eq!(drain_for_tests(&app).await, 1);
        assert_eq!(jobs().await, 0);
    }
    assert_eq!(job_ids.len(), 2);

    // A restart keeps the next tick; a new schedule brings it forward when it comes sooner.
    sqlx::query("update periodic_jobs set next_run_at = now() + interval '1 day' where name = 'test.tick'").execute(&db).await.unwrap();
    queue::ensure_periodic(pool, &periodic).await.unwrap();
    assert_eq!(app.scalar_i64("select count(*) from periodic_jobs where next_run_at > now() + interval '23 hours'").await, 1);
    queue::ensure_periodic(pool, &[Periodic { name: "test.tick", schedule: "*/10 * * * * *" }]).await.unwrap();
    assert_eq!(app.scalar_i64("select count(*) from periodic_jobs where next_run_at < now() + interval '11 seconds' and schedule = '*/10 * * * * *'").await, 1);
}

#[tokio::test]
async fn the_jobs_page_is_for_superadmins_who_retry_and_discard() {
    let app = TestApp::spawn().await;
    let acme: uuid::Uuid = sqlx::query_scalar("select id from tenants where slug = 'acme'").fetch_one(&app.superuser().await).await.unwrap();
    let acme_name: String = sqlx::query_scalar("select name from tenants where slug = 'acme'").fetch_one(&app.superuser().await).await.unwrap();
    let dead = enqueue(&app, NewJob::new("test.fails", json!({ "tenant_id": acme })).attempts(1)).await.unwrap();
    let failed = enqueue(&app, NewJob::new("test.fails.twice", json!({ "tenant_id": "not an id" }))).await.unwrap();
    assert_eq!(drain_for_tests(&app).await, 2);
    let waiting = enqueue(&app, NewJob::new("test.job", json!({})).at(Utc::now() + chrono::Duration::hours(1))).await.unwrap();
    let running = enqueue(&app, NewJob::new("test.running", json!({}))).await.unwrap();
    let claimed = queue::claim(app.platform.db.write(), "w", LEASE).await.unwrap().unwrap();
    assert_eq!(claimed.id, running);

    for email in ["admin@acme.test", "recruiter@acme.test", "interviewer@acme.test"] {
        let client = app.signed_in(email).await;
        assert_eq!(error_of(app.call::<ListJobs>(&client, &[]).await).await.0, 403, "{email}");
        assert_eq!(error_of(app.call::<RetryJob>(&client, &[("id", &dead.to_string())]).await).await.0, 403, "{email}");
        assert_eq!(error_of(app.call::<DiscardJob>(&client, &[("id", &dead.to_string())]).await).await.0, 403, "{email}");
        assert_eq!(app.page(&client, "/console/jobs").await.0, 403, "{email}");
    }
    assert_eq!(error_of(app.call::<ListJobs>(&app.browser(), &[]).await).await.0, 401);
    assert_eq!(app.scalar_i64("select count(*) from background_jobs where status = 'dead'").await, 1, "nothing changed");

    let superadmin = app.signed_in("superadmin@hirevoo.test").await;
    let listed = app.call::<ListJobs>(&superadmin, &[]).await.text().await.unwrap();
    let overview: JobsOverview = serde_json::from_str(&listed).unwrap_or_else(|e| panic!("{e}: {listed}"));
    let c = overview.counts;
    assert_eq!((c.ready, c.scheduled, c.running, c.failed, c.dead), (0, 1, 1, 1, 1));
    assert_eq!(overview.queued.iter().map(|j| j.id).collect::<Vec<_>>(), [waiting]);
    assert_eq!(overview.running.iter().map(|j| (j.id, j.locked_by.as_deref())).collect::<Vec<_>>(), [(running, Some("w"))]);
    assert_eq!(overview.failed.iter().map(|j| (j.id, j.tenant_id, j.tenant_name.clone())).collect::<Vec<_>>(), [(failed, None, None)]);
    let listed = &overview.dead[0];
    assert_eq!((listed.id, listed.attempts, listed.max_attempts), (dead, 1, 1));
    assert_eq!((listed.tenant_id, listed.tenant_name.as_deref(), listed.last_error.as_deref()), (Some(acme), Some(acme_name.as_str()), Some("boom on attempt 1")));

    let (status, html) = app.page(&superadmin, "/console/jobs").await;
    assert_eq!(status, 200);
    for text in ["Background jobs", "test.fails", "boom on attempt 1", acme_name.as_str(), "Retry", "Discard", "Lease until"] {
        assert!(html.contains(text), "the page shows {text}");
    }

    assert!(app.call::<RetryJob>(&superadmin, &[("id", &dead.to_string())]).await.status().is_success());
    let (status, attempts, last_error, locked_until, run_at) = job_state(&app, dead).await.unwrap();
    assert_eq!((status.as_str(), attempts, last_error.as_deref(), locked_until), ("queued", 0, Some("boom on attempt 1"), None));
    assert!(run_at <= Utc::now());
    assert!(app.call::<RetryJob>(&superadmin, &[("id", &failed.to_string())]).await.status().is_success());
    let (_, attempts, _, _, run_at) = job_state(&app, failed).await.unwrap();
    assert_eq!(attempts, 1, "a failed job keeps its count");
    assert!(run_at <= Utc::now());
    assert_eq!(error_of(app.call::<RetryJob>(&superadmin, &[("id", &waiting.to_string())]).await).await.0, 404, "nothing to retry");
    assert_eq!(error_of(app.call::<RetryJob>(&superadmin, &[("id", "999999")]).await).await.0, 404);

    assert_eq!(error_of(app.call::<DiscardJob>(&superadmin, &[("id", &running.to_string())]).await).await.0, 409, "running");
    assert!(app.call::<DiscardJob>(&superadmin, &[("id", &waiting.to_string())]).await.status().is_success());
    assert!(job_state(&app, waiting).await.is_none());
    assert_eq!(error_of(app.call::<DiscardJob>(&superadmin, &[("id", &waiting.to_string())]).await).await.0, 404);
    assert_eq!(error_of(app.call::<DiscardJob>(&superadmin, &[("id", "x")]).await).await.0, 400);

    assert_eq!(app.scalar_i64(&format!("select count(*) from audit_log where action = 'job.retry' and target = 'job:{dead}' and tenant_id = '{acme}'")).await, 1);
    assert_eq!(app.scalar_i64("select count(*) from audit_log where action = 'job.retry' and actor_id = (select id from users where email = 'superadmin@hirevoo.test')").await, 2);
    assert_eq!(app.scalar_i64(&format!("select count(*) from audit_log where action = 'job.discard' and target = 'job:{waiting}'")).await, 1);
    let mut conn = app.owner().await;
    assert!(app::platform::audit::verify(&mut conn).await.unwrap().is_ok());

    // Retried while another job with its key is queued: refused, not a second copy.
    let keyed = enqueue(&app, NewJob::new("test.fails", json!({})).unique("only-one").attempts(1)).await.unwrap();
    queue::drain(app.platform.db.write(), |job: ClaimedJob| async move { if job.kind == "test.fails" { Err("boom".to_owned()) } else { Ok(()) } }).await;
    assert_eq!(job_state(&app, keyed).await.unwrap().0, "dead");
    enqueue(&app, NewJob::new("test.job", json!({})).unique("only-one").at(Utc::now() + chrono::Duration::hours(1))).await.unwrap();
    assert_eq!(error_of(app.call::<RetryJob>(&superadmin, &[("id", &keyed.to_string())]).await).await.0, 409);
}

#[tokio::test]
async fn the_expired_test_sweep_and_the_sign_in_clean_up_run_through_the_queue() {
    let app = TestApp::spawn().await;
    let db = app.superuser().await;
    let session: uuid::Uuid = sqlx::query_scalar("select id from test_sessions where submitted_at is null order by id limit 1").fetch_one(&db).await.unwrap();
    sqlx::query("update test_sessions set deadline_at = now() - interval '1 minute' where id = $1").bind(session).execute(&db).await.unwrap();
    sqlx::query("insert into sign_in_failures (id, email, ip, at) values (gen_random_uuid(), 'old@example.com', '10.0.0.1', now() - interval '2 days'), (gen_random_uuid(), 'new@example.com', '10.0.0.1', now())")
        .execute(&db)
        .await
        .unwrap();

    let pool = app.platform.db.write();
    queue::ensure_periodic(pool, &server::background::PERIODIC).await.unwrap();
    assert_eq!(app.scalar_i64("select count(*) from periodic_jobs").await, server::background::PERIODIC.len() as i64);
    sqlx::query("update periodic_jobs set next_run_at = now() - interval '1 second' where name = any($1)")
        .bind([SweepExpiredTests::KIND, PurgeSignInData::KIND])
        .execute(&db)
        .await
        .unwrap();
    let mut taken = queue::tick_periodic(pool, &server::background::PERIODIC).await.unwrap();
    taken.sort();
    assert_eq!(taken, [SweepExpiredTests::KIND, PurgeSignInData::KIND]);
    // The two, and the pipeline's follow-up of the test the sweep submitted.
    assert_eq!(app.run_jobs().await, 3);
    assert_eq!(app.scalar_i64("select count(*) from background_jobs").await, 0, "all done");

    let (submitted_by, scored): (Option<String>, bool) = sqlx::query_as("select submitted_by, score is not null from test_sessions where id = $1").bind(session).fetch_one(&db).await.unwrap();
    assert_eq!((submitted_by.as_deref(), scored), (Some("time"), true));
    assert_eq!(app.scalar_i64("select count(*) from test_sessions where submitted_at is null and deadline_at < now() - interval '10 seconds'").await, 0);
    assert_eq!(app.scalar_i64("select count(*) from sign_in_failures where email = 'old@example.com'").await, 0);
    assert_eq!(app.scalar_i64("select count(*) from sign_in_failures where email = 'new@example.com'").await, 1);
}
