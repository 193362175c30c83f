//! The full-scan and view-check benchmark of `make bench-scan` (release build):
//!
//! ```text
//! scan_bench generate [ROWS]      upsert ROWS rows (default 1,000,000) into a table with a view
//! scan_bench scan [CONCURRENCY]   stream every row with T::scan(); rows/s and peak memory
//! scan_bench verify [CONCURRENCY] check the view against the table; rows/s and peak memory
//! ```
//!
//! Each step is its own process, so the peak resident memory it prints
//! (`VmHWM` of `/proc/self/status`) is that of the scan or the check alone. The
//! keyspace `coodie_bench_scan` on `SCYLLA_HOSTS` (default 127.0.0.1) is kept
//! between runs; `generate` skips the rows already there.

use std::time::Instant;

use coodie::prelude::*;
use coodie::verify::ViewCheck;
use futures::{StreamExt, TryStreamExt};

const KS: &str = "coodie_bench_scan";

/// One benchmark row: about 150 bytes.
#[derive(Document, Debug, Clone)]
#[coodie(table = "scan_rows")]
pub struct ScanRow {
    #[coodie(partition_key)]
    pub id: i64,
    pub category: String,
    pub name: String,
    pub price: i64,
    pub payload: String,
}

/// The rows of one category (1,000 categories).
#[derive(MaterializedView, Debug, Clone)]
#[coodie(view = "scan_rows_by_category", base = ScanRow)]
pub struct ScanRowByCategory {
    #[coodie(partition_key)]
    pub category: String,
    #[coodie(clustering_key)]
    pub id: i64,
    pub name: String,
    pub price: i64,
    pub payload: String,
}

fn row(id: i64) -> ScanRow {
    ScanRow {
        id,
        category: format!("category-{:04}", id % 1_000),
        name: format!("row number {id}"),
        price: id % 10_000,
        payload: format!("{id:0>96}"),
    }
}

/// `VmHWM` and `VmRSS` of this process, in MiB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

#[tokio::main]
async fn main() -> coodie::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |default: u64| {
        args.get(1)
            .and_then(|n| n.replace('_', "").parse::<u64>().ok())
            .unwrap_or(default)
    };
    let db = coodie::Session::builder()
        .hosts(
            std::env::var("SCYLLA_HOSTS")
                .unwrap_or_else(|_| "127.0.0.1".into())
                .split(','),
        )
        .keyspace(KS)
        .connect()
        .await?;
    match args.first().map(String::as_str) {
        Some("generate") => generate(&db, number(1_000_000)).await,
        Some("scan") => scan(&db, number(8) as usize).await,
        Some("verify") => verify(&db, number(8) as usize).await,
        _ => {
            eprintln!(
                "usage: scan_bench generate [ROWS] | scan [CONCURRENCY] | verify [CONCURRENCY]"
            );
            std::process::exit(2);
        }
    }
}

async fn generate(db: &Session, rows: u64) -> coodie::Result<()> {
    db.create_keyspace(KS, &coodie::Replication::Simple(1))
        .await?;
    ScanRow::sync_table(db).await?;
    ScanRowByCategory::sync_view(db).await?;
    let have = ScanRow::scan()
        .stream(db)
        .try_fold(0u64, |n, _| async move { Ok(n + 1) })
        .await?;
    if have >= rows {
        println!("generate: {have} rows already in {KS}.scan_rows");
        return Ok(());
    }
    let started = Instant::now();
    let mut done = 0u64;
    let mut writes = futures::stream::iter(0..rows as i64)
        .map(|id| async move { row(id).save(db).await })
        .buffer_unordered(256);
    while let Some(result) = writes.next().await {
        result?;
        done += 1;
        if done % 100_000 == 0 {
            println!(
                "generate: {done} rows, {:.0} rows/s",
                done as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "generate: {rows} rows in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn scan(db: &Session, concurrency: usize) -> coodie::Result<()> {
    let started = Instant::now();
    let mut rows = ScanRow::scan().concurrency(concurrency).stream(db);
    let (mut n, mut checksum, mut samples) = (0u64, 0i64, Vec::new());
    while let Some(row) = rows.try_next().await? {
        n += 1;
        checksum = checksum.wrapping_add(row.price);
        if n % 200_000 == 0 {
            samples.push(format!("{}k: {:.0} MiB", n / 1000, memory().1));
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let (peak, now) = memory();
    println!(
        "scan: {n} rows in {secs:.1}s = {:.0} rows/s (concurrency {concurrency}, {} ranges); \
         peak RSS {peak:.0} MiB, RSS at the end {now:.0} MiB; RSS along the way: {}; checksum {checksum}",
        n as f64 / secs,
        ScanRow::scan().concurrency(concurrency).ranges(db).len(),
        samples.join(", ")
    );
    Ok(())
}

async fn verify(db: &Session, concurrency: usize) -> coodie::Result<()> {
    let samples = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let report = ViewCheck::<ScanRowByCategory>::new()
        .concurrency(concurrency)
        .on_progress({
            let samples = samples.clone();
            move |p| {
                if p.ranges_done % 16 == 0 {
                    samples.lock().unwrap().push(format!(
                        "{:?} {}k: {:.0} MiB",
                        p.phase,
                        p.rows / 1000,
                        memory().1
                    ));
                }
            }
        })
        .run(db)
        .await?;
    let (peak, now) = memory();
    println!("{report}");
    println!(
        "verify: base pass {} rows in {:.1}s = {:.0} rows/s; view pass {} rows in {:.1}s = {:.0} rows/s \
         (concurrency {concurrency}); peak RSS {peak:.0} MiB, at the end {now:.0} MiB; along the way: {}",
        report.base_rows,
        report.base_elapsed.as_secs_f64(),
        report.base_rows_per_second(),
        report.view_rows,
        report.view_elapsed.as_secs_f64(),
        report.view_rows_per_second(),
        samples.lock().unwrap().join(", ")
    );
    Ok(())
}
