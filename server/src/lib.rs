//! The Hirevoo server: configuration, the database platform, the router and background work.

pub mod background;
pub mod config;
pub mod database;
pub mod http;
pub mod seed;

use app::platform::batches::Batches;
use app::platform::context::Platform;
use app::platform::db::Db;
use app::platform::mail::{Mailer, SmtpSettings};
use app::platform::password::Hasher;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use std::time::Duration;

use config::Config;

/// Where cargo-leptos put the browser bundle; its environment variables win when it runs us.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let var = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
    LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", "hirevoo"))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(config.site.address)
        .build()
}

/// Anonymous uploads read at once per server (at most about 100 MB of résumés in memory).
const ANONYMOUS_UPLOADS_AT_ONCE: usize = 8;

/// The platform services, with the feature flags read and followed.
pub async fn platform(config: &Config, db: Db) -> Result<Platform, String> {
    let mailer = match &config.mail.smtp_host {
        Some(host) => Mailer::smtp(&SmtpSettings {
            host: host.clone(),
            port: config.mail.smtp_port,
            tls: config.mail.smtp_tls.as_deref().map(str::parse).transpose()?.unwrap_or_default(),
            username: config.mail.smtp_username.clone(),
            password: config.mail.smtp_password.clone(),
            from: config.mail.from.clone(),
        })?,
        None => Mailer::Outbox,
    };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Saves gather while earlier batches commit; a few writers leave the pool to the pages, and a
    // full queue (a few hundred milliseconds of work) refuses at once so the browser retries later.
    let answer_saves = {
        let pool = db.write().clone();
        Batches::start(256, 4, 64, move |saves| app::assessments::taking::write_answer_saves(pool.clone(), saves))
    };
    let storage = app::platform::storage::Storage::local(config.storage_dir());
    let live = app::platform::live::Live::default();
    live.listen(db.write().clone());
    let flags = app::platform::flags::Flags::default();
    let live_settings = config.live_settings();
    // A database that is down at start leaves the defaults in place until it is back: the
    // follow loops reload as soon as the listener reconnects, and pages say 503 meanwhile.
    if let Err(error) = flags.reload(db.write()).await {
        tracing::warn!(%error, "the feature flags are not read yet");
    }
    if let Err(error) = live_settings.reload(db.write()).await {
        tracing::warn!(%error, "the platform settings are not read yet");
    }
    flags.follow(db.write().clone(), &live);
    live_settings.follow(db.write().clone(), &live);
    let anonymous_uploads = Arc::new(tokio::sync::Semaphore::new(ANONYMOUS_UPLOADS_AT_ONCE));
    let secret_box = config.secret_box()?;
    let usage = app::usage::events::recorder(db.write().clone());
    Ok(Platform {
        db,
        settings: Arc::new(config.settings()),
        mailer,
        hasher: Hasher::new(cores),
        answer_saves,
        storage,
        live,
        flags,
        live_settings,
        anonymous_uploads,
        secret_box,
        usage,
    })
}

/// Measures the replica twice a second (each instance its own view of it) and starts the
/// background queue's worker and periodic jobs.
pub fn spawn_background(platform: &Platform) {
    let db = platform.db.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tick.tick().await;
            db.check_replica().await;
        }
    });
    background::spawn(platform);
    spawn_sampler(platform.clone());
}

/// Stores this instance's figures at the start of every minute, for the console's charts.
fn spawn_sampler(platform: Platform) {
    tokio::spawn(async move {
        let instance = app::console::metrics::service::instance_name();
        let past_minute = Duration::from_millis((chrono::Utc::now().timestamp_millis() % 60_000) as u64);
        let start = tokio::time::Instant::now() + Duration::from_secs(60).saturating_sub(past_minute);
        let mut tick = tokio::time::interval_at(start, Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(error) = app::console::metrics::service::sample(&platform, &instance, chrono::Utc::now()).await {
                tracing::warn!(%error, "this minute's metrics could not be stored");
            }
        }
    });
}

/// Runs the server until Ctrl-C or SIGTERM, then lets requests finish and stops the managed database.
pub async fn serve(config: Config) -> Result<(), String> {
    let connections = database::connect(&config).await?;
    database::migrate(&connections.owner).await?;
    let db = database::pools(&connections, config.database.max_connections, Duration::from_millis(config.database.max_replica_lag_ms));
    database::check_app_role(&db).await?;
    let platform = platform(&config, db).await?;
    if let Some(pair) = connections.managed.as_ref().filter(|pair| pair.created) {
        let text = seed::demo(&platform, &seed::demo_password()).await?;
        let file = config.database.data_dir.join("demo-credentials.txt");
        let _ = std::fs::write(&file, format!("{text}\n"));
        println!("{text}\n(kept in {})", file.display());
        tracing::info!(dir = %pair.primary.dir.display(), "created the local PostgreSQL primary and replica");
    }
    platform.db.check_replica().await;
    spawn_background(&platform);
    let options = leptos_options(&config);
    let router = http::router(options, platform);
    let listener = tokio::net::TcpListener::bind(config.site.address).await.map_err(|e| format!("{}: {e}", config.site.address))?;
    tracing::info!("listening on http://{}", config.site.address);
    let served = axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string());
    if let Some(pair) = connections.managed {
        if pair.started_here {
            tracing::info!("stopping the local PostgreSQL");
            tokio::task::spawn_blocking(move || pair.stop()).await.map_err(|e| e.to_string())??;
        }
    }
    served
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down: finishing requests in flight");
}
