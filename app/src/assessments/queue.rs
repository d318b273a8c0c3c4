//! The browser's queue of answers not yet acknowledged by the server. It lives in
//! localStorage, so a reload or a lost connection loses nothing; it is replayed
//! until the server acknowledges each save (saves are idempotent by sequence number).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::grading::Response;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingSave {
    pub version_id: Uuid,
    pub response: Option<Response>,
    pub flagged: bool,
    pub seq: i64,
    pub time_spent_ms: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub saves: Vec<PendingSave>,
}

impl Queue {
    /// Adds a save; it replaces a queued one for the same question (only the latest matters).
    pub fn push(&mut self, save: PendingSave) {
        self.saves.retain(|s| s.version_id != save.version_id || s.seq > save.seq);
        if !self.saves.iter().any(|s| s.version_id == save.version_id) {
            self.saves.push(save);
        }
    }

    /// The server holds `seq` for the question: drops what it covers.
    pub fn acknowledge(&mut self, version_id: Uuid, seq: i64) {
        self.saves.retain(|s| s.version_id != version_id || s.seq > seq);
    }

    pub fn latest(&self, version_id: Uuid) -> Option<&PendingSave> {
        self.saves.iter().find(|s| s.version_id == version_id)
    }

    pub fn is_empty(&self) -> bool {
        self.saves.is_empty()
    }

    pub fn storage_key(session_id: Uuid) -> String {
        format!("hirevoo:answers:{session_id}")
    }
}

/// The next sequence number: after the last one, and never behind the clock, so a
/// reload (which forgets counters) still numbers its saves after earlier ones.
pub fn next_seq(last: i64, now_ms: i64) -> i64 {
    (last + 1).max(now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn save(version_id: Uuid, seq: i64, text: &str) -> PendingSave {
        PendingSave { version_id, response: Some(Response::Text(text.into())), flagged: false, seq, time_spent_ms: 0 }
    }

    #[test]
    fn the_latest_save_per_question_is_kept_until_acknowledged() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let mut queue = Queue::default();
        queue.push(save(a, 10, "first"));
        queue.push(save(b, 11, "other"));
        queue.push(save(a, 12, "second"));
        assert_eq!(queue.saves.len(), 2);
        assert_eq!(queue.latest(a).unwrap().seq, 12);
        queue.push(save(a, 9, "stale"));
        assert_eq!(queue.latest(a).unwrap().seq, 12, "an older save does not replace a newer one");
        queue.acknowledge(a, 10);
        assert!(queue.latest(a).is_some(), "an ack of an older save keeps the newer one");
        queue.acknowledge(a, 12);
        assert!(queue.latest(a).is_none());
        let text = serde_json::to_string(&queue).unwrap();
        assert_eq!(serde_json::from_str::<Queue>(&text).unwrap(), queue, "survives localStorage");
    }

    #[test]
    fn sequence_numbers_only_grow() {
        assert_eq!(next_seq(5, 3), 6);
        assert_eq!(next_seq(5, 1_000), 1_000);
    }
}
