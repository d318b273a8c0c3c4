//! Runtime configuration: Leptos.toml, then environment variables over it.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    pub site: Site,
    pub database: Database,
    pub session: Session,
    pub mail: Mail,
    pub assessments: Assessments,
    pub storage: Storage,
}

/// Uploaded files: by default in `files` under the data folder.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Storage {
    pub dir: Option<PathBuf>,
}

impl Config {
    /// The folder uploaded files are kept in.
    pub fn storage_dir(&self) -> PathBuf {
        self.storage.dir.clone().unwrap_or_else(|| self.database.data_dir.join("files"))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Assessments {
    pub save_grace_seconds: u64,
}

impl Default for Assessments {
    fn default() -> Self {
        Self { save_grace_seconds: 10 }
    }
}

/// The browser extension's origin: its id is fixed by the public key in its manifest.
pub const EXTENSION_ORIGIN: &str = "chrome-extension://jnaliofggnngejjeoceblkmdahdmhono";

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Site {
    pub address: SocketAddr,
    pub public_url: String,
    /// The bearer token Prometheus sends to `/metrics`; without one, only this machine may ask.
    pub metrics_token: Option<String>,
    /// The site's own proxies (addresses or CIDRs, separated by commas): only from these is
    /// `X-Forwarded-For` believed.
    pub trusted_proxies: String,
    /// 64 hex characters sealing two-step sign-in keys at rest; every server of a site shares
    /// it. Without one, the key in `secret.key` under the data folder (made on first start).
    pub secret_key: Option<String>,
    /// The origins (separated by commas) whose pages may call the REST API from a browser:
    /// the extension's. Other callers (programs, not pages) need no origin.
    pub api_origins: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Database {
    pub url: Option<String>,
    pub replica_url: Option<String>,
    pub owner_url: Option<String>,
    pub data_dir: PathBuf,
    pub max_connections: u32,
    pub max_replica_lag_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Session {
    pub idle_minutes: u64,
    pub absolute_hours: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Mail {
    pub smtp_host: Option<String>,
    /// The TLS mode's usual port when not given (587, 465 or 25).
    pub smtp_port: Option<u16>,
    /// `starttls` (the default), `tls` or `none`.
    pub smtp_tls: Option<String>,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<String>,
    pub from: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            site: Site::default(),
            database: Database::default(),
            session: Session::default(),
            mail: Mail::default(),
            assessments: Assessments::default(),
            storage: Storage::default(),
        }
    }
}

impl Default for Site {
    fn default() -> Self {
        Self { address: ([127, 0, 0, 1], 3000).into(), public_url: "http://127.0.0.1:3000".into(), metrics_token: None, trusted_proxies: String::new(), secret_key: None, api_origins: EXTENSION_ORIGIN.into() }
    }
}

impl Default for Database {
    fn default() -> Self {
        Self { url: None, replica_url: None, owner_url: None, data_dir: ".data".into(), max_connections: 32, max_replica_lag_ms: 10_000 }
    }
}

impl Default for Session {
    fn default() -> Self {
        Self { idle_minutes: 480, absolute_hours: 168 }
    }
}

impl Default for Mail {
    fn default() -> Self {
        Self { smtp_host: None, smtp_port: None, smtp_tls: None, smtp_username: None, smtp_password: None, from: "Hirevoo <no-reply@hirevoo.localhost>".into() }
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_parsed<T: std::str::FromStr>(name: &str, target: &mut T) -> Result<(), String> {
    if let Some(value) = env(name) {
        *target = value.parse().map_err(|_| format!("{name}: cannot read {value:?}"))?;
    }
    Ok(())
}

impl Config {
    /// Reads `path` (absent is fine: defaults), then the environment.
    pub fn load(path: &Path) -> Result<Self, String> {
        let mut config: Config = match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        env_parsed("LEPTOS_SITE_ADDR", &mut config.site.address)?;
        env_parsed("HIREVOO_SITE_ADDRESS", &mut config.site.address)?;
        if let Some(url) = env("HIREVOO_PUBLIC_URL") {
            config.site.public_url = url;
        }
        config.site.public_url = config.site.public_url.trim_end_matches('/').to_owned();
        if let Some(token) = env("HIREVOO_METRICS_TOKEN") {
            config.site.metrics_token = Some(token);
        }
        if let Some(key) = env("HIREVOO_SECRET_KEY") {
            app::platform::secret_box::SecretBox::from_hex(&key).map_err(|e| format!("HIREVOO_SECRET_KEY: {e}"))?;
            config.site.secret_key = Some(key);
        }
        if let Some(origins) = env("HIREVOO_API_ORIGINS") {
            config.site.api_origins = origins;
        }
        if let Some(proxies) = env("HIREVOO_TRUSTED_PROXIES") {
            config.site.trusted_proxies = proxies;
        }
        config.site.trusted_proxies.parse::<app::platform::client_address::TrustedProxies>().map_err(|e| format!("trusted proxies: {e}"))?;
        let db = &mut config.database;
        for (name, target) in [("DATABASE_URL", &mut db.url), ("DATABASE_REPLICA_URL", &mut db.replica_url), ("DATABASE_OWNER_URL", &mut db.owner_url)] {
            if let Some(value) = env(name) {
                *target = Some(value);
            }
        }
        if let Some(dir) = env("HIREVOO_DATA_DIR") {
            db.data_dir = dir.into();
        }
        env_parsed("HIREVOO_MAX_CONNECTIONS", &mut db.max_connections)?;
        env_parsed("HIREVOO_MAX_REPLICA_LAG_MS", &mut db.max_replica_lag_ms)?;
        if let Some(dir) = env("HIREVOO_STORAGE_DIR") {
            config.storage.dir = Some(dir.into());
        }
        env_parsed("HIREVOO_SESSION_IDLE_MINUTES", &mut config.session.idle_minutes)?;
        env_parsed("HIREVOO_SESSION_ABSOLUTE_HOURS", &mut config.session.absolute_hours)?;
        let mail = &mut config.mail;
        for (name, target) in [("HIREVOO_SMTP_HOST", &mut mail.smtp_host), ("HIREVOO_SMTP_USERNAME", &mut mail.smtp_username), ("HIREVOO_SMTP_PASSWORD", &mut mail.smtp_password)] {
            if let Some(value) = env(name) {
                *target = Some(value);
            }
        }
        if let Some(port) = env("HIREVOO_SMTP_PORT") {
            mail.smtp_port = Some(port.parse().map_err(|_| format!("HIREVOO_SMTP_PORT: cannot read {port:?}"))?);
        }
        if let Some(tls) = env("HIREVOO_SMTP_TLS") {
            mail.smtp_tls = Some(tls);
        }
        if let Some(tls) = &mail.smtp_tls {
            tls.parse::<app::platform::mail::SmtpTls>().map_err(|e| format!("HIREVOO_SMTP_TLS: {e}"))?;
        }
        env_parsed("HIREVOO_SAVE_GRACE_SECONDS", &mut config.assessments.save_grace_seconds)?;
        if let Some(from) = env("HIREVOO_MAIL_FROM") {
            mail.from = from;
        }
        if config.session.idle_minutes == 0 || config.session.absolute_hours == 0 {
            return Err("session lifetimes must be positive".into());
        }
        Ok(config)
    }

    pub fn settings(&self) -> app::platform::context::Settings {
        app::platform::context::Settings {
            public_url: self.site.public_url.clone(),
            secure_cookies: self.site.public_url.starts_with("https://"),
            metrics_token: self.site.metrics_token.clone(),
            // Checked when the configuration was loaded.
            trusted_proxies: self.site.trusted_proxies.parse().unwrap_or_default(),
            api_origins: self.site.api_origins.split(',').map(|origin| origin.trim().to_owned()).filter(|origin| !origin.is_empty()).collect(),
        }
    }

    /// What seals two-step sign-in keys: the configured key, or the data folder's.
    pub fn secret_box(&self) -> Result<app::platform::secret_box::SecretBox, String> {
        use app::platform::secret_box::SecretBox;
        match &self.site.secret_key {
            Some(key) => SecretBox::from_hex(key),
            None => SecretBox::from_file(&self.database.data_dir.join("secret.key")),
        }
    }

    /// The run-time settings' defaults: this configuration's, and the product's own.
    pub fn live_settings(&self) -> app::platform::live_settings::LiveSettings {
        use app::platform::live_settings::*;
        LiveSettings::new(&[
            (SESSION_IDLE_MINUTES, self.session.idle_minutes as i64),
            (SESSION_ABSOLUTE_HOURS, self.session.absolute_hours as i64),
            (SAVE_GRACE_SECONDS, self.assessments.save_grace_seconds as i64),
            (SIGN_IN_FAILURES_PER_ACCOUNT, 5),
            (SIGN_IN_FAILURES_PER_ADDRESS, 50),
            (APPLICATIONS_PER_HOUR, 5),
            (TENANT_DELETION_WAIT_DAYS, 30),
            (API_REQUESTS_PER_ADDRESS, 1200),
            (API_REQUESTS_PER_PERSON, 600),
        ])
    }
}
