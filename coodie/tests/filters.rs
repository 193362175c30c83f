//! Filters beyond `=` and ranges on the real database: `CONTAINS` and
//! `CONTAINS KEY` on collection columns (with and without an index), `IN` on
//! clustering columns, and tuple relations across several clustering columns
//! (`("day", "seq") > ?`), with the refusals the checks make before sending.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use coodie::prelude::*;
use coodie::{InvalidQueryKind, Session};
use tokio::sync::OnceCell;

const KS: &str = "coodie_filters";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "items")]
struct Item {
    #[coodie(partition_key)]
    shop: String,
    #[coodie(clustering_key)]
    day: i32,
    #[coodie(clustering_key)]
    seq: i32,
    #[coodie(index)]
    tags: BTreeSet<String>,
    #[coodie(index)]
    stock: BTreeMap<String, i32>,
    notes: Vec<String>,
    attrs: HashMap<String, String>,
}

fn item(shop: &str, day: i32, seq: i32) -> Item {
    let mut tags = BTreeSet::new();
    tags.insert(format!("day{day}"));
    if seq % 2 == 0 {
        tags.insert("even".to_string());
    }
    Item {
        shop: shop.to_string(),
        day,
        seq,
        tags,
        stock: BTreeMap::from([(format!("size{seq}"), day * 10 + seq)]),
        notes: vec![format!("{shop}-{day}-{seq}")],
        attrs: HashMap::from([(
            if seq == 1 { "color" } else { "size" }.to_string(),
            "x".into(),
        )]),
    }
}

static READY: OnceCell<()> = OnceCell::const_new();

/// 2 shops x 3 days x 4 items.
async fn db() -> Session {
    READY
        .get_or_init(|| async {
            let db = coodie_test_support::fresh_keyspace(KS).await;
            Item::sync_table(&db).await.expect("sync items");
            for shop in ["north", "south"] {
                for day in 1..=3 {
                    for seq in 1..=4 {
                        item(shop, day, seq).save(&db).await.expect("save");
                    }
                }
            }
        })
        .await;
    coodie_test_support::connect(KS).await
}

fn refused(result: coodie::Result<impl std::fmt::Debug>, kind: InvalidQueryKind) -> String {
    match result {
        Err(coodie::Error::InvalidQuery(why)) if why.is(kind) => why.message,
        other => panic!("expected InvalidQuery {kind:?}, got {other:?}"),
    }
}

fn keys(items: &[Item]) -> Vec<(String, i32, i32)> {
    let mut keys: Vec<_> = items
        .iter()
        .map(|i| (i.shop.clone(), i.day, i.seq))
        .collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn an_index_on_a_collection_is_in_sync_after_creation() {
    let db = db().await;
    let again = Item::sync_table(&db).await.unwrap();
    assert!(again.is_in_sync(), "{again:?}");
}

#[tokio::test]
async fn contains_on_an_indexed_set_and_map_needs_no_filtering() {
    let db = db().await;
    let even = Item::find()
        .filter(|c| c.tags.contains("even"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(even.len(), 12, "seq 2 and 4 of every day of both shops");
    assert!(even.iter().all(|i| i.seq % 2 == 0));

    let even_north = Item::find()
        .filter(|c| c.shop.eq("north") & c.tags.contains("even"))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(even_north, 6);

    // A map's values.
    let stock_23 = Item::find()
        .filter(|c| c.stock.contains(23))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        keys(&stock_23),
        [("north".into(), 2, 3), ("south".into(), 2, 3)]
    );
}

#[tokio::test]
async fn contains_without_an_index_and_contains_key_need_allow_filtering() {
    let db = db().await;
    let why = refused(
        Item::find()
            .filter(|c| c.notes.contains("north-1-1"))
            .all(&db)
            .await,
        InvalidQueryKind::NeedsAllowFiltering,
    );
    assert!(
        why.contains("`notes` is neither a key column nor indexed"),
        "{why}"
    );
    let note = Item::find()
        .filter(|c| c.notes.contains("north-1-1"))
        .allow_filtering()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(keys(&note), [("north".into(), 1, 1)]);

    // The index on `stock` holds its values: CONTAINS KEY scans.
    let why = refused(
        Item::find()
            .filter(|c| c.stock.contains_key("size4"))
            .all(&db)
            .await,
        InvalidQueryKind::NeedsAllowFiltering,
    );
    assert!(why.contains("on its keys"), "{why}");
    let size4 = Item::find()
        .filter(|c| c.stock.contains_key("size4"))
        .allow_filtering()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(size4, 6);

    let colored = Item::find()
        .filter(|c| c.shop.eq("south") & c.attrs.contains_key("color"))
        .allow_filtering()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(colored.len(), 3, "seq 1 of each day");
    assert!(colored.iter().all(|i| i.seq == 1 && i.shop == "south"));
}

#[tokio::test]
async fn a_collection_is_not_compared_with_equality() {
    let db = db().await;
    let why = refused(
        Item::find()
            .filter(|c| c.tags.eq(BTreeSet::from(["even".to_string()])))
            .allow_filtering()
            .all(&db)
            .await,
        InvalidQueryKind::Relation,
    );
    assert!(why.contains("CONTAINS"), "{why}");
}

#[tokio::test]
async fn in_on_clustering_columns() {
    let db = db().await;
    let second = Item::find()
        .filter(|c| c.shop.eq("north") & c.day.eq(2) & c.seq.in_([1, 4]))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        keys(&second),
        [("north".into(), 2, 1), ("north".into(), 2, 4)]
    );

    let both = Item::find()
        .filter(|c| c.shop.eq("north") & c.day.in_([1, 3]) & c.seq.in_([2, 3]))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        keys(&both),
        [
            ("north".into(), 1, 2),
            ("north".into(), 1, 3),
            ("north".into(), 3, 2),
            ("north".into(), 3, 3)
        ]
    );

    // IN on the first, a range on the last.
    let in_then_range = Item::find()
        .filter(|c| c.shop.eq("south") & c.day.in_([1, 2]) & c.seq.gt(3))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        keys(&in_then_range),
        [("south".into(), 1, 4), ("south".into(), 2, 4)]
    );
}

#[tokio::test]
async fn tuple_slices_across_clustering_columns() {
    let db = db().await;
    let north = |f: fn(&ItemColumns) -> Filter<Item>| {
        Item::find().filter(move |c| c.shop.eq("north") & f(c))
    };

    // After (2, 3): (2, 4) and all of day 3.
    let after = north(|c| (c.day, c.seq).gt((2, 3))).all(&db).await.unwrap();
    assert_eq!(
        after.iter().map(|i| (i.day, i.seq)).collect::<Vec<_>>(),
        [(2, 4), (3, 1), (3, 2), (3, 3), (3, 4)]
    );
    let from = north(|c| (c.day, c.seq).ge((2, 3)))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(from, 6);
    let before = north(|c| (c.day, c.seq).lt((1, 3))).all(&db).await.unwrap();
    assert_eq!(
        before.iter().map(|i| (i.day, i.seq)).collect::<Vec<_>>(),
        [(1, 1), (1, 2)]
    );

    // Between two tuples, newest first.
    let between = north(|c| (c.day, c.seq).gt((1, 3)) & (c.day, c.seq).le((2, 2)))
        .order_by(|c| c.day.desc())
        .order_by(|c| c.seq.desc())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        between.iter().map(|i| (i.day, i.seq)).collect::<Vec<_>>(),
        [(2, 2), (2, 1), (1, 4)]
    );

    // Several exact keys at once.
    let picked = north(|c| (c.day, c.seq).in_([(1, 1), (3, 4), (9, 9)]))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        picked.iter().map(|i| (i.day, i.seq)).collect::<Vec<_>>(),
        [(1, 1), (3, 4)]
    );
    let exact = north(|c| (c.day, c.seq).eq((2, 2))).all(&db).await.unwrap();
    assert_eq!(exact, [item("north", 2, 2)]);
}

#[tokio::test]
async fn tuples_must_be_consecutive_clustering_columns_in_key_order() {
    let db = db().await;
    let why = refused(
        Item::find()
            .filter(|c| c.shop.eq("north") & (c.seq, c.day).gt((1, 1)))
            .all(&db)
            .await,
        InvalidQueryKind::Relation,
    );
    assert!(why.contains("consecutive clustering columns"), "{why}");

    // Without the partition key, a tuple slice scans.
    let why = refused(
        Item::find()
            .filter(|c| (c.day, c.seq).gt((3, 3)))
            .all(&db)
            .await,
        InvalidQueryKind::NeedsAllowFiltering,
    );
    assert!(why.contains("without the full partition key"), "{why}");
    let scanned = Item::find()
        .filter(|c| (c.day, c.seq).gt((3, 3)))
        .allow_filtering()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(scanned, 2);
}

#[test]
fn the_cql_binds_each_tuple_as_one_value() {
    let query =
        Item::find().filter(|c| c.shop.eq("n") & (c.day, c.seq).ge((1, 2)) & c.tags.contains("x"));
    assert_eq!(
        query.to_cql("ks"),
        "SELECT \"shop\", \"day\", \"seq\", \"tags\", \"stock\", \"notes\", \"attrs\" FROM ks.items \
         WHERE \"shop\" = ? AND (\"day\", \"seq\") >= ? AND \"tags\" CONTAINS ?"
    );
}
