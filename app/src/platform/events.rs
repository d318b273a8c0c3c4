//! Events: what one feature announces and others follow up on, without the one naming the
//! others. The publisher defines its event; each follower subscribes one of its jobs to it
//! (`inventory::submit! { Subscription::new::<Event, Job>() }` in its `jobs.rs`). Publishing,
//! inside the transaction of the change, enqueues one job per subscriber with the event as its
//! payload: the queue carries the event, so it is followed up exactly when the change commits,
//! by whichever server's worker, however often it has to be retried.

use serde::Serialize;
use sqlx::PgConnection;

use super::jobs::Job;
use super::queue::{self, NewJob};
use super::AppError;

/// Something that happened in a feature, for others to follow up.
pub trait Event: Serialize {
    /// The event's name, matching its subscriptions (it is not stored).
    const NAME: &'static str;

    /// With a key, at most one follow-up per subscriber and key waits in the queue; without
    /// one, each publication is followed up.
    fn key(&self) -> Option<String> {
        None
    }
}

/// Job `job` follows up each event named `event`.
#[derive(Debug)]
pub struct Subscription {
    pub event: &'static str,
    pub job: &'static str,
}

impl Subscription {
    pub const fn new<E: Event, J: Job>() -> Self {
        Self { event: E::NAME, job: J::KIND }
    }
}

inventory::collect!(Subscription);

/// Every subscription of every feature.
pub fn subscriptions() -> impl Iterator<Item = &'static Subscription> {
    inventory::iter::<Subscription>.into_iter()
}

/// Enqueues, in the caller's transaction, one job per subscriber of `E` with the event as payload.
pub async fn publish<E: Event>(conn: &mut PgConnection, event: &E) -> Result<(), AppError> {
    let payload = serde_json::to_value(event).map_err(AppError::internal)?;
    let key = event.key();
    for subscription in subscriptions().filter(|subscription| subscription.event == E::NAME) {
        let mut job = NewJob::new(subscription.job, payload.clone());
        if let Some(key) = &key {
            job = job.unique(format!("{}:{key}", subscription.job));
        }
        queue::enqueue(&mut *conn, job).await?;
    }
    Ok(())
}
