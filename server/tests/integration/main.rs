//! The integration tests: the real server on real PostgreSQL, over real HTTP. One binary, so
//! that the app is linked once; each module is one feature area, `support` their shared helpers.

mod support;

mod analytics;
mod assessments;
mod audit;
mod candidate_imports;
mod candidate_page;
mod candidates;
mod careers;
mod console;
mod csrf;
mod delegation;
mod delegation_api;
mod demo;
mod identity;
mod impersonation;
mod incidents;
mod interviews;
mod job_board;
mod job_board_ingest;
mod isolation;
mod metrics;
mod notifications;
mod pages;
mod pipeline;
mod question_editor;
mod queue;
mod replication;
mod requisitions;
mod seekers;
mod seekers_profile;
mod seekers_matching;
mod results;
mod tenant_deletion;
mod two_step;
mod usage;
