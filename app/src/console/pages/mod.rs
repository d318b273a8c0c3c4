mod jobs;
mod outbox;
mod tenants;

pub use jobs::JobsPage;
pub use outbox::OutboxPage;
pub use tenants::TenantsPage;
