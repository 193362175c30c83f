//! The command line: `run` (everything, writes BENCHMARKS.md and the plot),
//! `smoke` (a few operations per library, for CI), `report` (redo the file from
//! kept samples), `profile` (callgrind instruction counts).

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::harness::Settings;
use crate::http::HttpPlan;
use crate::libs::BoxError;
use crate::op::Op;
use crate::outputs::{rooted, write_report};
use crate::pipeline::measure_and_report;
use crate::profile;

/// Benchmarks of coodie beside the raw scylla driver, charybdis and Python coodie.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Every library and operation in interleaved rounds, then the demos over HTTP;
    /// writes BENCHMARKS.md and the plot.
    Run(Box<RunArgs>),
    /// A few operations per library (Python and charybdis included) and a second of
    /// HTTP per demo: checks that the harness works, in seconds. Numbers mean nothing.
    Smoke(SmokeArgs),
    /// Redoes BENCHMARKS.md and the plot from the samples of the last run.
    Report(ReportArgs),
    /// Instruction counts per operation under callgrind (valgrind).
    Profile(ProfileArgs),
    /// One segment for `profile` (runs under valgrind).
    #[command(hide = true)]
    ProfileOp(ProfileOpArgs),
}

/// Where the database is and which keyspaces are the harness's.
#[derive(Debug, Clone, Args)]
struct Db {
    /// Contact points, comma-separated.
    #[arg(
        long,
        env = "SCYLLA_HOSTS",
        default_value = "127.0.0.1",
        value_delimiter = ','
    )]
    hosts: Vec<String>,
    /// Keyspace of raw, coodie and charybdis (created; dropped with --fresh).
    #[arg(long, default_value = "bench_rs")]
    keyspace: String,
    /// Keyspace of Python coodie (created; dropped with --fresh).
    #[arg(long, default_value = "bench_py")]
    python_keyspace: String,
}

/// The shape of the fixture.
#[derive(Debug, Clone, Args)]
struct Shape {
    /// Rows of the materialized-view partition `mv_partition` reads.
    #[arg(long, default_value_t = 100)]
    mv_rows: usize,
    /// Rows of the partition `stream` reads.
    #[arg(long, default_value_t = 10_000)]
    stream_rows: usize,
    /// Page size of `stream`.
    #[arg(long, default_value_t = 5000)]
    page_size: i32,
    /// Inserts per `batch`.
    #[arg(long, default_value_t = 100)]
    batch_size: usize,
}

/// Where the Python side and the outputs live.
#[derive(Debug, Clone, Args)]
struct Paths {
    /// The Python side (venv.sh, bench.py, run_python_demo.sh).
    #[arg(long, default_value = "tools/python")]
    python_dir: PathBuf,
    /// The venv venv.sh makes.
    #[arg(long, default_value = "target/python-venv")]
    venv: PathBuf,
    /// Samples (results.jsonl, http.jsonl, run.json), logs.
    #[arg(long, default_value = "target/bench")]
    out_dir: PathBuf,
    /// coodie's demo binary for the HTTP part.
    #[arg(long, default_value = "target/release/materialized-views-demo")]
    demo_bin: PathBuf,
}

#[derive(Debug, Args)]
struct RunArgs {
    #[command(flatten)]
    db: Db,
    #[command(flatten)]
    shape: Shape,
    #[command(flatten)]
    paths: Paths,
    /// Drop the harness's keyspaces first (default: reuse them).
    #[arg(long)]
    fresh: bool,
    /// Operations, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', value_parser = parse_op)]
    ops: Vec<Op>,
    /// Concurrency levels.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 64])]
    concurrency: Vec<usize>,
    /// Repetitions of every (operation, concurrency, library) segment.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Multiplies the timed operations per segment.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Untimed calls before each segment.
    #[arg(long, default_value_t = 20)]
    warmup: usize,
    /// Blocks each Rust segment at concurrency 1 is cut into, the libraries
    /// taking turns block by block (1: whole segments).
    #[arg(long, default_value_t = 10)]
    blocks: usize,
    /// Worker threads of the runtime above concurrency 1.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Leave Python coodie out.
    #[arg(long)]
    no_python: bool,
    /// Leave the HTTP part out.
    #[arg(long)]
    no_http: bool,
    /// wrk runs per server and endpoint.
    #[arg(long, default_value_t = 3)]
    http_runs: usize,
    /// Seconds per wrk run.
    #[arg(long, default_value_t = 10)]
    http_seconds: u64,
    /// wrk connections.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// A note for the report (repeatable): what else ran on the machine,
    /// knobs turned down.
    #[arg(long)]
    note: Vec<String>,
    /// The markdown file to write.
    #[arg(long, default_value = "BENCHMARKS.md")]
    markdown: PathBuf,
    /// The plot to write (linked from the markdown by its path relative to it).
    #[arg(long, default_value = "bench/ratios-to-raw.png")]
    plot: PathBuf,
}

#[derive(Debug, Args)]
struct SmokeArgs {
    #[command(flatten)]
    db: Db,
    #[command(flatten)]
    paths: Paths,
    /// Leave the HTTP part out.
    #[arg(long)]
    no_http: bool,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Where the samples of the run are.
    #[arg(long, default_value = "target/bench")]
    out_dir: PathBuf,
    #[arg(long, default_value = "BENCHMARKS.md")]
    markdown: PathBuf,
    #[arg(long, default_value = "bench/ratios-to-raw.png")]
    plot: PathBuf,
}

#[derive(Debug, Args)]
struct ProfileArgs {
    #[command(flatten)]
    db: Db,
    #[command(flatten)]
    shape: Shape,
    /// Operations (default: all but sync_table, whose cost is the database's schema reads).
    #[arg(long, value_delimiter = ',', value_parser = parse_op)]
    ops: Vec<Op>,
    /// Timed operations per library and operation (stream and batch: a tenth,
    /// mv_partition and sync_table: a third).
    #[arg(long, default_value_t = 300)]
    count: usize,
    #[arg(long, default_value = "target/bench")]
    out_dir: PathBuf,
}

#[derive(Debug, Args)]
struct ProfileOpArgs {
    #[command(flatten)]
    db: Db,
    #[command(flatten)]
    shape: Shape,
    #[arg(long)]
    lib: String,
    #[arg(long, value_parser = parse_op)]
    op: Op,
    #[arg(long)]
    count: usize,
}

fn parse_op(text: &str) -> Result<Op, String> {
    Op::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Op::ALL.iter().map(|o| o.name()).collect();
        format!("unknown operation {text:?}; one of {}", names.join(", "))
    })
}

fn settings(db: &Db, shape: &Shape, paths: Option<&Paths>) -> Settings {
    Settings {
        hosts: db.hosts.clone(),
        keyspace: db.keyspace.clone(),
        python_keyspace: db.python_keyspace.clone(),
        fresh: false,
        ops: Op::ALL.to_vec(),
        concurrency: vec![1, 64],
        runs: 1,
        scale: 1.0,
        warmup: 20,
        blocks: 1,
        mv_rows: shape.mv_rows,
        stream_rows: shape.stream_rows,
        page_size: shape.page_size,
        batch_size: shape.batch_size,
        threads: 2,
        python: true,
        python_dir: paths.map_or_else(
            || rooted(Path::new("tools/python")),
            |p| rooted(&p.python_dir),
        ),
        venv: paths.map_or_else(
            || rooted(Path::new("target/python-venv")),
            |p| rooted(&p.venv),
        ),
        out_dir: paths.map_or_else(|| rooted(Path::new("target/bench")), |p| rooted(&p.out_dir)),
    }
}

/// Runs a command line.
pub fn execute(cli: Cli) -> Result<(), BoxError> {
    match cli.command {
        Cmd::Run(a) => {
            let mut s = settings(&a.db, &a.shape, Some(&a.paths));
            s.fresh = a.fresh;
            if !a.ops.is_empty() {
                s.ops = a.ops.clone();
            }
            s.concurrency = a.concurrency.clone();
            s.runs = a.runs.max(1);
            s.scale = a.scale;
            s.warmup = a.warmup;
            s.blocks = a.blocks.max(1);
            s.threads = a.threads.max(1);
            s.python = !a.no_python;
            let http = (!a.no_http).then(|| HttpPlan {
                runs: a.http_runs.max(1),
                seconds: a.http_seconds.max(1),
                connections: a.connections,
                demo_bin: rooted(&a.paths.demo_bin),
                rust_keyspace: format!("{}_http", a.db.keyspace),
                python_keyspace: format!("{}_http", a.db.python_keyspace),
            });
            measure_and_report(
                &s,
                http,
                a.note.clone(),
                &rooted(&a.markdown),
                &rooted(&a.plot),
            )
        }
        Cmd::Smoke(a) => {
            let shape = Shape {
                mv_rows: 100,
                stream_rows: 500,
                page_size: 200,
                batch_size: 100,
            };
            let mut db = a.db.clone();
            if db.keyspace == "bench_rs" {
                db.keyspace = "bench_smoke_rs".into();
            }
            if db.python_keyspace == "bench_py" {
                db.python_keyspace = "bench_smoke_py".into();
            }
            let mut paths = a.paths.clone();
            if paths.out_dir == Path::new("target/bench") {
                paths.out_dir = "target/bench-smoke".into();
            }
            let mut s = settings(&db, &shape, Some(&paths));
            s.scale = 0.005;
            s.warmup = 2;
            s.blocks = 2;
            let http = (!a.no_http).then(|| HttpPlan {
                runs: 1,
                seconds: 1,
                connections: 8,
                demo_bin: rooted(&paths.demo_bin),
                rust_keyspace: format!("{}_http", db.keyspace),
                python_keyspace: format!("{}_http", db.python_keyspace),
            });
            let out = s.out_dir.clone();
            measure_and_report(
                &s,
                http,
                Vec::new(),
                &out.join("BENCHMARKS.md"),
                &out.join("ratios-to-raw.png"),
            )
        }
        Cmd::Report(a) => {
            let out = rooted(&a.out_dir);
            write_report(&out, &rooted(&a.markdown), &rooted(&a.plot))
        }
        Cmd::Profile(a) => {
            let s = settings(&a.db, &a.shape, None);
            let ops = if a.ops.is_empty() {
                vec![
                    Op::Insert,
                    Op::Get,
                    Op::MvPartition,
                    Op::Update,
                    Op::Delete,
                    Op::Batch,
                    Op::SyncTable,
                    Op::Stream,
                ]
            } else {
                a.ops.clone()
            };
            let count = a.count.max(1);
            let profile = profile::run_all(
                &s,
                &ops,
                |op| match op {
                    Op::Stream | Op::Batch => (count / 10).max(2),
                    Op::SyncTable | Op::MvPartition => (count / 3).max(2),
                    _ => count,
                },
                &rooted(&a.out_dir),
            )?;
            let mut md = String::new();
            profile.render(&mut md);
            println!("{md}");
            Ok(())
        }
        Cmd::ProfileOp(a) => {
            let s = settings(&a.db, &a.shape, None);
            profile::profile_op(&s, &a.lib, a.op, a.count)
        }
    }
}
