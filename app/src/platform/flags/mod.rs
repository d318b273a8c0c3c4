//! Feature flags: what a flag is, how it is evaluated for a tenant and a person, and, on the
//! server, the in-memory copy every instance keeps of all flags.
//!
//! Flags are evaluated only on the server, for the tenant and person of the session (or of the
//! careers site's address), never for anything a browser sends. Each instance holds every flag in
//! memory and reloads them when the database announces a change (`pg_notify`, on the live
//! channel) and every half minute in case an announcement was missed.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
pub mod repo;

/// The flags the product itself asks about.
pub mod keys {
    /// The public careers site, its job pages, feeds and applying.
    pub const CAREERS_SITE: &str = "careers-site";
    /// Candidates choosing an interview time from a link.
    pub const SELF_SCHEDULING: &str = "interview-self-scheduling";
    /// Importing candidates from a CSV file.
    pub const CANDIDATE_IMPORT: &str = "candidate-import";
    /// The interviewers' calibration report.
    pub const CALIBRATION: &str = "interview-calibration";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    Release,
    Experiment,
    Operational,
    KillSwitch,
    Permission,
}

impl FlagKind {
    pub const ALL: [FlagKind; 5] = [FlagKind::Release, FlagKind::Experiment, FlagKind::Operational, FlagKind::KillSwitch, FlagKind::Permission];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::Release => "release",
            FlagKind::Experiment => "experiment",
            FlagKind::Operational => "operational",
            FlagKind::KillSwitch => "kill_switch",
            FlagKind::Permission => "permission",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FlagKind::Release => "Release",
            FlagKind::Experiment => "Experiment",
            FlagKind::Operational => "Operational",
            FlagKind::KillSwitch => "Kill switch",
            FlagKind::Permission => "Permission",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// How long a flag of this kind may stay untouched before it is marked stale: release and
    /// experiment flags are meant to be removed once done, operational ones reviewed weekly.
    pub fn lifetime_days(self) -> Option<i64> {
        match self {
            FlagKind::Release | FlagKind::Experiment => Some(40),
            FlagKind::Operational => Some(7),
            FlagKind::KillSwitch | FlagKind::Permission => None,
        }
    }
}

/// What a percentage rollout keeps stable: everyone in a tenant together, or each person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Stickiness {
    Tenant,
    User,
}

impl Stickiness {
    pub fn as_str(self) -> &'static str {
        match self {
            Stickiness::Tenant => "tenant",
            Stickiness::User => "user",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub key: String,
    pub description: String,
    pub kind: FlagKind,
    pub owner: String,
    pub default_on: bool,
    /// Engaged, the flag is off for everyone, whatever the other rules say.
    pub killed: bool,
    pub tenants_on: Vec<Uuid>,
    pub tenants_off: Vec<Uuid>,
    /// The plans entitled to it.
    pub plans: Vec<String>,
    pub rollout_percent: Option<i16>,
    pub rollout_by: Stickiness,
    /// Flags that must be on for this one to be.
    pub prerequisites: Vec<String>,
    pub archived: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl Flag {
    /// Untouched for longer than its kind's lifetime.
    pub fn stale(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        !self.archived && self.kind.lifetime_days().is_some_and(|days| now - self.updated_at > chrono::Duration::days(days))
    }
}

/// Who a flag is evaluated for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Subject<'a> {
    pub tenant: Option<Uuid>,
    pub plan: Option<&'a str>,
    pub user: Option<Uuid>,
}

/// Which rule decided, for the console's explanations and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    Unknown,
    Archived,
    Killed,
    Prerequisite,
    TenantOverride,
    Plan,
    Rollout,
    Default,
}

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::Unknown => "no such flag",
            Reason::Archived => "archived",
            Reason::Killed => "kill switch engaged",
            Reason::Prerequisite => "a prerequisite is off",
            Reason::TenantOverride => "set for this tenant",
            Reason::Plan => "included in the plan",
            Reason::Rollout => "percentage rollout",
            Reason::Default => "default",
        }
    }
}

/// A bucket from 0 to 99 for a flag and an id: FNV-1a, the same on every instance and after every restart.
pub fn bucket(key: &str, id: Uuid) -> u8 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.as_bytes().iter().chain(b"/").chain(id.as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % 100) as u8
}

/// Evaluates `key` for `subject`, with `lookup` finding flags by key. Order: archived or killed
/// is off; then every prerequisite must be on; then a tenant override; then the plan
/// entitlement; then the rollout; then the default.
pub fn evaluate<'f>(lookup: &impl Fn(&str) -> Option<&'f Flag>, key: &str, subject: &Subject) -> (bool, Reason) {
    evaluate_ref(lookup, key, subject, 0)
}

fn evaluate_ref<'f>(lookup: &impl Fn(&str) -> Option<&'f Flag>, key: &str, subject: &Subject, depth: u8) -> (bool, Reason) {
    let Some(flag) = lookup(key) else { return (false, Reason::Unknown) };
    decide(flag, subject, |prerequisite| depth < 8 && evaluate_ref(lookup, prerequisite, subject, depth + 1).0)
}

fn decide(flag: &Flag, subject: &Subject, prerequisite_on: impl Fn(&str) -> bool) -> (bool, Reason) {
    if flag.archived {
        return (false, Reason::Archived);
    }
    if flag.killed {
        return (false, Reason::Killed);
    }
    if !flag.prerequisites.iter().all(|key| prerequisite_on(key)) {
        return (false, Reason::Prerequisite);
    }
    if let Some(tenant) = subject.tenant {
        if flag.tenants_off.contains(&tenant) {
            return (false, Reason::TenantOverride);
        }
        if flag.tenants_on.contains(&tenant) {
            return (true, Reason::TenantOverride);
        }
    }
    if subject.plan.is_some_and(|plan| flag.plans.iter().any(|p| p == plan)) {
        return (true, Reason::Plan);
    }
    if let Some(percent) = flag.rollout_percent {
        let sticky = match flag.rollout_by {
            Stickiness::Tenant => subject.tenant,
            Stickiness::User => subject.user.or(subject.tenant),
        };
        if let Some(id) = sticky {
            if i16::from(bucket(&flag.key, id)) < percent {
                return (true, Reason::Rollout);
            }
        }
    }
    (flag.default_on, Reason::Default)
}

/// The first prerequisite cycle `key` would close with `prerequisites`, as the path around it.
pub fn prerequisite_cycle(key: &str, prerequisites: &[String], others: &impl Fn(&str) -> Vec<String>) -> Option<Vec<String>> {
    fn walk(at: &str, target: &str, others: &dyn Fn(&str) -> Vec<String>, path: &mut Vec<String>, seen: &mut Vec<String>) -> bool {
        if at == target {
            return true;
        }
        if seen.iter().any(|s| s == at) {
            return false;
        }
        seen.push(at.to_owned());
        for next in others(at) {
            path.push(next.clone());
            if walk(&next, target, others, path, seen) {
                return true;
            }
            path.pop();
        }
        false
    }
    for first in prerequisites {
        let mut path = vec![key.to_owned(), first.clone()];
        if walk(first, key, others, &mut path, &mut Vec::new()) {
            return Some(path);
        }
    }
    None
}

#[cfg(feature = "ssr")]
pub use cache::Flags;

#[cfg(feature = "ssr")]
mod cache {
    use std::collections::HashMap;
    use std::sync::{Arc, RwLock};
    use sqlx::PgPool;

    use super::{evaluate, Flag, Reason, Subject};
    use crate::platform::live::Live;
    use crate::platform::AppError;

    /// Every flag, as this instance last read them.
    #[derive(Clone, Default)]
    pub struct Flags {
        current: Arc<RwLock<Arc<HashMap<String, Flag>>>>,
    }

    impl Flags {
        /// Reads every flag now.
        pub async fn reload(&self, pool: &PgPool) -> Result<(), AppError> {
            self.replace(super::repo::all(pool).await?);
            Ok(())
        }

        /// Puts `flags` in place of the ones held.
        pub fn replace(&self, flags: Vec<Flag>) {
            let map = flags.into_iter().map(|flag| (flag.key.clone(), flag)).collect();
            if let Ok(mut current) = self.current.write() {
                *current = Arc::new(map);
            }
        }

        /// Keeps this copy current: on each announced change, after a reconnect, and every 30 seconds.
        pub fn follow(&self, pool: PgPool, live: &Live) {
            let flags = self.clone();
            live.follow("flags", move || {
                let (flags, pool) = (flags.clone(), pool.clone());
                async move {
                    if let Err(error) = flags.reload(&pool).await {
                        tracing::warn!(?error, "the feature flags could not be read again");
                    }
                }
            });
        }

        pub fn is_on(&self, key: &str, subject: &Subject) -> bool {
            self.explain(key, subject).0
        }

        pub fn explain(&self, key: &str, subject: &Subject) -> (bool, Reason) {
            let Ok(current) = self.current.read() else { return (false, Reason::Unknown) };
            let current = Arc::clone(&current);
            evaluate(&|k| current.get(k), key, subject)
        }

        /// The keys of every flag on for `subject`, for the page to render what it needs.
        pub fn enabled(&self, subject: &Subject) -> Vec<String> {
            let Ok(current) = self.current.read() else { return Vec::new() };
            let current = Arc::clone(&current);
            let mut keys: Vec<String> =
                current.keys().filter(|key| evaluate(&|k| current.get(k), key, subject).0).cloned().collect();
            keys.sort();
            keys
        }

        /// Not found unless `key` is on: a feature switched off is not there at all.
        pub fn require(&self, key: &str, subject: &Subject) -> Result<(), AppError> {
            if self.is_on(key, subject) { Ok(()) } else { Err(AppError::NotFound) }
        }

        /// `require` for a tenant without a session (a candidate's link), its plan read from the database.
        pub async fn require_for_tenant(&self, conn: &mut sqlx::PgConnection, key: &str, tenant_id: uuid::Uuid) -> Result<(), AppError> {
            let plan: String = sqlx::query_scalar("select plan from tenants where id = $1").bind(tenant_id).fetch_one(conn).await?;
            self.require(key, &Subject { tenant: Some(tenant_id), plan: Some(&plan), user: None })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(key: &str) -> Flag {
        Flag {
            key: key.into(),
            description: String::new(),
            kind: FlagKind::Release,
            owner: String::new(),
            default_on: false,
            killed: false,
            tenants_on: vec![],
            tenants_off: vec![],
            plans: vec![],
            rollout_percent: None,
            rollout_by: Stickiness::Tenant,
            prerequisites: vec![],
            archived: false,
            updated_at: chrono::Utc::now(),
        }
    }

    fn eval(flags: &[Flag], key: &str, subject: &Subject) -> (bool, Reason) {
        evaluate(&|k| flags.iter().find(|f| f.key == k), key, subject)
    }

    #[test]
    fn each_rule_decides_in_its_turn() {
        let (acme, globex) = (Uuid::now_v7(), Uuid::now_v7());
        let at = |tenant, plan| Subject { tenant: Some(tenant), plan: Some(plan), user: None };
        let mut f = flag("new-board");
        assert_eq!(eval(&[f.clone()], "new-board", &at(acme, "growth")), (false, Reason::Default));
        assert_eq!(eval(&[f.clone()], "missing", &at(acme, "growth")), (false, Reason::Unknown));
        f.plans = vec!["growth".into()];
        assert_eq!(eval(&[f.clone()], "new-board", &at(acme, "growth")), (true, Reason::Plan));
        assert_eq!(eval(&[f.clone()], "new-board", &at(acme, "starter")), (false, Reason::Default));
        // A tenant override beats the plan, both ways.
        f.tenants_off = vec![acme];
        f.tenants_on = vec![globex];
        assert_eq!(eval(&[f.clone()], "new-board", &at(acme, "growth")), (false, Reason::TenantOverride));
        assert_eq!(eval(&[f.clone()], "new-board", &at(globex, "starter")), (true, Reason::TenantOverride));
        // A prerequisite beats the overrides.
        f.prerequisites = vec!["platform-v2".into()];
        let mut base = flag("platform-v2");
        assert_eq!(eval(&[f.clone(), base.clone()], "new-board", &at(globex, "starter")), (false, Reason::Prerequisite));
        base.default_on = true;
        assert_eq!(eval(&[f.clone(), base.clone()], "new-board", &at(globex, "starter")), (true, Reason::TenantOverride));
        // The kill switch beats everything.
        f.killed = true;
        f.default_on = true;
        assert_eq!(eval(&[f.clone(), base.clone()], "new-board", &at(globex, "starter")), (false, Reason::Killed));
        f.killed = false;
        f.archived = true;
        assert_eq!(eval(&[f, base], "new-board", &at(globex, "starter")), (false, Reason::Archived));
    }

    #[test]
    fn a_rollout_keeps_each_tenant_or_person_where_it_put_them() {
        let mut f = flag("faster-search");
        f.rollout_percent = Some(30);
        let tenants: Vec<Uuid> = (0..2000).map(|_| Uuid::new_v4()).collect();
        let on: Vec<bool> = tenants.iter().map(|t| eval(&[f.clone()], "faster-search", &Subject { tenant: Some(*t), plan: None, user: None }).0).collect();
        let share = on.iter().filter(|x| **x).count() as f64 / tenants.len() as f64;
        assert!((0.25..0.35).contains(&share), "30 % asked, {share} given");
        let again: Vec<bool> = tenants.iter().map(|t| eval(&[f.clone()], "faster-search", &Subject { tenant: Some(*t), plan: None, user: None }).0).collect();
        assert_eq!(on, again);
        // Raising the rollout keeps everyone who had it.
        f.rollout_percent = Some(60);
        for (t, was) in tenants.iter().zip(&on) {
            if *was {
                assert!(eval(&[f.clone()], "faster-search", &Subject { tenant: Some(*t), plan: None, user: None }).0);
            }
        }
        // The bucket is a fixed function of key and id, the same on every instance and after any
        // restart: 53 is FNV-1a of the key, "/" and the id's 16 bytes, modulo 100, worked out apart.
        let id = Uuid::parse_str("0190a5b2-0000-7000-8000-000000000001").unwrap();
        assert_eq!(bucket("faster-search", id), 53);
        f.rollout_by = Stickiness::User;
        f.rollout_percent = Some(100);
        assert!(eval(&[f.clone()], "faster-search", &Subject { tenant: None, plan: None, user: Some(id) }).0);
        assert!(!eval(&[f], "faster-search", &Subject::default()).0);
    }

    #[test]
    fn a_prerequisite_cycle_is_found_with_its_path() {
        let graph = |key: &str| -> Vec<String> {
            match key {
                "b" => vec!["c".into()],
                "c" => vec!["a".into()],
                _ => vec![],
            }
        };
        assert_eq!(prerequisite_cycle("a", &["b".into()], &graph), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
        assert_eq!(prerequisite_cycle("a", &["a".into()], &graph), Some(vec!["a".into(), "a".into()]));
        assert_eq!(prerequisite_cycle("d", &["b".into()], &graph), None);
    }

    #[test]
    fn stale_after_the_kinds_lifetime() {
        let mut f = flag("old");
        let now = chrono::Utc::now();
        f.updated_at = now - chrono::Duration::days(41);
        assert!(f.stale(now));
        f.kind = FlagKind::Permission;
        assert!(!f.stale(now));
        f.kind = FlagKind::Operational;
        f.updated_at = now - chrono::Duration::days(6);
        assert!(!f.stale(now));
    }
}
