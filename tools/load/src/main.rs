//! Load with a checker for the materialized-views demo.
//!
//! Starts the demo (its own keyspace, created afresh), runs `--clients` concurrent
//! clients for `--duration` of mixed traffic (create, delete, get, list, both view
//! queries), optionally stops and restarts the database in the middle
//! (`--outage-stop`/`--outage-start`), then reads the base table and both views
//! straight from the database and proves that every acknowledged create is there
//! with the values the server acknowledged, in all three, and that every
//! acknowledged delete is gone from all three (views get `--settle` to catch up).
//!
//! Without an outage no request may fail with a 5xx. With one, a 5xx is allowed
//! only from the stop until `--recovery` after the database is back, each must be
//! a 503 answered within `--max-503`, and no request may hang or find the demo
//! gone. Exits 1 when anything is wrong, with the figures either way.
//!
//! ```text
//! load --hosts 127.0.0.1 --keyspace load_single --clients 64 --duration 120
//! ```

mod check;
mod fault;
mod http;
mod traffic;

use std::path::PathBuf;
use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use coodie::{Replication, Session, SessionBuilder};

use crate::http::Http;
use crate::traffic::Ledger;

#[derive(Parser, Debug)]
#[command(
    about = "Mixed load on the demo, an optional outage, then a check that nothing acknowledged is lost"
)]
struct Args {
    /// Contact points of the database, comma-separated.
    #[arg(long, env = "SCYLLA_HOSTS", default_value = "127.0.0.1")]
    hosts: String,
    /// The keyspace of the run; dropped and created afresh (never use viewdemo).
    #[arg(long, default_value = "load_single")]
    keyspace: String,
    /// Its replication factor (SimpleStrategy).
    #[arg(long, default_value_t = 1)]
    replication_factor: u32,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Seconds of traffic.
    #[arg(long, default_value_t = 120)]
    duration: u64,
    /// Seconds the views may take to catch up after the load.
    #[arg(long, default_value_t = 60)]
    settle: u64,
    /// The demo's binary (default: `materialized-views-demo` beside this one).
    #[arg(long)]
    demo: Option<PathBuf>,
    /// The port the demo listens on (127.0.0.1).
    #[arg(long, default_value_t = 8731)]
    port: u16,
    /// Seconds into the run at which `--outage-stop` is run.
    #[arg(long, default_value_t = 30)]
    outage_after: u64,
    /// Seconds the database stays down once stopped.
    #[arg(long, default_value_t = 15)]
    outage_for: u64,
    /// Shell command stopping the database (returns once it is down).
    #[arg(long, requires = "outage_start")]
    outage_stop: Option<String>,
    /// Shell command starting it again (returns once it answers CQL).
    #[arg(long, requires = "outage_stop")]
    outage_start: Option<String>,
    /// Seconds the load goes on at least after the database is back.
    #[arg(long, default_value_t = 30)]
    after_back: u64,
    /// Seconds after the database is back within which the demo must serve again.
    #[arg(long, default_value_t = 10)]
    recovery: u64,
    /// Seconds a 503 may take at most (the demo's database request timeout is 5 s).
    #[arg(long, default_value_t = 6.0)]
    max_503: f64,
    /// Milliseconds each client pauses between two requests (0: none, the
    /// heaviest load; a pause makes the clients behave like users).
    #[arg(long, default_value_t = 0)]
    think_ms: u64,
    /// Seconds after which a request without an answer counts as hung.
    #[arg(long, default_value_t = 30)]
    hang: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("load: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn hosts(args: &Args) -> Vec<String> {
    args.hosts
        .split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(String::from)
        .collect()
}

async fn session(args: &Args, keyspace: &str) -> Result<Session, String> {
    SessionBuilder::from_env(keyspace)
        .hosts(hosts(args))
        .keyspace(keyspace)
        .request_timeout(Duration::from_secs(20))
        .connect()
        .await
        .map_err(|e| format!("cannot connect to {}: {e} (run `make db-up`)", args.hosts))
}

/// The demo as a child process, its log in a file.
struct Demo {
    child: tokio::process::Child,
    log: PathBuf,
}

async fn start_demo(args: &Args, base: &str) -> Result<Demo, String> {
    let binary = match &args.demo {
        Some(path) => path.clone(),
        None => std::env::current_exe()
            .map_err(|e| e.to_string())?
            .with_file_name("materialized-views-demo"),
    };
    let log = std::env::temp_dir().join(format!("coodie-load-{}.log", args.keyspace));
    let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let child = tokio::process::Command::new(&binary)
        .env("SCYLLA_HOSTS", &args.hosts)
        .env("SCYLLA_KEYSPACE", &args.keyspace)
        .env("HOST", "127.0.0.1")
        .env("PORT", args.port.to_string())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::from(file.try_clone().map_err(|e| e.to_string())?))
        .stderr(Stdio::from(file))
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| {
            format!(
                "cannot start {}: {e} (cargo build -p materialized-views-demo)",
                binary.display()
            )
        })?;
    let mut demo = Demo { child, log };
    let probe = Http::new(base, Duration::from_secs(5));
    let started = Instant::now();
    loop {
        if probe.get("/openapi.json").await.status() == Some(200) {
            eprintln!(
                "load: the demo serves {base} after {:.1?} (log: {})",
                started.elapsed(),
                demo.log.display()
            );
            return Ok(demo);
        }
        if let Ok(Some(status)) = demo.child.try_wait() {
            return Err(format!(
                "the demo exited ({status}) before it served; log: {}",
                demo.log.display()
            ));
        }
        if started.elapsed() > Duration::from_secs(180) {
            return Err(format!(
                "the demo did not serve within 180 s; log: {}",
                demo.log.display()
            ));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn run(args: Args) -> Result<bool, String> {
    if args.keyspace == materialized_views_demo::config::DEFAULT_KEYSPACE {
        return Err("the run drops its keyspace: give it one of its own, not viewdemo".into());
    }
    // A fresh keyspace with the replication asked for; the demo creates the tables.
    let admin = session(&args, "system").await?;
    admin
        .drop_keyspace(&args.keyspace)
        .await
        .map_err(|e| e.to_string())?;
    admin
        .create_keyspace(
            &args.keyspace,
            &Replication::Simple(args.replication_factor),
        )
        .await
        .map_err(|e| e.to_string())?;
    let base = format!("http://127.0.0.1:{}", args.port);
    let mut demo = start_demo(&args, &base).await?;

    let http = Http::new(&base, Duration::from_secs(args.hang));
    let duration = Duration::from_secs(args.duration);
    eprintln!(
        "load: {} clients for {duration:?} on {} (keyspace {}, RF {}), pausing {} ms between requests",
        args.clients, args.hosts, args.keyspace, args.replication_factor, args.think_ms
    );
    let started = Instant::now();
    let outage = match (&args.outage_stop, &args.outage_start) {
        (Some(stop), Some(start)) => Some(tokio::spawn(fault::run(
            fault::Plan {
                after: Duration::from_secs(args.outage_after),
                down_for: Duration::from_secs(args.outage_for),
                stop: stop.clone(),
                start: start.clone(),
            },
            started,
        ))),
        _ => None,
    };
    let done = Arc::new(AtomicBool::new(false));
    let traffic = tokio::spawn(traffic::run(
        http,
        args.clients,
        Duration::from_millis(args.think_ms),
        started,
        done.clone(),
    ));
    // The load lasts `--duration`, and with an outage at least `--after-back`
    // longer than the outage, however long the database takes to start.
    let timeline = match outage {
        Some(task) => {
            let timeline = task.await.map_err(|e| e.to_string())?;
            let until =
                (started + duration).max(Instant::now() + Duration::from_secs(args.after_back));
            tokio::time::sleep_until(until.into()).await;
            Some(timeline)
        }
        None => {
            tokio::time::sleep_until((started + duration).into()).await;
            None
        }
    };
    done.store(true, Ordering::Relaxed);
    let ledger = traffic.await.map_err(|e| e.to_string())?;
    // A start command that fails (the database takes too long) is a failure of the
    // run, but the checker still reads what is there.
    let (timeline, outage_error) = match timeline.transpose() {
        Ok(timeline) => (timeline, None),
        Err(e) => (None, Some(e)),
    };
    let ended = Instant::now();
    let crashed = demo.child.try_wait().map_err(|e| e.to_string())?;

    let db = match session(&args, &args.keyspace).await {
        Ok(db) => db,
        Err(e) if outage_error.is_some() => {
            return Err(format!(
                "{e}; the outage: {}",
                outage_error.unwrap_or_default()
            ));
        }
        Err(e) => return Err(e),
    };
    let verdict = check::check(&db, &ledger, ended, Duration::from_secs(args.settle)).await;
    let _ = demo.child.kill().await;

    Ok(report(
        &args, &ledger, timeline, crashed, &verdict, started, ended,
    ))
}

fn report(
    args: &Args,
    ledger: &Ledger,
    timeline: Option<fault::Timeline>,
    crashed: Option<std::process::ExitStatus>,
    verdict: &check::Verdict,
    started: Instant,
    ended: Instant,
) -> bool {
    let mut ok = true;
    let mut fail = |why: String| {
        ok = false;
        println!("FAIL: {why}");
    };
    let secs = (ended - started).as_secs_f64();
    println!(
        "requests: {} in {secs:.0} s ({:.0}/s) by {} clients",
        ledger.requests(),
        ledger.requests() as f64 / secs,
        args.clients
    );
    for (op, (n, sum, max)) in &ledger.latency {
        let statuses: Vec<String> = ledger
            .counts
            .iter()
            .filter(|((o, _), _)| o == op)
            .map(|((_, s), c)| format!("{s}×{c}"))
            .collect();
        println!(
            "  {op:?}: {n} ({}), mean {:.1?}, max {max:.1?}",
            statuses.join(" "),
            *sum / (*n).max(1) as u32
        );
    }
    if let Some(status) = crashed {
        fail(format!("the demo exited during the load: {status}"));
    }
    let hung: Vec<_> = ledger
        .failures
        .iter()
        .filter(|f| f.what == "hung")
        .collect();
    let broken: Vec<_> = ledger
        .failures
        .iter()
        .filter(|f| f.what.starts_with("transport"))
        .collect();
    if !hung.is_empty() {
        fail(format!(
            "{} requests got no answer within {} s, first {}",
            hung.len(),
            args.hang,
            hung[0]
        ));
    }
    if !broken.is_empty() {
        fail(format!(
            "{} requests found no server, first {}",
            broken.len(),
            broken[0]
        ));
    }
    let server_errors: Vec<_> = ledger
        .failures
        .iter()
        .filter(|f| f.what != "hung" && !f.what.starts_with("transport"))
        .collect();
    match timeline {
        None => {
            if !server_errors.is_empty() {
                println!("{}", per_ten_seconds(&server_errors));
                fail(format!(
                    "{} 5xx answers, first {}",
                    server_errors.len(),
                    server_errors[0]
                ));
            } else {
                println!("5xx: 0");
            }
        }
        Some(t) => {
            let allowed_until = t.back + Duration::from_secs(args.recovery);
            println!(
                "outage: stop command at {:.1?} (down after {:.1?}), start command at {:.1?}, back at {:.1?}: {:.1?} without the database",
                t.stopping,
                t.stopped - t.stopping,
                t.starting,
                t.back,
                t.outage()
            );
            let outside: Vec<_> = server_errors
                .iter()
                .filter(|f| f.at + f.took < t.stopping || f.at > allowed_until)
                .collect();
            if !outside.is_empty() {
                fail(format!(
                    "{} 5xx outside the outage and its {} s of recovery, first {}",
                    outside.len(),
                    args.recovery,
                    outside[0]
                ));
            }
            let not_503: Vec<_> = server_errors.iter().filter(|f| f.what != "503").collect();
            if !not_503.is_empty() {
                fail(format!(
                    "{} 5xx that are not 503, first {}",
                    not_503.len(),
                    not_503[0]
                ));
            }
            let slowest = server_errors
                .iter()
                .map(|f| f.took)
                .max()
                .unwrap_or_default();
            if slowest > Duration::from_secs_f64(args.max_503) {
                fail(format!(
                    "a 503 took {slowest:.1?} (limit {} s)",
                    args.max_503
                ));
            }
            println!(
                "503 during the outage: {} (slowest {slowest:.2?})",
                server_errors.len()
            );
            let last_error = server_errors.iter().map(|f| f.at + f.took).max();
            let first_ok_after_stop = ledger.successes.iter().filter(|s| **s > t.stopped).min();
            let recovered = last_error.map(|e| e.saturating_sub(t.back));
            println!(
                "recovery: last 5xx {} after the database was back; first 2xx after the stop at {:.1?}",
                recovered.map_or("none".into(), |r| format!("{r:.1?}")),
                first_ok_after_stop
            );
            println!("{}", after_back_summary(&server_errors, t.back));
            let mut slowest: Vec<_> = server_errors.clone();
            slowest.sort_by_key(|f| std::cmp::Reverse(f.took));
            for f in slowest.iter().take(5) {
                println!("  slow 5xx: {f}");
            }
            let served_after_back = ledger.successes.iter().filter(|s| **s > t.back).count();
            if served_after_back == 0 {
                fail("nothing was served after the database came back".into());
            }
            if server_errors.is_empty() {
                fail("the outage produced no 503 at all: was the database really stopped?".into());
            }
        }
    }
    if !ledger.violations.is_empty() {
        fail(format!(
            "{} answers contradicted acknowledged writes, first {}",
            ledger.violations.len(),
            ledger.violations[0]
        ));
    }
    println!(
        "checker: {} acknowledged creates present with their values in products and both views, {} acknowledged deletes gone from all three",
        verdict.creates_checked, verdict.deletes_checked
    );
    println!(
        "  rows: products {}, products_by_category {}, products_by_brand {}; unanswered creates stored anyway {}, unanswered deletes not applied {}",
        verdict.base_rows,
        verdict.category_rows,
        verdict.brand_rows,
        verdict.unsure_stored,
        verdict.unsure_deletes_present
    );
    println!(
        "  base table right after {:.1?}, views matched after {} ({} reads of the three tables)",
        verdict.base_settled.unwrap_or_default(),
        verdict
            .views_settled
            .map_or("never".into(), |d| format!("{d:.1?}")),
        verdict.rounds
    );
    if !verdict.problems.is_empty() {
        fail(format!(
            "the checker found:\n  {}",
            verdict.problems.join("\n  ")
        ));
    }
    println!("{}", if ok { "load: PASS" } else { "load: FAIL" });
    ok
}

/// The 5xx answered after the database was back, counted per second since then
/// (`+3s: 12` = twelve answered in the fourth second), to show how recovery went.
fn after_back_summary(errors: &[&traffic::Failure], back: Duration) -> String {
    let mut per_second = std::collections::BTreeMap::<u64, u32>::new();
    for f in errors {
        let answered = f.at + f.took;
        if answered > back {
            *per_second.entry((answered - back).as_secs()).or_default() += 1;
        }
    }
    if per_second.is_empty() {
        return "5xx after the database was back: none".into();
    }
    let seconds: Vec<String> = per_second
        .iter()
        .map(|(s, n)| format!("+{s}s: {n}"))
        .collect();
    format!(
        "5xx after the database was back, per second: {}",
        seconds.join(", ")
    )
}

/// The 5xx counted per ten seconds of the run (`10s: 4` = four answered between
/// 10 and 20 s), to show when they happened.
fn per_ten_seconds(errors: &[&traffic::Failure]) -> String {
    let mut buckets = std::collections::BTreeMap::<u64, u32>::new();
    for f in errors {
        *buckets
            .entry((f.at + f.took).as_secs() / 10 * 10)
            .or_default() += 1;
    }
    let buckets: Vec<String> = buckets.iter().map(|(s, n)| format!("{s}s: {n}")).collect();
    format!("5xx per ten seconds of the run: {}", buckets.join(", "))
}
