//! What the daily rollups of the reports share: durations counted in fixed buckets (the
//! database puts each duration in its bucket with `width_bucket(seconds, bounds)`), the median
//! read back from such a histogram, and the split of a period into whole months and ragged days.

use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

const HOUR: i32 = 3_600;
const DAY: i32 = 86_400;

/// The lower bounds, in seconds, of the buckets durations are counted in: an hour wide below two
/// days, six hours wide below two weeks, a day wide below 90 days, a week wide below 550 days,
/// then one open bucket. Bucket `k` (1-based, as `width_bucket` numbers them) starts at
/// `bounds[k - 1]`. Never change a bound without recomputing the rollups that use them.
pub fn duration_bounds() -> Vec<i32> {
    let mut bounds: Vec<i32> = (0..48).map(|h| h * HOUR).collect();
    bounds.extend((0..48).map(|q| 2 * DAY + q * 6 * HOUR));
    bounds.extend((14..90).map(|d| d * DAY));
    bounds.extend((0..66).map(|w| 90 * DAY + w * 7 * DAY));
    bounds.push(552 * DAY);
    bounds
}

/// The width in seconds of the bucket holding `seconds` (the open last bucket: the one before it).
pub fn bucket_width(seconds: f64) -> f64 {
    let bounds = duration_bounds();
    let k = bounds.partition_point(|b| f64::from(*b) <= seconds).max(1);
    let k = k.min(bounds.len() - 1);
    f64::from(bounds[k] - bounds[k - 1])
}

/// Counts per bucket (1-based bucket numbers).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histogram(BTreeMap<i16, i64>);

impl Histogram {
    /// Adds a rollup row's (bucket, count) pairs.
    pub fn add(&mut self, buckets: &[i16], counts: &[i32]) {
        for (bucket, count) in buckets.iter().zip(counts) {
            *self.0.entry(*bucket).or_default() += i64::from(*count);
        }
    }

    pub fn count(&self) -> i64 {
        self.0.values().sum()
    }

    /// The median in seconds, as `percentile_cont(0.5)` would give it were the durations of a
    /// bucket spread evenly from its lower bound (one alone stands at the bound, so whole hours
    /// and days come out exact): within the width of the wider of the buckets holding the two
    /// middle durations. None when empty; the open last bucket answers with its lower bound.
    pub fn median(&self) -> Option<f64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let bounds = duration_bounds();
        let middle = (n - 1) / 2;
        let low = self.value_at(middle, &bounds);
        Some(if n % 2 == 1 { low } else { (low + self.value_at(middle + 1, &bounds)) / 2.0 })
    }

    /// The value of the 0-based `rank`, the values of a bucket standing at the starts of as
    /// many equal parts of it.
    fn value_at(&self, rank: i64, bounds: &[i32]) -> f64 {
        let mut before = 0;
        for (bucket, count) in &self.0 {
            if rank < before + count {
                let k = (*bucket).clamp(1, bounds.len() as i16) as usize;
                let low = f64::from(bounds[k - 1]);
                return match bounds.get(k) {
                    Some(high) => low + (f64::from(*high) - low) * (rank - before) as f64 / *count as f64,
                    None => low,
                };
            }
            before += count;
        }
        f64::from(bounds[bounds.len() - 1])
    }
}

/// A period split for rollups kept per day and per month: the months it covers whole
/// (`months`: the first day of the first and of the last, or None) and the days outside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthSplit {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub months: Option<(NaiveDate, NaiveDate)>,
}

impl MonthSplit {
    pub fn of(from: NaiveDate, to: NaiveDate) -> Self {
        let first = if from.day() == 1 { Some(from) } else { first_of_next_month(from) };
        let last = first_of_next_month(to).filter(|next| *next - Duration::days(1) == to).map(|_| first_of_month(to)).or_else(|| {
            // `to` is not a month's last day: the last whole month is the one before.
            let this = first_of_month(to);
            this.pred_opt().map(first_of_month)
        });
        let months = match (first, last) {
            (Some(first), Some(last)) if first <= last => Some((first, last)),
            _ => None,
        };
        Self { from, to, months }
    }

    /// The day rows outside the whole months: the period's days before and after them (or all of it).
    pub fn day_ranges(&self) -> [(NaiveDate, NaiveDate); 2] {
        match self.months {
            Some((first, last)) => {
                let after = first_of_next_month(last).unwrap_or(last);
                [(self.from, first - Duration::days(1)), (after, self.to)]
            }
            // Two ranges always: the second one empty.
            None => [(self.from, self.to), (self.to + Duration::days(1), self.to)],
        }
    }

    /// The month rows to read, as an inclusive range of first days (empty when none).
    pub fn month_range(&self) -> (NaiveDate, NaiveDate) {
        self.months.unwrap_or((self.to + Duration::days(1), self.to))
    }
}

pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn first_of_next_month(day: NaiveDate) -> Option<NaiveDate> {
    let (year, month) = if day.month() == 12 { (day.year() + 1, 1) } else { (day.year(), day.month() + 1) };
    NaiveDate::from_ymd_opt(year, month, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_median(values: &mut [f64]) -> f64 {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
    }

    fn bucket_of(seconds: i32) -> i16 {
        duration_bounds().partition_point(|b| *b <= seconds) as i16
    }

    #[test]
    fn bounds_rise_and_fit_the_database_types() {
        let bounds = duration_bounds();
        assert!(bounds.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(bounds[0], 0);
        assert!(bounds.len() < i16::MAX as usize);
        assert_eq!(bucket_of(0), 1);
        assert_eq!(bucket_of(3_599), 1);
        assert_eq!(bucket_of(3_600), 2);
        assert_eq!(bucket_width(1_000.0), 3_600.0);
        assert_eq!(bucket_width(3.0 * 86_400.0), 21_600.0);
        assert_eq!(bucket_width(900.0 * 86_400.0), 7.0 * 86_400.0);
    }

    #[test]
    fn the_median_of_a_histogram_is_within_its_buckets_width_of_the_exact_one() {
        let samples: [&[i32]; 5] = [
            &[10, 20, 30],
            &[100, 5_000, 5_000, 90_000],
            &[86_400, 86_400, 86_400, 86_400 * 3, 86_400 * 40],
            &[3_600 * 5],
            &[1, 7_200, 400_000, 400_001, 9_000_000, 9_000_000, 60_000_000, 70_000_000],
        ];
        for values in samples {
            let mut histogram = Histogram::default();
            for v in values {
                histogram.add(&[bucket_of(*v)], &[1]);
            }
            let mut sorted: Vec<f64> = values.iter().map(|v| f64::from(*v)).collect();
            let exact = exact_median(&mut sorted);
            let approximate = histogram.median().unwrap();
            let n = sorted.len();
            let width = bucket_width(sorted[(n - 1) / 2]).max(bucket_width(sorted[n / 2]));
            assert!((approximate - exact).abs() <= width, "{values:?}: {approximate} against {exact}");
        }
        assert_eq!(Histogram::default().median(), None);
    }

    #[test]
    fn periods_split_into_whole_months_and_ragged_days() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let split = MonthSplit::of(d(2025, 12, 6), d(2026, 12, 5));
        assert_eq!(split.months, Some((d(2026, 1, 1), d(2026, 11, 1))));
        assert_eq!(split.day_ranges(), [(d(2025, 12, 6), d(2025, 12, 31)), (d(2026, 12, 1), d(2026, 12, 5))]);
        let whole = MonthSplit::of(d(2026, 1, 1), d(2026, 2, 28));
        assert_eq!(whole.months, Some((d(2026, 1, 1), d(2026, 2, 1))));
        assert_eq!(whole.day_ranges(), [(d(2026, 1, 1), d(2025, 12, 31)), (d(2026, 3, 1), d(2026, 2, 28))]);
        let inside = MonthSplit::of(d(2026, 3, 3), d(2026, 3, 30));
        assert_eq!(inside.months, None);
        assert_eq!(inside.day_ranges()[0], (d(2026, 3, 3), d(2026, 3, 30)));
        assert!(inside.month_range().0 > inside.month_range().1);
    }
}
