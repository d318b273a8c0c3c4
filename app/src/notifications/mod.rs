//! Notifications: in the app (a bell, a page, live), by email from templates a tenant may
//! reword, each person's preferences, the daily digest, and durable delivery through the queue.

pub mod api;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod delivery;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod templates;

pub use types::NotificationKind;
#[cfg(feature = "ssr")]
pub use service::notify;
