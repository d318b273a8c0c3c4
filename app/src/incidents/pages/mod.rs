mod banner;
mod console;
mod status;

pub use banner::IncidentNotices;
pub use console::IncidentsPage;
pub use status::StatusPage;

use leptos::prelude::*;

/// A severity's label, coloured.
pub fn severity_badge(severity: &str) -> impl IntoView {
    let tone = match severity {
        "critical" => "danger",
        "major" => "warn",
        _ => "off",
    };
    view! { <crate::console::flags::pages::Badge text=severity.to_owned() tone=tone /> }
}
