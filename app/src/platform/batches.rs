//! Group commit: requests hand their item to a batcher and wait; the batcher writes the items
//! that gathered while earlier batches were committing in one statement, and answers each
//! request only after that statement committed. Nothing is acknowledged before it is durable,
//! and nothing is kept past the request: an instance that stops drops its waiting requests,
//! whose senders retry.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, Semaphore};

use super::AppError;

type Waiting<I, O> = (I, oneshot::Sender<Result<O, AppError>>);

pub struct Batches<I, O> {
    queue: mpsc::Sender<Waiting<I, O>>,
}

impl<I, O> Clone for Batches<I, O> {
    fn clone(&self) -> Self {
        Self { queue: self.queue.clone() }
    }
}

impl<I: Send + 'static, O: Send + 'static> Batches<I, O> {
    /// Starts the batcher on the current runtime. At most `waiting` items wait (more are refused
    /// with `Unavailable`, for the sender to retry), at most `writers` batches are written at once,
    /// each of at most `largest` items. `write` answers one result per item, in order.
    pub fn start<W, F>(waiting: usize, writers: usize, largest: usize, write: W) -> Self
    where
        W: Fn(Vec<I>) -> F + Send + Sync + 'static,
        F: Future<Output = Vec<Result<O, AppError>>> + Send + 'static,
    {
        let (queue, mut incoming) = mpsc::channel::<Waiting<I, O>>(waiting);
        let writers = Arc::new(Semaphore::new(writers));
        tokio::spawn(async move {
            while let Some(first) = incoming.recv().await {
                // While every writer is busy, items gather in the queue: the next batch takes them all.
                let Ok(writer) = writers.clone().acquire_owned().await else { break };
                let mut batch = vec![first];
                while batch.len() < largest {
                    match incoming.try_recv() {
                        Ok(next) => batch.push(next),
                        Err(_) => break,
                    }
                }
                let (items, answers): (Vec<I>, Vec<_>) = batch.into_iter().unzip();
                let written = write(items);
                tokio::spawn(async move {
                    let results = written.await;
                    drop(writer);
                    let mut results = results.into_iter();
                    for answer in answers {
                        _ = answer.send(results.next().unwrap_or(Err(AppError::Internal)));
                    }
                });
            }
        });
        Self { queue }
    }

    /// Hands `item` to the next batch and waits until that batch is written.
    pub async fn write(&self, item: I) -> Result<O, AppError> {
        let (answer, written) = oneshot::channel();
        self.queue.try_send((item, answer)).map_err(|_| AppError::Unavailable)?;
        written.await.unwrap_or(Err(AppError::Unavailable))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::Duration;

    #[tokio::test]
    async fn items_that_wait_together_are_written_together_and_each_gets_its_own_answer() {
        let sizes = Arc::new(Mutex::new(Vec::new()));
        let seen = sizes.clone();
        let batches = Batches::start(100, 1, 8, move |items: Vec<u32>| {
            seen.lock().unwrap().push(items.len());
            async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                items.into_iter().map(|n| if n == 13 { Err(AppError::NotFound) } else { Ok(n * 2) }).collect()
            }
        });
        let answers = futures::future::join_all((0..20).map(|n| {
            let batches = batches.clone();
            async move { batches.write(n).await }
        }))
        .await;
        for (n, answer) in answers.iter().enumerate() {
            match n {
                13 => assert!(matches!(answer, Err(AppError::NotFound))),
                n => assert_eq!(answer.as_ref().ok(), Some(&(n as u32 * 2))),
            }
        }
        let sizes = sizes.lock().unwrap().clone();
        assert_eq!(sizes.iter().sum::<usize>(), 20);
        assert!(sizes.len() < 20 && sizes.iter().all(|n| *n <= 8), "batches of {sizes:?}");
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once() {
        let batches = Batches::start(1, 1, 1, |items: Vec<u32>| async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            items.into_iter().map(Ok).collect()
        });
        // The first is being written, the second waits for the writer, the third fills the queue.
        let mut accepted = Vec::new();
        for n in 1..=3 {
            let batches = batches.clone();
            accepted.push(tokio::spawn(async move { batches.write(n).await }));
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(matches!(batches.write(4).await, Err(AppError::Unavailable)));
        for (n, answer) in accepted.into_iter().enumerate() {
            assert_eq!(answer.await.unwrap().ok(), Some(n as u32 + 1));
        }
    }
}
