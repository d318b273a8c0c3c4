//! The recruiter's pages: the jobs dashboard, a requisition, its form, and bulk operations.

mod bulk;
mod dashboard;
mod editor;
mod postings;
pub(crate) mod requisition;

pub use bulk::{BulkPreviewPage, BulkProgressPage};
pub use dashboard::JobsPage;
pub use editor::{EditRequisitionPage, NewRequisitionPage};
pub use requisition::{DeletedRequisitionsPage, RequisitionPage};

use leptos::prelude::*;

use super::types::Status;

/// The statuses a bulk change can move requisitions to.
pub(crate) const STATUS_CHOICES: [Status; 4] = [Status::Open, Status::OnHold, Status::Closed, Status::Archived];

const BADGE_CLASS: &str = "inline-flex rounded-full px-2 py-0.5 text-xs font-semibold";
const DRAFT_CLASS: &str = "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200";
const OPEN_CLASS: &str = "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100";
const ON_HOLD_CLASS: &str = "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100";
const CLOSED_CLASS: &str = "bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100";
const ARCHIVED_CLASS: &str = "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200";

/// A status as a coloured label; the text carries the meaning, the colour only repeats it.
pub fn status_badge(status: Status) -> impl IntoView {
    let colours = match status {
        Status::Draft => DRAFT_CLASS,
        Status::Open => OPEN_CLASS,
        Status::OnHold => ON_HOLD_CLASS,
        Status::Closed => CLOSED_CLASS,
        Status::Archived => ARCHIVED_CLASS,
    };
    view! { <span class=format!("{BADGE_CLASS} {colours}")>{status.label()}</span> }
}
