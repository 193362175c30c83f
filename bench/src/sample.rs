//! One measured segment: a library doing one operation `ops` times at one
//! concurrency, and the figures taken from it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::op::Op;

/// The figures of one segment (one JSON line of `results.jsonl`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sample {
    /// `raw`, `coodie`, `charybdis` or `python-coodie`.
    pub lib: String,
    pub op: Op,
    pub concurrency: usize,
    /// Which repetition (1-based); samples of one run were taken in one round.
    pub run: usize,
    /// Timed operations completed.
    pub ops: usize,
    pub wall_s: f64,
    pub ops_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Client process CPU (user + system, all threads) over the segment.
    pub cpu_s: f64,
    pub cpu_us_per_op: f64,
}

impl Sample {
    /// Figures from raw measurements; `latencies` in any order.
    pub fn from_measure(
        lib: &str,
        op: Op,
        concurrency: usize,
        run: usize,
        wall: Duration,
        cpu: Duration,
        mut latencies: Vec<Duration>,
    ) -> Sample {
        latencies.sort_unstable();
        let ops = latencies.len();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        Sample {
            lib: lib.to_string(),
            op,
            concurrency,
            run,
            ops,
            wall_s: wall.as_secs_f64(),
            ops_per_s: if wall.is_zero() {
                0.0
            } else {
                ops as f64 / wall.as_secs_f64()
            },
            p50_ms: percentile(&latencies, 50.0).map_or(f64::NAN, ms),
            p99_ms: percentile(&latencies, 99.0).map_or(f64::NAN, ms),
            cpu_s: cpu.as_secs_f64(),
            cpu_us_per_op: if ops == 0 {
                f64::NAN
            } else {
                cpu.as_secs_f64() * 1e6 / ops as f64
            },
        }
    }
}

/// Nearest-rank percentile of an ascending slice (as `tools/python/bench.py`).
pub fn percentile<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), Some(50));
        assert_eq!(percentile(&v, 99.0), Some(99));
        assert_eq!(percentile(&[7], 99.0), Some(7));
        assert_eq!(percentile::<u32>(&[], 50.0), None);
    }

    #[test]
    fn figures() {
        let lat = vec![Duration::from_millis(2), Duration::from_millis(1)];
        let s = Sample::from_measure(
            "raw",
            Op::Get,
            1,
            1,
            Duration::from_secs(1),
            Duration::from_millis(10),
            lat,
        );
        assert_eq!(s.ops, 2);
        assert_eq!(s.ops_per_s, 2.0);
        assert_eq!(s.p50_ms, 1.0);
        assert!((s.cpu_us_per_op - 5000.0).abs() < 1e-6);
    }
}
