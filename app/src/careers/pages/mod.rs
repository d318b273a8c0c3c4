//! The careers site's pages: public, outside the signed-in frame, in the organization's name.

mod confirm;
mod job;
mod list;

pub use confirm::CareersConfirmPage;
pub use job::CareersJobPage;
pub use list::CareersSitePage;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::set_status;
use crate::platform::AppError;
use crate::ui::LINK_CLASS;

/// The frame of every careers page: the organization's name, no application navigation.
#[component]
fn PublicFrame(#[prop(into)] organization: String, #[prop(into)] slug: String, children: Children) -> impl IntoView {
    view! {
        <div class="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
            <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:text-indigo-800">"Skip to content"</a>
            <header class="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                <div class="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-2 px-4 py-4">
                    <a href=format!("/careers/{slug}") class="inline-flex min-h-6 items-center text-lg font-bold tracking-tight text-indigo-700 dark:text-indigo-300">{organization}</a>
                    <span class="text-sm text-slate-600 dark:text-slate-400">"Careers"</span>
                </div>
            </header>
            <main id="main" class="mx-auto max-w-4xl px-4 py-8">{children()}</main>
            <footer class="mx-auto max-w-4xl px-4 pb-8 text-xs text-slate-600 dark:text-slate-400">"Careers site by Hirevoo"</footer>
        </div>
    }
}

/// A careers page that cannot be shown: an unknown organization or job, or a suspended
/// organization; sets the response's status.
#[component]
fn Unavailable(#[prop(into)] title: String, #[prop(into)] message: String, #[prop(optional, into)] back: Option<String>, status: http::StatusCode) -> impl IntoView {
    set_status(status);
    view! {
        <Title text=title.clone() />
        <main id="main" class="mx-auto flex min-h-screen max-w-lg flex-col justify-center px-6 text-slate-900 dark:text-slate-100">
            <h1 class="text-3xl font-bold tracking-tight">{title}</h1>
            <p class="mt-3 text-slate-700 dark:text-slate-300">{message}</p>
            {back.map(|href| view! { <p class="mt-6"><a href=href class=LINK_CLASS>"See the open jobs"</a></p> })}
        </main>
    }
}

/// The page for an error loading a careers page.
fn error_view(error: AppError, slug: Option<String>) -> AnyView {
    match error {
        AppError::NotFound if slug.is_some() => {
            let back = slug.map(|s| format!("/careers/{s}")).unwrap_or_default();
            view! {
                <Unavailable title="Job not found" message="This job is not on the careers site. It may have been filled or removed." back status=http::StatusCode::NOT_FOUND />
            }
            .into_any()
        }
        AppError::NotFound => view! {
            <Unavailable title="Careers site not found" message="There is no organization at this address. Check the link you followed." status=http::StatusCode::NOT_FOUND />
        }
        .into_any(),
        error => {
            let status = error.status();
            view! { <Unavailable title="Something went wrong" message=error.to_string() status /> }.into_any()
        }
    }
}

/// A suspended organization's careers site.
fn organization_unavailable(organization: String) -> AnyView {
    // Not found for crawlers too: nothing on the site takes applications now.
    view! {
        <Unavailable title="Careers site unavailable" message=format!("{organization}'s careers site is unavailable at the moment.") status=http::StatusCode::NOT_FOUND />
    }
    .into_any()
}

/// "31 December 2026"
fn day(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}
