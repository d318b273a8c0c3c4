//! The calibration figures, computed from plain rows so that they can be checked by hand.

use std::collections::BTreeMap;
use uuid::Uuid;

use super::types::{AttributeSummary, InterviewerCalibration, Leaning, RatingEntry};

/// A submitted scorecard, as the report reads it.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub interviewer_id: Uuid,
    pub application_id: Uuid,
    pub recommendation: i16,
    pub ratings: Vec<RatingEntry>,
    /// Hours from the interview's end to the submission.
    pub hours_to_submit: f64,
}

/// The median of `values` (none when empty).
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 0 { (values[middle - 1] + values[middle]) / 2.0 } else { values[middle] })
}

/// Per attribute, how the given ratings spread, in the order attributes first appear.
pub fn summarize<'a>(ratings: impl IntoIterator<Item = &'a RatingEntry>) -> Vec<AttributeSummary> {
    let mut order: Vec<String> = Vec::new();
    let mut counts: BTreeMap<String, ([i64; 4], i64)> = BTreeMap::new();
    for entry in ratings {
        if !counts.contains_key(&entry.attribute) {
            order.push(entry.attribute.clone());
        }
        let slot = counts.entry(entry.attribute.clone()).or_default();
        match entry.rating {
            Some(r @ 1..=4) => slot.0[(r - 1) as usize] += 1,
            _ => slot.1 += 1,
        }
    }
    order
        .into_iter()
        .map(|attribute| {
            let (counts, not_assessed) = counts[&attribute];
            let rated: i64 = counts.iter().sum();
            let total: i64 = counts.iter().enumerate().map(|(i, n)| (i as i64 + 1) * n).sum();
            AttributeSummary { attribute, counts, not_assessed, mean: (rated > 0).then(|| total as f64 / rated as f64) }
        })
        .collect()
}

/// The leaning that a mean difference over `compared` candidates shows, by `CALIBRATION_RULE`.
pub fn leaning(mean_difference: Option<f64>, compared: i64) -> Leaning {
    match mean_difference {
        Some(_) if compared < 2 => Leaning::Unknown,
        Some(d) if d >= 0.5 => Leaning::Lenient,
        Some(d) if d <= -0.5 => Leaning::Severe,
        Some(_) => Leaning::Aligned,
        None => Leaning::Unknown,
    }
}

/// One interviewer's figures. `all` holds every submitted scorecard of the period (the panel's
/// too); `interviews` is how many interviews the interviewer was on.
pub fn calibrate(interviewer_id: Uuid, name: &str, interviews: i64, all: &[Submitted]) -> InterviewerCalibration {
    let own: Vec<&Submitted> = all.iter().filter(|s| s.interviewer_id == interviewer_id).collect();
    let mut differences = Vec::new();
    let mut seen = Vec::new();
    for card in &own {
        if seen.contains(&card.application_id) {
            continue;
        }
        seen.push(card.application_id);
        let mine: Vec<f64> = own.iter().filter(|s| s.application_id == card.application_id).map(|s| s.recommendation as f64).collect();
        let others: Vec<f64> =
            all.iter().filter(|s| s.application_id == card.application_id && s.interviewer_id != interviewer_id).map(|s| s.recommendation as f64).collect();
        if others.is_empty() {
            continue;
        }
        let mine = mine.iter().sum::<f64>() / mine.len() as f64;
        differences.push(mine - others.iter().sum::<f64>() / others.len() as f64);
    }
    let compared = differences.len() as i64;
    let mean_difference = (!differences.is_empty()).then(|| differences.iter().sum::<f64>() / differences.len() as f64);
    InterviewerCalibration {
        interviewer_id,
        name: name.to_owned(),
        interviews,
        scorecards: own.len() as i64,
        median_hours_to_submit: median(own.iter().map(|s| s.hours_to_submit).collect()),
        compared,
        mean_difference,
        leaning: leaning(mean_difference, compared),
        attributes: summarize(own.iter().flat_map(|s| s.ratings.iter())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(who: u128, application: u128, recommendation: i16, hours: f64, ratings: &[(&str, Option<i16>)]) -> Submitted {
        Submitted {
            interviewer_id: Uuid::from_u128(who),
            application_id: Uuid::from_u128(application),
            recommendation,
            hours_to_submit: hours,
            ratings: ratings.iter().map(|(a, r)| RatingEntry { attribute: (*a).into(), rating: *r, note: String::new() }).collect(),
        }
    }

    #[test]
    fn a_hand_computed_panel() {
        // Ivan (1) against the panel on three candidates (10, 11, 12); candidate 13 only Ivan saw.
        // 10: Ivan 4, others 2 and 3 (mean 2.5): +1.5.  11: Ivan 3, other 3: 0.  12: Ivan 4, other 2: +2.
        // Mean difference (1.5 + 0 + 2) / 3 = 1.1666…: lenient. Hours 2, 30, 6, 10: median (6 + 10) / 2 = 8.
        let all = vec![
            card(1, 10, 4, 2.0, &[("Rust", Some(4)), ("Communication", Some(3))]),
            card(2, 10, 2, 1.0, &[("Rust", Some(2))]),
            card(3, 10, 3, 1.0, &[]),
            card(1, 11, 3, 30.0, &[("Rust", Some(3)), ("Communication", None)]),
            card(2, 11, 3, 5.0, &[]),
            card(1, 12, 4, 6.0, &[("Rust", Some(4))]),
            card(3, 12, 2, 5.0, &[]),
            card(1, 13, 1, 10.0, &[("Rust", Some(1))]),
        ];
        let ivan = calibrate(Uuid::from_u128(1), "Ivan", 5, &all);
        assert_eq!((ivan.interviews, ivan.scorecards, ivan.compared), (5, 4, 3));
        assert!((ivan.mean_difference.unwrap() - 3.5 / 3.0).abs() < 1e-9);
        assert_eq!(ivan.leaning, Leaning::Lenient);
        assert_eq!(ivan.median_hours_to_submit, Some(8.0));
        assert_eq!(ivan.attributes[0].attribute, "Rust");
        assert_eq!(ivan.attributes[0].counts, [1, 0, 1, 2]);
        assert_eq!(ivan.attributes[0].mean, Some(3.0));
        assert_eq!((ivan.attributes[1].counts, ivan.attributes[1].not_assessed), ([0, 0, 1, 0], 1));
        // Bea (2): 10: 2 vs mean(4, 3) = 3.5: −1.5; 11: 3 vs 3: 0. Mean −0.75: severe.
        let bea = calibrate(Uuid::from_u128(2), "Bea", 2, &all);
        assert_eq!(bea.compared, 2);
        assert_eq!(bea.leaning, Leaning::Severe);
        // Cleo (3): 10: 3 vs 3 = 0; 12: 2 vs 4 = −2. Mean −1: severe.
        assert_eq!(calibrate(Uuid::from_u128(3), "Cleo", 2, &all).mean_difference, Some(-1.0));
        // Nobody else: not enough to say.
        assert_eq!(calibrate(Uuid::from_u128(9), "Nobody", 0, &all).leaning, Leaning::Unknown);
        assert_eq!(leaning(Some(0.2), 4), Leaning::Aligned);
        assert_eq!(leaning(Some(3.0), 1), Leaning::Unknown);
    }
}
