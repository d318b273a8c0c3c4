//! The server measures itself: requests by route and status with their latency, the database
//! pools and the wait for a connection, the replica's lag and the reads it sent back to the
//! primary, the queue, sign-in failures and answer saves. `/metrics` shows them in the
//! Prometheus text format; the console's sampler reads a few of them once a minute.
//!
//! One set per process, as Prometheus expects of a scrape target: each instance reports its
//! own, and whatever adds them up (Prometheus, or the console's charts) sums the instances.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram};
use prometheus_client::registry::Registry;

/// Upper bounds of the latency buckets, in seconds; one more bucket holds everything slower.
const LATENCY_BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    kind: String,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

fn transactions_histogram() -> Histogram {
    Histogram::new([1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0])
}

/// What happened since the sampler last looked.
#[derive(Default)]
struct Minute {
    requests: AtomicU64,
    server_errors: AtomicU64,
    latency: [AtomicU64; LATENCY_BUCKETS.len() + 1],
    sign_in_failures: AtomicU64,
    answer_saves: AtomicU64,
    job_failures: AtomicU64,
}

/// One minute's figures, as the sampler stores them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MinuteFigures {
    pub requests: u64,
    pub server_errors: u64,
    /// The 95th percentile of response times, in milliseconds, read off the buckets.
    pub latency_p95_ms: f64,
    pub sign_in_failures: u64,
    pub answer_saves: u64,
    pub job_failures: u64,
}

/// The state of a database pool when asked.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoolState {
    pub in_use: u32,
    pub idle: u32,
    pub max: u32,
}

impl PoolState {
    pub fn of(pool: &sqlx::PgPool) -> Self {
        let idle = pool.num_idle() as u32;
        Self { in_use: pool.size().saturating_sub(idle), idle, max: pool.options().get_max_connections() }
    }

    /// How much of the pool is taken, in percent.
    pub fn use_pct(&self) -> f64 {
        if self.max == 0 { 0.0 } else { 100.0 * f64::from(self.in_use) / f64::from(self.max) }
    }
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    pool_connections: Family<PoolLabels, Gauge>,
    pool_wait: Histogram,
    request_transactions: Family<RouteLabels, Histogram, fn() -> Histogram>,
    replica_lag: Gauge<f64, AtomicU64>,
    replica_fallbacks: Counter,
    queue_depth: Gauge,
    job_failures: Family<JobLabels, Counter>,
    sign_in_failures: Counter,
    answer_saves: Counter,
    minute: Minute,
}

/// This process's measurements.
pub fn metrics() -> &'static Metrics {
    static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);
    &METRICS
}

impl Metrics {
    fn new() -> Self {
        let mut registry = Registry::with_prefix("hirevoo");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        let pool_connections = Family::<PoolLabels, Gauge>::default();
        let pool_wait = Histogram::new(LATENCY_BUCKETS);
        let request_transactions = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(transactions_histogram);
        let replica_lag = Gauge::<f64, AtomicU64>::default();
        let replica_fallbacks = Counter::default();
        let queue_depth = Gauge::default();
        let job_failures = Family::<JobLabels, Counter>::default();
        let sign_in_failures = Counter::default();
        let answer_saves = Counter::default();
        registry.register("http_requests", "Requests answered, by route, method and status", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer a request, by route", latency.clone());
        registry.register("db_pool_connections", "Database connections by pool and state (in_use, idle, max)", pool_connections.clone());
        registry.register("db_pool_wait_seconds", "Time spent waiting for a database connection", pool_wait.clone());
        registry.register("db_request_transactions", "Database transactions a request opened (the session lookup included), by route", request_transactions.clone());
        registry.register("db_replica_lag_seconds", "How far the replica's replay is behind the primary", replica_lag.clone());
        registry.register("db_replica_fallbacks", "Reads sent to the primary because the replica was behind or down", replica_fallbacks.clone());
        registry.register("queue_depth", "Background jobs waiting to run", queue_depth.clone());
        registry.register("queue_job_failures", "Background job attempts that failed, by kind", job_failures.clone());
        registry.register("sign_in_failures", "Sign-in attempts refused for a wrong email or password", sign_in_failures.clone());
        registry.register("answer_saves", "Candidates' answers saved", answer_saves.clone());
        Self {
            registry,
            requests,
            latency,
            pool_connections,
            pool_wait,
            request_transactions,
            replica_lag,
            replica_fallbacks,
            queue_depth,
            job_failures,
            sign_in_failures,
            answer_saves,
            minute: Minute::default(),
        }
    }

    /// One answered request. `route` is the matched route's pattern, never the raw path, so
    /// that ids in paths do not make a series each.
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests.get_or_create(&RequestLabels { route: route.to_owned(), method: method.to_owned(), status }).inc();
        self.latency.get_or_create(&RouteLabels { route: route.to_owned() }).observe(seconds);
        let minute = &self.minute;
        minute.requests.fetch_add(1, Ordering::Relaxed);
        if status >= 500 {
            minute.server_errors.fetch_add(1, Ordering::Relaxed);
        }
        let bucket = LATENCY_BUCKETS.iter().position(|bound| seconds <= *bound).unwrap_or(LATENCY_BUCKETS.len());
        minute.latency[bucket].fetch_add(1, Ordering::Relaxed);
    }

    pub fn pool_wait(&self, seconds: f64) {
        self.pool_wait.observe(seconds);
    }

    /// How many database transactions one request opened, by its route's pattern.
    pub fn request_transactions(&self, route: &str, transactions: u32) {
        self.request_transactions.get_or_create(&RouteLabels { route: route.to_owned() }).observe(f64::from(transactions));
    }

    pub fn replica_fallback(&self) {
        self.replica_fallbacks.inc();
    }

    pub fn job_failed(&self, kind: &str) {
        self.job_failures.get_or_create(&JobLabels { kind: kind.to_owned() }).inc();
        self.minute.job_failures.fetch_add(1, Ordering::Relaxed);
    }

    pub fn sign_in_failed(&self) {
        self.sign_in_failures.inc();
        self.minute.sign_in_failures.fetch_add(1, Ordering::Relaxed);
    }

    pub fn answer_saved(&self) {
        self.answer_saves.inc();
        self.minute.answer_saves.fetch_add(1, Ordering::Relaxed);
    }

    /// The pools, the replica and the queue as they are now.
    pub fn set_state(&self, pools: &[(&'static str, PoolState)], replica_lag_ms: Option<u64>, queue_depth: i64) {
        for (pool, state) in pools {
            for (name, value) in [("in_use", state.in_use), ("idle", state.idle), ("max", state.max)] {
                self.pool_connections.get_or_create(&PoolLabels { pool, state: name }).set(i64::from(value));
            }
        }
        self.replica_lag.set(replica_lag_ms.map_or(0.0, |ms| ms as f64 / 1000.0));
        self.queue_depth.set(queue_depth);
    }

    /// Everything, in the Prometheus text format.
    pub fn encode(&self) -> String {
        let mut text = String::with_capacity(64 * 1024);
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    /// The figures since the last call, and a fresh start for the next minute.
    pub fn take_minute(&self) -> MinuteFigures {
        let minute = &self.minute;
        let buckets: Vec<u64> = minute.latency.iter().map(|count| count.swap(0, Ordering::Relaxed)).collect();
        MinuteFigures {
            requests: minute.requests.swap(0, Ordering::Relaxed),
            server_errors: minute.server_errors.swap(0, Ordering::Relaxed),
            latency_p95_ms: percentile_ms(&buckets, 0.95),
            sign_in_failures: minute.sign_in_failures.swap(0, Ordering::Relaxed),
            answer_saves: minute.answer_saves.swap(0, Ordering::Relaxed),
            job_failures: minute.job_failures.swap(0, Ordering::Relaxed),
        }
    }
}

/// The `quantile` of the latencies counted in `buckets` (one per bound, then the overflow),
/// in milliseconds, interpolated within its bucket; the slowest bound for the overflow.
fn percentile_ms(buckets: &[u64], quantile: f64) -> f64 {
    let total: u64 = buckets.iter().sum();
    if total == 0 {
        return 0.0;
    }
    let target = quantile * total as f64;
    let mut below = 0u64;
    for (index, count) in buckets.iter().enumerate() {
        if *count > 0 && (below + count) as f64 >= target {
            let Some(upper) = LATENCY_BUCKETS.get(index) else { break };
            let lower = if index == 0 { 0.0 } else { LATENCY_BUCKETS[index - 1] };
            let within = (target - below as f64) / *count as f64;
            return 1000.0 * (lower + (upper - lower) * within);
        }
        below += count;
    }
    1000.0 * LATENCY_BUCKETS[LATENCY_BUCKETS.len() - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_95th_percentile_is_read_off_the_buckets() {
        // 100 requests: 90 under 5 ms, 10 between 0.5 s and 1 s.
        let mut buckets = vec![0u64; LATENCY_BUCKETS.len() + 1];
        buckets[0] = 90;
        buckets[7] = 10;
        assert_eq!(percentile_ms(&buckets, 0.95), 750.0);
        assert_eq!(percentile_ms(&buckets, 0.50), 5.0 * 50.0 / 90.0);
        assert_eq!(percentile_ms(&[0; 12], 0.95), 0.0);
        let mut slow = vec![0u64; LATENCY_BUCKETS.len() + 1];
        slow[LATENCY_BUCKETS.len()] = 3;
        assert_eq!(percentile_ms(&slow, 0.95), 10_000.0);
    }
}
