//! Statements are prepared with bind markers, so values (TTLs, timestamps,
//! limits, filter values) do not multiply prepared statements.

use std::time::Duration;

use coodie::prelude::*;

const KS: &str = "coodie_prepared";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "events")]
struct Event {
    #[coodie(partition_key)]
    stream: String,
    #[coodie(clustering_key)]
    seq: i32,
    body: Option<String>,
}

#[tokio::test]
async fn one_prepared_statement_per_shape_not_per_value() {
    let db = coodie_test_support::fresh_keyspace(KS).await;
    Event::sync_table(&db).await.unwrap();
    let started = std::time::Instant::now();
    for seq in 0..50 {
        let event = Event {
            stream: format!("s{}", seq % 5),
            seq,
            body: (seq % 2 == 0).then(|| format!("body {seq}")),
        };
        event
            .save_with(
                &db,
                WriteOptions::new()
                    .ttl(Duration::from_secs(3600 + seq as u64))
                    .timestamp(1_000_000 + i64::from(seq)),
            )
            .await
            .unwrap();
        let back = Event::get(&db, (event.stream.clone(), seq)).await.unwrap();
        assert_eq!(back, Some(event.clone()));
        let window = Event::find()
            .filter(|c| c.stream.eq(event.stream.clone()) & c.seq.le(seq))
            .limit(seq as u32 + 1)
            .count(&db)
            .await
            .unwrap();
        assert!(window >= 1);
    }
    let elapsed = started.elapsed();
    println!("150 statements (50 saves, 50 gets, 50 counts) in {elapsed:?}");

    let rows: Vec<(Option<String>,)> = db
        .execute("SELECT query_string FROM system.prepared_statements", ())
        .await
        .unwrap()
        .into_rows_result()
        .unwrap()
        .rows()
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut ours: Vec<String> = rows
        .into_iter()
        .filter_map(|(q,)| q)
        .filter(|q| q.contains("coodie_prepared.events"))
        .collect();
    ours.sort();
    assert_eq!(
        ours,
        [
            "INSERT INTO coodie_prepared.events (\"stream\", \"seq\", \"body\") VALUES (?, ?, ?) \
             USING TTL ? AND TIMESTAMP ?",
            "SELECT \"stream\", \"seq\", \"body\" FROM coodie_prepared.events WHERE \
             \"stream\" = ? AND \"seq\" = ?",
            "SELECT COUNT(*) FROM coodie_prepared.events WHERE \"stream\" = ? AND \"seq\" <= ? \
             LIMIT ?",
        ],
        "three shapes, three statements, whatever the values"
    );
}
