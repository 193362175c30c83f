//! One measured segment: a library doing one operation `ops` times at one
//! concurrency, what was measured in it ([`Measure`], possibly over several
//! blocks) and the figures taken from it ([`Sample`]).

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
    /// Operations run again after a timeout (Python coodie's side retries them;
    /// the Rust libraries' drivers do so themselves, uncounted).
    #[serde(default)]
    pub retries: usize,
}

/// What a segment measured: its timed wall time, the process's CPU time over
/// it, and each operation's latency. The blocks of one library's segment add
/// up ([`add`](Measure::add)) into one.
#[derive(Debug, Clone, Default)]
pub struct Measure {
    pub wall: Duration,
    pub cpu: Duration,
    /// In any order.
    pub latencies: Vec<Duration>,
}

impl Measure {
    /// `other`'s time, CPU and operations added to these.
    pub fn add(&mut self, other: Measure) {
        self.wall += other.wall;
        self.cpu += other.cpu;
        self.latencies.extend(other.latencies);
    }
}

impl Sample {
    /// Figures from what was measured.
    pub fn from_measure(
        lib: &str,
        op: Op,
        concurrency: usize,
        run: usize,
        measure: Measure,
    ) -> Sample {
        let Measure {
            wall,
            cpu,
            mut latencies,
        } = measure;
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
            retries: 0,
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
        let measure = Measure {
            wall: Duration::from_secs(1),
            cpu: Duration::from_millis(10),
            latencies: lat,
        };
        let s = Sample::from_measure("raw", Op::Get, 1, 1, measure);
        assert_eq!(s.ops, 2);
        assert_eq!(s.ops_per_s, 2.0);
        assert_eq!(s.p50_ms, 1.0);
        assert!((s.cpu_us_per_op - 5000.0).abs() < 1e-6);
    }

    #[test]
    fn blocks_add_up_to_one_segment() {
        let block = |wall_ms, cpu_ms, lat_ms: &[u64]| Measure {
            wall: Duration::from_millis(wall_ms),
            cpu: Duration::from_millis(cpu_ms),
            latencies: lat_ms.iter().map(|&ms| Duration::from_millis(ms)).collect(),
        };
        let mut whole = block(300, 6, &[3, 1]);
        whole.add(block(700, 2, &[2, 4]));
        let s = Sample::from_measure("coodie", Op::Get, 1, 1, whole);
        assert_eq!(s.ops, 4);
        assert_eq!(s.wall_s, 1.0);
        assert_eq!(s.ops_per_s, 4.0);
        assert_eq!(
            s.p50_ms, 2.0,
            "the latencies of both blocks, sorted together"
        );
        assert!((s.cpu_us_per_op - 2000.0).abs() < 1e-6);
    }
}
