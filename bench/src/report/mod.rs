//! `BENCHMARKS.md`: the conditions, the tables with ratios to raw and their
//! spread, the targets with a verdict each, the HTTP comparison, the instruction
//! counts, and how to reproduce.

use std::fmt::Write;

mod http;
mod targets;

use serde::{Deserialize, Serialize};

use crate::http::HttpSample;
use crate::machine::Machine;
use crate::op::Op;
use crate::profile::Profile;
use crate::sample::Sample;
use crate::summary::{self, LIBS, Row, Spread};

/// What a run was told, kept beside its results so the report can be redone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunInfo {
    pub machine: Machine,
    pub runs: usize,
    pub threads: usize,
    pub warmup: usize,
    /// Blocks of each Rust segment at concurrency 1 (1 in runs made before blocks).
    #[serde(default = "one_block")]
    pub blocks: usize,
    pub mv_rows: usize,
    pub stream_rows: usize,
    pub page_size: i32,
    pub batch_size: usize,
    /// (operation, concurrency, timed operations per segment).
    pub counts: Vec<(Op, usize, usize)>,
    pub http: Option<HttpInfo>,
    /// What the person running it said about the run (`--note`): what else ran
    /// on the machine, knobs turned down.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The glibc tunables every process of the run had (`None`: glibc's defaults;
    /// see `heap.rs`).
    #[serde(default)]
    pub heap: Option<String>,
}

fn one_block() -> usize {
    1
}

/// How the HTTP part ran.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HttpInfo {
    pub connections: usize,
    pub seconds: u64,
    pub runs: usize,
}

/// Everything a report is made of.
pub struct Input<'a> {
    pub info: &'a RunInfo,
    pub samples: &'a [Sample],
    pub http: &'a [HttpSample],
    pub profile: Option<&'a Profile>,
    /// The plot, relative to the markdown file.
    pub plot: Option<&'a str>,
    /// Sections measured apart (`bench/SCAN.md`), appended as they are.
    pub appendix: Option<&'a str>,
}

/// A figure with as many digits as it deserves.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if x >= 1000.0 {
        format!("{x:.0}")
    } else if x >= 100.0 {
        format!("{x:.1}")
    } else if x >= 10.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// How the segments at concurrency 1 were cut into blocks, for "How it is measured".
fn blocks_text(blocks: usize) -> String {
    if blocks <= 1 {
        return String::new();
    }
    format!(
        " At concurrency 1 each Rust library's segment is cut into {blocks} blocks (fewer when \
         it has fewer operations), and the three take turns block by block, each block in the \
         next row of the square: the machine's noise drifts over tenths of a second, longer \
         than a block, so it falls on all three within every run. A library's blocks add up to \
         its segment (time, CPU and latencies); its first block has the whole warm-up, each \
         later one a single untimed call (none for `batch` and `stream`). Python coodie's \
         segment, a process of its own, runs whole at its place in the first block's turn."
    )
}

fn figure(s: Option<Spread>) -> String {
    s.map_or_else(|| "–".into(), |s| num(s.median))
}

/// `1.04 (0.98–1.10)`: median and min–max of the run-by-run ratios.
pub fn ratio(s: Option<Spread>) -> String {
    s.map_or_else(|| "–".into(), |s| spread(s, false))
}

/// A ratio's median, with `[lo–hi]`, its confidence interval, when `with_ci` and
/// there is one, then `(min–max)` unless every run gave the same.
pub(crate) fn spread(s: Spread, with_ci: bool) -> String {
    let mut out = format!("{:.2}", s.median);
    if let (true, Some((lo, hi))) = (with_ci, s.ci) {
        let _ = write!(out, " [{lo:.2}–{hi:.2}]");
    }
    if (s.max - s.min).abs() >= 1e-12 {
        let _ = write!(out, " ({:.2}–{:.2})", s.min, s.max);
    }
    out
}

fn find<'r>(rows: &'r [Row], lib: &str, op: Op, c: usize) -> Option<&'r Row> {
    rows.iter()
        .find(|r| r.lib == lib && r.op == op && r.concurrency == c)
}

/// Renders the whole markdown file.
pub fn render(input: &Input<'_>) -> String {
    let info = input.info;
    let m = &info.machine;
    let rows = summary::rows(input.samples);
    let mut ops: Vec<Op> = input.samples.iter().map(|s| s.op).collect();
    ops.sort();
    ops.dedup();
    let mut concs: Vec<usize> = input.samples.iter().map(|s| s.concurrency).collect();
    concs.sort();
    concs.dedup();
    let title = |op: Op| op.title(info.mv_rows, info.stream_rows, info.batch_size);

    let mut md = String::new();
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "coodie beside the raw `scylla` driver (the floor), charybdis (the strongest Rust ORM for \
         ScyllaDB) and Python coodie, on one real database, with the **client's CPU time per \
         operation** next to throughput and latency. Written by `make bench` \
         (`cargo run --release -p coodie-bench -- run`); do not edit by hand.\n"
    );
    let _ = writeln!(md, "## Conditions\n");
    let _ = writeln!(md, "| | |\n|---|---|");
    let _ = writeln!(md, "| date | {} |", m.date);
    let _ = writeln!(
        md,
        "| machine | {}, {} cores, {} GiB, {} |",
        m.cpu, m.cores, m.memory_gib, m.kernel
    );
    let _ = writeln!(
        md,
        "| load average (1/5/15 min) | {} at the start, {} at the end |",
        m.load_start, m.load_end
    );
    let _ = writeln!(
        md,
        "| database | {} on 127.0.0.1, single node, sharing the machine |",
        m.database
    );
    let _ = writeln!(md, "| Rust | {}, {} |", m.rustc, m.build);
    let _ = writeln!(
        md,
        "| heap | {} |",
        match info.heap.as_deref() {
            Some(crate::heap::TUNABLES) => format!(
                "every process held its glibc heap (`GLIBC_TUNABLES={}`), so that no \
                 library's segment pays for the heap growing back after a trim; \
                 `GLIBC_TUNABLES= make bench` measures with glibc's defaults",
                crate::heap::TUNABLES
            ),
            Some(tunables) => format!("`GLIBC_TUNABLES={tunables}`, as set by whoever ran it"),
            None => "glibc's defaults".to_string(),
        }
    );
    let crates: Vec<String> = m.crates.iter().map(|(n, v)| format!("{n} {v}")).collect();
    let _ = writeln!(md, "| crates | {} |", crates.join(", "));
    if let Some(obj) = m.python.as_object() {
        let get = |k: &str| {
            obj.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string()
        };
        let _ = writeln!(
            md,
            "| Python side | Python {}, coodie {}, scylla-driver {}, pydantic {}, fastapi {}, uvicorn {} |",
            get("python"),
            get("coodie"),
            get("scylla-driver"),
            get("pydantic"),
            get("fastapi"),
            get("uvicorn")
        );
    }
    let _ = writeln!(
        md,
        "| repetitions | {} runs; each ratio is the median of the run-by-run ratios, (min–max) beside it; the targets add a confidence interval of the median |\n",
        info.runs
    );
    for note in &info.notes {
        let _ = writeln!(md, "**Note:** {note}\n");
    }
    let retried: Vec<String> = input
        .samples
        .iter()
        .filter(|s| s.retries > 0)
        .map(|s| {
            format!(
                "{} {}@{} run {}: {}",
                s.lib, s.op, s.concurrency, s.run, s.retries
            )
        })
        .collect();
    if !retried.is_empty() {
        let _ = writeln!(
            md,
            "Operations retried after a timeout (counted in their latency): {}.\n",
            retried.join("; ")
        );
    }
    let loaded = m
        .load_start
        .split_whitespace()
        .next()
        .and_then(|l| l.parse::<f64>().ok())
        .unwrap_or(0.0)
        > m.cores as f64 * 0.5;
    if loaded {
        let _ = writeln!(
            md,
            "**The machine was busy when these numbers were taken** (load average above half its \
             cores at the start): wall-clock figures (ops/s, p50, p99) are noisy, client CPU per \
             operation less so, instruction counts (callgrind, below) not at all. Rerun `make bench` \
             on a quiet machine for final numbers.\n"
        );
    }

    let _ = writeln!(md, "## How it is measured\n");
    let _ = writeln!(
        md,
        "- **One schema, the demo's**: `products` (partition key `id`, secondary indexes on \
         `category` and `brand`) with the views `products_by_category` and `products_by_brand`, \
         created by coodie's `SchemaSync`. raw, coodie and charybdis share one keyspace and its \
         rows; Python coodie has its own keyspace with its demo's own models (its `price` is a CQL \
         `float`), same layout and row shapes.\n\
         - **Interleaved**: for each run, each operation and each concurrency, every library in turn, \
         in the orders of a Williams square (over every four runs each library takes each place \
         once and follows each other library once, so neither its place nor the library before \
         it favours any), so machine noise hits all alike.{}\n\
         - **Concurrency 1** runs on a current-thread tokio runtime, **concurrency 64** on a \
         multi-thread runtime of {} worker threads: 64 tasks share a counter of operations. Same \
         runtime for every Rust library; Python coodie uses asyncio coroutines (`tools/python/bench.py`).\n\
         - **Client CPU per operation**: the process's user + system time (getrusage, all threads, \
         driver tasks included) over the timed segment, divided by operations. Rust segments run one \
         at a time in one process; Python's in its own process.\n\
         - **Latency**: each operation timed on its own; p50 and p99 by nearest rank.\n\
         - Documents written by `insert`, `batch` and the rows `delete` removes are made before the \
         timed part; {} untimed warm-up calls precede each segment (1 for `batch` and `stream`).\n\
         - `stream` pages {} rows at a time; `get` and `update` address the {} rows of the \
         `mv_partition` partition.\n\
         - Python coodie's side differs where Python coodie does: its `insert` and `batch` build \
         each pydantic document inside the timed call (the Rust libraries get theirs built \
         before), its `sync_table` row is `sync_table_uncached` (its plain `sync_table` is a \
         per-process \"already synced\" lookup after the first call), and its `stream` fetches \
         one page at a time across coroutines (its paging state is shared by the driver, so \
         concurrent pages would mix).\n",
        blocks_text(info.blocks),
        info.threads,
        info.warmup,
        info.page_size,
        info.mv_rows
    );
    let counts: Vec<String> = info
        .counts
        .iter()
        .map(|(op, c, n)| format!("{op}@{c}: {n}"))
        .collect();
    let _ = writeln!(md, "Timed operations per segment: {}.\n", counts.join(", "));

    // The summary table of CPU ratios.
    let _ = writeln!(md, "## Client CPU per operation, ratio to raw\n");
    if let Some(plot) = input.plot {
        let _ = writeln!(md, "![ratios to raw]({plot})\n");
    }
    let mut header = String::from("| operation |");
    let mut rule = String::from("|---|");
    for lib in &LIBS[1..] {
        for c in &concs {
            let _ = write!(header, " {lib} @{c} |");
            rule.push_str("---|");
        }
    }
    let _ = writeln!(md, "{header}\n{rule}");
    for &op in &ops {
        let mut line = format!("| {} |", title(op));
        for lib in &LIBS[1..] {
            for &c in &concs {
                let cell = find(&rows, lib, op, c).map_or_else(
                    || "–".into(),
                    |r| ratio(r.to_raw.and_then(|t| t.cpu_us_per_op)),
                );
                let _ = write!(line, " {cell} |");
            }
        }
        let _ = writeln!(md, "{line}");
    }
    let _ = writeln!(md);

    targets::render(&mut md, input.samples, &ops, &concs, info.runs);

    let _ = writeln!(md, "## Every figure\n");
    let _ = writeln!(
        md,
        "Medians over the runs; × raw: the ratio to raw, median (min–max) of the run-by-run ratios. \
         For ops/s higher is better; for latency and CPU lower is better.\n"
    );
    for &op in &ops {
        let _ = writeln!(md, "### {}\n", title(op));
        let _ = writeln!(
            md,
            "| library | @ | ops/s | × raw | p50 ms | × raw | p99 ms | × raw | CPU µs/op | × raw |\n|---|---|---|---|---|---|---|---|---|---|"
        );
        for &c in &concs {
            for lib in LIBS {
                if let Some(r) = find(&rows, lib, op, c) {
                    {
                        let t = r.to_raw;
                        let _ = writeln!(
                            md,
                            "| {lib} | {c} | {} | {} | {} | {} | {} | {} | {} | {} |",
                            figure(r.figures.ops_per_s),
                            ratio(t.and_then(|t| t.ops_per_s)),
                            figure(r.figures.p50_ms),
                            ratio(t.and_then(|t| t.p50_ms)),
                            figure(r.figures.p99_ms),
                            ratio(t.and_then(|t| t.p99_ms)),
                            figure(r.figures.cpu_us_per_op),
                            ratio(t.and_then(|t| t.cpu_us_per_op)),
                        );
                    }
                }
            }
        }
        let _ = writeln!(md);
    }

    if let (Some(h), false) = (&info.http, input.http.is_empty()) {
        http::render(&mut md, h, input.http);
    }
    if let Some(p) = input.profile {
        p.render(&mut md);
    }

    let _ = writeln!(md, "## Reproduce\n");
    let _ = writeln!(
        md,
        "```bash\n\
         make db-up          # the database (Cassandra 5.0 without Docker, ScyllaDB with it)\n\
         make bench          # every library and operation, the demos over HTTP; writes BENCHMARKS.md\n\
         make bench-profile  # callgrind instruction counts per operation (needs valgrind)\n\
         make bench-smoke    # a few operations per library, seconds (what CI runs)\n\
         ```\n\n\
         `cargo run --release -p coodie-bench -- run --help` lists the knobs (runs, scale, \
         operations, concurrency, keyspaces). The Python side needs PyPI once: \
         `tools/python/venv.sh` makes a throwaway venv under `target/python-venv` with the latest \
         Python coodie. The HTTP part needs `wrk` (Debian: `apt-get install wrk`). Raw samples are \
         kept in `target/bench/results.jsonl` and `target/bench/http.jsonl`; \
         `cargo run --release -p coodie-bench -- report` redoes this file and the plot from them.\n"
    );
    if let Some(appendix) = input.appendix {
        md.push_str(appendix);
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_show_their_spread() {
        assert_eq!(ratio(Spread::of([1.0, 1.1, 1.2])), "1.10 (1.00–1.20)");
        assert_eq!(ratio(Spread::of([1.0])), "1.00");
        assert_eq!(ratio(None), "–");
        assert_eq!(num(1234.5), "1234");
        assert_eq!(num(0.1234), "0.123");
    }
}
