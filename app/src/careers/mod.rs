//! The public careers site: each tenant's open jobs at `/careers/{slug}`, a page per job
//! with structured data for search engines, applying with a résumé, the job boards' feed
//! and the sitemap. Visitors are not signed in.

pub mod api;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod apply;
#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod scheduled;
#[cfg(feature = "ssr")]
pub mod structured;

/// The site's plain routes (feeds and sitemap) and, separately, the application form's,
/// which takes a body far larger than the site-wide limit and must be mounted outside it.
#[cfg(feature = "ssr")]
pub fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    feeds::routes()
}

#[cfg(feature = "ssr")]
pub use apply::routes as upload_routes;

/// Crawlers and link previews: their visits are not views by people.
#[cfg(feature = "ssr")]
pub(crate) fn is_robot(user_agent: &str) -> bool {
    let agent = user_agent.to_ascii_lowercase();
    ["bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit"].iter().any(|word| agent.contains(word))
}
