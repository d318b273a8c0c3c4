//! Shared widgets: the layout, form fields, alerts, buttons and tables.

pub mod charts;
mod forms;
mod layout;
pub mod live;
mod query;
mod table;
mod text;

pub use forms::{action_error, field_error, load_page_on_success, successes, textarea_text, ActionError, Field, FormMessage, Select, SubmitButton, TextArea};
pub use layout::{Card, Frame, NavGroup, NavItem, PageHeader};
pub use query::{path_id, query_id, query_string, url_encode};
pub use table::Table;
pub use text::{grouped, paragraphs};

/// Labels of fields written without the `Field` widget.
pub const LABEL_CLASS: &str = "block text-sm font-medium text-slate-800 dark:text-slate-200";
pub const HINT_CLASS: &str = "text-xs text-slate-600 dark:text-slate-400";
pub const ERROR_TEXT_CLASS: &str = "text-sm text-red-700 dark:text-red-300";
pub const BUTTON_PRIMARY_CLASS: &str = "inline-flex min-h-10 items-center justify-center rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 disabled:opacity-60 dark:bg-indigo-500 dark:hover:bg-indigo-400 dark:text-slate-950";
pub const BUTTON_SECONDARY_CLASS: &str = "inline-flex min-h-8 items-center justify-center rounded-lg border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700";
pub const BUTTON_DANGER_CLASS: &str = "inline-flex min-h-8 items-center justify-center rounded-lg border border-red-300 bg-white px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50 dark:border-red-800 dark:bg-slate-800 dark:text-red-300 dark:hover:bg-red-950";
pub const INPUT_CLASS: &str = "block w-full min-h-10 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
pub const TABLE_CLASS: &str = "min-w-full divide-y divide-slate-200 text-left text-sm dark:divide-slate-700";
pub const TH_CLASS: &str = "px-4 py-3 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300";
pub const TD_CLASS: &str = "px-4 py-3 align-middle text-slate-800 dark:text-slate-200";
/// A checkbox or radio button big enough to hit (24 px targets).
pub const CHECK_CLASS: &str = "h-6 w-6";
pub const LINK_CLASS: &str = "font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300";
