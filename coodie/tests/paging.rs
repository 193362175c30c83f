//! Paging over more rows than a page: a lazy stream and manual, resumable pages.

use std::collections::HashSet;

use coodie::prelude::*;
use futures::{StreamExt, TryStreamExt};

const KS: &str = "coodie_paging";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "numbers")]
struct Number {
    #[coodie(partition_key)]
    bucket: i32,
    #[coodie(clustering_key)]
    n: i32,
    label: String,
}

const ROWS: i32 = 250;
const PAGE: u32 = 50;

async fn seeded(keyspace: &str) -> Session {
    let db = coodie_test_support::fresh_keyspace(keyspace).await;
    Number::sync_table(&db).await.expect("sync");
    // Two partitions: 0 holds 0..250, 1 holds ten more rows.
    for n in 0..ROWS {
        Number {
            bucket: 0,
            n,
            label: format!("#{n}"),
        }
        .save(&db)
        .await
        .expect("save");
    }
    for n in 0..10 {
        Number {
            bucket: 1,
            n,
            label: format!("other #{n}"),
        }
        .save(&db)
        .await
        .expect("save");
    }
    db
}

#[tokio::test]
async fn stream_pages_and_manual_resume() {
    let db = seeded(KS).await;
    let bucket0 = Number::find().filter(|c| c.bucket.eq(0)).page_size(PAGE);

    // The stream yields every row, in clustering order, across 5 pages.
    let streamed: Vec<Number> = bucket0.stream(&db).try_collect().await.unwrap();
    assert_eq!(streamed.len(), ROWS as usize);
    assert!(streamed.iter().enumerate().all(|(i, r)| r.n == i as i32));

    // It is lazy: taking 3 rows does not read the rest.
    let first_three: Vec<i32> = bucket0
        .stream(&db)
        .take(3)
        .map(|r| r.unwrap().n)
        .collect()
        .await;
    assert_eq!(first_three, [0, 1, 2]);

    // Read row by row to its end, it ends once and stays ended.
    {
        use futures::stream::FusedStream;
        let mut rows = bucket0.stream(&db);
        let mut n = 0;
        while let Some(row) = rows.next().await {
            assert_eq!(row.unwrap().n, n);
            n += 1;
            assert!(!rows.is_terminated(), "ended before the last row was read");
        }
        assert_eq!(n, ROWS);
        assert!(rows.is_terminated());
        assert!(rows.next().await.is_none());
    }

    // Manual paging: 50 rows at a time, resumed from the returned state.
    let mut page = bucket0.page(&db, None).await.unwrap();
    let mut pages = vec![page.rows.iter().map(|r| r.n).collect::<Vec<_>>()];
    while let Some(state) = page.next.take() {
        // The state survives a trip through bytes (a URL, a cookie).
        let bytes = state
            .as_bytes_slice()
            .expect("a state to resume from")
            .to_vec();
        let restored = PagingState::new_from_raw_bytes(bytes);
        page = bucket0.page(&db, Some(restored)).await.unwrap();
        pages.push(page.rows.iter().map(|r| r.n).collect());
    }
    // Cassandra may end with an empty page when the last one was exactly full.
    pages.retain(|p| !p.is_empty());
    assert_eq!(pages.len(), 5);
    assert!(pages.iter().all(|p| p.len() == PAGE as usize));
    let all: Vec<i32> = pages.concat();
    assert_eq!(all, (0..ROWS).collect::<Vec<_>>());

    // Or as a string token, for a "next" link.
    let mut page = bucket0.page(&db, None).await.unwrap();
    let mut seen = page.rows.len();
    while let Some(token) = page.next_token() {
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
        let state = coodie::query::paging_state_from_token(&token).unwrap();
        page = bucket0.page(&db, Some(state)).await.unwrap();
        seen += page.rows.len();
    }
    assert_eq!(seen, ROWS as usize);

    // A full scan across partitions pages the same way.
    let everything: Vec<Number> = Number::find()
        .page_size(37)
        .stream(&db)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(everything.len(), ROWS as usize + 10);
    let distinct: HashSet<(i32, i32)> = everything.iter().map(|r| (r.bucket, r.n)).collect();
    assert_eq!(distinct.len(), everything.len());

    // `all` pages under the hood and `count` agrees.
    assert_eq!(Number::all(&db).await.unwrap().len(), ROWS as usize + 10);
    assert_eq!(Number::count(&db).await.unwrap(), ROWS as u64 + 10);

    // A page size larger than the result: one page, no state.
    let one = Number::find()
        .filter(|c| c.bucket.eq(1))
        .page_size(100)
        .page(&db, None)
        .await
        .unwrap();
    assert_eq!(one.rows.len(), 10);
    assert!(one.next.is_none());
}

/// The stream requests the next page while a page is read, as a task of its
/// own: on a runtime of two worker threads, with a reader slow enough that the
/// page is there before it is wanted (and the last page, exactly full, may be
/// followed by an empty one), every row still comes once, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stream_reads_ahead_on_a_multi_thread_runtime() {
    let db = seeded("coodie_paging_ahead").await;

    let mut rows = Number::find()
        .filter(|c| c.bucket.eq(0))
        .page_size(PAGE)
        .stream(&db);
    let mut n = 0;
    while let Some(row) = rows.next().await {
        assert_eq!(row.unwrap().n, n);
        if n % PAGE as i32 == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        n += 1;
    }
    assert_eq!(n, ROWS);

    // A row that cannot be read as the model (a null where the model has a
    // plain `String`) is an error of its own, and the rows after it still come.
    for (n, label) in [(0, Some("a")), (1, None), (2, Some("c"))] {
        db.driver()
            .get_session()
            .query_unpaged(
                "INSERT INTO coodie_paging_ahead.numbers (bucket, n, label) VALUES (2, ?, ?)",
                (n, label),
            )
            .await
            .unwrap();
    }
    let read: Vec<Result<i32, String>> = Number::find()
        .filter(|c| c.bucket.eq(2))
        .page_size(2)
        .stream(&db)
        .map(|row| row.map(|r| r.n).map_err(|e| e.to_string()))
        .collect()
        .await;
    assert_eq!(read.len(), 3, "{read:?}");
    assert_eq!((&read[0], &read[2]), (&Ok(0), &Ok(2)));
    let error = read[1].as_ref().unwrap_err();
    assert!(error.contains("label"), "{error}");
}
