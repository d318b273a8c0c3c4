//! The pipeline's pages: the board, an application, and the stages.

mod application;
mod board;
mod stages;

pub use application::ApplicationPage;
pub use board::PipelinePage;
pub use stages::{PipelineSettingsPage, StagesPage};

use chrono::{DateTime, Utc};

fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// How long ago, in whole days or hours, from `now` (the server's clock, passed in so that
/// the first render is the same on both sides).
fn since(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let hours = (now - at).num_hours().max(0);
    match hours {
        0 => "under an hour".to_owned(),
        1..=47 => format!("{hours} h"),
        _ => format!("{} days", hours / 24),
    }
}

fn percent(value: f64) -> String {
    format!("{value:.0}%")
}
