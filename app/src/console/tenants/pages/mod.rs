mod deletion;
mod detail;
mod list;
mod plans;
mod usage;

pub use detail::TenantPage;
pub use list::TenantsPage;
pub use plans::PlansPage;
pub use usage::{PlanUsageCard, UsageTable};

use leptos::prelude::*;

use crate::console::flags::pages::Badge;

fn status_badge(status: &str) -> impl IntoView {
    view! { <Badge text=status.to_owned() tone=if status == "active" { "on" } else { "warn" } /> }
}
