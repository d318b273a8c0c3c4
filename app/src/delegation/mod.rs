//! The delegation service: clients (job seekers who asked for it and were activated) delegate
//! job applications to employees, who send them and prove it with a screenshot the client
//! accepts or rejects. Admins activate clients, add employees and assign them; the rules of
//! `distribution` share each client's work among their employees. Nobody here belongs to a
//! tenant: the rows live in the service's own tables (see the migration's row rules), and the
//! permission matrix (`access`) is checked by every server function.

pub mod access;
pub mod api;
pub mod distribution;
pub mod pages;
pub mod routes;
pub mod rules;
pub mod types;

#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
