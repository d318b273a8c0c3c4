mod outbox;
mod tenants;

pub use outbox::OutboxPage;
pub use tenants::TenantsPage;
