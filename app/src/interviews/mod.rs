//! Interviews: each requisition's plan, scheduling with calendar invitations and reminders,
//! candidates picking offered times, the interviewer's kit and scorecards (blind until one's
//! own is submitted), and calibration of interviewers against their panels.

pub mod api;
pub mod calibration;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
