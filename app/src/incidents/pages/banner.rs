use leptos::prelude::*;

use crate::incidents::types::Banner;
use crate::ui::LINK_CLASS;

/// Open incidents as notices at the top of a page.
#[component]
pub fn IncidentNotices(banners: Vec<Banner>) -> impl IntoView {
    (!banners.is_empty()).then(|| {
        view! {
            <section aria-label="Service status" class="mb-6 space-y-2">
                {banners.into_iter().map(|b| {
                    let tone = match b.severity.as_str() {
                        "critical" => "border-red-400 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-50",
                        "major" => "border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50",
                        _ => "border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-50",
                    };
                    view! {
                        <div class=format!("rounded-lg border px-4 py-3 text-sm {tone}")>
                            <p class="font-semibold">{format!("{} ({}, {})", b.title, b.severity, b.status)}</p>
                            <p class="mt-1">{b.message.clone()}</p>
                            <p class="mt-1"><a href="/status" class=LINK_CLASS>"Service status"</a></p>
                        </div>
                    }
                }).collect_view()}
            </section>
        }
    })
}
