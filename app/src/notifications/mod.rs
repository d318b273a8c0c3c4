pub mod types;
#[cfg(feature = "ssr")]
pub mod service;
pub use types::NotificationKind;
#[cfg(feature = "ssr")]
pub use service::notify;
