//! The database platform: the managed local servers or the configured ones,
//! the roles, migrations and the two pools.

pub mod managed;

use app::platform::db::Db;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection};
use std::str::FromStr;
use std::time::Duration;

use crate::config::Config;

/// The application's role: owns nothing, cannot bypass row-level security.
pub const APP_ROLE: &str = "hirevoo_app";
/// Owns the schema; migrations run as it.
pub const OWNER_ROLE: &str = "hirevoo_owner";
/// Owns the people search's function only; see the migration `candidate_search`.
pub const SEARCH_ROLE: &str = "hirevoo_search";
pub const DATABASE: &str = "hirevoo";

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

pub struct Connections {
    pub primary: PgConnectOptions,
    pub replica: Option<PgConnectOptions>,
    pub owner: PgConnectOptions,
    /// The local servers, when this process runs them.
    pub managed: Option<managed::Pair>,
}

fn parse(name: &str, url: &str) -> Result<PgConnectOptions, String> {
    PgConnectOptions::from_str(url).map_err(|e| format!("{name}: {e}"))
}

/// Finds or starts the database servers the configuration names.
pub async fn connect(config: &Config) -> Result<Connections, String> {
    let db = &config.database;
    if let Some(url) = &db.url {
        return Ok(Connections {
            primary: parse("DATABASE_URL", url)?,
            replica: db.replica_url.as_deref().map(|u| parse("DATABASE_REPLICA_URL", u)).transpose()?,
            owner: parse("DATABASE_OWNER_URL", db.owner_url.as_deref().unwrap_or(url))?,
            managed: None,
        });
    }
    let data_dir = db.data_dir.clone();
    let pair = tokio::task::spawn_blocking(move || managed::Pair::start(&data_dir, true, true))
        .await
        .map_err(|e| e.to_string())??;
    bootstrap(&pair.primary, DATABASE).await?;
    Ok(Connections {
        primary: pair.primary.options(APP_ROLE, DATABASE),
        replica: pair.replica.as_ref().map(|r| r.options(APP_ROLE, DATABASE)),
        owner: pair.primary.options(OWNER_ROLE, DATABASE),
        managed: Some(pair),
    })
}

/// Creates the two roles and the database on a managed server, if missing.
pub async fn bootstrap(server: &managed::Server, database: &str) -> Result<(), String> {
    let mut conn = server.options(managed::SUPERUSER, "postgres").connect().await.map_err(|e| format!("connecting to the local PostgreSQL: {e}"))?;
    for role in [OWNER_ROLE, APP_ROLE] {
        sqlx::query(&format!(
            "do $$ begin if not exists (select from pg_roles where rolname = '{role}') then create role {role} login; end if; end $$"
        ))
        .execute(&mut conn)
        .await
        .map_err(|e| format!("creating role {role}: {e}"))?;
    }
    // The people search reads its indexes as this role, which passes row-level security; it
    // cannot sign in and owns one function, which keeps to the current tenant itself.
    sqlx::query(&format!(
        "do $$ begin if not exists (select from pg_roles where rolname = '{SEARCH_ROLE}') then create role {SEARCH_ROLE} nologin bypassrls; end if; end $$"
    ))
    .execute(&mut conn)
    .await
    .map_err(|e| format!("creating role {SEARCH_ROLE}: {e}"))?;
    sqlx::query(&format!("grant {SEARCH_ROLE} to {OWNER_ROLE}")).execute(&mut conn).await.map_err(|e| format!("granting {SEARCH_ROLE}: {e}"))?;
    let exists: bool = sqlx::query_scalar("select exists (select from pg_database where datname = $1)")
        .bind(database)
        .fetch_one(&mut conn)
        .await
        .map_err(|e| e.to_string())?;
    if !exists {
        sqlx::query(&format!("create database \"{database}\" owner {OWNER_ROLE}"))
            .execute(&mut conn)
            .await
            .map_err(|e| format!("creating database {database}: {e}"))?;
    }
    Ok(())
}

pub async fn migrate(owner: &PgConnectOptions) -> Result<(), String> {
    let mut conn = PgConnection::connect_with(owner).await.map_err(|e| format!("connecting as the owner: {e}"))?;
    MIGRATOR.run(&mut conn).await.map_err(|e| format!("migrating: {e}"))?;
    conn.close().await.ok();
    Ok(())
}

/// Refuses an application role that row-level security does not bind: as a superuser or with
/// BYPASSRLS, every tenant's rows would be one query away from any bug.
pub async fn check_app_role(db: &Db) -> Result<(), String> {
    let (name, unbound): (String, bool) = sqlx::query_as("select rolname::text, rolsuper or rolbypassrls from pg_roles where rolname = current_user")
        .fetch_one(db.write())
        .await
        .map_err(|e| format!("connecting as the application role: {e}"))?;
    if unbound {
        return Err(format!("the database role {name} is a superuser or bypasses row-level security: connect as a role without either (DATABASE_URL)"));
    }
    Ok(())
}

/// The primary and replica pools, as the application role.
pub fn pools(connections: &Connections, max_connections: u32, max_replica_lag: Duration) -> Db {
    let options = || {
        PgPoolOptions::new()
            .max_connections(max_connections)
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(3))
    };
    // The data a page reads is in memory (or on SSD): a random read costs about as much as a
    // sequential one. With PostgreSQL's default (4), a tenant's rows estimated too few (its
    // filter and the row-level security policy counted as independent conditions) were read
    // through a bitmap and sorted, 40 ms, instead of read in order from an index and stopped
    // after a page, 0.4 ms (docs/benchmarks.md).
    let planned = |options: PgConnectOptions| options.options([("random_page_cost", "1.1")]);
    let primary = options().connect_lazy_with(planned(connections.primary.clone()));
    let replica = connections.replica.clone().map(|r| options().connect_lazy_with(planned(r)));
    Db::new(primary, replica, max_replica_lag)
}
