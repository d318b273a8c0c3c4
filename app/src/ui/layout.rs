use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::platform::{CurrentUser, Role};

/// An entry of the signed-in navigation, as the feature it leads to declares it.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    /// The roles it is shown to.
    pub roles: &'static [Role],
    pub group: NavGroup,
}

/// Where an entry stands: a role's own pages first, then the recruiting work its roles share,
/// then the person's account.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NavGroup {
    Own,
    Recruiting,
    Account,
}

/// Each feature's entries, in the order they are listed within a group.
const FEATURE_NAVIGATION: &[&[NavItem]] = &[
    crate::assessments::routes::NAV,
    crate::recruiting::requisitions::routes::NAV,
    crate::recruiting::candidates::routes::NAV,
    crate::interviews::routes::NAV,
    crate::recruiting::analytics::routes::NAV,
    crate::home::routes::NAV,
    crate::seekers::routes::NAV,
    crate::recruiting::pipeline::routes::NAV,
    crate::notifications::routes::NAV,
    crate::console::tenants::routes::NAV,
    crate::console::flags::routes::NAV,
    crate::job_board::ingest::routes::NAV,
    crate::incidents::routes::NAV,
    crate::console::metrics::routes::NAV,
    crate::usage::routes::NAV,
    crate::console::audit::routes::NAV,
    crate::console::settings::routes::NAV,
    crate::console::routes::NAV,
    crate::delegation::routes::NAV,
    crate::identity::routes::NAV,
];

fn navigation(role: Role) -> Vec<&'static NavItem> {
    let shown = FEATURE_NAVIGATION.iter().flat_map(|items| items.iter()).filter(|item| item.roles.contains(&role));
    [NavGroup::Own, NavGroup::Recruiting, NavGroup::Account].into_iter().flat_map(|group| shown.clone().filter(move |item| item.group == group)).collect()
}

/// The navigation entry a page belongs to: the one it is, or else the longest one whose
/// path it lies under (`/jobs/42/edit` is under Jobs).
fn section_of(hrefs: &[&'static str], path: &str) -> Option<&'static str> {
    hrefs.iter().copied().filter(|href| path == *href || (*href != "/" && path.starts_with(&format!("{href}/")))).max_by_key(|href| href.len())
}

/// The signed-in frame: a sidebar for staff, a minimal header for candidates.
#[component]
/// `sign_out` is the identity feature's sign-out control, shown in either layout; `bell` the
/// notifications' link with its unread count, shown to a tenant's staff; `notice` a bar kept
/// above everything (who is viewing the product as this person).
pub fn Frame(user: CurrentUser, sign_out: ViewFn, bell: ViewFn, notice: ViewFn, children: Children) -> impl IntoView {
    let location = use_location();
    let tenant_name = user.tenant.as_ref().map(|t| t.name.clone()).unwrap_or_else(|| "Platform".into());
    let items = navigation(user.role);
    let hrefs: Vec<&'static str> = items.iter().map(|item| item.href).collect();
    let links = items
        .into_iter()
        .map(|item| {
            let href = item.href;
            let hrefs = hrefs.clone();
            let current = move || location.pathname.with(|path| (section_of(&hrefs, path) == Some(href)).then_some("page"));
            view! {
                <li>
                    <a href=href aria-current=current
                        class="flex min-h-10 items-center rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-800 dark:text-slate-200 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-slate-800 dark:aria-[current=page]:text-indigo-200">
                        {item.label}
                    </a>
                </li>
            }
        })
        .collect_view();
    let skip = view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:text-indigo-800">"Skip to content"</a>
    };
    if user.role.is_staff() {
        view! {
            <div class="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
                {skip}
                {notice.run()}
                <div class="md:flex">
                <aside class="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 md:min-h-screen md:w-64 md:border-b-0 md:border-r">
                    <div class="px-6 py-5">
                        <a href="/" class="text-lg font-bold tracking-tight text-indigo-700 dark:text-indigo-300">"Hirevoo"</a>
                        <p class="mt-1 truncate text-sm text-slate-600 dark:text-slate-400">{tenant_name}</p>
                    </div>
                    <nav aria-label="Main" class="px-3 pb-4">
                        <ul class="space-y-1">{links}</ul>
                    </nav>
                    <div class="border-t border-slate-200 px-6 py-4 dark:border-slate-800">
                        <p class="truncate text-sm font-medium">{user.display_name.clone()}</p>
                        <p class="mb-3 text-xs text-slate-600 dark:text-slate-400">{user.role.label()}</p>
                        {user.tenant.is_some().then(|| view! { <div class="-mx-3 mb-2">{bell.run()}</div> })}
                        {sign_out.run()}
                    </div>
                </aside>
                <main id="main" class="flex-1 px-4 py-8 md:px-10">{children()}</main>
                </div>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
                {skip}
                {notice.run()}
                <header class="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                    <div class="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-4">
                        <div>
                            <a href="/" class="font-bold text-indigo-700 dark:text-indigo-300">"Hirevoo"</a>
                            <span class="ml-2 text-sm text-slate-600 dark:text-slate-400">{tenant_name}</span>
                        </div>
                        <nav aria-label="Main"><ul class="flex items-center gap-2">{links}</ul></nav>
                        {sign_out.run()}
                    </div>
                </header>
                <main id="main" class="mx-auto max-w-3xl px-4 py-8">{children()}</main>
            </div>
        }
        .into_any()
    }
}

#[component]
pub fn PageHeader(#[prop(into)] title: String, #[prop(into, optional)] description: Option<String>) -> impl IntoView {
    view! {
        <header class="mb-6">
            <h1 class="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{title}</h1>
            {description.map(|d| view! { <p class="mt-1 max-w-2xl text-sm text-slate-600 dark:text-slate-400">{d}</p> })}
        </header>
    }
}

#[component]
pub fn Card(#[prop(into, optional)] title: Option<String>, children: Children) -> impl IntoView {
    view! {
        <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
            {title.map(|t| view! { <h2 class="mb-4 text-lg font-semibold text-slate-900 dark:text-white">{t}</h2> })}
            {children()}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use crate::platform::Role;

    #[test]
    fn each_role_sees_its_entries_in_order() {
        let entries = |role| super::navigation(role).into_iter().map(|item| (item.href, item.label)).collect::<Vec<_>>();
        let recruiting = [("/assessments", "Assessments"), ("/assessments/bank", "Question bank"), ("/jobs", "Jobs"), ("/candidates", "Candidates"), ("/interviews", "Interviews"), ("/analytics", "Analytics")];
        let account = ("/account", "Account");
        assert_eq!(
            entries(Role::Superadmin),
            [
                ("/console/tenants", "Tenants"),
                ("/console/plans", "Plans"),
                ("/console/flags", "Feature flags"),
                ("/console/sources", "Job sources"),
                ("/console/incidents", "Incidents"),
                ("/console/metrics", "Metrics"),
                ("/console/usage", "Usage"),
                ("/console/audit", "Audit log"),
                ("/console/settings", "Settings"),
                ("/console/outbox", "Outbox"),
                ("/console/jobs", "Background jobs"),
                ("/delegation", "Delegation"),
                ("/delegation/admins", "Delegation admins"),
                ("/delegation/settings", "Delegation settings"),
                account,
            ]
        );
        let admin_own = [("/", "Members"), ("/overview", "Overview"), ("/settings/pipeline", "Pipeline settings"), ("/settings/notifications", "Email templates"), ("/usage", "Usage"), ("/audit", "Audit log")];
        assert_eq!(entries(Role::TenantAdmin), [&admin_own[..], &recruiting, &[account]].concat());
        assert_eq!(entries(Role::Recruiter), [&[("/", "Overview")][..], &recruiting, &[account]].concat());
        assert_eq!(entries(Role::Interviewer), [("/interviews", "Interviews"), ("/overview", "Overview"), account]);
        assert_eq!(entries(Role::Candidate), [("/", "Home"), account]);
        assert_eq!(entries(Role::Seeker), [("/", "Your job search"), ("/profile", "Your profile"), ("/delegation", "Delegation"), account]);
        assert_eq!(entries(Role::DelegationEmployee), [("/", "Your queue"), account]);
        assert_eq!(
            entries(Role::DelegationAdmin),
            [("/", "Delegation"), ("/delegation/all", "Delegations"), ("/delegation/clients", "Clients"), ("/delegation/employees", "Employees"), ("/delegation/assignments", "Assignments"), account]
        );
    }

    #[test]
    fn a_page_belongs_to_the_longest_entry_it_lies_under() {
        let hrefs = ["/", "/assessments", "/assessments/bank", "/jobs"];
        assert_eq!(super::section_of(&hrefs, "/jobs/42/edit"), Some("/jobs"));
        assert_eq!(super::section_of(&hrefs, "/assessments/bank"), Some("/assessments/bank"));
        assert_eq!(super::section_of(&hrefs, "/assessments/results"), Some("/assessments"));
        assert_eq!(super::section_of(&hrefs, "/"), Some("/"));
        assert_eq!(super::section_of(&hrefs, "/jobsearch"), None);
    }
}
