//! Latency sampling: every query is timed many times, the operations being compared are
//! interleaved round by round (so a drift in clock speed or cache state hits them alike), and
//! the pooled samples are summarized as percentiles.

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde::Serialize;

/// Every timed call of one operation, per query, in nanoseconds.
#[derive(Debug, Clone)]
pub struct Samples {
    per_query: Vec<Vec<u64>>,
}

/// Percentiles of a set of samples, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub p50_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
    pub mean_us: f64,
}

impl Samples {
    fn new(queries: usize) -> Samples {
        Samples {
            per_query: vec![Vec::new(); queries],
        }
    }

    /// Percentiles over all samples of all queries pooled: p99 is then the latency that one call
    /// in a hundred exceeds, whichever query it was.
    pub fn summary(&self) -> Summary {
        let mut all: Vec<u64> = self.per_query.iter().flatten().copied().collect();
        summarize(&mut all)
    }

    /// The median latency of each query, in microseconds, in query order.
    pub fn medians_us(&self) -> Vec<f64> {
        self.per_query
            .iter()
            .map(|samples| summarize(&mut samples.clone()).p50_us)
            .collect()
    }
}

/// Nearest-rank percentiles of `samples` (sorted in place); zeros when there are none.
pub fn summarize(samples: &mut [u64]) -> Summary {
    if samples.is_empty() {
        return Summary {
            p50_us: 0.0,
            p99_us: 0.0,
            max_us: 0.0,
            mean_us: 0.0,
        };
    }
    samples.sort_unstable();
    let at = |p: f64| {
        let rank = (p * samples.len() as f64).ceil() as usize;
        samples[rank.clamp(1, samples.len()) - 1]
    };
    let mean = samples.iter().map(|&s| s as f64).sum::<f64>() / samples.len() as f64;
    Summary {
        p50_us: micros(at(0.50) as f64),
        p99_us: micros(at(0.99) as f64),
        max_us: micros(samples[samples.len() - 1] as f64),
        mean_us: micros(mean),
    }
}

fn micros(nanos: f64) -> f64 {
    (nanos / 100.0).round() / 10.0
}

/// Runs every operation once per query per round, round after round, and returns the samples of
/// each operation in the order given. Results go through `black_box` so no call is optimized out.
pub fn sample<T>(
    queries: &[String],
    rounds: usize,
    operations: &mut [&mut dyn FnMut(&str) -> T],
) -> Vec<Samples> {
    let mut samples: Vec<Samples> = operations
        .iter()
        .map(|_| Samples::new(queries.len()))
        .collect();
    for _ in 0..rounds {
        for (operation, samples) in operations.iter_mut().zip(&mut samples) {
            for (query, per_query) in queries.iter().zip(&mut samples.per_query) {
                let start = Instant::now();
                black_box(operation(black_box(query)));
                per_query.push(start.elapsed().as_nanos() as u64);
            }
        }
    }
    samples
}

/// How many timed rounds fit in `budget`, given what one warm-up round cost; never fewer than
/// `min` (so p99 has samples behind it), never more than `max`.
pub fn rounds_within(budget: Duration, one_round: Duration, min: usize, max: usize) -> usize {
    let fit = budget.as_secs_f64() / one_round.as_secs_f64().max(1e-9);
    (fit as usize).clamp(min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut samples: Vec<u64> = (1..=100).map(|i| i * 1_000).collect();
        samples.reverse();
        let summary = summarize(&mut samples);
        assert_eq!(summary.p50_us, 50.0);
        assert_eq!(summary.p99_us, 99.0);
        assert_eq!(summary.max_us, 100.0);
        assert_eq!(summary.mean_us, 50.5);
        assert_eq!(summarize(&mut []).max_us, 0.0);
        assert_eq!(summarize(&mut [1_500]).p99_us, 1.5);
    }

    #[test]
    fn every_operation_sees_every_query_every_round() {
        let queries: Vec<String> = ["a", "bb", "ccc"].map(String::from).to_vec();
        let mut seen_a = Vec::new();
        let mut seen_b = 0;
        let samples = {
            let mut a = |q: &str| seen_a.push(q.to_string());
            let mut b = |_: &str| seen_b += 1;
            sample(&queries, 4, &mut [&mut a, &mut b])
        };
        assert_eq!(seen_a.len(), 12);
        assert_eq!(&seen_a[..3], ["a", "bb", "ccc"]);
        assert_eq!(seen_b, 12);
        assert_eq!(samples.len(), 2);
        assert!(samples
            .iter()
            .all(|s| s.per_query.iter().all(|q| q.len() == 4)));
        assert_eq!(samples[0].medians_us().len(), 3);
    }

    #[test]
    fn rounds_fit_the_budget_within_bounds() {
        let second = Duration::from_secs(1);
        assert_eq!(rounds_within(second * 10, second, 5, 100), 10);
        assert_eq!(rounds_within(second, second, 5, 100), 5);
        assert_eq!(rounds_within(second, Duration::ZERO, 5, 100), 100);
    }
}
