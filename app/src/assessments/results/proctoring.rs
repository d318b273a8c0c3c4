//! The integrity tier, the proctoring events' severities with their rules, and a recruiter's
//! review of a session's events.

use super::*;

/// The longest review note.
pub const NOTE_MAX_CHARS: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Integrity {
    None,
    Some,
    Major,
}

/// The rule behind the tier, shown to recruiters beside it.
pub const INTEGRITY_RULE: &str = "None: no signals. Some: the candidate left the tab or window, used copy, cut or paste, left full screen, or opened the test in a second browser. Major: left the tab or window 5 times or more, or pasted 3 times or more. Signals inform; they never fail a candidate on their own, and signals excused by an accommodation are not recorded.";

impl Integrity {
    /// The tier for a session's signal counts: (leaving the tab or window, pastes, other signals).
    pub fn from_counts(leaves: i64, pastes: i64, other: i64) -> Self {
        if leaves >= 5 || pastes >= 3 {
            Integrity::Major
        } else if leaves + pastes + other > 0 {
            Integrity::Some
        } else {
            Integrity::None
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Integrity::None => "None",
            Integrity::Some => "Some",
            Integrity::Major => "Major",
        }
    }
}

/// The signals the integrity rule counts, in its three groups.
pub const LEAVES: [&str; 2] = ["tab_hidden", "window_blur"];
pub const PASTES: [&str; 1] = ["paste"];
pub const OTHER_SIGNALS: [&str; 5] = ["copy", "cut", "fullscreen_exit", "takeover", "context_menu"];

/// How serious a proctoring event is. Stored on each event as its lower-case name, generated
/// from its kind by the database (migration `proctoring_review`), which follows this rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

/// The rule behind the severities, shown to recruiters beside the integrity tier's.
pub const SEVERITY_RULE: &str = "Severity of each signal. Low: came back to the tab or window, opened the context menu, or reloaded the page. Medium: left the tab or window, copied or cut text, or left full screen. High: pasted text. Critical: opened the test in a second browser, which took it over. High and critical signals wait for a recruiter's review; signals excused by an accommodation are not recorded, so they carry none.";

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// Where a session's proctoring review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewStatus {
    NotReviewed,
    Reviewed,
    /// Reviewed, then high or critical events arrived that the reviewer had not seen.
    NewEventsSinceReview,
}

impl ReviewStatus {
    /// From the session's high and critical events now and how many the latest review covered.
    pub fn from_counts(serious_events: i64, reviewed: Option<i64>) -> Self {
        match reviewed {
            None => ReviewStatus::NotReviewed,
            Some(covered) if serious_events > covered => ReviewStatus::NewEventsSinceReview,
            Some(_) => ReviewStatus::Reviewed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::NotReviewed => "not reviewed",
            ReviewStatus::Reviewed => "reviewed",
            ReviewStatus::NewEventsSinceReview => "new events since review",
        }
    }
}

/// One signal in a session's proctoring timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub kind: String,
    pub at: DateTime<Utc>,
    pub severity: Severity,
}

/// A recruiter's review of a session's proctoring events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProctoringReview {
    pub note: String,
    pub reviewer: Option<String>,
    pub reviewed_at: DateTime<Utc>,
    pub serious_events_reviewed: i64,
}

/// The high and critical events of a timeline: what a review must cover.
pub fn serious_events(events: &[TimelineEvent]) -> i64 {
    events.iter().filter(|e| e.severity >= Severity::High).count() as i64
}

/// Marks a session's proctoring events reviewed, with a note. `serious_events_seen` is how many
/// high and critical events the reviewer's page showed: if more have arrived since, the review
/// is refused, so that no one marks reviewed what they have not read.
#[server]
pub async fn review_proctoring(session_id: Uuid, #[server(default)] note: String, serious_events_seen: i64) -> Result<(), AppError> {
    let mut ctx = Ctx::recruiter(Access::Write).await?;
    let note = validate::long_text("note", "note", &note, NOTE_MAX_CHARS)?;
    if note.is_empty() {
        return Err(AppError::invalid("note", "Write a note on what you found in the timeline."));
    }
    let serious: i64 = sqlx::query_scalar(
        "select (select count(*) from proctoring_events e where e.session_id = s.id and e.severity in ('high', 'critical'))
         from test_sessions s where s.id = $1 and s.tenant_id = $2",
    )
    .bind(session_id)
    .bind(ctx.tenant_id)
    .fetch_optional(&mut *ctx.tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if serious_events_seen != serious {
        return Err(AppError::Conflict {
            field: None,
            message: "The timeline has changed since this page was loaded. Read the new events, then mark them reviewed.".into(),
        });
    }
    sqlx::query(
        "insert into proctoring_reviews (id, tenant_id, session_id, note, serious_events_reviewed, reviewed_by) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::now_v7())
    .bind(ctx.tenant_id)
    .bind(session_id)
    .bind(&note)
    .bind(serious as i32)
    .bind(ctx.user.user_id)
    .execute(&mut *ctx.tx)
    .await?;
    ctx.audit("proctoring.review", format!("session:{session_id}"), serde_json::json!({ "serious_events_reviewed": serious.to_string() })).await?;
    ctx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_tiers_follow_the_written_rule() {
        assert_eq!(Integrity::from_counts(0, 0, 0), Integrity::None);
        assert_eq!(Integrity::from_counts(1, 0, 0), Integrity::Some);
        assert_eq!(Integrity::from_counts(0, 0, 1), Integrity::Some);
        assert_eq!(Integrity::from_counts(5, 0, 0), Integrity::Major);
        assert_eq!(Integrity::from_counts(0, 3, 0), Integrity::Major);
    }

    #[test]
    fn a_review_covers_the_serious_events_it_saw() {
        assert_eq!(ReviewStatus::from_counts(2, None), ReviewStatus::NotReviewed);
        assert_eq!(ReviewStatus::from_counts(0, None), ReviewStatus::NotReviewed);
        assert_eq!(ReviewStatus::from_counts(2, Some(2)), ReviewStatus::Reviewed);
        assert_eq!(ReviewStatus::from_counts(3, Some(2)), ReviewStatus::NewEventsSinceReview);
    }
}
