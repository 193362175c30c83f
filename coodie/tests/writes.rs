//! Writes on the real database: every column type round-trips, `None` is unset
//! (never a tombstone), updates of chosen columns, deletes by instance, key and
//! query.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use coodie::prelude::*;
use coodie::{Error, InvalidQueryKind, Session};
use tokio::sync::OnceCell;
use uuid::Uuid;

const KS: &str = "coodie_writes";

/// One column of every supported type.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "every_type")]
struct EveryType {
    #[coodie(partition_key)]
    id: Uuid,
    text: String,
    tiny: i8,
    small: i16,
    int: i32,
    big: i64,
    float: f32,
    double: f64,
    flag: bool,
    #[coodie(timeuuid)]
    event: Uuid,
    at: DateTime<Utc>,
    day: NaiveDate,
    time: NaiveTime,
    bytes: Vec<u8>,
    ip: IpAddr,
    list: Vec<String>,
    set: HashSet<i32>,
    sorted_set: BTreeSet<String>,
    map: HashMap<String, i64>,
    sorted_map: BTreeMap<i32, String>,
    nested: Vec<Vec<i32>>,
    #[coodie(frozen)]
    frozen_list: Vec<String>,
    maybe_text: Option<String>,
    maybe_int: Option<i32>,
    maybe_list: Option<Vec<i32>>,
    maybe_at: Option<DateTime<Utc>>,
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "products")]
struct Product {
    #[coodie(partition_key)]
    id: Uuid,
    name: String,
    price: f64,
    description: Option<String>,
}

/// Clustered rows, for query-level deletes and updates.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "timeline")]
struct Entry {
    #[coodie(partition_key)]
    user: String,
    #[coodie(clustering_key)]
    at: i32,
    text: String,
    #[coodie(static_column)]
    display_name: Option<String>,
}

static READY: OnceCell<()> = OnceCell::const_new();

async fn db() -> Session {
    READY
        .get_or_init(|| async {
            let db = coodie_test_support::fresh_keyspace(KS).await;
            EveryType::sync_table(&db).await.expect("sync every_type");
            Product::sync_table(&db).await.expect("sync products");
            Entry::sync_table(&db).await.expect("sync timeline");
        })
        .await;
    coodie_test_support::connect(KS).await
}

fn timeuuid() -> Uuid {
    // A version-1 (time-based) UUID.
    Uuid::parse_str("8e14e760-7250-11ee-b962-0242ac120002").expect("uuid")
}

fn full() -> EveryType {
    EveryType {
        id: Uuid::new_v4(),
        text: "héllo, 'world' \"quoted\"".into(),
        tiny: -8,
        small: -1600,
        int: 2_000_000_000,
        big: -9_000_000_000_000,
        float: 1.5,
        double: std::f64::consts::PI,
        flag: true,
        event: timeuuid(),
        // timestamps are stored with millisecond precision
        at: Utc
            .timestamp_millis_opt(1_700_000_123_456)
            .single()
            .expect("time"),
        day: NaiveDate::from_ymd_opt(2024, 2, 29).expect("date"),
        time: NaiveTime::from_hms_nano_opt(23, 59, 58, 123_456_789).expect("time"),
        bytes: vec![0, 1, 2, 255],
        ip: IpAddr::V6(Ipv6Addr::LOCALHOST),
        list: vec!["b".into(), "a".into(), "b".into()],
        set: HashSet::from([3, 1, 2]),
        sorted_set: BTreeSet::from(["x".to_string(), "y".to_string()]),
        map: HashMap::from([("one".to_string(), 1), ("two".to_string(), 2)]),
        sorted_map: BTreeMap::from([(1, "one".to_string()), (2, "two".to_string())]),
        nested: vec![vec![1, 2], vec![], vec![3]],
        frozen_list: vec!["f".into()],
        maybe_text: Some("present".into()),
        maybe_int: Some(-1),
        maybe_list: Some(vec![7, 8]),
        maybe_at: Some(Utc.timestamp_millis_opt(0).single().expect("epoch")),
    }
}

#[tokio::test]
async fn every_column_type_round_trips() {
    let db = db().await;
    let doc = full();
    doc.save(&db).await.unwrap();
    let back = EveryType::get(&db, doc.id).await.unwrap();
    assert_eq!(back, Some(doc));

    let sparse = EveryType {
        id: Uuid::new_v4(),
        ip: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
        list: vec![],
        set: HashSet::new(),
        map: HashMap::new(),
        maybe_text: None,
        maybe_int: None,
        maybe_list: None,
        maybe_at: None,
        ..full()
    };
    sparse.save(&db).await.unwrap();
    let back = EveryType::get(&db, sparse.id).await.unwrap();
    assert_eq!(back, Some(sparse), "empty collections and None come back");
}

#[tokio::test]
async fn the_generated_schema_matches_what_cassandra_stores() {
    let db = db().await;
    let report = EveryType::sync_table(&db).await.unwrap();
    assert!(report.is_in_sync(), "{report:?}");
}

#[tokio::test]
async fn none_is_written_as_unset_not_as_a_tombstone() {
    let db = db().await;
    let mut product = Product {
        id: Uuid::new_v4(),
        name: "Gravity Inversion Boots".into(),
        price: 10.0,
        description: Some("walk on ceilings".into()),
    };
    product.save(&db).await.unwrap();

    // Saving again with `None` leaves the stored value alone.
    product.description = None;
    product.price = 12.0;
    product.save(&db).await.unwrap();
    let back = Product::get(&db, product.id).await.unwrap().unwrap();
    assert_eq!(back.price, 12.0);
    assert_eq!(back.description.as_deref(), Some("walk on ceilings"));

    // No cell was written for it: its write time is still the first save's.
    let cql =
        format!("SELECT WRITETIME(description), WRITETIME(price) FROM {KS}.products WHERE id = ?");
    let (description_written, price_written): (Option<i64>, Option<i64>) = db
        .execute(&cql, (product.id,))
        .await
        .unwrap()
        .into_rows_result()
        .unwrap()
        .single_row()
        .unwrap();
    assert!(description_written.unwrap() < price_written.unwrap());

    // A document saved with `None` from the start has no cell at all.
    let bare = Product {
        id: Uuid::new_v4(),
        name: "bare".into(),
        price: 1.0,
        description: None,
    };
    bare.save(&db).await.unwrap();
    let (written,): (Option<i64>,) = db
        .execute(
            &format!("SELECT WRITETIME(description) FROM {KS}.products WHERE id = ?"),
            (bare.id,),
        )
        .await
        .unwrap()
        .into_rows_result()
        .unwrap()
        .single_row()
        .unwrap();
    assert_eq!(written, None, "no cell, no tombstone");
}

#[tokio::test]
async fn update_chosen_columns() {
    let db = db().await;
    let product = Product {
        id: Uuid::new_v4(),
        name: "Portable Hole".into(),
        price: 99.0,
        description: Some("deep".into()),
    };
    product.save(&db).await.unwrap();

    let applied = Product::update(product.id)
        .set(|c| c.price.to(79.5))
        .set(|c| c.name.to("Pocket Hole"))
        .execute(&db)
        .await
        .unwrap();
    assert!(applied.applied);
    let back = Product::get(&db, product.id).await.unwrap().unwrap();
    assert_eq!(back.price, 79.5);
    assert_eq!(back.name, "Pocket Hole");
    assert_eq!(back.description.as_deref(), Some("deep"), "untouched");

    // Setting an optional column to None clears it (an explicit update).
    Product::update(product.id)
        .clear(|c| c.description)
        .execute(&db)
        .await
        .unwrap();
    let back = Product::get(&db, product.id).await.unwrap().unwrap();
    assert_eq!(back.description, None);

    // An update needs something to set. (Setting a key column does not compile:
    // tests/ui/key_position/key_columns_cannot_be_set.rs.)
    let nothing = Product::update(product.id).execute(&db).await;
    assert!(matches!(nothing, Err(Error::InvalidQuery(_))));
}

#[tokio::test]
async fn delete_a_document_and_rows_by_key() {
    let db = db().await;
    let a = Product {
        id: Uuid::new_v4(),
        name: "a".into(),
        price: 1.0,
        description: None,
    };
    let b = Product {
        id: Uuid::new_v4(),
        ..a.clone()
    };
    a.save(&db).await.unwrap();
    b.save(&db).await.unwrap();

    a.delete(&db).await.unwrap();
    assert_eq!(Product::get(&db, a.id).await.unwrap(), None);
    let deleted = Product::find()
        .filter(|c| c.id.eq(b.id))
        .delete()
        .execute(&db)
        .await
        .unwrap();
    assert!(deleted.applied, "an unconditional delete is always applied");
    assert_eq!(Product::get(&db, b.id).await.unwrap(), None);
}

#[tokio::test]
async fn query_level_delete_and_update() {
    let db = db().await;
    for at in 0..6 {
        Entry {
            user: "ann".into(),
            at,
            text: format!("post {at}"),
            display_name: Some("Ann".into()),
        }
        .save(&db)
        .await
        .unwrap();
    }
    let ann = || Entry::find().filter(|c| c.user.eq("ann"));

    // A range delete on the clustering column.
    Entry::find()
        .filter(|c| c.user.eq("ann") & c.at.ge(4))
        .delete()
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(ann().count(&db).await.unwrap(), 4);

    // A delete by key restrictions.
    Entry::find()
        .filter(|c| c.user.eq("ann") & c.at.eq(0))
        .delete()
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        ann()
            .all(&db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.at)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );

    // An update of several rows by IN.
    Entry::find()
        .filter(|c| c.user.eq("ann") & c.at.in_([1, 2]))
        .update()
        .set(|c| c.text.to("edited"))
        .execute(&db)
        .await
        .unwrap();
    let texts: Vec<String> = ann()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert_eq!(texts, ["edited", "edited", "post 3"]);

    // Static columns are per partition.
    Entry::update_partition("ann".to_string())
        .set(|c| c.display_name.to("Ann B."))
        .execute(&db)
        .await
        .unwrap();
    let row_addressed = Entry::update(("ann".to_string(), 3))
        .set(|c| c.display_name.to("x"))
        .execute(&db)
        .await;
    assert!(
        matches!(row_addressed, Err(Error::InvalidQuery(ref why)) if why.message.contains("update_partition")),
        "{row_addressed:?}"
    );
    assert!(
        ann()
            .all(&db)
            .await
            .unwrap()
            .iter()
            .all(|e| e.display_name.as_deref() == Some("Ann B."))
    );

    // A whole partition.
    Entry::find()
        .filter(|c| c.user.eq("ann"))
        .delete()
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(ann().count(&db).await.unwrap(), 0);

    // Deletes and updates need the key.
    let scan = Entry::find()
        .filter(|c| c.at.eq(1))
        .delete()
        .execute(&db)
        .await;
    assert!(matches!(scan, Err(Error::InvalidQuery(ref why))
            if why.message.contains("partition key") && why.is(InvalidQueryKind::WriteTarget)));
    let by_value = Entry::find()
        .filter(|c| c.user.eq("ann") & c.text.eq("x"))
        .delete()
        .execute(&db)
        .await;
    assert!(
        matches!(by_value, Err(Error::InvalidQuery(ref why)) if why.message.contains("`text`"))
    );
    let partial = Entry::find()
        .filter(|c| c.user.eq("ann"))
        .update()
        .set(|c| c.text.to("x"))
        .execute(&db)
        .await;
    assert!(matches!(partial, Err(Error::InvalidQuery(ref why)) if why.message.contains("`at`")));
}

#[tokio::test]
async fn consistency_per_statement() {
    let db = db().await;
    let product = Product {
        id: Uuid::new_v4(),
        name: "c".into(),
        price: 2.0,
        description: None,
    };
    product
        .save_with(&db, WriteOptions::new().consistency(Consistency::All))
        .await
        .unwrap();
    let back = Product::find()
        .filter(|c| c.id.eq(product.id))
        .consistency(Consistency::One)
        .one(&db)
        .await
        .unwrap();
    assert_eq!(back, product);
    // A level the single-node cluster cannot meet fails with the CQL attached.
    let err = product
        .save_with(&db, WriteOptions::new().consistency(Consistency::Three))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Driver { ref cql, .. } if cql.starts_with("INSERT INTO coodie_writes.products")),
        "{err}"
    );
}
