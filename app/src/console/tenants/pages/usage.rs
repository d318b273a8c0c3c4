use leptos::prelude::*;

use crate::access::loaded;
use crate::console::tenants::api::plan_usage;
use crate::console::tenants::types::Usage;
use crate::platform::error::SUPPORT_EMAIL;
use crate::ui::{Card, Table, HINT_CLASS, TD_CLASS};

/// Each resource's use against its quota, with a bar.
#[component]
pub fn UsageTable(usage: Vec<Usage>) -> impl IntoView {
    let rows = usage
        .into_iter()
        .map(|u| {
            let percent = u.percent();
            let bar = match percent {
                Some(p) if p >= 100 => "#dc2626",
                Some(p) if p >= 80 => "#d97706",
                _ => "#4f46e5",
            };
            let quota = u.quota.map_or_else(|| "unlimited".to_owned(), |q| u.resource.shown(q).to_string());
            view! {
                <tr>
                    <td class=TD_CLASS>{u.resource.label()}{u.overridden.then(|| view! { <div class=HINT_CLASS>"set for this organization"</div> })}</td>
                    <td class=TD_CLASS>{u.resource.shown(u.used)}</td>
                    <td class=TD_CLASS>{quota}</td>
                    <td class=TD_CLASS>
                        {percent.map(|p| view! {
                            <div class="flex items-center gap-2">
                                <svg width="128" height="8" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label=format!("{p} % used")>
                                    <rect width="100" height="8" rx="4" fill="#cbd5e1" />
                                    <rect width=p.min(100).to_string() height="8" rx="4" fill=bar />
                                </svg>
                                <span class="text-xs">{format!("{p} %")}</span>
                            </div>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! { <Table columns=&["Quota", "Used", "Limit", ""]>{rows}</Table> }
}

/// A tenant admin's card: their plan and how much of it they use.
#[component]
pub fn PlanUsageCard() -> impl IntoView {
    let usage = Resource::new(|| (), |_| plan_usage());
    view! {
        {loaded(usage, |usage| view! {
            <Card title=format!("Your plan: {}", usage.plan)>
                <UsageTable usage=usage.usage />
                <p class=format!("{HINT_CLASS} mt-2")>{format!("Limits are checked when something is added; nothing is ever removed for being over one. To change your plan, write to {SUPPORT_EMAIL}.")}</p>
            </Card>
        })}
    }
}
