//! Hirevoo: the pages, server functions and shared types of the hiring platform.

pub mod assessments;
pub mod careers;
pub mod delegation;
pub mod console;
pub mod incidents;
pub mod home;
pub mod identity;
pub mod interviews;
pub mod job_board;
pub mod notifications;
pub mod recruiting;
pub mod seekers;
pub mod platform;
pub mod ui;
pub mod usage;

pub mod access;
#[cfg(feature = "ssr")]
pub mod api_v1;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, Title};
use leptos_router::components::{ParentRoute, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::access::{NotFound, SignedIn};

/// Where a candidate takes a test: the one page a browser may load with the candidate bundle.
pub const CANDIDATE_PATH: &str = "/take";

/// The HTML document around the app; `stylesheet` is the compiled stylesheet's address.
/// With `candidate_bundle`, the candidate's page loads its own small bundle (see `CandidateApp`).
pub fn shell(mut options: LeptosOptions, stylesheet: &'static str, candidate_bundle: bool) -> impl IntoView {
    let path = use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_owned()).unwrap_or_default();
    if candidate_bundle && path == CANDIDATE_PATH {
        options.output_name = CANDIDATE_BUNDLE.into();
    }
    #[cfg(feature = "ssr")]
    platform::security::apply_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="stylesheet" href=stylesheet />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                {needs_browser_code(&path).then(|| view! { <HydrationScripts options /> })}
                <leptos_meta::MetaTags />
            </head>
            <body class="bg-slate-50 dark:bg-slate-950">
                <App />
            </body>
        </html>
    }
}

/// Whether a page loads the app's browser code. The signed-out forms (signing in and up), the careers site and the job board work
/// as plain HTML forms and links (and must, without JavaScript): served without it, a first
/// visit downloads the page alone instead of the whole application's code.
pub fn needs_browser_code(path: &str) -> bool {
    !(matches!(path, "/sign-in" | "/forgot-password" | "/reset-password" | "/sign-up" | "/sign-up/confirm" | identity::two_step::SIGN_IN_PATH) || path.starts_with("/careers/") || path == "/jobs-board" || path.starts_with("/jobs-board/"))
}

/// The name of the candidate bundle's files under the package directory.
pub const CANDIDATE_BUNDLE: &str = "candidate";

fn document_meta() -> impl IntoView {
    provide_meta_context();
    view! {
        // leptos_meta writes the title into the server's HTML unescaped: escaped there (a job
        // titled `</title><script>` stays text), left as text in the browser, which sets document.title.
        <Title formatter=|page: String| ui::textarea_text(if page.is_empty() { "Hirevoo".to_owned() } else { format!("{page} · Hirevoo") }) />
        <Meta name="description" content="Hirevoo: hiring, assessments and interviews in one place." />
    }
}

/// What the candidate bundle hydrates: the test page only, rendered exactly as `App` renders it,
/// so that candidates download a fraction of the code. Any other page loads from the server.
#[component]
pub fn CandidateApp() -> impl IntoView {
    view! {
        {document_meta()}
        <Router>
            <Routes fallback=access::LoadFromServer>
                <assessments::routes::PublicRoutes />
            </Routes>
        </Router>
    }
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        {document_meta()}
        <Router>
            <Routes fallback=NotFound>
                <identity::routes::PublicRoutes />
                <assessments::routes::PublicRoutes />
                <interviews::routes::PublicRoutes />
                <incidents::routes::PublicRoutes />
                <careers::routes::PublicRoutes />
                <job_board::routes::PublicRoutes />
                <seekers::routes::PublicRoutes />
                <ParentRoute path=path!("") view=SignedIn ssr=SsrMode::Async>
                    <home::routes::SignedInRoutes />
                    <identity::routes::SignedInRoutes />
                    <assessments::routes::SignedInRoutes />
                    // Before the features with pages under `jobs/:id/`: `jobs/bulk/:id` is its own.
                    <recruiting::requisitions::routes::SignedInRoutes />
                    <recruiting::pipeline::routes::SignedInRoutes />
                    <interviews::routes::SignedInRoutes />
                    <recruiting::analytics::routes::SignedInRoutes />
                    <recruiting::candidates::routes::SignedInRoutes />
                    <notifications::routes::SignedInRoutes />
                    <console::tenants::routes::SignedInRoutes />
                    <console::routes::SignedInRoutes />
                    <console::settings::routes::SignedInRoutes />
                    <console::metrics::routes::SignedInRoutes />
                    <console::audit::routes::SignedInRoutes />
                    <incidents::routes::SignedInRoutes />
                    <console::flags::routes::SignedInRoutes />
                    <job_board::ingest::routes::SignedInRoutes />
                    <seekers::routes::SignedInRoutes />
                    <usage::routes::SignedInRoutes />
                    <delegation::routes::SignedInRoutes />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
