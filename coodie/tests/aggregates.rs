//! Aggregates and `DISTINCT` on the real database: `sum`, `avg`, `min` and `max`
//! typed by their column, over whole tables, partitions and filtered rows, and
//! the partition keys of a table.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use coodie::prelude::*;
use coodie::{InvalidQueryKind, Session};
use tokio::sync::OnceCell;
use uuid::Uuid;

const KS: &str = "coodie_aggregates";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "sales")]
struct Sale {
    #[coodie(partition_key)]
    shop: String,
    #[coodie(clustering_key)]
    seq: i32,
    units: i32,
    small: i16,
    cents: i64,
    price: f64,
    weight: f32,
    #[coodie(index)]
    kind: String,
    at: DateTime<Utc>,
    note: Option<String>,
    #[coodie(timeuuid)]
    event: Uuid,
}

/// A composite partition key, for DISTINCT tuples.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "buckets")]
struct Bucket {
    #[coodie(partition_key)]
    tenant: String,
    #[coodie(partition_key)]
    day: i32,
    #[coodie(clustering_key)]
    n: i32,
}

fn sale(shop: &str, seq: i32) -> Sale {
    Sale {
        shop: shop.into(),
        seq,
        units: seq,
        small: i16::try_from(seq).unwrap(),
        cents: i64::from(seq) * 1_000_000_000,
        price: f64::from(seq) * 1.5,
        weight: 0.5,
        kind: if seq % 2 == 0 { "even" } else { "odd" }.into(),
        at: DateTime::from_timestamp(1_700_000_000 + i64::from(seq), 0).unwrap(),
        note: (seq == 2)
            .then(|| "b".into())
            .or((seq == 3).then(|| "a".into())),
        event: Uuid::from_u128(0x1000_0000_0000_1000_8000_0000_0000_0000 + u128::from(seq as u32)),
    }
}

static READY: OnceCell<()> = OnceCell::const_new();

/// Shop "north" with seq 1..=4, "south" with 1..=2; buckets of 2 tenants x 3 days.
async fn db() -> Session {
    READY
        .get_or_init(|| async {
            let db = coodie_test_support::fresh_keyspace(KS).await;
            Sale::sync_table(&db).await.expect("sync sales");
            Bucket::sync_table(&db).await.expect("sync buckets");
            for seq in 1..=4 {
                sale("north", seq).save(&db).await.expect("save");
            }
            for seq in 1..=2 {
                sale("south", seq).save(&db).await.expect("save");
            }
            for tenant in ["t1", "t2"] {
                for day in 1..=3 {
                    for n in 0..2 {
                        Bucket {
                            tenant: tenant.into(),
                            day,
                            n,
                        }
                        .save(&db)
                        .await
                        .expect("save bucket");
                    }
                }
            }
        })
        .await;
    coodie_test_support::connect(KS).await
}

fn north() -> coodie::query::Select<Sale> {
    Sale::find().filter(|c| c.shop.eq("north"))
}

#[tokio::test]
async fn sum_is_typed_by_its_column() {
    let db = db().await;
    let units: i32 = north().sum(&db, |c| c.units).await.unwrap();
    assert_eq!(units, 10);
    let small: i16 = north().sum(&db, |c| c.small).await.unwrap();
    assert_eq!(small, 10);
    let cents: i64 = north().sum(&db, |c| c.cents).await.unwrap();
    assert_eq!(cents, 10_000_000_000, "beyond i32");
    let price: f64 = north().sum(&db, |c| c.price).await.unwrap();
    assert!((price - 15.0).abs() < 1e-9, "{price}");
    let weight: f32 = north().sum(&db, |c| c.weight).await.unwrap();
    assert!((weight - 2.0).abs() < 1e-6, "{weight}");

    // Over the whole table, and with an indexed filter.
    assert_eq!(Sale::find().sum(&db, |c| c.units).await.unwrap(), 13);
    assert_eq!(
        Sale::find()
            .filter(|c| c.kind.eq("even"))
            .sum(&db, |c| c.units)
            .await
            .unwrap(),
        8
    );
}

#[tokio::test]
async fn avg_is_the_columns_type_as_cassandra_computes_it() {
    let db = db().await;
    // (1 + 2 + 3 + 4) / 4 in integers.
    let units: i32 = north().avg(&db, |c| c.units).await.unwrap();
    assert_eq!(units, 2);
    let price: f64 = north().avg(&db, |c| c.price).await.unwrap();
    assert!((price - 3.75).abs() < 1e-9, "{price}");
}

#[tokio::test]
async fn min_and_max_of_numbers_text_times_and_timeuuids() {
    let db = db().await;
    assert_eq!(north().min(&db, |c| c.units).await.unwrap(), Some(1));
    assert_eq!(north().max(&db, |c| c.units).await.unwrap(), Some(4));
    assert_eq!(north().max(&db, |c| c.price).await.unwrap(), Some(6.0));
    assert_eq!(
        north().min(&db, |c| c.kind).await.unwrap().as_deref(),
        Some("even")
    );
    assert_eq!(
        north().max(&db, |c| c.at).await.unwrap(),
        Some(sale("north", 4).at)
    );
    assert_eq!(north().min(&db, |c| c.seq).await.unwrap(), Some(1));
    // An optional column: nulls are skipped.
    assert_eq!(
        north().min(&db, |c| c.note).await.unwrap().as_deref(),
        Some("a")
    );
    // A timeuuid column read as `Uuid`.
    assert_eq!(
        north().max(&db, |c| c.event).await.unwrap(),
        Some(sale("north", 4).event)
    );
    assert_eq!(
        north().min(&db, |c| c.event).await.unwrap(),
        Some(sale("north", 1).event)
    );
}

#[tokio::test]
async fn aggregates_of_no_rows() {
    let db = db().await;
    let none = || Sale::find().filter(|c| c.shop.eq("nowhere"));
    assert_eq!(none().sum(&db, |c| c.units).await.unwrap(), 0);
    assert_eq!(none().sum(&db, |c| c.price).await.unwrap(), 0.0);
    assert_eq!(none().avg(&db, |c| c.units).await.unwrap(), 0);
    assert_eq!(none().min(&db, |c| c.units).await.unwrap(), None);
    assert_eq!(none().max(&db, |c| c.kind).await.unwrap(), None);
    assert_eq!(
        Sale::find()
            .filter(|c| c.shop.eq("south"))
            .max(&db, |c| c.note)
            .await
            .unwrap()
            .as_deref(),
        Some("b")
    );
    assert_eq!(none().count(&db).await.unwrap(), 0);
}

#[tokio::test]
async fn aggregates_keep_the_checks_of_their_query() {
    let db = db().await;
    let refused = Sale::find()
        .filter(|c| c.units.gt(2))
        .sum(&db, |c| c.units)
        .await;
    assert!(
        matches!(&refused, Err(coodie::Error::InvalidQuery(why)) if why.is(InvalidQueryKind::NeedsAllowFiltering)),
        "{refused:?}"
    );
    let scanned = Sale::find()
        .filter(|c| c.units.gt(2))
        .allow_filtering()
        .sum(&db, |c| c.units)
        .await
        .unwrap();
    assert_eq!(scanned, 7);
}

#[tokio::test]
async fn distinct_partition_keys() {
    let db = db().await;
    let shops: BTreeSet<String> = Sale::find()
        .partition_keys(&db)
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(shops, BTreeSet::from(["north".into(), "south".into()]));

    // A composite key comes as a tuple in key order.
    let mut buckets: Vec<(String, i32)> = Bucket::find().partition_keys(&db).await.unwrap();
    buckets.sort();
    assert_eq!(buckets.len(), 6);
    assert_eq!(buckets[0], ("t1".to_string(), 1));
    assert_eq!(buckets[5], ("t2".to_string(), 3));

    // Restricted by the partition key, streamed a page at a time, limited.
    let named: Vec<(String, i32)> = Bucket::find()
        .filter(|c| c.tenant.eq("t2") & c.day.in_([1, 3, 9]))
        .partition_keys(&db)
        .await
        .unwrap();
    assert_eq!(named.len(), 2);
    let streamed = {
        use futures::TryStreamExt;
        Bucket::find()
            .page_size(2)
            .stream_partition_keys(&db)
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
    };
    assert_eq!(streamed.len(), 6);
    let two = Bucket::find().limit(2).partition_keys(&db).await.unwrap();
    assert_eq!(two.len(), 2);
}

#[tokio::test]
async fn distinct_is_refused_with_other_restrictions() {
    let db = db().await;
    fn why<K: std::fmt::Debug>(r: coodie::Result<Vec<K>>) -> String {
        match r {
            Err(coodie::Error::InvalidQuery(why)) if why.is(InvalidQueryKind::Selection) => {
                why.message
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    let clustering = why(Bucket::find()
        .filter(|c| c.tenant.eq("t1") & c.day.eq(1) & c.n.eq(0))
        .partition_keys(&db)
        .await);
    assert!(clustering.contains("`n` is not one"), "{clustering}");
    let ordered = why(Sale::find()
        .filter(|c| c.shop.eq("north"))
        .order_by(|c| c.seq.desc())
        .partition_keys(&db)
        .await);
    assert!(ordered.contains("ORDER BY"), "{ordered}");
    let per_partition = why(Sale::find()
        .per_partition_limit(1)
        .partition_keys(&db)
        .await);
    assert!(
        per_partition.contains("per_partition_limit"),
        "{per_partition}"
    );
    assert_eq!(
        Sale::find().partition_keys_cql("ks"),
        "SELECT DISTINCT \"shop\" FROM ks.sales"
    );
}
