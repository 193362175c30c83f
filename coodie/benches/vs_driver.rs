//! coodie against the raw `scylla` driver, on the same real database and the same
//! rows: the price of the mapper per operation.
//!
//! `make bench` (or `cargo bench -p coodie`) with the database up (`make db-up`).
//! Each pair runs the same CQL: coodie through its derives and cached prepared
//! statements, the driver through a statement prepared once by hand.

use std::hint::black_box;

use coodie::prelude::*;
use coodie::scylla::DeserializeRow;
use coodie::scylla::client::session::Session as DriverSession;
use coodie::scylla::client::session_builder::SessionBuilder;
use coodie::scylla::statement::prepared::PreparedStatement;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use futures::{StreamExt, TryStreamExt};
use uuid::Uuid;

const KS: &str = "coodie_bench";
const PARTITION_ROWS: i64 = 100;
const STREAM_ROWS: i64 = 5_000;

/// One sensor reading: a partition per sensor, rows ordered by time.
#[derive(Document, Debug, Clone)]
#[coodie(table = "readings")]
struct Reading {
    #[coodie(partition_key)]
    sensor: Uuid,
    #[coodie(clustering_key)]
    seq: i64,
    value: f64,
    label: String,
    note: Option<String>,
}

/// The same row as the driver sees it.
#[derive(DeserializeRow, Debug)]
#[scylla(crate = coodie::scylla)]
#[allow(dead_code, reason = "read only through black_box, as a user would")]
struct RawReading {
    sensor: Uuid,
    seq: i64,
    value: f64,
    label: String,
    note: Option<String>,
}

struct Fixture {
    db: coodie::Session,
    raw: DriverSession,
    insert: PreparedStatement,
    get: PreparedStatement,
    partition: PreparedStatement,
    small_sensor: Uuid,
    big_sensor: Uuid,
}

fn reading(sensor: Uuid, seq: i64) -> Reading {
    Reading {
        sensor,
        seq,
        value: seq as f64 * 0.5,
        label: format!("reading {seq}"),
        note: (seq % 2 == 0).then(|| "even".to_string()),
    }
}

async fn fixture() -> Fixture {
    let hosts = std::env::var("SCYLLA_HOSTS").unwrap_or_else(|_| "127.0.0.1".into());
    let db = coodie::SessionBuilder::from_env(KS)
        .keyspace(KS)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("cannot reach the database at {hosts}: {e}; run `make db-up`"));
    db.create_keyspace(KS, &coodie::Replication::Simple(1))
        .await
        .expect("keyspace");
    Reading::sync_table(&db).await.expect("table");
    Reading::truncate(&db).await.expect("truncate");

    let small_sensor = Uuid::new_v4();
    let big_sensor = Uuid::new_v4();
    let mut batch = Vec::new();
    for seq in 0..PARTITION_ROWS {
        batch.push(reading(small_sensor, seq));
    }
    for seq in 0..STREAM_ROWS {
        batch.push(reading(big_sensor, seq));
    }
    futures::stream::iter(batch.iter().map(|r| r.save(&db)))
        .buffer_unordered(64)
        .try_collect::<()>()
        .await
        .expect("fixture rows");

    let raw = SessionBuilder::new()
        .known_nodes(hosts.split(',').map(|h| {
            if h.contains(':') {
                h.to_string()
            } else {
                format!("{h}:9042")
            }
        }))
        .build()
        .await
        .expect("driver session");
    let cols = "sensor, seq, value, label, note";
    let insert = raw
        .prepare(format!(
            "INSERT INTO {KS}.readings ({cols}) VALUES (?, ?, ?, ?, ?)"
        ))
        .await
        .expect("prepare insert");
    let get = raw
        .prepare(format!(
            "SELECT {cols} FROM {KS}.readings WHERE sensor = ? AND seq = ?"
        ))
        .await
        .expect("prepare get");
    let partition = raw
        .prepare(format!("SELECT {cols} FROM {KS}.readings WHERE sensor = ?"))
        .await
        .expect("prepare partition");
    Fixture {
        db,
        raw,
        insert,
        get,
        partition,
        small_sensor,
        big_sensor,
    }
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let f = rt.block_on(fixture());
    let scratch = Uuid::new_v4();

    let mut group = c.benchmark_group("insert one row");
    let row = reading(scratch, 1);
    group.bench_function(BenchmarkId::new("coodie", "save"), |b| {
        b.to_async(&rt)
            .iter(|| async { row.save(&f.db).await.expect("save") })
    });
    group.bench_function(BenchmarkId::new("scylla", "execute_unpaged"), |b| {
        b.to_async(&rt).iter(|| async {
            f.raw
                .execute_unpaged(
                    &f.insert,
                    (row.sensor, row.seq, row.value, &row.label, &row.note),
                )
                .await
                .expect("insert")
        })
    });
    group.finish();

    let mut group = c.benchmark_group("get by primary key");
    group.bench_function(BenchmarkId::new("coodie", "get"), |b| {
        b.to_async(&rt).iter(|| async {
            black_box(
                Reading::get(&f.db, (f.small_sensor, 42))
                    .await
                    .expect("get")
                    .expect("row"),
            )
        })
    });
    group.bench_function(BenchmarkId::new("scylla", "execute_unpaged"), |b| {
        b.to_async(&rt).iter(|| async {
            let result = f
                .raw
                .execute_unpaged(&f.get, (f.small_sensor, 42_i64))
                .await
                .expect("get")
                .into_rows_result()
                .expect("rows");
            black_box(result.single_row::<RawReading>().expect("row"))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("read a partition of 100 rows");
    group.bench_function(BenchmarkId::new("coodie", "find.all"), |b| {
        b.to_async(&rt).iter(|| async {
            let rows = Reading::find()
                .filter(|c| c.sensor.eq(f.small_sensor))
                .all(&f.db)
                .await
                .expect("find");
            assert_eq!(rows.len(), PARTITION_ROWS as usize);
            black_box(rows)
        })
    });
    group.bench_function(BenchmarkId::new("scylla", "execute_unpaged"), |b| {
        b.to_async(&rt).iter(|| async {
            let result = f
                .raw
                .execute_unpaged(&f.partition, (f.small_sensor,))
                .await
                .expect("find")
                .into_rows_result()
                .expect("rows");
            let rows: Vec<RawReading> = result
                .rows::<RawReading>()
                .expect("typed")
                .collect::<Result<_, _>>()
                .expect("rows");
            assert_eq!(rows.len(), PARTITION_ROWS as usize);
            black_box(rows)
        })
    });
    group.finish();

    let mut group = c.benchmark_group("stream 5000 rows in pages of 500");
    group.sample_size(20);
    group.bench_function(BenchmarkId::new("coodie", "find.stream"), |b| {
        b.to_async(&rt).iter(|| async {
            let n = Reading::find()
                .filter(|c| c.sensor.eq(f.big_sensor))
                .page_size(500)
                .stream(&f.db)
                .try_fold(0usize, |n, _| async move { Ok(n + 1) })
                .await
                .expect("stream");
            assert_eq!(n, STREAM_ROWS as usize);
        })
    });
    group.bench_function(BenchmarkId::new("scylla", "execute_iter"), |b| {
        b.to_async(&rt).iter(|| async {
            let mut statement = f.partition.clone();
            statement.set_page_size(500);
            let n = f
                .raw
                .execute_iter(statement, (f.big_sensor,))
                .await
                .expect("pager")
                .rows_stream::<RawReading>()
                .expect("typed")
                .try_fold(0usize, |n, _| async move { Ok(n + 1) })
                .await
                .expect("stream");
            assert_eq!(n, STREAM_ROWS as usize);
        })
    });
    group.finish();
}

criterion_group!(vs_driver, benches);
criterion_main!(vs_driver);
