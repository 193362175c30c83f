//! Instruction counts per operation under callgrind: repeatable where wall time
//! and CPU time are not (another process on the machine does not change how many
//! instructions this one runs).
//!
//! `coodie-bench profile` runs, for each library and operation, this same binary
//! under `valgrind --tool=callgrind --toggle-collect=*measured_region*`, so only
//! the timed operations are counted (connection, warm-up and fixture excluded);
//! the child (`profile-op`) does one segment at concurrency 1 on a current-thread
//! runtime, where the driver's tasks run on the same thread and are counted too.
//!
//! Callgrind also simulates the caches ([`CACHES`]): the first-level instruction
//! cache misses per operation are the code lines an operation fetches that its
//! previous run left no longer cached, a measure of how much code it runs
//! through. On a machine where the client sleeps between requests and the
//! database's own work evicts the client's code, each such line is fetched again
//! per call (bench/PROFILE.md, twelfth pass, sets them beside client CPU).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};
use tokio::runtime::Builder;

use crate::harness::{Rust, Settings};
use crate::libs::{BoxError, Library, Shared};
use crate::op::Op;
use crate::plan::Plan;
use crate::segment;

/// One library at one operation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub lib: String,
    pub op: Op,
    pub count: usize,
    /// Instructions (callgrind's Ir) inside the timed operations.
    pub instructions: u64,
    pub per_op: f64,
    /// First-level instruction cache misses (callgrind's I1mr) per operation, in
    /// the simulated [`CACHES`]; absent in a profile written before they were counted.
    #[serde(default)]
    pub code_misses_per_op: Option<f64>,
    /// The callgrind output, for callgrind_annotate.
    pub file: PathBuf,
}

/// Every entry of a `profile` run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Profile {
    pub valgrind: String,
    pub entries: Vec<Entry>,
}

/// The libraries profiled (Python's instructions are the interpreter's: not comparable).
pub const LIBS: [&str; 3] = ["raw", "coodie", "charybdis"];

/// The caches callgrind simulates, the same on every machine (its default is the
/// host's, which would make two machines' counts differ by their caches): 32 KiB,
/// 8-way first-level instruction and data caches of 64-byte lines, as most x86
/// cores have, and an 8 MiB last level.
pub const CACHES: [&str; 4] = [
    "--cache-sim=yes",
    "--I1=32768,8,64",
    "--D1=32768,8,64",
    "--LL=8388608,16,64",
];

impl Profile {
    /// The markdown section.
    pub fn render(&self, md: &mut String) {
        let _ = writeln!(md, "## Instructions per operation (callgrind)\n");
        let _ = writeln!(
            md,
            "{}, concurrency 1, current-thread runtime: every instruction the client runs inside the \
             timed operations (the driver's connection tasks included), divided by operations. \
             Unlike time, this hardly moves with the machine's load (two runs differ by about 5 %, \
             alike for every library). `make bench-profile` makes it; [bench/PROFILE.md](bench/PROFILE.md) \
             says where coodie's excess goes and how to remove it.\n",
            self.valgrind
        );
        self.table(md, |e| Some(e.per_op));
        if self.entries.iter().any(|e| e.code_misses_per_op.is_some()) {
            let _ = writeln!(
                md,
                "**Code lines fetched per operation**: first-level instruction cache misses \
                 (callgrind's simulated 32 KiB, 8-way cache of 64-byte lines; `I1mr`), the same \
                 runs. An operation whose code does not fit the cache fetches it line by line on \
                 every call, so this counts the distinct code it runs through. When the client \
                 sleeps between requests and the database's work evicts its code, every one of \
                 these lines comes from further away on every call; \
                 [bench/PROFILE.md](bench/PROFILE.md) (twelfth pass) sets them beside client CPU.\n"
            );
            self.table(md, |e| e.code_misses_per_op);
        }
    }

    /// A table of `figure` for each library, and its ratio to raw's, a row per operation.
    fn table(&self, md: &mut String, figure: impl Fn(&Entry) -> Option<f64>) {
        let _ = writeln!(
            md,
            "| operation | raw | coodie | × raw | charybdis | × raw |\n|---|---|---|---|---|---|"
        );
        let mut ops: Vec<Op> = self.entries.iter().map(|e| e.op).collect();
        ops.sort();
        ops.dedup();
        for op in ops {
            let of = |lib: &str| {
                self.entries
                    .iter()
                    .find(|e| e.lib == lib && e.op == op)
                    .and_then(&figure)
            };
            let raw = of("raw");
            let cell = |v: Option<f64>| v.map_or_else(|| "–".into(), grouped);
            let times = |v: Option<f64>| match (v, raw) {
                (Some(v), Some(r)) if r > 0.0 => format!("{:.2}", v / r),
                _ => "–".into(),
            };
            let _ = writeln!(
                md,
                "| {op} | {} | {} | {} | {} | {} |",
                cell(raw),
                cell(of("coodie")),
                times(of("coodie")),
                cell(of("charybdis")),
                times(of("charybdis"))
            );
        }
        let _ = writeln!(md);
    }
}

/// `1234567.4` as `1,234,567`.
fn grouped(v: f64) -> String {
    let digits = format!("{:.0}", v.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Runs every (library, operation) under callgrind and collects the counts.
pub fn run_all(
    s: &Settings,
    ops: &[Op],
    count_of: impl Fn(Op) -> usize,
    out: &Path,
) -> Result<Profile, BoxError> {
    let version = Command::new("valgrind")
        .arg("--version")
        .output()
        .map_err(|e| {
            format!("cannot run valgrind ({e}): install it (Debian: apt-get install valgrind)")
        })?;
    let valgrind = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let dir = out.join("callgrind");
    std::fs::create_dir_all(&dir)?;
    // The fixture, natively (not under valgrind).
    crate::harness::setup(s)?;
    let exe = std::env::current_exe()?;
    // Entries of other operations from an earlier run are kept.
    let kept = std::fs::read_to_string(out.join("callgrind.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Profile>(&t).ok())
        .map(|p| {
            p.entries
                .into_iter()
                .filter(|e| !ops.contains(&e.op))
                .collect()
        })
        .unwrap_or_default();
    let mut profile = Profile {
        valgrind,
        entries: kept,
    };
    for &op in ops {
        for lib in LIBS {
            let count = count_of(op);
            let file = dir.join(format!("{lib}-{op}.out"));
            eprintln!("profile: {lib} {op} x{count} under callgrind");
            let status = Command::new("valgrind")
                .args([
                    "--tool=callgrind",
                    "--toggle-collect=*measured_region*",
                    "--dump-instr=no",
                ])
                .args(CACHES)
                .arg(format!("--callgrind-out-file={}", file.display()))
                .arg(&exe)
                .args([
                    "profile-op",
                    "--lib",
                    lib,
                    "--op",
                    op.name(),
                    "--count",
                    &count.to_string(),
                ])
                .args(["--hosts", &s.hosts.join(","), "--keyspace", &s.keyspace])
                .args([
                    "--mv-rows",
                    &s.mv_rows.to_string(),
                    "--stream-rows",
                    &s.stream_rows.to_string(),
                ])
                .args([
                    "--page-size",
                    &s.page_size.to_string(),
                    "--batch-size",
                    &s.batch_size.to_string(),
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::fs::File::create(dir.join(format!("{lib}-{op}.log")))?)
                .status()?;
            if !status.success() {
                return Err(format!(
                    "{lib} {op} under callgrind failed ({status}); see {}",
                    dir.join(format!("{lib}-{op}.log")).display()
                )
                .into());
            }
            let totals = Totals::read(&file)?;
            let instructions = totals.get("Ir").ok_or_else(|| no_totals(&file))?;
            let per_op = |n: u64| n as f64 / count as f64;
            profile.entries.push(Entry {
                lib: lib.to_string(),
                op,
                count,
                instructions,
                per_op: per_op(instructions),
                code_misses_per_op: totals.get("I1mr").map(per_op),
                file,
            });
        }
    }
    profile
        .entries
        .sort_by_key(|e| (e.op, LIBS.iter().position(|l| *l == e.lib)));
    std::fs::write(
        out.join("callgrind.json"),
        serde_json::to_string_pretty(&profile)?,
    )?;
    Ok(profile)
}

/// The totals of a callgrind output file, by event name (`Ir`, `I1mr`, …).
struct Totals(Vec<(String, u64)>);

impl Totals {
    fn read(file: &Path) -> Result<Totals, BoxError> {
        Totals::parse(&std::fs::read_to_string(file)?).ok_or_else(|| no_totals(file))
    }

    /// The `events:` line names the columns of the `totals:` (or `summary:`) line.
    fn parse(text: &str) -> Option<Totals> {
        let events = text.lines().find_map(|l| l.strip_prefix("events:"))?;
        let counts = text.lines().find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })?;
        let counts: Vec<u64> = counts
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let names = events.split_whitespace().map(str::to_string);
        Some(Totals(names.zip(counts).collect()))
    }

    fn get(&self, event: &str) -> Option<u64> {
        self.0
            .iter()
            .find(|(name, _)| name == event)
            .map(|&(_, n)| n)
    }
}

fn no_totals(file: &Path) -> BoxError {
    format!("no totals in {}", file.display()).into()
}

/// The child of [`run_all`]: one segment of `lib` doing `op`, the timed part
/// inside [`measured_region`].
pub fn profile_op(s: &Settings, lib: &str, op: Op, count: usize) -> Result<(), BoxError> {
    let rust = Rust::connect(Builder::new_current_thread().enable_all().build()?, s)?;
    let pool = rust
        .rt
        .block_on(rust.raw.partition_ids(crate::product::MV_CATEGORY))?;
    let shared = std::sync::Arc::new(Shared {
        pool,
        mv_rows: s.mv_rows,
        stream_rows: s.stream_rows,
        page_size: s.page_size,
        batch_size: s.batch_size,
    });
    match lib {
        "raw" => one(&rust, &rust.raw, op, count, &shared),
        "coodie" => one(&rust, &rust.coodie, op, count, &shared),
        "charybdis" => one(&rust, &rust.charybdis, op, count, &shared),
        other => Err(format!("unknown library {other:?} (raw, coodie, charybdis)").into()),
    }
}

fn one<L: Library>(
    rust: &Rust,
    lib: &std::sync::Arc<L>,
    op: Op,
    count: usize,
    shared: &std::sync::Arc<Shared>,
) -> Result<(), BoxError> {
    let warm = Plan {
        op,
        count: 10.min(count),
        concurrency: 1,
        warmup: 0,
        run: 0,
    };
    let docs = rust.docs::<L>(warm, shared)?;
    segment::run(&rust.rt, lib, warm, docs, shared)?;
    let plan = Plan {
        op,
        count,
        concurrency: 1,
        warmup: 0,
        run: 1,
    };
    let docs = rust.docs::<L>(plan, shared)?;
    let measure = measured_region(|| segment::run(&rust.rt, lib, plan, docs, shared))?;
    let sample = crate::sample::Sample::from_measure(L::NAME, op, 1, 1, measure);
    eprintln!(
        "{} {op}: {} ops, {:.1} µs CPU/op under valgrind",
        L::NAME,
        sample.ops,
        sample.cpu_us_per_op
    );
    Ok(())
}

/// Everything inside this function is what callgrind counts.
#[inline(never)]
pub fn measured_region<T>(f: impl FnOnce() -> T) -> T {
    std::hint::black_box(f())
}

#[cfg(test)]
mod tests {
    use super::{Totals, grouped};

    #[test]
    fn totals_by_event_name() {
        let out = "version: 1\nevents: Ir Dr Dw I1mr D1mr D1mw\nsummary: 900 40 30 12 5 4\n";
        let t = Totals::parse(out).expect("totals");
        assert_eq!(t.get("Ir"), Some(900));
        assert_eq!(t.get("I1mr"), Some(12));
        assert_eq!(t.get("D1mw"), Some(4));
        assert_eq!(t.get("ILmr"), None);
        // Without cache simulation there are instructions only.
        let plain = Totals::parse("events: Ir\ntotals: 77\n").expect("totals");
        assert_eq!((plain.get("Ir"), plain.get("I1mr")), (Some(77), None));
        assert!(Totals::parse("events: Ir\n").is_none());
    }

    #[test]
    fn thousands() {
        assert_eq!(grouped(1_234_567.4), "1,234,567");
        assert_eq!(grouped(999.0), "999");
        assert_eq!(grouped(1000.0), "1,000");
    }
}
