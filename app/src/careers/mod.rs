//! The public careers site: each tenant's open jobs at `/careers/{slug}`, a page per job
//! with structured data for search engines, applying with a résumé, the job boards' feed
//! and the sitemap. Visitors are not signed in.

pub mod api;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod apply;
#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod scheduled;
#[cfg(feature = "ssr")]
pub mod structured;

/// Crawlers and link previews: their visits are not views by people.
#[cfg(feature = "ssr")]
pub(crate) fn is_robot(user_agent: &str) -> bool {
    let agent = user_agent.to_ascii_lowercase();
    ["bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit"].iter().any(|word| agent.contains(word))
}
