//! Platform settings a superadmin changes at run time: typed, bounded, audited, and followed
//! by every instance within seconds of the change (like feature flags). The configuration file
//! gives the defaults; a saved value overrides its default until reset.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub min: i64,
    pub max: i64,
    pub unit: &'static str,
}

pub const SESSION_IDLE_MINUTES: &str = "session_idle_minutes";
pub const SESSION_ABSOLUTE_HOURS: &str = "session_absolute_hours";
pub const SAVE_GRACE_SECONDS: &str = "save_grace_seconds";
pub const SIGN_IN_FAILURES_PER_ACCOUNT: &str = "sign_in_failures_per_account";
pub const SIGN_IN_FAILURES_PER_ADDRESS: &str = "sign_in_failures_per_address";
pub const APPLICATIONS_PER_HOUR: &str = "careers_applications_per_hour";
pub const TENANT_DELETION_WAIT_DAYS: &str = "tenant_deletion_wait_days";
pub const API_REQUESTS_PER_ADDRESS: &str = "api_requests_per_address";
pub const API_REQUESTS_PER_PERSON: &str = "api_requests_per_person";

pub const SPECS: [SettingSpec; 9] = [
    SettingSpec { key: SESSION_IDLE_MINUTES, label: "Sign-out after inactivity", description: "A session ends after this long without a request. Applies to every session at its next request.", min: 5, max: 1440, unit: "minutes" },
    SettingSpec { key: SESSION_ABSOLUTE_HOURS, label: "Longest session", description: "How long a new session lasts at most, however active. Sessions already started keep their end.", min: 1, max: 720, unit: "hours" },
    SettingSpec { key: SAVE_GRACE_SECONDS, label: "Save grace after a test's deadline", description: "An answer sent just before the deadline that arrives this much later is still kept (marked late); the sweeper submits after it.", min: 0, max: 120, unit: "seconds" },
    SettingSpec { key: SIGN_IN_FAILURES_PER_ACCOUNT, label: "Failed sign-ins before an account waits", description: "Wrong passwords for one account within 15 minutes before it must wait or reset its password.", min: 3, max: 100, unit: "attempts" },
    SettingSpec { key: SIGN_IN_FAILURES_PER_ADDRESS, label: "Failed sign-ins from one network address", description: "Wrong passwords from one address within 15 minutes, whatever the account, before it must wait.", min: 10, max: 10_000, unit: "attempts" },
    SettingSpec { key: APPLICATIONS_PER_HOUR, label: "Careers site applications per hour", description: "Applications one network address may send in an hour, against spam.", min: 1, max: 1000, unit: "applications" },
    SettingSpec { key: API_REQUESTS_PER_ADDRESS, label: "REST API requests a minute from one network address", description: "Calls with a token from one address in a minute, whoever sends them (people behind one office network share it), before it must wait.", min: 60, max: 1_000_000, unit: "requests" },
    SettingSpec { key: API_REQUESTS_PER_PERSON, label: "REST API requests a minute from one person", description: "Calls with one person's tokens in a minute, from any address, before they must wait.", min: 60, max: 1_000_000, unit: "requests" },
    SettingSpec { key: TENANT_DELETION_WAIT_DAYS, label: "Waiting period before a tenant is deleted", description: "Days between asking to delete an organization (which exports its data and suspends it) and its removal; it can be called off until then.", min: 1, max: 90, unit: "days" },
];

pub fn spec(key: &str) -> Option<&'static SettingSpec> {
    SPECS.iter().find(|s| s.key == key)
}

/// One setting as the console shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingRow {
    /// One of `SPECS`' keys.
    pub key: String,
    pub value: i64,
    pub default: i64,
    /// Set by a superadmin (otherwise the default applies).
    pub overridden: bool,
}

#[cfg(feature = "ssr")]
pub use cache::LiveSettings;

#[cfg(feature = "ssr")]
mod cache {
    use std::collections::HashMap;
    use std::sync::{Arc, RwLock};
    use std::time::Duration;

    use sqlx::PgPool;

    use super::*;
    use crate::platform::AppError;

    #[derive(Clone)]
    pub struct LiveSettings {
        defaults: Arc<HashMap<&'static str, i64>>,
        saved: Arc<RwLock<HashMap<String, i64>>>,
    }

    impl LiveSettings {
        /// With the defaults the configuration gives.
        pub fn new(defaults: &[(&'static str, i64)]) -> Self {
            Self { defaults: Arc::new(defaults.iter().copied().collect()), saved: Arc::default() }
        }

        pub async fn reload(&self, pool: &PgPool) -> Result<(), AppError> {
            let rows: Vec<(String, i64)> = sqlx::query_as("select key, value from platform_settings").fetch_all(pool).await?;
            if let Ok(mut saved) = self.saved.write() {
                *saved = rows.into_iter().collect();
            }
            Ok(())
        }

        /// Keeps this copy current: on each announced change, after a reconnect, and every 30 seconds.
        pub fn follow(&self, pool: PgPool, live: &crate::platform::live::Live) {
            let settings = self.clone();
            live.follow("settings", move || {
                let (settings, pool) = (settings.clone(), pool.clone());
                async move {
                    if let Err(error) = settings.reload(&pool).await {
                        tracing::warn!(?error, "the platform settings could not be read again");
                    }
                }
            });
        }

        pub fn default_of(&self, key: &str) -> i64 {
            self.defaults.get(key).copied().unwrap_or_default()
        }

        /// The value in effect: saved, within its bounds, else the default.
        pub fn get(&self, key: &str) -> i64 {
            let saved = self.saved.read().ok().and_then(|saved| saved.get(key).copied());
            match (saved, spec(key)) {
                (Some(value), Some(spec)) => value.clamp(spec.min, spec.max),
                _ => self.default_of(key),
            }
        }

        pub fn is_saved(&self, key: &str) -> bool {
            self.saved.read().is_ok_and(|saved| saved.contains_key(key))
        }

        pub fn session_idle(&self) -> Duration {
            Duration::from_secs(self.get(SESSION_IDLE_MINUTES) as u64 * 60)
        }

        pub fn session_absolute(&self) -> Duration {
            Duration::from_secs(self.get(SESSION_ABSOLUTE_HOURS) as u64 * 3600)
        }

        pub fn save_grace(&self) -> Duration {
            Duration::from_secs(self.get(SAVE_GRACE_SECONDS) as u64)
        }
    }
}
