mod jobs;
mod outbox;

pub use jobs::JobsPage;
pub use outbox::OutboxPage;
