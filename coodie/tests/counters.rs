//! Counter tables on the real node: the table coodie creates, increments and
//! decrements by key, reads, deletes and counter batches.

use coodie::prelude::*;
use coodie::write::CounterBatch;
use coodie_test_support::interop_models::PageViews;

const KS: &str = "coodie_counters";

/// A second counter table, with a one-column key and an optional counter.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "stock_levels")]
struct Stock {
    #[coodie(partition_key)]
    sku: String,
    on_hand: Counter,
    reserved: Option<Counter>,
}

fn key(url: &str, date: &str) -> (String, String) {
    (url.to_string(), date.to_string())
}

#[tokio::test]
async fn counter_tables_are_created_incremented_read_and_deleted() {
    let db = coodie_test_support::fresh_keyspace(KS).await;
    let report = PageViews::sync_table(&db).await.unwrap();
    assert_eq!(
        report.executed,
        [format!(
            "CREATE TABLE IF NOT EXISTS {KS}.page_view_counters (\"url\" text, \"date\" text, \
             \"view_count\" counter, \"unique_visitors\" counter, PRIMARY KEY (\"url\", \"date\"))"
        )],
        "the same statement Python coodie sends (tools/python/README.md)"
    );
    let again = PageViews::sync_table(&db).await.unwrap();
    assert!(
        again.executed.is_empty() && again.drift.is_empty(),
        "{again:?}"
    );

    // The statement, with Python coodie's shape.
    let update = PageViews::update_counters(key("/home", "d1"))
        .incr(|c| c.view_count, 1)
        .incr(|c| c.unique_visitors, 1);
    assert_eq!(
        update.to_cql(KS),
        format!(
            "UPDATE {KS}.page_view_counters SET \"view_count\" = \"view_count\" + ?, \
             \"unique_visitors\" = \"unique_visitors\" + ? WHERE \"url\" = ? AND \"date\" = ?"
        )
    );
    update.execute(&db).await.unwrap();
    for _ in 0..4 {
        PageViews::update_counters(key("/home", "d1"))
            .incr(|c| c.view_count, 10)
            .execute(&db)
            .await
            .unwrap();
    }
    PageViews::update_counters(key("/home", "d1"))
        .decr(|c| c.view_count, 3)
        .decr(|c| c.unique_visitors, 5)
        .incr(|c| c.unique_visitors, 2) // deltas on one column add up: -3
        .execute(&db)
        .await
        .unwrap();
    let home = PageViews::get(&db, key("/home", "d1")).await.unwrap();
    assert_eq!(
        home,
        Some(PageViews {
            url: "/home".into(),
            date: "d1".into(),
            view_count: Counter(1 + 40 - 3),
            unique_visitors: Counter(1 - 3),
        })
    );

    // A counter never incremented in its row reads 0 (`Counter`) or None (`Option`).
    PageViews::update_counters(key("/about", "d1"))
        .incr(|c| c.view_count, 7)
        .execute(&db)
        .await
        .unwrap();
    let about = PageViews::get(&db, key("/about", "d1"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (about.view_count, about.unique_visitors),
        (Counter(7), Counter(0))
    );

    Stock::sync_table(&db).await.unwrap();
    Stock::update_counters("sku-1".to_string())
        .incr(|c| c.on_hand, 5)
        .execute(&db)
        .await
        .unwrap();
    let stock = Stock::get(&db, "sku-1".to_string()).await.unwrap().unwrap();
    assert_eq!((stock.on_hand, stock.reserved), (Counter(5), None));

    // Reads as usual: by partition, counted.
    let d1: Vec<PageViews> = PageViews::find()
        .filter(|c| c.url.eq("/home"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(d1.len(), 1);
    assert_eq!(PageViews::count(&db).await.unwrap(), 2);

    // Delete, by document and by key filter.
    about.delete(&db).await.unwrap();
    assert_eq!(
        PageViews::get(&db, key("/about", "d1")).await.unwrap(),
        None
    );
    PageViews::find()
        .filter(|c| c.url.eq("/home") & c.date.eq("d1"))
        .delete()
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(PageViews::count(&db).await.unwrap(), 0);
}

#[tokio::test]
async fn bad_counter_updates_are_refused_before_sending() {
    // No database needed to refuse; the session is still real, as everywhere.
    let db = coodie_test_support::fresh_keyspace("coodie_counters_refused").await;
    let none = PageViews::update_counters(key("/x", "d"))
        .execute(&db)
        .await;
    assert!(
        matches!(&none, Err(Error::InvalidQuery(why)) if why.is(coodie::InvalidQueryKind::Assignment)),
        "{none:?}"
    );
    let overflow = PageViews::update_counters(key("/x", "d"))
        .incr(|c| c.view_count, i64::MAX)
        .incr(|c| c.view_count, 1)
        .execute(&db)
        .await;
    assert!(
        matches!(&overflow, Err(Error::InvalidQuery(why)) if why.to_string().contains("overflow")),
        "{overflow:?}"
    );
    let negated_min = PageViews::update_counters(key("/x", "d"))
        .decr(|c| c.view_count, i64::MIN)
        .execute(&db)
        .await;
    assert!(negated_min.is_err(), "{negated_min:?}");
    let mut batch = CounterBatch::new();
    assert!(
        batch
            .add(PageViews::update_counters(key("/x", "d")))
            .is_err()
    );
    assert!(batch.is_empty());
}

#[tokio::test]
async fn counter_batches_update_several_counter_tables_at_once() {
    let db = coodie_test_support::fresh_keyspace("coodie_counters_batch").await;
    PageViews::sync_table(&db).await.unwrap();
    Stock::sync_table(&db).await.unwrap();

    let mut batch = CounterBatch::new();
    for (url, n) in [("/a", 1), ("/b", 2), ("/c", 3)] {
        batch
            .add(PageViews::update_counters(key(url, "d")).incr(|c| c.view_count, n))
            .unwrap();
    }
    batch
        .add(
            Stock::update_counters("sku-9".to_string())
                .incr(|c| c.on_hand, 10)
                .decr(|c| c.reserved, 4),
        )
        .unwrap();
    assert_eq!(batch.len(), 4);
    assert_eq!(
        batch.to_cql("ks")[3],
        "UPDATE ks.stock_levels SET \"on_hand\" = \"on_hand\" + ?, \"reserved\" = \"reserved\" + ? \
         WHERE \"sku\" = ?"
    );
    batch.execute(&db).await.unwrap();

    let mut views: Vec<(String, i64)> = PageViews::all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.url, p.view_count.get()))
        .collect();
    views.sort();
    assert_eq!(
        views,
        [("/a".into(), 1), ("/b".into(), 2), ("/c".into(), 3)]
    );
    let stock = Stock::get(&db, "sku-9".to_string()).await.unwrap().unwrap();
    assert_eq!(
        (stock.on_hand, stock.reserved),
        (Counter(10), Some(Counter(-4)))
    );

    // An empty counter batch sends nothing and succeeds.
    CounterBatch::new().execute(&db).await.unwrap();
}
