//! The test harness: a real PostgreSQL (one cluster per test run, shared by the
//! test binaries), a fresh database per test cloned from a migrated template, and
//! the real server on a loopback port.

#![allow(dead_code)]

use app::platform::context::Platform;
use leptos::server_fn::ServerFn;
use reqwest::{redirect, Client, Response};
use server::config::Config;
use server::database::{self, managed, APP_ROLE, OWNER_ROLE};
use sqlx::postgres::PgPoolOptions;
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;
use uuid::Uuid;

pub const PASSWORD: &str = "demo password 123";

/// Whether a sign-in's answer sends the browser to the second step.
pub fn asks_second_step(response: &Response) -> bool {
    response.headers().get("location").and_then(|value| value.to_str().ok()).is_some_and(|to| to.ends_with(app::identity::two_step::SIGN_IN_PATH))
}

/// Test clusters live in the system's temporary folder, which the PostgreSQL
/// user can reach even when the build folder is in a private home.
pub fn cluster_dir(name: &str) -> PathBuf {
    use sha2::Digest;
    let build = app::platform::tokens::hex(&sha2::Sha256::digest(env!("CARGO_TARGET_TMPDIR").as_bytes())[..4]);
    std::env::temp_dir().join(format!("hirevoo-tests-{build}")).join(name)
}

/// The shared test cluster (started on first use; left running for the next binaries).
pub fn shared_cluster() -> &'static managed::Pair {
    static PAIR: OnceLock<managed::Pair> = OnceLock::new();
    PAIR.get_or_init(|| {
        let dir = cluster_dir("pg-shared");
        std::fs::create_dir_all(&dir).expect("test cluster dir");
        let lock = std::fs::File::create(dir.with_extension("lock")).expect("lock file");
        lock.lock().expect("cluster lock");
        let pair = managed::Pair::start(&dir, false, false).expect("test PostgreSQL");
        lock.unlock().ok();
        pair
    })
}

fn template_name() -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for migration in database::MIGRATOR.iter() {
        hasher.update(migration.version.to_be_bytes());
        hasher.update(&*migration.checksum);
    }
    format!("hirevoo_template_{}", app::platform::tokens::hex(&hasher.finalize()[..6]))
}

/// A new database, migrated, on `server`; returns its name.
pub async fn fresh_database(server: &managed::Server) -> String {
    let template = template_name();
    let mut admin = server.options(managed::SUPERUSER, "postgres").connect().await.expect("superuser connection");
    sqlx::query("select pg_advisory_lock(7337)").execute(&mut admin).await.unwrap();
    let exists: bool = sqlx::query_scalar("select exists (select from pg_database where datname = $1)")
        .bind(&template)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    if !exists {
        database::bootstrap(server, &template).await.expect("roles and template");
        if let Err(error) = database::migrate(&server.options(OWNER_ROLE, &template)).await {
            // Half migrated, it must not be the next run's template.
            sqlx::query(&format!("drop database {template}")).execute(&mut admin).await.ok();
            panic!("migrating the template: {error}");
        }
    }
    remove_stale_databases(&mut admin).await;
    sqlx::query("select pg_advisory_unlock(7337)").execute(&mut admin).await.unwrap();
    let name = format!("test_{}", Uuid::now_v7().simple());
    sqlx::query(&format!("create database {name} template {template} owner {OWNER_ROLE}")).execute(&mut admin).await.unwrap();
    name
}

/// Test databases are kept after their test (to look into a failure) but not for
/// long: each binary's first new database drops those made more than an hour ago.
async fn remove_stale_databases(admin: &mut sqlx::PgConnection) {
    static ONCE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if ONCE.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let hour_ago = (chrono::Utc::now() - chrono::Duration::hours(1)).timestamp_millis();
    let names: Vec<String> = sqlx::query_scalar("select datname from pg_database where datname like 'test\\_%'")
        .fetch_all(&mut *admin)
        .await
        .unwrap_or_default();
    for name in names {
        let made = Uuid::parse_str(&name["test_".len()..]).ok().and_then(|id| id.get_timestamp()).map(|t| {
            let (seconds, nanos) = t.to_unix();
            seconds as i64 * 1000 + i64::from(nanos / 1_000_000)
        });
        if made.is_some_and(|made| made < hour_ago) {
            sqlx::query(&format!("drop database if exists {name}")).execute(&mut *admin).await.ok();
        }
    }
}

/// A test that runs this long has hung: the binary stops and names it, instead of
/// holding CI until its overall time limit.
const TEST_TIME_LIMIT: Duration = Duration::from_secs(180);

type Running = std::sync::Mutex<(u64, Vec<(u64, String, std::time::Instant)>)>;

/// The tests under way in this binary, watched by a thread started with the first.
fn running() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(Duration::from_secs(5));
            let tests = running().lock().unwrap_or_else(|e| e.into_inner());
            if let Some((_, name, _)) = tests.1.iter().find(|(_, _, since)| since.elapsed() > TEST_TIME_LIMIT) {
                eprintln!("test {name} has run for more than {} s: stopping", TEST_TIME_LIMIT.as_secs());
                std::process::exit(124);
            }
        });
        Default::default()
    })
}

/// Registers the current test with the watchdog for as long as it lives.
struct Watched(u64);

impl Watched {
    fn start() -> Self {
        let mut tests = running().lock().unwrap_or_else(|e| e.into_inner());
        tests.0 += 1;
        let id = tests.0;
        tests.1.push((id, std::thread::current().name().unwrap_or("unnamed").to_owned(), std::time::Instant::now()));
        Watched(id)
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        running().lock().unwrap_or_else(|e| e.into_inner()).1.retain(|(id, _, _)| *id != self.0);
    }
}

pub struct TestApp {
    pub url: String,
    pub platform: Platform,
    pub database: String,
    pub primary: managed::Server,
    /// Where this app keeps uploaded files.
    pub files: PathBuf,
    _watched: Watched,
}

impl TestApp {
    /// The server on the shared cluster's primary, with demo data and a second tenant.
    pub async fn spawn() -> Self {
        let pair = shared_cluster();
        let database = fresh_database(&pair.primary).await;
        let app = Self::start(&pair.primary, None, &database, Duration::from_secs(10)).await;
        app.seed().await;
        app
    }

    pub async fn start(primary: &managed::Server, replica: Option<&managed::Server>, database: &str, max_lag: Duration) -> Self {
        let pool = |server: &managed::Server| {
            PgPoolOptions::new().max_connections(8).acquire_timeout(Duration::from_secs(3)).connect_lazy_with(server.options(APP_ROLE, database))
        };
        let db = app::platform::db::Db::new(pool(primary), replica.map(pool), max_lag);
        Self::serve(db, primary, database).await
    }

    /// The server in front of `db`, on a loopback port.
    pub async fn serve(db: app::platform::db::Db, primary: &managed::Server, database: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let mut config = Config::default();
        config.site.public_url = url.clone();
        // Each app its own folder, beside the test clusters.
        let files = cluster_dir("files").join(database);
        config.storage.dir = Some(files.clone());
        config.site.secret_key = Some("5e".repeat(32));
        let platform = server::platform(&config, db).await.unwrap();
        let mut options = server::leptos_options(&config);
        // The bundles `make build` wrote, as the README's binary serves them.
        options.site_root = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").into();
        let router = server::http::router(options, platform.clone());
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap();
        });
        Self { url, platform, database: database.to_owned(), primary: primary.clone(), files, _watched: Watched::start() }
    }

    pub async fn seed(&self) {
        server::seed::demo(&self.platform, PASSWORD).await.expect("demo data");
        // The demo's finished tests leave follow-up jobs; each test starts from an empty queue.
        sqlx::query("truncate background_jobs restart identity").execute(&self.superuser().await).await.unwrap();
        self.add_tenant("globex", "Globex Talent", &[("admin@globex.test", "tenant_admin"), ("recruiter@globex.test", "recruiter")]).await;
    }

    /// Removes the demo tenant's question bank, job and assessments (with what hangs off them),
    /// for tests that count what they build from an empty bank.
    pub async fn without_demo_assessments(&self) {
        let db = self.superuser().await;
        for table in ["assessments", "question_sets", "questions", "skills", "requisitions"] {
            sqlx::query(&format!("delete from {table}")).execute(&db).await.unwrap();
        }
    }

    /// Removes the demo tenant's candidates, applications and résumés (rows and files), for
    /// tests that count what applying stores.
    pub async fn without_demo_applications(&self) {
        let db = self.superuser().await;
        for table in ["applications", "candidates", "stored_files", "job_analytics"] {
            sqlx::query(&format!("delete from {table}")).execute(&db).await.unwrap();
        }
        let _ = std::fs::remove_dir_all(&self.files);
    }

    /// A tenant with members, written as the owner (outside the app's rules).
    pub async fn add_tenant(&self, slug: &str, name: &str, members: &[(&str, &str)]) -> Uuid {
        let mut conn = self.owner().await;
        let tenant_id = Uuid::now_v7();
        sqlx::query("select set_config('app.tenant_id', $1, false), set_config('app.platform_scope', 'on', false)").bind(tenant_id.to_string()).execute(&mut conn).await.unwrap();
        sqlx::query("insert into tenants (id, name, slug) values ($1, $2, $3)").bind(tenant_id).bind(name).bind(slug).execute(&mut conn).await.unwrap();
        let hash = self.platform.hasher.hash(PASSWORD.to_owned()).await.unwrap();
        for (email, role) in members {
            let user_id = Uuid::now_v7();
            sqlx::query("insert into users (id, email, display_name, password_hash) values ($1, $2, $3, $4)")
                .bind(user_id).bind(email).bind(email.split('@').next().unwrap()).bind(&hash)
                .execute(&mut conn).await.unwrap();
            sqlx::query("insert into memberships (id, tenant_id, user_id, role) values ($1, $2, $3, $4)")
                .bind(Uuid::now_v7()).bind(tenant_id).bind(user_id).bind(role)
                .execute(&mut conn).await.unwrap();
        }
        tenant_id
    }

    /// A connection as the schema owner, for checking what was stored.
    pub async fn owner(&self) -> PgConnection {
        self.primary.options(OWNER_ROLE, &self.database).connect().await.unwrap()
    }

    /// A connection as the application's role.
    pub async fn app_role(&self) -> PgConnection {
        PgConnection::connect_with(&self.primary.options(APP_ROLE, &self.database)).await.unwrap()
    }

    /// A superuser pool on this database: sees everything, whatever the policies.
    pub async fn superuser(&self) -> PgPool {
        PgPoolOptions::new().max_connections(2).connect_with(self.primary.options(managed::SUPERUSER, &self.database)).await.unwrap()
    }

    /// A browser: keeps cookies, does not follow redirects, sends this site's Origin, asks for HTML.
    pub fn browser(&self) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ORIGIN, self.url.parse().unwrap());
        headers.insert(reqwest::header::ACCEPT, "text/html,application/xhtml+xml".parse().unwrap());
        Client::builder().cookie_store(true).redirect(redirect::Policy::none()).default_headers(headers).build().unwrap()
    }

    /// Calls a server function as its client code does (form-encoded, JSON back).
    pub async fn call<S: ServerFn>(&self, client: &Client, form: &[(&str, &str)]) -> Response {
        client.post(format!("{}{}", self.url, S::PATH)).header("accept", "application/json").form(form).send().await.unwrap()
    }

    /// Calls a server function whose input is JSON.
    pub async fn call_json<S: ServerFn>(&self, client: &Client, body: serde_json::Value) -> Response {
        client.post(format!("{}{}", self.url, S::PATH)).header("accept", "application/json").json(&body).send().await.unwrap()
    }

    pub async fn signed_in(&self, email: &str) -> Client {
        let client = self.browser();
        let response = self.call::<app::identity::api::SignIn>(&client, &[("email", email), ("password", PASSWORD)]).await;
        assert!(response.status().is_success() || response.status().is_redirection(), "sign-in of {email}: {}", response.status());
        if asks_second_step(&response) {
            self.pass_second_step(&client).await;
        }
        client
    }

    /// The second step with the demo key (the superadmin's): each sign-in of a test takes the
    /// current code afresh, as a code otherwise works once per account.
    pub async fn pass_second_step(&self, client: &Client) {
        sqlx::query("update user_two_step set last_used_step = 0").execute(&self.superuser().await).await.unwrap();
        let code = server::seed::demo_two_step_code(chrono::Utc::now().timestamp());
        let response = self.call::<app::identity::two_step::api::VerifyTwoStep>(client, &[("code", &code)]).await;
        assert!(response.status().is_success() || response.status().is_redirection(), "second step: {}", response.status());
    }

    pub async fn page(&self, client: &Client, path: &str) -> (u16, String) {
        let response = client.get(format!("{}{}", self.url, path)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    pub async fn scalar_i64(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.superuser().await).await.unwrap()
    }

    /// The newest outbox mail to `to`, and the token its link carries.
    pub async fn mailed_token(&self, to: &str) -> String {
        let body: String = sqlx::query_scalar("select body from outbox where to_address = $1 order by id desc limit 1")
            .bind(to)
            .fetch_one(&self.superuser().await)
            .await
            .expect("a mail");
        body.split("token=").nth(1).expect("a link").chars().take(64).collect()
    }

    /// Runs every queued background job now, as the server's worker would.
    pub async fn run_jobs(&self) -> usize {
        let platform = self.platform.clone();
        app::platform::queue::drain(self.platform.db.write(), move |job| {
            let platform = platform.clone();
            async move { server::background::dispatch(&platform, &job).await }
        })
        .await
    }

    pub async fn membership_id(&self, email: &str) -> Uuid {
        sqlx::query_scalar("select m.id from memberships m join users u on u.id = m.user_id where u.email = $1")
            .bind(email)
            .fetch_one(&self.superuser().await)
            .await
            .unwrap()
    }
}

/// The error a server function answered with.
pub async fn error_of(response: Response) -> (u16, app::platform::AppError) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("an AppError, got {status}: {text}")))
}
