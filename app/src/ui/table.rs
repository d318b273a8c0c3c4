use leptos::prelude::*;

use super::{TABLE_CLASS, TH_CLASS};

/// A scrollable data table. An empty column name is an actions column, named for screen readers only.
#[component]
pub fn Table(columns: &'static [&'static str], children: Children) -> impl IntoView {
    let headers = columns
        .iter()
        .map(|name| {
            let label = if name.is_empty() {
                view! { <span class="sr-only">"Actions"</span> }.into_any()
            } else {
                name.into_any()
            };
            view! { <th scope="col" class=TH_CLASS>{label}</th> }
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto">
            <table class=TABLE_CLASS>
                <thead><tr>{headers}</tr></thead>
                <tbody class="divide-y divide-slate-100 dark:divide-slate-800">{children()}</tbody>
            </table>
        </div>
    }
}
