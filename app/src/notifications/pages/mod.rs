//! Notifications' pages: the list, the bell in the layout, preferences and templates.

mod list;
mod settings;

pub use list::{Bell, NotificationsPage};
pub use settings::{NotificationPreferencesPage, NotificationTemplatesPage};
