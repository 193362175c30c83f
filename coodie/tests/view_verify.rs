//! `coodie::verify` on the real node: a consistent view checks clean, and on a
//! stand-in "view" (a plain table with the view's layout, written by hand) every
//! kind of drift is found exactly, repaired at write time + 1 µs, and resumable.
//! The drift of a real view on a real cluster is in `view_drift.rs`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use coodie::prelude::*;
use coodie::verify::{Finding, OrphanReason, Phase, Repair, ViewCheck};
use futures::{StreamExt, TryStreamExt};

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "items")]
struct Item {
    #[coodie(partition_key)]
    id: i32,
    category: String,
    price: i64,
    note: Option<String>,
}

#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "items_by_category", base = Item)]
struct ItemByCategory {
    #[coodie(partition_key)]
    category: String,
    #[coodie(clustering_key)]
    id: i32,
    price: i64,
    note: Option<String>,
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "readings")]
struct Reading {
    #[coodie(partition_key)]
    sensor: String,
    #[coodie(clustering_key)]
    seq: i32,
    value: i64,
    unit: String,
}

/// Only the late readings (a filter on a base clustering column), by sequence
/// number, with only some columns.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(
    view = "late_readings",
    base = Reading,
    select = "columns",
    filter = "\"seq\" >= 50"
)]
struct LateReading {
    #[coodie(partition_key)]
    seq: i32,
    #[coodie(clustering_key)]
    sensor: String,
    value: i64,
}

/// A plain table laid out as `items_by_category`, so that a test can write any
/// drift into it.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "items_shadow")]
struct ShadowRow {
    #[coodie(partition_key)]
    category: String,
    #[coodie(clustering_key)]
    id: i32,
    price: i64,
    note: Option<String>,
}

/// The check's view of `items_shadow`.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "items_shadow", base = Item)]
struct ShadowView {
    #[coodie(partition_key)]
    category: String,
    #[coodie(clustering_key)]
    id: i32,
    price: i64,
    note: Option<String>,
}

fn item(id: i32) -> Item {
    Item {
        id,
        category: format!("c{}", id % 7),
        price: 100 + i64::from(id),
        note: (id % 3 == 0).then(|| format!("n{id}")),
    }
}

async fn save_all(db: &Session, items: &[Item], timestamp: Option<i64>) {
    futures::stream::iter(items.iter())
        .map(Ok::<_, coodie::Error>)
        .try_for_each_concurrent(32, |i| {
            let options = match timestamp {
                Some(t) => WriteOptions::new().timestamp(t),
                None => WriteOptions::new(),
            };
            async move { i.save_with(db, options).await }
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_consistent_view_checks_clean_in_both_directions() {
    let db = coodie_test_support::fresh_keyspace("coodie_verify_clean").await;
    Item::sync_table(&db).await.unwrap();
    ItemByCategory::sync_view(&db).await.unwrap();
    Reading::sync_table(&db).await.unwrap();
    LateReading::sync_view(&db).await.unwrap();
    let items: Vec<Item> = (0..700).map(item).collect();
    save_all(&db, &items, None).await;
    for sensor in 0..4 {
        for seq in 0..80 {
            Reading {
                sensor: format!("s{sensor}"),
                seq,
                value: i64::from(seq * sensor),
                unit: "K".into(),
            }
            .save(&db)
            .await
            .unwrap();
        }
    }
    for (view, expected) in [("items_by_category", 700u64), ("late_readings", 4 * 30)] {
        let seen = coodie_test_support::eventually(Duration::from_secs(30), || async {
            let n = match view {
                "items_by_category" => ItemByCategory::count(&db).await.ok()?,
                _ => LateReading::count(&db).await.ok()?,
            };
            (n == expected).then_some(n)
        })
        .await;
        assert_eq!(seen, Some(expected), "{view} never caught up");
    }

    let progress = Arc::new(Mutex::new(Vec::new()));
    let report = ViewCheck::<ItemByCategory>::new()
        .concurrency(4)
        .on_progress({
            let progress = progress.clone();
            move |p| progress.lock().unwrap().push(*p)
        })
        .run(&db)
        .await
        .unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!((report.base_rows, report.view_rows), (700, 700), "{report}");
    assert!(report.base_rows_per_second() > 0.0);
    let progress = progress.lock().unwrap().clone();
    let base: Vec<_> = progress.iter().filter(|p| p.phase == Phase::Base).collect();
    let view: Vec<_> = progress.iter().filter(|p| p.phase == Phase::View).collect();
    assert_eq!(
        base.last().unwrap().ranges_done,
        base.last().unwrap().ranges_total
    );
    assert_eq!(base.last().unwrap().rows, 700);
    assert_eq!(base.last().unwrap().resume_from, i64::MAX);
    assert_eq!(view.last().unwrap().rows, 700);

    // A filtered view of some columns: only the base rows that pass the filter.
    let report = ViewCheck::<LateReading>::new().run(&db).await.unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!((report.base_rows, report.view_rows), (120, 120));
}

#[tokio::test]
async fn every_kind_of_drift_is_found_exactly_and_repaired_from_write_times() {
    let db = coodie_test_support::fresh_keyspace("coodie_verify_drift").await;
    Item::sync_table(&db).await.unwrap();
    ShadowRow::sync_table(&db).await.unwrap();
    const T0: i64 = 1_700_000_000_000_000;
    let items: Vec<Item> = (0..300).map(item).collect();
    save_all(&db, &items, Some(T0)).await;
    let missing: HashSet<i32> = [3, 50, 51, 299].into();
    let stale_price: HashSet<i32> = [10, 20].into();
    // Base note None (id not divisible by 3), the view holds one: not repairable.
    let stale_note: HashSet<i32> = [7].into();
    for i in &items {
        if missing.contains(&i.id) {
            continue;
        }
        let mut row = ShadowRow {
            category: i.category.clone(),
            id: i.id,
            price: i.price,
            note: i.note.clone(),
        };
        if stale_price.contains(&i.id) {
            row.price = -1;
        }
        if stale_note.contains(&i.id) {
            row.note = Some("left over".into());
        }
        row.save(&db).await.unwrap();
    }
    // Orphans: a key the base never had, and an item under a category it left.
    ShadowRow {
        category: "c1".into(),
        id: 9_999,
        price: 1,
        note: None,
    }
    .save(&db)
    .await
    .unwrap();
    ShadowRow {
        category: "elsewhere".into(),
        id: 42,
        price: 142,
        note: None,
    }
    .save(&db)
    .await
    .unwrap();

    let check = || {
        ViewCheck::<ShadowView>::new()
            .settle(Duration::from_millis(10))
            .samples(20)
    };
    let report = check().run(&db).await.unwrap();
    assert_eq!(report.base_rows, 300);
    assert_eq!(report.view_rows, 300 - 4 + 2);
    assert_eq!(report.missing, 4, "{report}");
    assert_eq!(report.stale, 3, "{report}");
    assert_eq!(report.stale_columns.get("price"), Some(&2));
    assert_eq!(report.stale_columns.get("note"), Some(&1));
    assert_eq!(report.orphans, 2, "{report}");
    let mut found_missing = HashSet::new();
    let mut orphan_reasons = HashSet::new();
    for finding in &report.samples {
        let id = match finding.key().get("id") {
            Some(coodie::scylla::value::CqlValue::Int(id)) => *id,
            other => panic!("{other:?}"),
        };
        match finding {
            Finding::Missing { .. } => {
                found_missing.insert(id);
            }
            Finding::Stale { columns, .. } => {
                let expected = if stale_note.contains(&id) {
                    "note"
                } else {
                    "price"
                };
                assert_eq!(columns, &[expected], "{finding}");
            }
            Finding::Orphan { reason, .. } => {
                orphan_reasons.insert((id, *reason));
            }
        }
    }
    assert_eq!(found_missing, missing);
    assert_eq!(
        orphan_reasons,
        [
            (9_999, OrphanReason::NoBaseRow),
            (42, OrphanReason::BaseRowHasOtherKey)
        ]
        .into()
    );
    assert!(report.advice().unwrap().contains("recreate"));

    // A dry run counts the re-writes and writes nothing.
    let dry = check()
        .repair(Repair::DryRun)
        .orphans(false)
        .run(&db)
        .await
        .unwrap();
    assert_eq!(dry.repair.rows, 4 + 2, "{dry}");
    assert_eq!(dry.repair.unrepairable, 1, "{dry}");
    let written = |id: i32| {
        let db = db.clone();
        async move {
            Item::find()
                .filter(|c| c.id.eq(id))
                .write_time(|c| c.price)
                .one(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(written(3).await, Some(T0));

    // Applied: each needed cell re-written with its own value, one µs later.
    let applied = check()
        .repair(Repair::Apply)
        .orphans(false)
        .run(&db)
        .await
        .unwrap();
    assert_eq!(applied.repair.rows, 6, "{applied}");
    for id in missing.iter().chain(&stale_price) {
        assert_eq!(written(*id).await, Some(T0 + 1), "item {id}");
        let read = Item::get(&db, *id).await.unwrap().unwrap();
        assert_eq!(read, item(*id), "values unchanged");
    }
    assert_eq!(
        written(11).await,
        Some(T0),
        "a consistent row is not touched"
    );

    // Resumable: the base pass from a token checks exactly the rows after it.
    let progress = Arc::new(Mutex::new(Vec::new()));
    check()
        .concurrency(1)
        .orphans(false)
        .on_progress({
            let progress = progress.clone();
            move |p| progress.lock().unwrap().push(*p)
        })
        .run(&db)
        .await
        .unwrap();
    let middle = {
        let progress = progress.lock().unwrap();
        progress[progress.len() / 2].resume_from
    };
    let rest = check()
        .from_token(middle)
        .orphans(false)
        .run(&db)
        .await
        .unwrap();
    let after = items
        .iter()
        .filter(|i| {
            db.driver()
                .get_session()
                .get_cluster_state()
                .compute_token("coodie_verify_drift", "items", &(i.id,))
                .unwrap()
                .value()
                > middle
        })
        .count() as u64;
    assert!(after > 0 && after < 300);
    assert_eq!(rest.base_rows, after);
}
