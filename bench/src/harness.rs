//! The interleaved rounds: for each repetition, each operation and each
//! concurrency, every library in turn (raw, coodie, charybdis, Python coodie, in
//! the orders of [`TURNS`]), so that machine noise hits all of them alike. At
//! concurrency 1 the Rust libraries' segments are cut into blocks that take turns
//! too ([`Settings::blocks`]), so that the noise of the shared machine, which
//! drifts over tenths of a second, falls on all of them within each run.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::runtime::{Builder, Runtime};

use crate::fixture;
use crate::libs::charybdis::Charybdis;
use crate::libs::coodie::Coodie;
use crate::libs::python::Python;
use crate::libs::raw::Raw;
use crate::libs::{BoxError, Library, Shared};
use crate::op::Op;
use crate::plan::Plan;
use crate::product::ProductData;
use crate::sample::{Measure, Sample};
use crate::segment;

/// Everything a harness run is told.
#[derive(Debug, Clone)]
pub struct Settings {
    pub hosts: Vec<String>,
    /// Keyspace of the Rust libraries (shared by raw, coodie and charybdis).
    pub keyspace: String,
    /// Keyspace of Python coodie (its `price` is a CQL `float`, so not the same table).
    pub python_keyspace: String,
    /// Drop both keyspaces first.
    pub fresh: bool,
    pub ops: Vec<Op>,
    pub concurrency: Vec<usize>,
    pub runs: usize,
    /// Multiplies every default count.
    pub scale: f64,
    pub warmup: usize,
    /// Blocks each Rust library's segment at concurrency 1 is cut into: the
    /// libraries take turns block by block (in the orders of [`TURNS`]), and a
    /// library's blocks add up to its segment. 1: a segment in one piece.
    pub blocks: usize,
    pub mv_rows: usize,
    pub stream_rows: usize,
    pub page_size: i32,
    pub batch_size: usize,
    /// Worker threads of the runtime used above concurrency 1.
    pub threads: usize,
    /// Python coodie too (needs PyPI for its venv).
    pub python: bool,
    pub python_dir: PathBuf,
    pub venv: PathBuf,
    /// Where results.jsonl goes.
    pub out_dir: PathBuf,
}

impl Settings {
    /// Timed operations of `op` at `concurrency`.
    pub fn count(&self, op: Op, concurrency: usize) -> usize {
        let (one, many) = match op {
            Op::Insert | Op::Get | Op::Update | Op::Delete => (2000, 4000),
            Op::MvPartition => (500, 1000),
            Op::Batch => (40, 128),
            Op::SyncTable => (200, 256),
            Op::Stream => (25, 64),
        };
        let base = if concurrency <= 1 { one } else { many };
        ((base as f64 * self.scale).round() as usize).max(1)
    }

    fn warmup(&self, op: Op) -> usize {
        if op.has_long_calls() {
            self.warmup.min(1)
        } else {
            self.warmup
        }
    }

    /// The blocks a segment of `count` operations at `concurrency` is run in:
    /// [`blocks`](Self::blocks) at concurrency 1 (at most one per operation),
    /// one above it (64 workers need a whole segment to be at 64; their segments
    /// are short already).
    pub fn blocks(&self, concurrency: usize, count: usize) -> usize {
        if concurrency <= 1 {
            self.blocks.clamp(1, count.max(1))
        } else {
            1
        }
    }
}

/// Block `block` of `blocks` of `plan`: its share of the operations (the shares
/// add up to `plan.count`), after the whole warm-up in the first block and one
/// call in each later one (none for `batch` and `stream`, whose calls are long).
fn block_plan(plan: Plan, block: usize, blocks: usize) -> Plan {
    let share = |b: usize| plan.count * b / blocks;
    let warmup = match block {
        0 => plan.warmup,
        _ if plan.op.has_long_calls() => 0,
        _ => plan.warmup.min(1),
    };
    Plan {
        count: share(block + 1) - share(block),
        warmup,
        ..plan
    }
}

/// The three in-process libraries on one runtime.
pub struct Rust {
    pub rt: Runtime,
    pub raw: Arc<Raw>,
    pub coodie: Arc<Coodie>,
    pub charybdis: Arc<Charybdis>,
}

impl Rust {
    /// Connects the three libraries on `rt` (the schema must exist).
    pub fn connect(rt: Runtime, s: &Settings) -> Result<Rust, BoxError> {
        let (raw, coodie, charybdis) = rt.block_on(async {
            let coodie = Coodie::connect(&s.hosts, &s.keyspace).await?;
            let raw = Raw::connect(&s.hosts, &s.keyspace, s.page_size, s.batch_size).await?;
            let charybdis = Charybdis::connect(&s.hosts, &s.keyspace).await?;
            Ok::<_, BoxError>((raw, coodie, charybdis))
        })?;
        Ok(Rust {
            rt,
            raw: Arc::new(raw),
            coodie: Arc::new(coodie),
            charybdis: Arc::new(charybdis),
        })
    }

    /// The documents of one segment (untimed): new ones for `insert` and
    /// `batch`; for `delete`, rows inserted now so that there is something to delete.
    pub fn docs<L: Library>(
        &self,
        plan: Plan,
        shared: &Shared,
    ) -> Result<Arc<Vec<L::Doc>>, BoxError> {
        let calls = plan.count + plan.warmup;
        let per_call = if plan.op == Op::Batch {
            shared.batch_size
        } else {
            1
        };
        let data = match plan.op {
            Op::Insert | Op::Batch | Op::Delete => ProductData::many(calls * per_call, None),
            _ => Vec::new(),
        };
        if plan.op == Op::Delete {
            self.rt.block_on(fixture::insert_all(&self.raw, &data))?;
        }
        Ok(Arc::new(data.iter().map(L::Doc::from).collect()))
    }

    fn segment<L: Library>(
        &self,
        lib: &Arc<L>,
        plan: Plan,
        shared: &Arc<Shared>,
    ) -> Result<Measure, BoxError> {
        let docs = self.docs::<L>(plan, shared)?;
        segment::run(&self.rt, lib, plan, docs, shared)
    }
}

/// Makes the schema and the fixture partitions (dropping the keyspaces first
/// with `fresh`); returns what every segment shares.
pub fn setup(s: &Settings) -> Result<Arc<Shared>, BoxError> {
    let setup = Builder::new_current_thread().enable_all().build()?;
    let pool = setup.block_on(async {
        let coodie = Coodie::connect(&s.hosts, &s.keyspace).await?;
        if s.fresh {
            coodie.drop_keyspace(&s.keyspace).await?;
            if s.python {
                coodie.drop_keyspace(&s.python_keyspace).await?;
            }
        }
        coodie.create_schema().await?;
        let raw = Raw::connect(&s.hosts, &s.keyspace, s.page_size, s.batch_size).await?;
        fixture::fill(&raw, s.mv_rows, s.stream_rows).await
    })?;
    Ok(Arc::new(Shared {
        pool,
        mv_rows: s.mv_rows,
        stream_rows: s.stream_rows,
        page_size: s.page_size,
        batch_size: s.batch_size,
    }))
}

/// The database's version (`system.local`), for the report.
pub fn database_version(s: &Settings) -> Result<String, BoxError> {
    let rt = Builder::new_current_thread().enable_all().build()?;
    rt.block_on(async {
        let coodie = Coodie::connect(&s.hosts, &s.keyspace).await?;
        coodie.server_version().await
    })
}

/// How many times a segment is run at most: a segment that fails (a timeout of
/// the shared, loaded database) is run once more, and the run stops only when
/// that fails too; the first failure is reported either way.
const SEGMENT_ATTEMPTS: usize = 2;

/// `segment()`, run again after a failure (at most [`SEGMENT_ATTEMPTS`] times).
fn again<T>(
    plan: Plan,
    lib: &str,
    mut segment: impl FnMut() -> Result<T, BoxError>,
) -> Result<T, BoxError> {
    let mut attempt = 1;
    loop {
        match segment() {
            Ok(sample) => return Ok(sample),
            Err(e) if attempt < SEGMENT_ATTEMPTS => {
                eprintln!(
                    "bench: run {} {lib} {}@{} failed (attempt {attempt} of {SEGMENT_ATTEMPTS}), \
                     running the segment again: {e}",
                    plan.run, plan.op, plan.concurrency
                );
                attempt += 1;
            }
            Err(e) => {
                return Err(format!(
                    "run {} {lib} {}@{} failed {SEGMENT_ATTEMPTS} times; the last error: {e}",
                    plan.run, plan.op, plan.concurrency
                )
                .into());
            }
        }
    }
}

/// The libraries' turns in each round, by index (0 raw, 1 coodie, 2 charybdis,
/// 3 Python coodie): the rows of a Williams square, one per run in turn. Over
/// every four runs each library takes each place once and follows each other
/// library once, so neither a place in the round nor the library before it (the
/// caches it leaves cold or warm, Python's process) favours any library. Without
/// Python the Rust libraries still each follow each other.
const TURNS: [[usize; 4]; 4] = [[0, 1, 3, 2], [1, 2, 0, 3], [2, 3, 1, 0], [3, 0, 2, 1]];

/// The order of the libraries in run `run` (from 1).
fn turn_order(run: usize) -> [usize; 4] {
    TURNS[(run - 1) % TURNS.len()]
}

/// Runs every round and returns the samples (also appended to `results.jsonl`).
pub fn run(s: &Settings, mut progress: impl FnMut(&Sample)) -> Result<Vec<Sample>, BoxError> {
    std::fs::create_dir_all(&s.out_dir)?;
    let results_path = s.out_dir.join("results.jsonl");
    let mut results = std::fs::File::create(&results_path)?;

    let shared = setup(s)?;

    let python = if s.python {
        let py = Python::prepare(
            &s.python_dir,
            &s.venv,
            &s.python_keyspace,
            &s.hosts,
            (s.mv_rows, s.stream_rows, s.page_size, s.batch_size),
        )?;
        py.setup()?;
        Some(py)
    } else {
        None
    };

    let one = Rust::connect(Builder::new_current_thread().enable_all().build()?, s)?;
    let many = Rust::connect(
        Builder::new_multi_thread()
            .worker_threads(s.threads)
            .enable_all()
            .build()?,
        s,
    )?;

    let mut samples = Vec::new();
    for run in 1..=s.runs {
        for &op in &s.ops {
            for &concurrency in &s.concurrency {
                let plan = Plan {
                    op,
                    count: s.count(op, concurrency),
                    concurrency,
                    warmup: s.warmup(op),
                    run,
                };
                let rust = if concurrency <= 1 { &one } else { &many };
                let mut turn = |sample: Sample| -> Result<(), BoxError> {
                    writeln!(results, "{}", serde_json::to_string(&sample)?)?;
                    progress(&sample);
                    samples.push(sample);
                    Ok(())
                };
                // raw, coodie, charybdis: each one's blocks add up to its segment.
                let mut measured: [Measure; 3] = Default::default();
                let blocks = s.blocks(concurrency, plan.count);
                for block in 0..blocks {
                    let part = block_plan(plan, block, blocks);
                    for lib in turn_order(run + block) {
                        let measure = match lib {
                            0 => again(part, Raw::NAME, || rust.segment(&rust.raw, part, &shared))?,
                            1 => again(part, Coodie::NAME, || {
                                rust.segment(&rust.coodie, part, &shared)
                            })?,
                            2 => again(part, Charybdis::NAME, || {
                                rust.segment(&rust.charybdis, part, &shared)
                            })?,
                            // Python coodie's segment is a process of its own: whole,
                            // at its place in the first block's turn.
                            _ => {
                                if let (Some(py), 0) = (&python, block) {
                                    turn(again(plan, crate::libs::python::NAME, || {
                                        py.segment(plan)
                                    })?)?;
                                }
                                continue;
                            }
                        };
                        measured[lib].add(measure);
                    }
                }
                let names = [Raw::NAME, Coodie::NAME, Charybdis::NAME];
                for (name, measure) in names.into_iter().zip(measured) {
                    turn(Sample::from_measure(name, op, concurrency, run, measure))?;
                }
            }
        }
    }
    Ok(samples)
}

#[cfg(test)]
mod tests {
    use super::{Plan, TURNS, block_plan, turn_order};
    use crate::op::Op;

    #[test]
    fn a_segments_blocks_share_its_operations_and_warm_up_once() {
        let plan = Plan {
            op: Op::Get,
            count: 43,
            concurrency: 1,
            warmup: 20,
            run: 3,
        };
        let parts: Vec<Plan> = (0..10).map(|b| block_plan(plan, b, 10)).collect();
        assert_eq!(parts.iter().map(|p| p.count).sum::<usize>(), 43);
        assert!(parts.iter().all(|p| p.count == 4 || p.count == 5));
        assert_eq!(parts[0].warmup, 20);
        assert!(parts[1..].iter().all(|p| p.warmup == 1 && p.run == 3));
        let batch = Plan {
            op: Op::Batch,
            warmup: 1,
            ..plan
        };
        assert_eq!(block_plan(batch, 1, 10).warmup, 0);
    }

    #[test]
    fn every_four_runs_each_library_takes_each_place_once() {
        for place in 0..4 {
            let mut libs: Vec<usize> = (1..=4).map(|run| turn_order(run)[place]).collect();
            libs.sort_unstable();
            assert_eq!(libs, [0, 1, 2, 3], "place {place}");
        }
        assert_eq!(turn_order(5), turn_order(1));
    }

    #[test]
    fn every_four_runs_each_library_follows_each_other_once() {
        let mut follows = [[0; 4]; 4];
        for row in TURNS {
            for pair in row.windows(2) {
                follows[pair[0]][pair[1]] += 1;
            }
        }
        for (a, row) in follows.iter().enumerate() {
            for (b, &n) in row.iter().enumerate() {
                assert_eq!(n, usize::from(a != b), "{a} then {b}");
            }
        }
    }
}
