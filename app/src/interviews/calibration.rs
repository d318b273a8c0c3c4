//! The calibration rule and the spread of ratings; the database does the counting.

use super::types::{AttributeSummary, Leaning, RatingEntry};

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

/// The spread of counted ratings (attribute, rating or none for not assessed, how many), per
/// attribute in the order they first come, with the mean of the ratings given.
pub fn spread<'a>(counted: impl IntoIterator<Item = (&'a str, Option<i16>, i64)>) -> Vec<AttributeSummary> {
    let mut out: Vec<AttributeSummary> = Vec::new();
    for (attribute, rating, n) in counted {
        let index = match out.iter().position(|a| a.attribute == attribute) {
            Some(index) => index,
            None => {
                out.push(AttributeSummary { attribute: attribute.to_owned(), counts: [0; 4], not_assessed: 0, mean: None });
                out.len() - 1
            }
        };
        match rating {
            Some(r @ 1..=4) => out[index].counts[(r - 1) as usize] += n,
            _ => out[index].not_assessed += n,
        }
    }
    for summary in &mut out {
        let rated: i64 = summary.counts.iter().sum();
        let total: i64 = summary.counts.iter().enumerate().map(|(i, n)| (i as i64 + 1) * n).sum();
        summary.mean = (rated > 0).then(|| total as f64 / rated as f64);
    }
    out
}

/// The spread of these ratings.
pub fn summarize<'a>(ratings: impl IntoIterator<Item = &'a RatingEntry>) -> Vec<AttributeSummary> {
    spread(ratings.into_iter().map(|r| (r.attribute.as_str(), r.rating, 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_draws_its_lines_at_half_a_point_and_two_candidates() {
        assert_eq!(leaning(Some(0.5), 2), Leaning::Lenient);
        assert_eq!(leaning(Some(0.49), 9), Leaning::Aligned);
        assert_eq!(leaning(Some(-0.5), 3), Leaning::Severe);
        assert_eq!(leaning(Some(3.0), 1), Leaning::Unknown);
        assert_eq!(leaning(None, 0), Leaning::Unknown);
    }

    #[test]
    fn ratings_spread_per_attribute_in_first_seen_order() {
        let entry = |a: &str, r: Option<i16>| RatingEntry { attribute: a.into(), rating: r, note: String::new() };
        let rows = [entry("Rust", Some(4)), entry("SQL", None), entry("Rust", Some(1)), entry("Rust", Some(4)), entry("SQL", Some(3))];
        let spread = summarize(rows.iter());
        assert_eq!(spread[0].attribute, "Rust");
        assert_eq!(spread[0].counts, [1, 0, 0, 2]);
        assert_eq!(spread[0].mean, Some(3.0));
        assert_eq!((spread[1].counts, spread[1].not_assessed, spread[1].mean), ([0, 0, 1, 0], 1, Some(3.0)));
    }
}
