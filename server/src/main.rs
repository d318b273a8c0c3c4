//! `hirevoo-server [serve | migrate | seed --demo | verify-audit | demo-code]`

use server::config::Config;
use server::database;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: hirevoo-server [serve | migrate | seed --demo | verify-audit | demo-code]";

#[tokio::main]
async fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    // One JSON object per line for log collectors; readable lines otherwise.
    if std::env::var("HIREVOO_LOG_FORMAT").is_ok_and(|f| f == "json") {
        logs.json().init();
    } else {
        logs.init();
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config_path = std::env::var("HIREVOO_CONFIG").map(PathBuf::from).unwrap_or_else(|_| "Leptos.toml".into());
    let result = match Config::load(&config_path) {
        Err(error) => Err(error),
        Ok(config) => match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            [] | ["serve"] => server::serve(config).await,
            ["migrate"] => with_database(&config, |_| async { Ok("migrations applied".to_owned()) }).await,
            ["seed", "--demo"] => with_database(&config, |platform| async move { server::seed::demo(&platform, &server::seed::demo_password()).await }).await,
            ["verify-audit"] => {
                with_database(&config, |platform| async move {
                    let mut conn = platform.db.write().acquire().await.map_err(|e| e.to_string())?;
                    match app::platform::audit::verify(&mut conn).await.map_err(|e| e.to_string())? {
                        Ok(count) => Ok(format!("audit log intact: {count} entries verified")),
                        Err(id) => Err(format!("audit log broken at entry {id}")),
                    }
                })
                .await
            }
            // The demo superadmin's second step, for trying the console without an authenticator app.
            ["demo-code"] => {
                println!("{}", server::seed::demo_two_step_code(chrono::Utc::now().timestamp()));
                Ok(())
            }
            _ => Err(USAGE.to_owned()),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command against the migrated database, starting and stopping the managed one if needed.
async fn with_database<F, Fut>(config: &Config, command: F) -> Result<(), String>
where
    F: FnOnce(app::platform::context::Platform) -> Fut,
    Fut: std::future::Future<Output = Result<String, String>>,
{
    let connections = database::connect(config).await?;
    database::migrate(&connections.owner).await?;
    let db = database::pools(&connections, 4, Duration::from_millis(config.database.max_replica_lag_ms));
    let platform = server::platform(config, db).await?;
    let result = command(platform).await;
    if let Some(pair) = connections.managed.filter(|pair| pair.started_here) {
        tokio::task::spawn_blocking(move || pair.stop()).await.map_err(|e| e.to_string())??;
    }
    println!("{}", result?);
    Ok(())
}
