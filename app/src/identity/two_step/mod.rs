//! Two-step sign-in: after the password, a code from an authenticator app (or a recovery
//! code). Each person may turn it on; superadmins must, and a tenant admin may require it of
//! everyone in the organization. Keys are sealed at rest with the site's key.

pub mod api;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod codes;
#[cfg(feature = "ssr")]
pub mod repo;

/// The page of the second step.
pub const SIGN_IN_PATH: &str = "/sign-in/two-step";
