//! What the platform's own machinery costs a request: evaluating 50 feature flags (what each
//! signed-in request does) and one flag, and encoding `/metrics` with 10,000 series.
//!
//! cargo bench -p hirevoo-server --bench platform_costs

use app::platform::flags::{Flag, FlagKind, Flags, Stickiness, Subject};
use std::hint::black_box;
use std::time::Instant;
use uuid::Uuid;

/// Runs `work` `rounds` times and returns the median of 7 runs, in nanoseconds per call.
fn per_call(rounds: u32, mut work: impl FnMut()) -> f64 {
    let mut runs: Vec<f64> = (0..7)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..rounds {
                work();
            }
            started.elapsed().as_nanos() as f64 / f64::from(rounds)
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[3]
}

/// 50 flags with every kind of rule: overrides for listed tenants, plans, sticky rollouts,
/// prerequisites (chains of two), kill switches, archived ones.
fn fifty_flags(tenant: Uuid) -> Vec<Flag> {
    let other_tenants: Vec<Uuid> = (0..20).map(|_| Uuid::now_v7()).collect();
    (0..50)
        .map(|i| Flag {
            key: format!("flag-{i:02}"),
            description: String::new(),
            kind: [FlagKind::Release, FlagKind::Experiment, FlagKind::Operational, FlagKind::Permission][i % 4],
            owner: String::new(),
            default_on: i % 3 == 0,
            killed: i % 17 == 0,
            tenants_on: if i % 5 == 0 { other_tenants.clone() } else { Vec::new() },
            tenants_off: if i % 7 == 0 { vec![tenant] } else { Vec::new() },
            plans: if i % 4 == 3 { vec!["enterprise".into(), "growth".into()] } else { Vec::new() },
            rollout_percent: (i % 2 == 1).then_some((i * 2) as i16),
            rollout_by: if i % 4 == 1 { Stickiness::User } else { Stickiness::Tenant },
            prerequisites: if i % 6 == 5 { vec![format!("flag-{:02}", i - 1)] } else { Vec::new() },
            archived: i == 49,
            updated_at: chrono::Utc::now(),
        })
        .collect()
}

fn main() {
    let (tenant, user) = (Uuid::now_v7(), Uuid::now_v7());
    let subject = Subject { tenant: Some(tenant), plan: Some("growth"), user: Some(user) };
    let flags = Flags::default();
    flags.replace(fifty_flags(tenant));
    let on = flags.enabled(&subject).len();
    let all = per_call(20_000, || {
        black_box(flags.enabled(black_box(&subject)));
    });
    let one = per_call(1_000_000, || {
        black_box(flags.is_on(black_box("flag-11"), black_box(&subject)));
    });
    println!("flags: 50 evaluated for one request ({on} on): {all:.0} ns; one flag: {one:.0} ns");

    let metrics = app::platform::metrics::metrics();
    // 1,000 routes x 2 methods x 5 statuses = 10,000 request-counter series, plus a latency
    // histogram per route.
    for route in 0..1_000 {
        for method in ["GET", "POST"] {
            for status in [200, 302, 400, 404, 500] {
                metrics.request(&format!("/route-{route}/{{id}}"), method, status, 0.012);
            }
        }
    }
    let text = metrics.encode();
    let series = text.lines().filter(|line| !line.starts_with('#')).count();
    let encode = per_call(20, || {
        black_box(metrics.encode());
    });
    println!("/metrics: {series} lines ({} KiB) encoded in {:.1} ms", text.len() / 1024, encode / 1e6);
}
