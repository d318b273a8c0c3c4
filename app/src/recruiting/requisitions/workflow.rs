//! The requisition status workflow: which moves are allowed, and what each needs.

use super::types::Status;

impl Status {
    /// The statuses a requisition in this one may move to.
    pub fn moves(self) -> &'static [Status] {
        match self {
            Status::Draft => &[Status::Open, Status::Archived],
            Status::Open => &[Status::OnHold, Status::Closed],
            Status::OnHold => &[Status::Open, Status::Closed],
            Status::Closed => &[Status::Open, Status::Archived],
            Status::Archived => &[Status::Closed],
        }
    }

    /// Putting on hold and closing need a reason the hiring team can read; restoring an
    /// archived requisition (to closed) does not.
    pub fn needs_reason(self, from: Option<Status>) -> bool {
        self == Status::OnHold || (self == Status::Closed && from != Some(Status::Archived))
    }

    /// The verb a button for moving into this status shows.
    pub fn action_label(self, from: Status) -> &'static str {
        match (from, self) {
            (Status::Draft, Status::Open) => "Open",
            (Status::OnHold, Status::Open) => "Resume",
            (Status::Closed, Status::Open) => "Reopen",
            (Status::Archived, Status::Closed) => "Restore (as closed)",
            (_, Status::OnHold) => "Put on hold",
            (_, Status::Closed) => "Close",
            (_, Status::Archived) => "Archive",
            (_, Status::Draft) | (_, Status::Open) => "Open",
        }
    }
}

pub const MAX_REASON: usize = 500;

/// Checks a move and its reason; the error names the moves that are allowed.
pub fn check_move(from: Status, to: Status, reason: &str) -> Result<(), String> {
    if !from.moves().contains(&to) {
        let allowed: Vec<&str> = from.moves().iter().map(|s| s.label()).collect();
        return Err(format!(
            "A requisition cannot go from {} to {}. From {} it can go to: {}.",
            from.label().to_lowercase(),
            to.label().to_lowercase(),
            from.label().to_lowercase(),
            allowed.join(", ").to_lowercase()
        ));
    }
    if to.needs_reason(Some(from)) && reason.trim().is_empty() {
        return Err(format!("Give a reason for moving it to {}: the hiring team will read it.", to.label().to_lowercase()));
    }
    if reason.trim().chars().count() > MAX_REASON {
        return Err(format!("The reason can be at most {MAX_REASON} characters."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_allows_exactly_the_listed_moves() {
        let allowed = [
            (Status::Draft, Status::Open),
            (Status::Open, Status::OnHold),
            (Status::OnHold, Status::Open),
            (Status::Open, Status::Closed),
            (Status::OnHold, Status::Closed),
            (Status::Closed, Status::Open),
            (Status::Draft, Status::Archived),
            (Status::Closed, Status::Archived),
            (Status::Archived, Status::Closed),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                let ok = check_move(from, to, "a reason").is_ok();
                assert_eq!(ok, allowed.contains(&(from, to)), "{from} -> {to}");
            }
        }
    }

    #[test]
    fn a_refusal_names_the_allowed_moves_and_holds_and_closes_need_reasons() {
        let refused = check_move(Status::Draft, Status::Closed, "x").unwrap_err();
        assert!(refused.contains("open, archived"), "{refused}");
        assert!(check_move(Status::Open, Status::OnHold, "  ").is_err());
        assert!(check_move(Status::Open, Status::Closed, "").is_err());
        assert!(check_move(Status::Draft, Status::Open, "").is_ok());
        assert!(check_move(Status::Archived, Status::Closed, "").is_ok(), "a restore needs no reason");
    }
}
