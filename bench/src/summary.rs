//! From samples to figures: per library, operation and concurrency, the median
//! over the repeated runs, and the ratio to raw taken run by run (each run's
//! segments were measured in the same round) with its median, min–max and a
//! confidence interval of the median.

use std::collections::BTreeMap;

use crate::op::Op;
use crate::sample::Sample;

/// Median and spread of one figure over the runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// A confidence interval of the median at [`CONFIDENCE`] or more, free of any
    /// assumption about the distribution (order statistics); `None` below
    /// [`MIN_RUNS_FOR_CI`] runs, where no such interval exists.
    pub ci: Option<(f64, f64)>,
}

/// The confidence of [`Spread::ci`].
pub const CONFIDENCE: f64 = 0.95;

/// The fewest runs with a [`CONFIDENCE`] interval of the median: with 5, even
/// min–max covers it only with 1 − 2/2⁵ ≈ 0.94.
pub const MIN_RUNS_FOR_CI: usize = 6;

/// The 1-based rank `k` of the sorted sample such that the `k`-th and the
/// `(n + 1 − k)`-th values bound the median with at least [`CONFIDENCE`]: the
/// largest `k` with P(Binomial(n, ½) < k) ≤ (1 − CONFIDENCE) / 2.
fn ci_rank(n: usize) -> Option<usize> {
    let tail = (1.0 - CONFIDENCE) / 2.0;
    // In logarithms, so that C(n, k) / 2ⁿ neither overflows nor underflows to
    // nonsense for many runs.
    let log_total = n as f64 * std::f64::consts::LN_2;
    let (mut below, mut log_choose) = (0.0f64, 0.0f64);
    let mut k = 0;
    // `below` is P(X < k + 1) after adding C(n, k) / 2ⁿ.
    while k < n / 2 {
        below += (log_choose - log_total).exp();
        if below > tail {
            break;
        }
        log_choose += ((n - k) as f64 / (k + 1) as f64).ln();
        k += 1;
    }
    (k >= 1).then_some(k)
}

impl Spread {
    /// `None` for no finite value.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Option<Spread> {
        let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Some(Spread {
            median,
            min: v[0],
            max: v[n - 1],
            ci: ci_rank(n).map(|k| (v[k - 1], v[n - k])),
        })
    }
}

/// The four figures of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures<T> {
    pub ops_per_s: T,
    pub p50_ms: T,
    pub p99_ms: T,
    pub cpu_us_per_op: T,
}

/// One library at one operation and concurrency.
#[derive(Debug, Clone)]
pub struct Row {
    pub lib: String,
    pub op: Op,
    pub concurrency: usize,
    pub figures: Figures<Option<Spread>>,
    /// Ratio to raw, run by run; `None` for raw itself or without a raw sample.
    pub to_raw: Option<Figures<Option<Spread>>>,
}

/// The libraries in table order.
pub const LIBS: [&str; 4] = ["raw", "coodie", "charybdis", "python-coodie"];

fn lib_rank(lib: &str) -> usize {
    LIBS.iter().position(|l| *l == lib).unwrap_or(LIBS.len())
}

/// Rows for every (op, concurrency, library) in the samples, in table order.
pub fn rows(samples: &[Sample]) -> Vec<Row> {
    let mut groups: BTreeMap<(Op, usize, usize, String), Vec<&Sample>> = BTreeMap::new();
    for s in samples {
        groups
            .entry((s.op, s.concurrency, lib_rank(&s.lib), s.lib.clone()))
            .or_default()
            .push(s);
    }
    let raw_of = |op: Op, c: usize, run: usize| {
        samples
            .iter()
            .find(|s| s.lib == "raw" && s.op == op && s.concurrency == c && s.run == run)
    };
    groups
        .into_iter()
        .map(|((op, concurrency, _, lib), group)| {
            let figure = |f: fn(&Sample) -> f64| Spread::of(group.iter().map(|s| f(s)));
            let ratio = |f: fn(&Sample) -> f64| {
                Spread::of(
                    group
                        .iter()
                        .filter_map(|s| raw_of(op, concurrency, s.run).map(|r| f(s) / f(r))),
                )
            };
            let figures = Figures {
                ops_per_s: figure(|s| s.ops_per_s),
                p50_ms: figure(|s| s.p50_ms),
                p99_ms: figure(|s| s.p99_ms),
                cpu_us_per_op: figure(|s| s.cpu_us_per_op),
            };
            let to_raw = (lib != "raw").then(|| Figures {
                ops_per_s: ratio(|s| s.ops_per_s),
                p50_ms: ratio(|s| s.p50_ms),
                p99_ms: ratio(|s| s.p99_ms),
                cpu_us_per_op: ratio(|s| s.cpu_us_per_op),
            });
            Row {
                lib,
                op,
                concurrency,
                figures,
                to_raw,
            }
        })
        .collect()
}

/// `a / b` run by run for one figure (e.g. Python's CPU per op over coodie's).
pub fn ratio_between(
    samples: &[Sample],
    a: &str,
    b: &str,
    op: Op,
    c: usize,
    f: fn(&Sample) -> f64,
) -> Option<Spread> {
    Spread::of(
        samples
            .iter()
            .filter(|s| s.lib == a && s.op == op && s.concurrency == c)
            .filter_map(|s| {
                samples
                    .iter()
                    .find(|t| t.lib == b && t.op == op && t.concurrency == c && t.run == s.run)
                    .map(|t| f(s) / f(t))
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(lib: &str, run: usize, cpu: f64) -> Sample {
        Sample {
            lib: lib.into(),
            op: Op::Get,
            concurrency: 1,
            run,
            ops: 10,
            wall_s: 1.0,
            ops_per_s: 10.0,
            p50_ms: 1.0,
            p99_ms: 2.0,
            cpu_s: cpu * 10.0 / 1e6,
            cpu_us_per_op: cpu,
            retries: 0,
        }
    }

    #[test]
    fn medians_and_paired_ratios() {
        let samples = vec![
            sample("raw", 1, 100.0),
            sample("coodie", 1, 110.0),
            sample("raw", 2, 200.0),
            sample("coodie", 2, 200.0),
            sample("raw", 3, 100.0),
            sample("coodie", 3, 130.0),
        ];
        let rows = rows(&samples);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].lib, "raw");
        assert!(rows[0].to_raw.is_none());
        let coodie = &rows[1];
        assert_eq!(coodie.figures.cpu_us_per_op.unwrap().median, 130.0);
        let r = coodie.to_raw.unwrap().cpu_us_per_op.unwrap();
        assert!((r.median - 1.1).abs() < 1e-9);
        assert!((r.min - 1.0).abs() < 1e-9 && (r.max - 1.3).abs() < 1e-9);
        let between =
            ratio_between(&samples, "coodie", "raw", Op::Get, 1, |s| s.cpu_us_per_op).unwrap();
        assert_eq!(between, r);
    }

    #[test]
    fn the_median_interval_is_the_order_statistics_of_the_binomial() {
        // Ranks from the binomial table: n = 6 → (1, 6), 9 → (2, 8), 15 → (4, 12),
        // 20 → (6, 15), 40 → (14, 27).
        for (n, k) in [(6, 1), (8, 1), (9, 2), (15, 4), (20, 6), (40, 14)] {
            assert_eq!(ci_rank(n), Some(k), "{n} runs");
            let s = Spread::of((1..=n).map(|i| i as f64)).unwrap();
            assert_eq!(s.ci, Some((k as f64, (n + 1 - k) as f64)), "{n} runs");
        }
        // Beyond 2¹⁰²³ (1,024 runs) 2ⁿ is no longer a finite double; the normal
        // approximation puts k near n/2 − 0.98·√n ≈ 956 for 2,000 runs.
        let k = ci_rank(2000).unwrap();
        assert!((950..=960).contains(&k), "{k}");
        for n in 0..MIN_RUNS_FOR_CI {
            assert_eq!(ci_rank(n), None, "{n} runs");
        }
        assert_eq!(Spread::of([1.0, 2.0, 3.0]).unwrap().ci, None);
    }

    #[test]
    fn even_count_median() {
        assert_eq!(Spread::of([1.0, 3.0]).unwrap().median, 2.0);
        assert!(Spread::of([f64::NAN]).is_none());
    }
}
