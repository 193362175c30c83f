//! sync_table on the real database: create, no-op second call, dry run, adding a
//! field without losing rows, drift reported and nothing dropped.

use coodie::prelude::*;
use coodie::schema::Drift;
use coodie::{Error, Session};
use uuid::Uuid;

const KS: &str = "coodie_schema_sync";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "items")]
struct ItemV1 {
    #[coodie(partition_key)]
    id: Uuid,
    name: String,
    price: f64,
}

/// The same table with one more field and an index.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "items")]
struct ItemV2 {
    #[coodie(partition_key)]
    id: Uuid,
    name: String,
    price: f64,
    #[coodie(index)]
    stock: Option<i32>,
}

/// The same table with `price` of another type.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "items")]
struct ItemPriceAsText {
    #[coodie(partition_key)]
    id: Uuid,
    name: String,
    price: String,
}

/// The same table with another key.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "items")]
struct ItemByName {
    #[coodie(partition_key)]
    name: String,
    #[coodie(clustering_key)]
    id: Uuid,
    price: f64,
}

/// The same table with a default TTL.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "items", default_ttl = 60)]
struct ItemExpiring {
    #[coodie(partition_key)]
    id: Uuid,
    name: String,
    price: f64,
    stock: Option<i32>,
}

/// A table only ever synced as a dry run.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "never_created", default_ttl = 60)]
struct NeverCreated {
    #[coodie(partition_key)]
    id: i32,
    #[coodie(clustering_key, order = "desc")]
    at: i64,
    #[coodie(index)]
    tag: String,
}

async fn table_exists(db: &Session, table: &str) -> bool {
    db.execute(
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
        (KS, table),
    )
    .await
    .unwrap()
    .into_rows_result()
    .unwrap()
    .rows_num()
        == 1
}

#[tokio::test]
async fn sync_creates_adds_and_reports_without_losing_data() {
    let db = coodie_test_support::fresh_keyspace(KS).await;

    // Dry run: statements, nothing executed.
    let plan = NeverCreated::sync_table_with(&db, SyncOptions::default().dry_run(true))
        .await
        .unwrap();
    assert!(plan.dry_run && plan.created);
    assert_eq!(
        plan.executed,
        [
            format!(
                "CREATE TABLE IF NOT EXISTS {KS}.never_created (\"id\" int, \"at\" bigint, \
                 \"tag\" text, PRIMARY KEY (\"id\", \"at\")) WITH CLUSTERING ORDER BY \
                 (\"at\" DESC) AND default_time_to_live = 60"
            ),
            format!(
                "CREATE INDEX IF NOT EXISTS never_created_tag_idx ON {KS}.never_created (\"tag\")"
            ),
        ]
    );
    assert!(!table_exists(&db, "never_created").await);

    // Create, then a second call runs nothing.
    let created = ItemV1::sync_table(&db).await.unwrap();
    assert!(created.created && !created.dry_run);
    assert_eq!(created.table, format!("{KS}.items"));
    assert_eq!(created.executed.len(), 1);
    assert!(created.drift.is_empty());
    assert!(table_exists(&db, "items").await);
    let started = std::time::Instant::now();
    let again = ItemV1::sync_table(&db).await.unwrap();
    println!("second sync_table (no-op): {:?}", started.elapsed());
    assert!(again.is_in_sync() && !again.created, "{again:?}");

    let rows: Vec<ItemV1> = (0..5)
        .map(|i| ItemV1 {
            id: Uuid::new_v4(),
            name: format!("item {i}"),
            price: f64::from(i),
        })
        .collect();
    for row in &rows {
        row.save(&db).await.unwrap();
    }

    // A new field: its column and index are added; the rows stay.
    let preview = ItemV2::sync_table_with(&db, SyncOptions::default().dry_run(true))
        .await
        .unwrap();
    assert_eq!(
        preview.executed,
        [
            format!("ALTER TABLE {KS}.items ADD \"stock\" int"),
            format!("CREATE INDEX IF NOT EXISTS items_stock_idx ON {KS}.items (\"stock\")"),
        ]
    );
    assert_eq!(
        ItemV1::count(&db).await.unwrap(),
        5,
        "dry run changed nothing"
    );
    assert!(
        ItemV2::find().first(&db).await.is_err(),
        "no `stock` column yet"
    );
    let added = ItemV2::sync_table(&db).await.unwrap();
    assert_eq!(added.executed, preview.executed);
    assert!(added.drift.is_empty());
    assert!(ItemV2::sync_table(&db).await.unwrap().is_in_sync());
    let mut upgraded = ItemV2::all(&db).await.unwrap();
    upgraded.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(upgraded.len(), 5);
    assert!(upgraded.iter().all(|r| r.stock.is_none()));
    assert_eq!(upgraded[3].price, 3.0);
    ItemV2 {
        stock: Some(7),
        ..upgraded[0].clone()
    }
    .save(&db)
    .await
    .unwrap();
    let in_stock = ItemV2::find()
        .filter(|c| c.stock.eq(7))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(in_stock.len(), 1, "the new index answers");

    // The old model now sees an extra column and index: reported, nothing dropped.
    let old = ItemV1::sync_table(&db).await.unwrap();
    assert!(old.executed.is_empty());
    assert_eq!(
        old.drift,
        [
            Drift::ExtraColumn {
                column: "stock".into(),
                cql_type: "int".into()
            },
            Drift::ExtraIndex {
                name: "items_stock_idx".into(),
                target: "stock".into()
            },
        ]
    );
    assert_eq!(ItemV2::count(&db).await.unwrap(), 5);
    assert_eq!(
        ItemV2::get(&db, upgraded[0].id)
            .await
            .unwrap()
            .unwrap()
            .stock,
        Some(7),
        "the extra column keeps its data"
    );

    // A type the model cannot read or write fails the sync with a typed error
    // before anything runs; a dry run reports it as drift. A key mismatch is drift.
    match ItemPriceAsText::sync_table(&db).await.unwrap_err() {
        Error::ColumnTypeMismatch(m) => {
            assert_eq!(
                (m.column.as_str(), m.database_type.as_str()),
                ("price", "double")
            );
            assert_eq!(m.rust_type, "String");
        }
        other => panic!("expected ColumnTypeMismatch, got {other:?}"),
    }
    let retyped = ItemPriceAsText::sync_table_with(&db, SyncOptions::default().dry_run(true))
        .await
        .unwrap();
    assert!(retyped.executed.is_empty());
    assert!(retyped.drift.contains(&Drift::ColumnType {
        column: "price".into(),
        expected: "text".into(),
        actual: "double".into()
    }));
    let rekeyed = ItemByName::sync_table(&db).await.unwrap();
    assert!(rekeyed.executed.is_empty());
    for key in [
        Drift::PartitionKey {
            expected: vec!["name".into()],
            actual: vec!["id".into()],
        },
        Drift::ClusteringKey {
            expected: vec!["id".into()],
            actual: vec![],
        },
    ] {
        assert!(rekeyed.drift.contains(&key), "{:?}", rekeyed.drift);
    }
    let expiring = ItemExpiring::sync_table(&db).await.unwrap();
    assert!(expiring.executed.is_empty());
    assert!(expiring.drift.contains(&Drift::DefaultTtl {
        expected: 60,
        actual: 0
    }));
    assert_eq!(ItemV2::count(&db).await.unwrap(), 5, "no row lost");

    // Strict mode turns drift into an error, before running anything.
    let strict =
        ItemPriceAsText::sync_table_with(&db, SyncOptions::default().fail_on_drift(true)).await;
    match strict {
        Err(Error::SchemaDrift { table, drift }) => {
            assert_eq!(table, format!("{KS}.items"));
            assert!(!drift.is_empty());
        }
        other => panic!("expected SchemaDrift, got {other:?}"),
    }

    // Truncate empties, drop removes.
    ItemV2::truncate(&db).await.unwrap();
    assert_eq!(ItemV2::count(&db).await.unwrap(), 0);
    ItemV2::drop_table(&db).await.unwrap();
    assert!(!table_exists(&db, "items").await);
    ItemV2::drop_table(&db).await.unwrap(); // IF EXISTS
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "racers")]
struct RacerV1 {
    #[coodie(partition_key)]
    id: i32,
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "racers")]
struct RacerV2 {
    #[coodie(partition_key)]
    id: i32,
    #[coodie(index)]
    lap: Option<i32>,
    name: Option<String>,
}

/// Several instances starting at once sync the same model concurrently: each
/// succeeds, whoever ran the ALTER first.
#[tokio::test]
async fn concurrent_syncs_all_succeed() {
    const RACE_KS: &str = "coodie_schema_sync_race";
    let db = coodie_test_support::fresh_keyspace(RACE_KS).await;
    RacerV1::sync_table(&db).await.unwrap();
    let mut sessions = Vec::new();
    for _ in 0..4 {
        sessions.push(coodie_test_support::connect(RACE_KS).await);
    }
    let reports = futures::future::join_all(sessions.iter().map(RacerV2::sync_table)).await;
    for report in reports {
        let report = report.expect("every concurrent sync succeeds");
        assert!(report.drift.is_empty(), "{report:?}");
    }
    assert!(RacerV2::sync_table(&db).await.unwrap().is_in_sync());
}

#[derive(UserType, Debug, Clone, PartialEq)]
struct Shelf {
    aisle: i32,
}

/// A table whose sync is repeated in one session while its schema is changed by
/// hand in between.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "watched")]
struct Watched {
    #[coodie(partition_key)]
    id: i32,
    name: String,
    #[coodie(index)]
    tag: String,
    shelf: Option<Shelf>,
}

/// A session remembers the schema its last sync found in sync, and skips the
/// comparison when the database answers with the same rows again: every change
/// made since, to the table, its index, its options or its user type, is still
/// seen by the next sync of that same session, and undoing it is in sync again.
#[tokio::test]
async fn a_sync_after_one_in_sync_sees_every_change_made_since() {
    const WATCH_KS: &str = "coodie_schema_sync_watch";
    let db = coodie_test_support::fresh_keyspace(WATCH_KS).await;
    assert!(Watched::sync_table(&db).await.unwrap().created);
    for _ in 0..3 {
        let again = Watched::sync_table(&db).await.unwrap();
        assert!(again.is_in_sync() && again.executed.is_empty(), "{again:?}");
    }
    let ddl = |cql: &str| {
        let cql = cql.replace("KS", WATCH_KS);
        let db = db.clone();
        async move { db.execute_ddl(&cql).await.unwrap() }
    };

    // A default TTL set by hand is drift; set back, in sync.
    ddl("ALTER TABLE KS.watched WITH default_time_to_live = 30").await;
    let report = Watched::sync_table(&db).await.unwrap();
    assert_eq!(
        report.drift,
        [Drift::DefaultTtl {
            expected: 0,
            actual: 30
        }]
    );
    ddl("ALTER TABLE KS.watched WITH default_time_to_live = 0").await;
    assert!(Watched::sync_table(&db).await.unwrap().is_in_sync());

    // A column added by hand is drift.
    ddl("ALTER TABLE KS.watched ADD note text").await;
    let report = Watched::sync_table(&db).await.unwrap();
    assert!(
        matches!(&report.drift[..], [Drift::ExtraColumn { column, .. }] if column == "note"),
        "{report:?}"
    );
    ddl("ALTER TABLE KS.watched DROP note").await;
    assert!(Watched::sync_table(&db).await.unwrap().is_in_sync());

    // A dropped index is created again.
    ddl("DROP INDEX KS.watched_tag_idx").await;
    let report = Watched::sync_table(&db).await.unwrap();
    assert_eq!(
        report.executed,
        [format!(
            "CREATE INDEX IF NOT EXISTS watched_tag_idx ON {WATCH_KS}.watched (\"tag\")"
        )]
    );
    assert!(Watched::sync_table(&db).await.unwrap().is_in_sync());

    // A field added to the user type by hand is drift.
    ddl("ALTER TYPE KS.shelf ADD bay int").await;
    let report = Watched::sync_table(&db).await.unwrap();
    assert!(
        matches!(&report.drift[..], [Drift::ExtraUserTypeField { field, .. }] if field == "bay"),
        "{report:?}"
    );

    // Another session's sync of the same model finds the same.
    let other = coodie_test_support::connect(WATCH_KS).await;
    assert_eq!(
        Watched::sync_table(&other).await.unwrap().drift,
        report.drift
    );
}
