//! The replica: read-your-writes while its replay is paused, fallback past the
//! lag bound, and fallback when it is unreachable.

use crate::support;

use app::identity::api::{InviteMember, ListMembers};
use app::identity::types::MembersPage;
use app::recruiting::requisitions::api::{ChangeRequisitionStatus, RequisitionDashboard};
use app::recruiting::requisitions::types::{Dashboard, Status};
use server::database::managed;
use sqlx::postgres::PgPoolOptions;
use sqlx::ConnectOptions;
use std::time::Duration;
use support::{cluster_dir, fresh_database, TestApp};

fn replicated_pair() -> managed::Pair {
    let dir = cluster_dir("pg-replication");
    std::fs::create_dir_all(&dir).unwrap();
    let lock = std::fs::File::create(dir.with_extension("lock")).unwrap();
    lock.lock().unwrap();
    let pair = managed::Pair::start(&dir, true, false).expect("primary and replica");
    lock.unlock().ok();
    pair
}

async fn invitations(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let page = app.call::<ListMembers>(client, &[]).await.json::<MembersPage>().await.unwrap();
    page.invitations.into_iter().map(|i| i.email).collect()
}

#[tokio::test]
async fn a_writer_reads_its_write_while_others_read_the_paused_replica_until_it_lags_too_far() {
    let pair = replicated_pair();
    let replica = pair.replica.clone().unwrap();
    let database = fresh_database(&pair.primary).await;
    let app = TestApp::start(&pair.primary, Some(&replica), &database, Duration::from_secs(2)).await;
    app.seed().await;
    let writer = app.signed_in("admin@acme.test").await;
    let reader = app.signed_in("admin@acme.test").await;

    // Let the replica catch up with the seed before pausing it.
    let target = app.platform.db.write_position().await.unwrap();
    let replica_admin = replica.options(managed::SUPERUSER, "postgres").connect().await.unwrap();
    let replica_admin = std::sync::Arc::new(tokio::sync::Mutex::new(replica_admin));
    // A run that failed midway may have left replay paused.
    sqlx::query("select pg_wal_replay_resume()").execute(&mut *replica_admin.lock().await).await.unwrap();
    let mut caught_up = false;
    for _ in 0..200 {
        app.platform.db.check_replica().await;
        let replayed: String = sqlx::query_scalar("select pg_last_wal_replay_lsn()::text").fetch_one(&mut *replica_admin.lock().await).await.unwrap();
        if app::platform::db::Lsn::parse(&replayed).unwrap() >= target {
            caught_up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(caught_up, "the replica replays the primary's log");
    sqlx::query("select pg_wal_replay_pause()").execute(&mut *replica_admin.lock().await).await.unwrap();
    app.platform.db.check_replica().await;
    let fallbacks_before = app.platform.db.fallbacks();
    assert!(app.platform.db.readiness().await.replica_in_service, "the app reads from the replica");

    let invited = app.call::<InviteMember>(&writer, &[("email", "fresh.hire@example.com"), ("role", "recruiter")]).await;
    assert!(invited.status().is_success());
    assert_eq!(invitations(&app, &writer).await, ["fresh.hire@example.com"], "the writer sees its write at once");
    assert!(invitations(&app, &reader).await.is_empty(), "another session still reads the paused replica");
    assert_eq!(app.platform.db.fallbacks(), fallbacks_before + 1, "only the writer's read went to the primary");

    // The same for a requisition's status: the dashboard reads the replica, except for the one who changed it.
    let id: uuid::Uuid = sqlx::query_scalar("select id from requisitions where title = 'Senior Frontend Engineer'").fetch_one(&app.superuser().await).await.unwrap();
    let held = app.call::<ChangeRequisitionStatus>(&writer, &[("id", &id.to_string()), ("to", "on_hold"), ("reason", "Reorg")]).await;
    assert!(held.status().is_success());
    let status_seen = |client: reqwest::Client| {
        let app = &app;
        async move {
            let body = serde_json::json!({ "params": { "q": "Senior Frontend Engineer" } });
            let dashboard: Dashboard = app.call_json::<RequisitionDashboard>(&client, body).await.json().await.unwrap();
            dashboard.rows.iter().find(|r| r.id == id).unwrap().status
        }
    };
    assert_eq!(status_seen(writer.clone()).await, Status::OnHold, "the one who changed it sees the change at once");
    assert_eq!(status_seen(reader.clone()).await, Status::Open, "another session reads the paused replica");

    // Past the lag bound, the replica is skipped for everyone.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    app.platform.db.check_replica().await;
    assert_eq!(invitations(&app, &reader).await, ["fresh.hire@example.com"]);
    let readiness = app.platform.db.readiness().await;
    assert!(readiness.replica_lag_ms.unwrap() > 2000, "{readiness:?}");

    sqlx::query("select pg_wal_replay_resume()").execute(&mut *replica_admin.lock().await).await.unwrap();
    for _ in 0..100 {
        app.platform.db.check_replica().await;
        if app.platform.db.readiness().await.replica_lag_ms == Some(0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let before = app.platform.db.fallbacks();
    assert_eq!(invitations(&app, &reader).await, ["fresh.hire@example.com"]);
    assert_eq!(app.platform.db.fallbacks(), before, "caught up: the replica serves again");
}

#[tokio::test]
async fn an_unreachable_replica_is_skipped_for_the_primary() {
    let pair = support::shared_cluster();
    let database = fresh_database(&pair.primary).await;
    let primary = PgPoolOptions::new().max_connections(4).connect_lazy_with(pair.primary.options(server::database::APP_ROLE, &database));
    let gone = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_millis(500))
        .connect_lazy_with(sqlx::postgres::PgConnectOptions::new().socket("/nonexistent-socket-dir").database(&database));
    let db = app::platform::db::Db::new(primary, Some(gone), Duration::from_secs(10));
    let app = TestApp::serve(db, &pair.primary, &database).await;
    app.seed().await;
    app.platform.db.check_replica().await;
    let admin = app.signed_in("admin@acme.test").await;
    let page = app.call::<ListMembers>(&admin, &[]).await;
    assert!(page.status().is_success(), "served by the primary");
    assert!(app.platform.db.fallbacks() >= 1);
    let ready = reqwest::get(format!("{}/readyz", app.url)).await.unwrap();
    assert_eq!(ready.status().as_u16(), 200, "still ready: reads go to the primary");
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["primary"], true);
    assert_eq!(body["replica"], false);
}
