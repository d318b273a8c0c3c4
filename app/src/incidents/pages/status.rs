use leptos::prelude::*;
use leptos_meta::Title;

use super::severity_badge;
use crate::access::loaded;
use crate::incidents::api::platform_status;
use crate::incidents::types::{component_label, Incident, HISTORY_DAYS};

const CARD: &str = "rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900";

/// `/status`: public, no sign-in: each part of the product, what is wrong now, and the last 90 days.
#[component]
pub fn StatusPage() -> impl IntoView {
    let status = Resource::new(|| (), |_| platform_status());
    view! {
        <Title text="Hirevoo status" />
        <main id="main" class="min-h-screen bg-slate-50 px-4 py-8 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
            <div class="mx-auto max-w-3xl space-y-6">
                <p class="text-lg font-bold text-indigo-700 dark:text-indigo-300">"Hirevoo"</p>
                <h1 class="text-3xl font-bold tracking-tight">"Service status"</h1>
                {loaded(status, |status| {
                    let healthy = status.current.is_empty();
                    view! {
                        <section class=CARD aria-labelledby="now">
                            <h2 id="now" class="text-xl font-semibold">{if healthy { "All systems operational" } else { "Some systems are affected" }}</h2>
                            <ul class="mt-4 divide-y divide-slate-200 dark:divide-slate-800">
                                {status.components.into_iter().map(|(label, worst)| view! {
                                    <li class="flex items-center justify-between py-2 text-sm">
                                        <span>{label}</span>
                                        {match worst {
                                            Some(severity) => view! { <span>{severity_badge(&severity)}" affected"</span> }.into_any(),
                                            None => view! { <span class="text-emerald-800 dark:text-emerald-300">"Operational"</span> }.into_any(),
                                        }}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                        {(!healthy).then(|| view! {
                            <section class="space-y-4" aria-labelledby="current">
                                <h2 id="current" class="text-xl font-semibold">"Current incidents"</h2>
                                {status.current.into_iter().map(|i| view! { <IncidentStory incident=i /> }).collect_view()}
                            </section>
                        })}
                        <section class="space-y-4" aria-labelledby="past">
                            <h2 id="past" class="text-xl font-semibold">{format!("The last {HISTORY_DAYS} days")}</h2>
                            {if status.past.is_empty() {
                                view! { <p class="text-sm">"No incidents."</p> }.into_any()
                            } else {
                                status.past.into_iter().map(|i| view! { <IncidentStory incident=i /> }).collect_view().into_any()
                            }}
                        </section>
                    }
                })}
            </div>
        </main>
    }
}

/// One incident and its timeline, newest update first.
#[component]
pub fn IncidentStory(incident: Incident) -> impl IntoView {
    let affects = if incident.components.is_empty() {
        "Hirevoo".to_owned()
    } else {
        incident.components.iter().map(|c| component_label(c)).collect::<Vec<_>>().join(", ")
    };
    let scope = if incident.all_tenants { "every organization" } else { "some organizations" };
    view! {
        <article class=CARD>
            <h3 class="text-lg font-semibold">{incident.title.clone()}</h3>
            <p class="mt-1 flex flex-wrap items-center gap-2 text-sm">
                {severity_badge(&incident.severity)}
                <span>{format!("{} · affects {affects} for {scope} · opened {}", incident.status, incident.created_at.format("%Y-%m-%d %H:%M UTC"))}</span>
            </p>
            <ol class="mt-4 space-y-3 border-l-2 border-slate-200 pl-4 dark:border-slate-700">
                {incident.updates.into_iter().map(|u| view! {
                    <li>
                        <p class="text-sm font-medium">{format!("{} · {}", u.status, u.created_at.format("%Y-%m-%d %H:%M UTC"))}</p>
                        <p class="text-sm">{u.message}</p>
                    </li>
                }).collect_view()}
            </ol>
        </article>
    }
}
