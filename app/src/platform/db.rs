//! The two pools: the primary for writes and fresh reads, the replica for reads
//! that may be slightly stale, with read-your-writes and fallback to the primary.

use serde::Serialize;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

use super::AppError;

/// A position in the write-ahead log, as PostgreSQL's `pg_lsn`, as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lsn(pub u64);

impl Lsn {
    /// Parses PostgreSQL's `X/Y` text form.
    pub fn parse(text: &str) -> Option<Self> {
        let (high, low) = text.trim().split_once('/')?;
        let high = u64::from_str_radix(high, 16).ok()?;
        let low = u64::from_str_radix(low, 16).ok()?;
        (high <= u32::MAX as u64 && low <= u32::MAX as u64).then_some(Self(high << 32 | low))
    }
}

impl std::fmt::Display for Lsn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xFFFF_FFFF)
    }
}

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    primary: PgPool,
    replica: Option<PgPool>,
    max_lag: Duration,
    replica_usable: AtomicBool,
    replayed: AtomicU64,
    lag_ms: AtomicU64,
    fallbacks: AtomicU64,
}

/// What `/readyz` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    pub primary: bool,
    pub replica: Option<bool>,
    pub replica_lag_ms: Option<u64>,
    /// Whether reads go to the replica at all (reachable and within the lag bound at the last check).
    pub replica_in_service: bool,
    pub replica_fallbacks: u64,
}

/// Which rows a transaction may see: PostgreSQL's row-level security reads these settings.
#[derive(Debug, Clone)]
pub enum Scope {
    Tenant { tenant_id: Uuid, user_id: Uuid },
    /// A user's own memberships, across tenants (signing in).
    User(Uuid),
    /// The invitation whose token hash this is.
    InvitationToken(String),
    /// Every tenant: only for a checked superadmin.
    Platform,
}

impl Db {
    pub fn new(primary: PgPool, replica: Option<PgPool>, max_lag: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                primary,
                replica_usable: AtomicBool::new(replica.is_some()),
                replica,
                max_lag,
                replayed: AtomicU64::new(0),
                lag_ms: AtomicU64::new(0),
                fallbacks: AtomicU64::new(0),
            }),
        }
    }

    /// Writes, transactions, sessions and sign-in.
    pub fn write(&self) -> &PgPool {
        &self.inner.primary
    }

    /// The pool for a read that may be slightly stale. `after` is the WAL position
    /// of this user's last write: the replica serves only once it has replayed it.
    pub async fn read(&self, after: Option<Lsn>) -> &PgPool {
        let inner = &self.inner;
        let Some(replica) = &inner.replica else { return &inner.primary };
        if !inner.replica_usable.load(Ordering::Relaxed) {
            return self.fall_back("replica down or lagging");
        }
        let Some(after) = after else { return replica };
        if Lsn(inner.replayed.load(Ordering::Relaxed)) >= after {
            return replica;
        }
        // The last check may be a moment old: ask the replica itself before giving up on it.
        match replayed_lsn(replica).await {
            Some(replayed) if replayed >= after => {
                inner.replayed.fetch_max(replayed.0, Ordering::Relaxed);
                replica
            }
            _ => self.fall_back("replica has not replayed this user's last write"),
        }
    }

    fn fall_back(&self, reason: &'static str) -> &PgPool {
        let count = self.inner.fallbacks.fetch_add(1, Ordering::Relaxed) + 1;
        super::metrics::metrics().replica_fallback();
        tracing::info!(reason, fallbacks = count, "read served by the primary");
        &self.inner.primary
    }

    pub fn fallbacks(&self) -> u64 {
        self.inner.fallbacks.load(Ordering::Relaxed)
    }

    /// Each pool's connections, now.
    pub fn pool_states(&self) -> Vec<(&'static str, super::metrics::PoolState)> {
        let inner = &self.inner;
        let mut states = vec![("primary", super::metrics::PoolState::of(&inner.primary))];
        if let Some(replica) = &inner.replica {
            states.push(("replica", super::metrics::PoolState::of(replica)));
        }
        states
    }

    /// The replica's lag at the last check, if there is a replica.
    pub fn replica_lag_ms(&self) -> Option<u64> {
        self.inner.replica.as_ref().map(|_| self.inner.lag_ms.load(Ordering::Relaxed))
    }

    pub fn has_replica(&self) -> bool {
        self.inner.replica.is_some()
    }

    /// The primary's current WAL position: what a reader must wait for to see a write just committed.
    /// The insert position, not the write position: with asynchronous commit, a commit
    /// record may not be written yet when the transaction returns.
    pub async fn write_position(&self) -> Result<Lsn, AppError> {
        let text: String = sqlx::query_scalar("select pg_current_wal_insert_lsn()::text")
            .fetch_one(&self.inner.primary)
            .await?;
        Lsn::parse(&text).ok_or(AppError::Internal)
    }

    /// Measures the replica's replay position and lag; run periodically.
    pub async fn check_replica(&self) {
        let inner = &self.inner;
        let Some(replica) = &inner.replica else { return };
        let measured = async {
            let primary_lsn = Lsn::parse(
                &sqlx::query_scalar::<_, String>("select pg_current_wal_lsn()::text")
                    .fetch_one(&inner.primary)
                    .await
                    .ok()?,
            )?;
            let (replayed, idle_ms): (Option<String>, Option<f64>) = sqlx::query_as(
                "select pg_last_wal_replay_lsn()::text,
                        (extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000)::float8",
            )
            .fetch_one(replica)
            .await
            .ok()?;
            let replayed = Lsn::parse(&replayed?)?;
            // Caught up means no lag, however long ago the last transaction was.
            let lag_ms = if replayed >= primary_lsn { 0 } else { idle_ms.unwrap_or(f64::MAX).max(0.0) as u64 };
            Some((replayed, lag_ms))
        }
        .await;
        let usable = match measured {
            Some((replayed, lag_ms)) => {
                inner.replayed.fetch_max(replayed.0, Ordering::Relaxed);
                inner.lag_ms.store(lag_ms, Ordering::Relaxed);
                lag_ms <= inner.max_lag.as_millis() as u64
            }
            None => false,
        };
        let was = inner.replica_usable.swap(usable, Ordering::Relaxed);
        if was != usable {
            if usable {
                tracing::info!("replica back in service");
            } else {
                tracing::warn!(lag_ms = inner.lag_ms.load(Ordering::Relaxed), "replica unreachable or too far behind: reads go to the primary");
            }
        }
    }

    pub async fn readiness(&self) -> Readiness {
        let primary = sqlx::query("select 1").execute(&self.inner.primary).await.is_ok();
        let replica = match &self.inner.replica {
            Some(replica) => Some(replayed_lsn(replica).await.is_some()),
            None => None,
        };
        Readiness {
            primary,
            replica,
            replica_lag_ms: replica.map(|_| self.inner.lag_ms.load(Ordering::Relaxed)),
            replica_in_service: self.inner.replica.is_some() && self.inner.replica_usable.load(Ordering::Relaxed),
            replica_fallbacks: self.fallbacks(),
        }
    }

    /// A transaction on `pool` that sees only the rows `scope` allows: the scope is set by
    /// the same round trip that begins the transaction.
    pub async fn begin(pool: &PgPool, scope: &Scope) -> Result<Transaction<'static, Postgres>, AppError> {
        let asked = std::time::Instant::now();
        let (tenant, user, token, platform) = match scope {
            Scope::Tenant { tenant_id, user_id } => (tenant_id.to_string(), user_id.to_string(), String::new(), ""),
            Scope::User(user_id) => (String::new(), user_id.to_string(), String::new(), ""),
            Scope::InvitationToken(hash) => (String::new(), String::new(), hash.clone(), ""),
            Scope::Platform => (String::new(), String::new(), String::new(), "on"),
        };
        // Refused by the database itself, so that no server function can forget to check.
        let mode = if super::session::read_only_request() { "begin read only" } else { "begin" };
        let statement = format!(
            "{mode}; select set_config('app.tenant_id', {}, true), set_config('app.user_id', {}, true), \
             set_config('app.invitation_token_hash', {}, true), set_config('app.platform_scope', {}, true)",
            literal(&tenant),
            literal(&user),
            literal(&token),
            literal(platform),
        );
        let tx = pool.begin_with(statement).await?;
        super::metrics::metrics().pool_wait(asked.elapsed().as_secs_f64());
        super::session::RequestSession::count_transaction();
        Ok(tx)
    }

    /// A transaction on `pool` that sees one tenant's rows, for background work on its behalf.
    pub async fn begin_in_tenant(pool: &PgPool, tenant_id: Uuid) -> Result<Transaction<'static, Postgres>, AppError> {
        let mut tx = pool.begin().await?;
        Self::enter_tenant(&mut tx, tenant_id).await?;
        Ok(tx)
    }

    /// Narrows an open transaction to one user's rows, once a token has told whose.
    pub async fn enter_user(conn: &mut PgConnection, user_id: Uuid) -> Result<(), AppError> {
        sqlx::query("select set_config('app.user_id', $1, true)").bind(user_id.to_string()).execute(conn).await?;
        Ok(())
    }

    /// Narrows an open transaction to one tenant, once a token has told which.
    pub async fn enter_tenant(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(), AppError> {
        sqlx::query("select set_config('app.tenant_id', $1, true)").bind(tenant_id.to_string()).execute(conn).await?;
        Ok(())
    }
}

/// `text` as an SQL string literal (standard-conforming strings: only the quote is special).
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `text` with LIKE's wildcards and escape character taken literally (use with `escape '\\'`).
/// Lets trigram operators (`%`, `<%`) match misspelt words: PostgreSQL's default thresholds
/// (0.3 and 0.6) miss most typos. For this transaction only.
pub async fn loosen_search(conn: &mut PgConnection) -> Result<(), AppError> {
    sqlx::query("select set_config('pg_trgm.word_similarity_threshold', '0.4', true), set_config('pg_trgm.similarity_threshold', '0.3', true)")
        .execute(conn)
        .await?;
    Ok(())
}

pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

async fn replayed_lsn(replica: &PgPool) -> Option<Lsn> {
    let text: Option<String> = sqlx::query_scalar("select pg_last_wal_replay_lsn()::text")
        .fetch_one(replica)
        .await
        .ok()?;
    Lsn::parse(&text?)
}

#[cfg(test)]
mod tests {
    use super::{literal, Lsn};

    #[test]
    fn literals_keep_a_quote_inside_the_string() {
        assert_eq!(literal("0190a5b2-0000-7000-8000-000000000001"), "'0190a5b2-0000-7000-8000-000000000001'");
        assert_eq!(literal("x'); drop table tenants; --"), "'x''); drop table tenants; --'");
        assert_eq!(literal(""), "''");
    }

    #[test]
    fn lsn_round_trips_and_orders() {
        let lsn = Lsn::parse("16/B374D848").unwrap();
        assert_eq!(lsn.to_string(), "16/B374D848");
        assert!(Lsn::parse("0/10").unwrap() < Lsn::parse("1/0").unwrap());
        assert!(Lsn::parse("nonsense").is_none());
        assert!(Lsn::parse("1FFFFFFFF/0").is_none());
    }
}
