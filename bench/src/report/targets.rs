//! The targets, one verdict per operation and concurrency: met when the
//! confidence interval of the median ratio lies on the right side of the bound,
//! missed when it lies on the wrong side, and unresolved when it spans the bound
//! (the runs cannot tell). Beside Python / coodie, Python / raw: the floor the
//! driver itself sets for that target.

use std::fmt::Write;

use crate::op::Op;
use crate::sample::Sample;
use crate::summary::{self, CONFIDENCE, MIN_RUNS_FOR_CI, Spread};

/// Which side of its bound a ratio must be on.
#[derive(Debug, Clone, Copy)]
enum Bound {
    AtMost(f64),
    AtLeast(f64),
}

/// What the runs show about one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Met,
    Missed,
    Unresolved,
}

impl Verdict {
    fn word(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "**missed**",
            Verdict::Unresolved => "unresolved",
        }
    }
}

/// The verdict on `s` against `bound`: by the confidence interval of the median,
/// or by the median alone where there are too few runs for one.
fn verdict(s: Spread, bound: Bound) -> Verdict {
    let (lo, hi) = s.ci.unwrap_or((s.median, s.median));
    let (good, bad) = match bound {
        Bound::AtMost(b) => (hi <= b, lo > b),
        Bound::AtLeast(b) => (lo >= b, hi < b),
    };
    if good {
        Verdict::Met
    } else if bad {
        Verdict::Missed
    } else {
        Verdict::Unresolved
    }
}

/// `1.02 [0.97–1.06] (0.80–1.66)`: median, confidence interval of the median
/// (when there is one), min–max.
fn cell(s: Spread) -> String {
    super::spread(s, true)
}

/// One target: a ratio `a / b` of a figure, and its bound.
struct Target {
    title: &'static str,
    a: &'static str,
    b: &'static str,
    figure: fn(&Sample) -> f64,
    bound: Bound,
}

const TARGETS: [Target; 4] = [
    Target {
        title: "coodie / raw CPU (≤ 1.05)",
        a: "coodie",
        b: "raw",
        figure: |s| s.cpu_us_per_op,
        bound: Bound::AtMost(1.05),
    },
    Target {
        title: "coodie / charybdis CPU (≤ 1)",
        a: "coodie",
        b: "charybdis",
        figure: |s| s.cpu_us_per_op,
        bound: Bound::AtMost(1.0),
    },
    Target {
        title: "coodie / charybdis ops/s (≥ 1)",
        a: "coodie",
        b: "charybdis",
        figure: |s| s.ops_per_s,
        bound: Bound::AtLeast(1.0),
    },
    Target {
        title: "Python / coodie CPU (≥ 20)",
        a: "python-coodie",
        b: "coodie",
        figure: |s| s.cpu_us_per_op,
        bound: Bound::AtLeast(20.0),
    },
];

/// Writes the `## Targets` section.
pub fn render(md: &mut String, samples: &[Sample], ops: &[Op], concs: &[usize], runs: usize) {
    let _ = writeln!(md, "## Targets\n");
    let interval = if runs >= MIN_RUNS_FOR_CI {
        format!(
            "[lo–hi] is a {:.0} % confidence interval of that median (order statistics of \
             the runs, no assumption about their distribution)",
            CONFIDENCE * 100.0
        )
    } else {
        format!(
            "with fewer than {MIN_RUNS_FOR_CI} runs there is no {:.0} % interval of the \
             median, so the verdict goes by the median alone",
            CONFIDENCE * 100.0
        )
    };
    let _ = writeln!(
        md,
        "Each cell: the median of the run-by-run ratios; {interval}; (min–max) over the runs. \
         A target is **met** when that interval lies on the right side of its bound, \
         **missed** when it lies on the wrong side, and **unresolved** when it spans the bound: \
         these runs cannot tell. The last column is the same ratio for the raw driver, the floor \
         of any library on it: where Python / raw is below 20, no library on this driver can \
         reach 20 without spending less client CPU than the driver itself.\n"
    );
    let mut header = String::from("| operation | @ |");
    let mut rule = String::from("|---|---|");
    for t in &TARGETS {
        let _ = write!(header, " {} |", t.title);
        rule.push_str("---|");
    }
    let _ = writeln!(md, "{header} Python / raw CPU (the floor) |\n{rule}---|");
    let mut tally = vec![[0usize; 3]; TARGETS.len()];
    for &op in ops {
        for &c in concs {
            let mut line = format!("| {} | {c} |", op.name());
            for (t, count) in TARGETS.iter().zip(&mut tally) {
                let text = match summary::ratio_between(samples, t.a, t.b, op, c, t.figure) {
                    None => "–".to_string(),
                    Some(s) => {
                        let v = verdict(s, t.bound);
                        count[v as usize] += 1;
                        format!("{} {}", cell(s), v.word())
                    }
                };
                let _ = write!(line, " {text} |");
            }
            let floor =
                summary::ratio_between(samples, "python-coodie", "raw", op, c, |s| s.cpu_us_per_op);
            let _ = write!(line, " {} |", floor.map_or_else(|| "–".into(), cell));
            let _ = writeln!(md, "{line}");
        }
    }
    let _ = writeln!(md);
    for (t, [met, missed, unresolved]) in TARGETS.iter().zip(tally) {
        if met + missed + unresolved > 0 {
            let _ = writeln!(
                md,
                "- {}: {met} met, {missed} missed, {unresolved} unresolved.",
                t.title
            );
        }
    }
    let _ = writeln!(md);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(values: &[f64]) -> Spread {
        Spread::of(values.iter().copied()).unwrap()
    }

    #[test]
    fn the_interval_decides_and_a_spanning_one_does_not() {
        // Fifteen runs: the interval is the 4th to the 12th value.
        let tight: Vec<f64> = (0..15).map(|i| 0.95 + i as f64 * 0.005).collect();
        let wide: Vec<f64> = (0..15).map(|i| 0.80 + i as f64 * 0.04).collect();
        let high: Vec<f64> = (0..15).map(|i| 1.10 + i as f64 * 0.01).collect();
        assert_eq!(verdict(spread(&tight), Bound::AtMost(1.05)), Verdict::Met);
        assert_eq!(
            verdict(spread(&wide), Bound::AtMost(1.05)),
            Verdict::Unresolved
        );
        assert_eq!(verdict(spread(&high), Bound::AtMost(1.05)), Verdict::Missed);
        assert_eq!(verdict(spread(&high), Bound::AtLeast(1.0)), Verdict::Met);
        assert_eq!(
            verdict(spread(&tight), Bound::AtLeast(20.0)),
            Verdict::Missed
        );
    }

    #[test]
    fn too_few_runs_go_by_the_median() {
        let s = spread(&[0.5, 1.0, 1.6]);
        assert_eq!(s.ci, None);
        assert_eq!(verdict(s, Bound::AtMost(1.05)), Verdict::Met);
        assert_eq!(cell(s), "1.00 (0.50–1.60)");
    }

    #[test]
    fn a_cell_shows_median_interval_and_range() {
        let s = spread(&[1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6]);
        assert_eq!(cell(s), "1.30 [1.00–1.60] (1.00–1.60)");
    }
}
