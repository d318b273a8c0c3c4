//! Hirevoo: the pages, server functions and shared types of the hiring platform.

pub mod assessments;
pub mod careers;
pub mod console;
pub mod incidents;
pub mod home;
pub mod identity;
pub mod interviews;
pub mod notifications;
pub mod recruiting;
pub mod platform;
pub mod ui;

pub mod access;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
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

/// Whether a page loads the app's browser code. The signed-out forms and the careers site work
/// as plain HTML forms and links (and must, without JavaScript): served without it, a first
/// visit downloads the page alone instead of the whole application's code.
pub fn needs_browser_code(path: &str) -> bool {
    !(matches!(path, "/sign-in" | "/forgot-password" | "/reset-password" | identity::two_step::SIGN_IN_PATH) || path.starts_with("/careers/"))
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
                <Route path=path!("/take") view=assessments::pages::TakePage ssr=SsrMode::Async />
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
                <Route path=path!("/sign-in") view=identity::pages::SignInPage ssr=SsrMode::Async />
                <Route path=path!("/sign-in/two-step") view=identity::two_step::pages::TwoStepSignInPage ssr=SsrMode::Async />
                <Route path=path!("/forgot-password") view=identity::pages::ForgotPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/reset-password") view=identity::pages::ResetPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/join") view=identity::pages::JoinPage ssr=SsrMode::Async />
                <Route path=path!("/take") view=assessments::pages::TakePage ssr=SsrMode::Async />
                <Route path=path!("/schedule") view=interviews::pages::PickTimePage ssr=SsrMode::Async />
                <Route path=path!("/status") view=incidents::pages::StatusPage ssr=SsrMode::Async />
                <Route path=path!("/careers/:slug") view=careers::pages::CareersSitePage ssr=SsrMode::Async />
                <Route path=path!("/careers/:slug/jobs/:id") view=careers::pages::CareersJobPage ssr=SsrMode::Async />
                <Route path=path!("/careers/:slug/confirm") view=careers::pages::CareersConfirmPage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=SignedIn ssr=SsrMode::Async>
                    <Route path=path!("") view=home::pages::HomePage ssr=SsrMode::Async />
                    <Route path=path!("overview") view=home::pages::OverviewPage ssr=SsrMode::Async />
                    <Route path=path!("members") view=identity::pages::MembersPage ssr=SsrMode::Async />
                    <Route path=path!("account") view=identity::pages::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("assessments") view=assessments::pages::AssessmentsPage ssr=SsrMode::Async />
                    <Route path=path!("assessments/bank") view=assessments::pages::BankPage ssr=SsrMode::Async />
                    <Route path=path!("assessments/questions/:id") view=assessments::pages::QuestionPage ssr=SsrMode::Async />
                    <Route path=path!("jobs") view=recruiting::pages::JobsPage ssr=SsrMode::Async />
                    <Route path=path!("jobs/new") view=recruiting::pages::NewRequisitionPage ssr=SsrMode::Async />
                    <Route path=path!("jobs/deleted") view=recruiting::pages::DeletedRequisitionsPage ssr=SsrMode::Async />
                    <Route path=path!("jobs/bulk") view=recruiting::pages::BulkPreviewPage ssr=SsrMode::Async />
                    <Route path=path!("jobs/bulk/:id") view=recruiting::pages::BulkProgressPage ssr=SsrMode::Async />
                    <Route path=path!("jobs/:id") view=recruiting::pages::RequisitionPage ssr=SsrMode::Async />
                    <Route path=path!("jobs/:id/edit") view=recruiting::pages::EditRequisitionPage ssr=SsrMode::Async />
                    <Route path=path!("jobs/:id/pipeline") view=recruiting::pipeline::pages::PipelinePage ssr=SsrMode::Async />
                    <Route path=path!("jobs/:id/stages") view=recruiting::pipeline::pages::StagesPage ssr=SsrMode::Async />
                    <Route path=path!("jobs/:id/interviews") view=interviews::pages::InterviewPlanPage ssr=SsrMode::Async />
                    <Route path=path!("interviews") view=interviews::pages::InterviewsHomePage ssr=SsrMode::Async />
                    <Route path=path!("interviews/calibration") view=interviews::pages::CalibrationPage ssr=SsrMode::Async />
                    <Route path=path!("interviews/:id") view=interviews::pages::KitPage ssr=SsrMode::Async />
                    <Route path=path!("jobs/:id/analytics") view=recruiting::analytics::pages::RequisitionAnalyticsPage ssr=SsrMode::Async />
                    <Route path=path!("analytics") view=recruiting::analytics::pages::AnalyticsPage ssr=SsrMode::Async />
                    <Route path=path!("candidates") view=recruiting::candidates::pages::CandidatesPage ssr=SsrMode::Async />
                    <Route path=path!("candidates/new") view=recruiting::candidates::pages::NewCandidatePage ssr=SsrMode::Async />
                    <Route path=path!("candidates/import") view=recruiting::candidates::import::pages::ImportCandidatesPage ssr=SsrMode::Async />
                    <Route path=path!("candidates/imports/:id") view=recruiting::candidates::import::pages::CandidateImportPage ssr=SsrMode::Async />
                    <Route path=path!("candidates/:id") view=recruiting::candidates::pages::CandidatePage ssr=SsrMode::Async />
                    <Route path=path!("applications/:id") view=recruiting::pipeline::pages::ApplicationPage ssr=SsrMode::Async />
                    <Route path=path!("settings/pipeline") view=recruiting::pipeline::pages::PipelineSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("notifications") view=notifications::pages::NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("notifications/preferences") view=notifications::pages::NotificationPreferencesPage ssr=SsrMode::Async />
                    <Route path=path!("settings/notifications") view=notifications::pages::NotificationTemplatesPage ssr=SsrMode::Async />
                    <Route path=path!("assessments/:id/results") view=assessments::pages::ResultsPage ssr=SsrMode::Async />
                    <Route path=path!("assessments/sessions/:id/review") view=assessments::pages::ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("console/tenants") view=console::tenants::pages::TenantsPage ssr=SsrMode::Async />
                    <Route path=path!("console/tenants/:id") view=console::tenants::pages::TenantPage ssr=SsrMode::Async />
                    <Route path=path!("console/plans") view=console::tenants::pages::PlansPage ssr=SsrMode::Async />
                    <Route path=path!("console/outbox") view=console::pages::OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("console/jobs") view=console::pages::JobsPage ssr=SsrMode::Async />
                    <Route path=path!("console/settings") view=console::settings::pages::SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("console/metrics") view=console::metrics::pages::MetricsPage ssr=SsrMode::Async />
                    <Route path=path!("audit") view=console::audit::pages::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("console/audit") view=console::audit::pages::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("console/incidents") view=incidents::pages::IncidentsPage ssr=SsrMode::Async />
                    <Route path=path!("console/flags") view=console::flags::pages::FlagsPage ssr=SsrMode::Async />
                    <Route path=path!("console/flags/:key") view=console::flags::pages::FlagPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
