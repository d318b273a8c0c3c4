//! Tenants' people: signing in and out, sessions, password resets, members and invitations.

pub mod api;
pub mod pages;
pub mod routes;
pub mod two_step;
pub mod types;

#[cfg(feature = "ssr")]
pub mod attempts;
#[cfg(feature = "ssr")]
pub mod invitations;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
