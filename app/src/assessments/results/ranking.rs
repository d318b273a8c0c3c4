//! Percentiles: where each graded candidate stands among the others.

/// Below this many graded candidates a percentile would say more about the crowd's size than the candidate.
pub const PERCENTILE_MIN_GRADED: usize = 5;

/// How percentiles are computed, shown beside them.
pub const PERCENTILE_RULE: &str = "Percentile: the share of graded candidates who scored lower, counting those on the same score as half (the candidate among them): (lower + ½ × same) ÷ graded × 100, so candidates who tie share one percentile. Shown once 5 candidates are graded.";

/// The mid-rank percentile of each score among `scores` (the graded candidates' percents),
/// rounded to a whole number; none at all while fewer than [`PERCENTILE_MIN_GRADED`] are graded.
pub fn percentiles(scores: &[f64]) -> Vec<Option<f64>> {
    if scores.len() < PERCENTILE_MIN_GRADED {
        return vec![None; scores.len()];
    }
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    let graded = sorted.len() as f64;
    scores
        .iter()
        .map(|score| {
            let lower = sorted.partition_point(|s| s < score);
            let same = sorted.partition_point(|s| s <= score) - lower;
            Some(((lower as f64 + 0.5 * same as f64) / graded * 100.0).round())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_wait_for_five_graded() {
        for graded in 0..PERCENTILE_MIN_GRADED {
            assert!(percentiles(&vec![70.0; graded]).iter().all(Option::is_none), "{graded} graded");
        }
    }

    #[test]
    fn tied_candidates_share_their_mid_rank() {
        assert_eq!(percentiles(&[100.0, 100.0, 75.0, 50.0, 25.0]), [Some(80.0), Some(80.0), Some(50.0), Some(30.0), Some(10.0)]);
        // All tied: everyone in the middle, no one at 0.
        assert_eq!(percentiles(&[60.0; 6]), vec![Some(50.0); 6]);
        // The order of the input does not matter; ranks follow the scores.
        assert_eq!(percentiles(&[25.0, 100.0, 50.0, 100.0, 75.0]), [Some(10.0), Some(80.0), Some(30.0), Some(80.0), Some(50.0)]);
        // Lowest alone: half of itself counts. (0 + 0.5) / 7 × 100 = 7.1
        assert_eq!(percentiles(&[0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0])[0], Some(7.0));
    }
}
