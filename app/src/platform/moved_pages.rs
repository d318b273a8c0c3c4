//! Pages that moved keep their old addresses, sent on for good (308): bookmarks and mails keep
//! working. Each feature mounts its own old addresses among its plain routes.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use uuid::Uuid;

/// An old address's query string.
pub type Pairs = Query<HashMap<String, String>>;

/// The id named `name` in the query string: only an id that parses goes into the new address.
pub fn id(pairs: &HashMap<String, String>, name: &str) -> Option<Uuid> {
    pairs.get(name).and_then(|value| value.parse().ok())
}

/// Sends on to the new address; without one (the old address lacked its id), not found.
pub fn moved(to: Option<String>) -> Response {
    match to {
        Some(to) => Redirect::permanent(&to).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
