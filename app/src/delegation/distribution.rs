//! Which employee is given a delegation. A rule ranks the client's eligible employees; the
//! daily cap and availability decide who is eligible, whatever the rule.

use uuid::Uuid;

use super::types::DistributionRule;

/// An employee on an active assignment to the client, as the database counts them now.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Candidate {
    pub employee_id: Uuid,
    /// Delegations pending or in progress with them, for every client.
    pub open_count: i64,
    pub given_today: i32,
    pub daily_cap: i32,
    /// When this client last gave them one, as a turn in the order of all gifts (none: never).
    pub last_turn: Option<i64>,
}

impl Candidate {
    fn has_room(&self) -> bool {
        self.given_today < self.daily_cap
    }
}

/// A way of choosing among eligible employees.
pub trait Rule {
    /// The best of `eligible` (never empty), by this rule.
    fn choose<'a>(&self, eligible: &[&'a Candidate]) -> &'a Candidate;
}

/// Each in turn: the one this client gave nothing for longest (never first).
pub struct RoundRobin;

impl Rule for RoundRobin {
    fn choose<'a>(&self, eligible: &[&'a Candidate]) -> &'a Candidate {
        eligible.iter().copied().min_by_key(|c| (c.last_turn, c.employee_id)).expect("eligible is not empty")
    }
}

/// The one with the least open work; among equals, in turn.
pub struct LeastLoaded;

impl Rule for LeastLoaded {
    fn choose<'a>(&self, eligible: &[&'a Candidate]) -> &'a Candidate {
        eligible.iter().copied().min_by_key(|c| (c.open_count, c.last_turn, c.employee_id)).expect("eligible is not empty")
    }
}

pub fn rule(kind: DistributionRule) -> &'static dyn Rule {
    match kind {
        DistributionRule::RoundRobin => &RoundRobin,
        DistributionRule::LeastLoaded => &LeastLoaded,
    }
}

/// Whom to give the delegation to: an eligible candidate under their cap, other than `not`
/// (the employee it is being taken from), by `rule`; none when nobody has room.
pub fn choose(rule: &dyn Rule, candidates: &[Candidate], not: Option<Uuid>) -> Option<Uuid> {
    let eligible: Vec<&Candidate> = candidates.iter().filter(|c| c.has_room() && Some(c.employee_id) != not).collect();
    (!eligible.is_empty()).then(|| rule.choose(&eligible).employee_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(n: u128, open: i64, given: i32, cap: i32, last: Option<i64>) -> Candidate {
        Candidate {
            employee_id: Uuid::from_u128(n),
            open_count: open,
            given_today: given,
            daily_cap: cap,
            last_turn: last,
        }
    }

    #[test]
    fn round_robin_gives_in_turn() {
        let mut people = vec![candidate(1, 0, 0, 10, None), candidate(2, 0, 0, 10, None), candidate(3, 0, 0, 10, None)];
        let mut given = Vec::new();
        for turn in 0..6 {
            let chosen = choose(&RoundRobin, &people, None).unwrap();
            given.push(chosen.as_u128());
            let person = people.iter_mut().find(|p| p.employee_id == chosen).unwrap();
            person.last_turn = Some(turn);
            person.given_today += 1;
        }
        assert_eq!(given, [1, 2, 3, 1, 2, 3]);
    }

    #[test]
    fn least_loaded_prefers_the_least_open_work() {
        let people = [candidate(1, 5, 0, 10, None), candidate(2, 1, 0, 10, Some(9)), candidate(3, 1, 0, 10, Some(3))];
        assert_eq!(choose(&LeastLoaded, &people, None), Some(Uuid::from_u128(3)));
    }

    #[test]
    fn nobody_past_their_cap_or_the_one_left_is_chosen() {
        let people = [candidate(1, 0, 10, 10, None), candidate(2, 0, 3, 10, Some(5))];
        assert_eq!(choose(&RoundRobin, &people, None), Some(Uuid::from_u128(2)));
        assert_eq!(choose(&RoundRobin, &people, Some(Uuid::from_u128(2))), None);
        assert_eq!(choose(&LeastLoaded, &[], None), None);
    }
}
