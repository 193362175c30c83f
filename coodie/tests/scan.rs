//! Full-table token-range scans and `WRITETIME` / `TTL` reads, on the real node.

use std::collections::HashSet;
use std::time::Duration;

use coodie::prelude::*;
use coodie::query::{TokenRange, ring_ranges};
use futures::{StreamExt, TryStreamExt};

const KS: &str = "coodie_scan";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "events")]
struct Event {
    #[coodie(partition_key)]
    source: String,
    #[coodie(partition_key)]
    day: i32,
    #[coodie(clustering_key)]
    seq: i32,
    payload: String,
    tags: Option<Vec<String>>,
}

fn event(i: i32) -> Event {
    Event {
        source: format!("s{}", i % 37),
        day: i % 5,
        seq: i,
        payload: format!("p{i}"),
        tags: None,
    }
}

#[tokio::test]
async fn a_scan_reads_every_row_once_by_token_ranges_and_resumes_from_a_token() {
    let db = coodie_test_support::fresh_keyspace(KS).await;
    Event::sync_table(&db).await.unwrap();
    let events: Vec<Event> = (0..1500).map(event).collect();
    futures::stream::iter(events.iter())
        .map(Ok::<_, coodie::Error>)
        .try_for_each_concurrent(32, |e| e.save(&db))
        .await
        .unwrap();
    let expected: HashSet<i32> = events.iter().map(|e| e.seq).collect();

    // The ranges cover the ring in token order, without gaps.
    let ring = ring_ranges(&db);
    assert!(
        ring.len() > 1,
        "the node owns several vnode ranges: {ring:?}"
    );
    let ranges = Event::scan().concurrency(4).splits(3).ranges(&db);
    assert_eq!(ranges.len(), ring.len() * 3);
    assert_eq!(ranges[0].start, i64::MIN);
    assert_eq!(ranges.last().unwrap().end, i64::MAX);
    assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));

    // Every row exactly once.
    let rows: Vec<Event> = Event::scan()
        .concurrency(4)
        .page_size(100)
        .stream(&db)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), events.len());
    assert_eq!(rows.iter().map(|e| e.seq).collect::<HashSet<_>>(), expected);
    let by_seq: std::collections::HashMap<i32, &Event> =
        events.iter().map(|e| (e.seq, e)).collect();
    assert!(
        rows.iter().all(|r| by_seq[&r.seq] == r),
        "rows read back as written"
    );

    // Progress: one RangeDone per range, a watermark that only moves forward, and
    // row counts that add up.
    let mut events_stream = Event::scan().concurrency(3).splits(2).events(&db);
    let (mut dones, mut counted, mut seen, mut last_resume) = (0, 0, 0, i64::MIN);
    while let Some(event) = events_stream.try_next().await.unwrap() {
        match event {
            ScanEvent::Row(_) => seen += 1,
            ScanEvent::RangeDone(done) => {
                dones += 1;
                counted += done.rows;
                assert!(done.resume_from >= last_resume);
                last_resume = done.resume_from;
                assert_eq!(done.ranges_done, dones);
            }
        }
    }
    assert_eq!(dones, ring.len() * 2);
    assert_eq!((seen, counted), (1500, 1500));
    assert_eq!(
        last_resume,
        i64::MAX,
        "finished: everything up to the last token"
    );

    // Resuming from a token reads exactly the partitions after it.
    let token_of = |e: &Event| -> i64 {
        db.driver()
            .get_session()
            .get_cluster_state()
            .compute_token(KS, "events", &(e.source.as_str(), e.day))
            .unwrap()
            .value()
    };
    let middle = {
        let mut tokens: Vec<i64> = events.iter().map(token_of).collect();
        tokens.sort_unstable();
        tokens[tokens.len() / 2]
    };
    let after: Vec<Event> = Event::scan()
        .from_token(middle)
        .stream(&db)
        .try_collect()
        .await
        .unwrap();
    let want: HashSet<i32> = events
        .iter()
        .filter(|e| token_of(e) > middle)
        .map(|e| e.seq)
        .collect();
    assert!(!want.is_empty() && want.len() < events.len());
    assert_eq!(after.iter().map(|e| e.seq).collect::<HashSet<_>>(), want);
    assert_eq!(after.len(), want.len());
    assert!(
        Event::scan()
            .from_token(middle)
            .ranges(&db)
            .iter()
            .all(|r: &TokenRange| r.start >= middle)
    );
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "cells")]
struct Cell {
    #[coodie(partition_key)]
    id: i32,
    #[coodie(clustering_key)]
    at: i32,
    value: Option<String>,
    tags: Option<Vec<String>>,
}

#[tokio::test]
async fn write_time_and_ttl_are_read_typed() {
    let db = coodie_test_support::fresh_keyspace("coodie_scan_cells").await;
    Cell::sync_table(&db).await.unwrap();
    let stamped = Cell {
        id: 1,
        at: 1,
        value: Some("a".into()),
        tags: Some(vec!["x".into()]),
    };
    stamped
        .save_with(&db, WriteOptions::new().timestamp(1_700_000_000_000_123))
        .await
        .unwrap();
    let written: Option<i64> = Cell::find()
        .filter(|c| c.id.eq(1) & c.at.eq(1))
        .write_time(|c| c.value)
        .one(&db)
        .await
        .unwrap();
    assert_eq!(written, Some(1_700_000_000_000_123));
    let no_ttl: Option<i32> = Cell::find()
        .filter(|c| c.id.eq(1) & c.at.eq(1))
        .ttl(|c| c.value)
        .one(&db)
        .await
        .unwrap();
    assert_eq!(no_ttl, None, "written without a TTL");

    Cell {
        id: 1,
        at: 2,
        value: Some("b".into()),
        tags: None,
    }
    .save_with(&db, WriteOptions::new().ttl(Duration::from_secs(600)))
    .await
    .unwrap();
    Cell {
        id: 1,
        at: 3,
        value: None,
        tags: None,
    }
    .save(&db)
    .await
    .unwrap();
    let ttls: Vec<Option<i32>> = Cell::find()
        .filter(|c| c.id.eq(1))
        .ttl(|c| c.value)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(ttls.len(), 3);
    assert_eq!(ttls[0], None);
    assert!(matches!(ttls[1], Some(590..=600)), "{ttls:?}");
    assert_eq!(ttls[2], None, "an unset cell has no TTL");
    let times: Vec<Option<i64>> = Cell::find()
        .filter(|c| c.id.eq(1))
        .write_time(|c| c.value)
        .all(&db)
        .await
        .unwrap();
    let now = chrono::Utc::now().timestamp_micros();
    assert!(
        matches!(times[1], Some(t) if (now - t).abs() < 60_000_000),
        "{times:?}"
    );
    assert_eq!(times[2], None, "an unset cell has no write time");

    // No row: NotFound; unfrozen collections: CellMetadata. (Key columns do not
    // compile: tests/ui/key_position/write_time_not_on_key_columns.rs.)
    let none = Cell::find()
        .filter(|c| c.id.eq(9) & c.at.eq(9))
        .write_time(|c| c.value)
        .one(&db)
        .await;
    assert!(
        matches!(none, Err(coodie::Error::NotFound { .. })),
        "{none:?}"
    );
    let err = Cell::find()
        .write_time(|c| c.tags)
        .all(&db)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, coodie::Error::InvalidQuery(q) if q.is(coodie::InvalidQueryKind::CellMetadata)),
        "{err}"
    );
}
