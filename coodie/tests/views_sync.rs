//! `sync_view` against the real database: create, no-op, dry run, typed drift,
//! recreate on request, drop, descending order, selected columns and filters.
//! Views that do not match the model are made with raw CQL on purpose.

use std::time::Duration;

use chrono::{DateTime, Utc};
use coodie::Session;
use coodie::model::Order;
use coodie::prelude::*;
use coodie::schema::{Drift, SyncOptions, ViewOutcome};
use coodie_test_support::models::{Product, ProductByBrand, ProductByCategory};
use coodie_test_support::{eventually, fresh_keyspace};
use uuid::Uuid;

const KS: &str = "coodie_views_sync";

// ---- products, as in Python coodie's demo -------------------------------------

async fn create_products(db: &Session) {
    Product::sync_table(db).await.expect("sync products");
}

// ---- readings: a composite base key ---------------------------------------------

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "readings")]
pub struct Reading {
    #[coodie(partition_key)]
    pub sensor: String,
    #[coodie(partition_key)]
    pub day: i32,
    #[coodie(clustering_key)]
    pub at: DateTime<Utc>,
    pub value: f64,
    pub note: Option<String>,
}

/// Newest first, per sensor: the base key reshuffled, a descending clustering column.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "latest_readings", base = Reading)]
pub struct LatestReading {
    #[coodie(partition_key)]
    pub sensor: String,
    #[coodie(clustering_key, order = "desc")]
    pub at: DateTime<Utc>,
    #[coodie(clustering_key)]
    pub day: i32,
    pub value: f64,
}

/// Only its own columns (`select = "columns"`), a composite partition key.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "slim_readings", base = Reading, select = "columns")]
pub struct SlimReading {
    #[coodie(partition_key)]
    pub day: i32,
    #[coodie(partition_key)]
    pub sensor: String,
    #[coodie(clustering_key)]
    pub at: DateTime<Utc>,
    pub value: f64,
}

/// Only sensor `north`, by day (a filter on a base key column works on Cassandra and
/// ScyllaDB alike).
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "north_readings", base = Reading, filter = "\"sensor\" = 'north'")]
pub struct NorthReading {
    #[coodie(partition_key)]
    pub day: i32,
    #[coodie(clustering_key)]
    pub at: DateTime<Utc>,
    #[coodie(clustering_key)]
    pub sensor: String,
    pub value: f64,
}

async fn create_readings(db: &Session) {
    Reading::sync_table(db).await.expect("sync readings");
}

// ---- helpers ----------------------------------------------------------------------

async fn view_exists(db: &Session, view: &str) -> bool {
    db.execute(
        "SELECT view_name FROM system_schema.views WHERE keyspace_name = ? AND view_name = ?",
        (KS, view),
    )
    .await
    .expect("schema query")
    .into_rows_result()
    .expect("rows")
    .rows_num()
        > 0
}

/// `(column, kind, position, clustering_order)` of a table or view, by name.
async fn columns_of(db: &Session, table: &str) -> Vec<(String, String, i32, String)> {
    let mut columns: Vec<(String, String, i32, String)> = db
        .execute(
            "SELECT column_name, kind, position, clustering_order FROM system_schema.columns \
             WHERE keyspace_name = ? AND table_name = ?",
            (KS, table),
        )
        .await
        .expect("schema query")
        .into_rows_result()
        .expect("rows")
        .rows::<(String, String, i32, String)>()
        .expect("typed rows")
        .collect::<Result<_, _>>()
        .expect("row");
    columns.sort();
    columns
}

/// One test at a time owns the keyspace: the tests of this file share it.
static KEYSPACE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn session() -> Session {
    static READY: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    READY
        .get_or_init(|| async {
            fresh_keyspace(KS).await;
        })
        .await;
    coodie_test_support::connect(KS).await
}

// ---- tests --------------------------------------------------------------------------

#[tokio::test]
async fn sync_view_creates_a_missing_view_and_a_second_sync_runs_nothing() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_products(&db).await;
    ProductByCategory::drop_view(&db).await.expect("drop");

    let first = ProductByCategory::sync_view(&db).await.expect("first sync");
    assert_eq!(first.outcome, ViewOutcome::Created);
    assert_eq!(first.view, format!("{KS}.products_by_category"));
    assert_eq!(
        first.ran(),
        [format!(
            "CREATE MATERIALIZED VIEW IF NOT EXISTS {KS}.products_by_category AS \
             SELECT * FROM {KS}.products WHERE \"category\" IS NOT NULL AND \"id\" IS NOT NULL \
             PRIMARY KEY (\"category\", \"id\")"
        )]
    );
    assert!(first.drift.is_empty());
    assert!(view_exists(&db, "products_by_category").await);

    let second = ProductByCategory::sync_view(&db)
        .await
        .expect("second sync");
    assert_eq!(second.outcome, ViewOutcome::UpToDate);
    assert!(second.is_in_sync(), "second sync ran {:?}", second.executed);
    assert!(second.ran().is_empty());
    assert!(second.drift.is_empty());
    assert_eq!(
        ProductByCategory::view_drift(&db).await.expect("drift"),
        Some(vec![])
    );
}

#[tokio::test]
async fn a_dry_run_returns_the_statements_and_runs_none() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_products(&db).await;
    ProductByBrand::drop_view(&db).await.expect("drop");

    let plan = ProductByBrand::sync_view_with(&db, SyncOptions::default().dry_run(true))
        .await
        .expect("dry run");
    assert_eq!(plan.outcome, ViewOutcome::Created);
    assert!(plan.dry_run);
    assert_eq!(
        plan.executed,
        [ProductByBrand::create_view_cql(&db).expect("cql")]
    );
    assert!(plan.ran().is_empty());
    assert!(
        !view_exists(&db, "products_by_brand").await,
        "a dry run created the view"
    );
    assert_eq!(ProductByBrand::view_drift(&db).await.expect("drift"), None);
}

#[tokio::test]
async fn a_changed_definition_is_reported_and_recreated_only_on_request() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_products(&db).await;
    ProductByCategory::drop_view(&db).await.expect("drop");
    // Someone created `products_by_category` by hand, keyed by brand.
    db.execute_ddl(&format!(
        "CREATE MATERIALIZED VIEW {KS}.products_by_category AS SELECT * FROM {KS}.products \
         WHERE brand IS NOT NULL AND id IS NOT NULL PRIMARY KEY (brand, id) \
         WITH CLUSTERING ORDER BY (id DESC)"
    ))
    .await
    .expect("hand-made view");

    let report = ProductByCategory::sync_view(&db).await.expect("sync");
    assert_eq!(report.outcome, ViewOutcome::Drifted);
    assert!(!report.is_in_sync());
    assert!(
        report.executed.is_empty(),
        "drift alone must not run DDL: {:?}",
        report.executed
    );
    assert_eq!(
        report.drift,
        vec![
            Drift::PartitionKey {
                expected: vec!["category".into()],
                actual: vec!["brand".into()],
            },
            Drift::ClusteringOrder {
                column: "id".into(),
                expected: Order::Asc,
                actual: Order::Desc,
            },
            Drift::WhereClause {
                expected: "\"category\" IS NOT NULL AND \"id\" IS NOT NULL".into(),
                actual: "brand IS NOT NULL AND id IS NOT NULL".into(),
            },
        ],
        "{}",
        Drift::list(&report.drift)
    );
    let partition: Vec<_> = columns_of(&db, "products_by_category")
        .await
        .into_iter()
        .filter(|c| c.1 == "partition_key")
        .map(|c| c.0)
        .collect();
    assert_eq!(partition, ["brand"], "the drifted view was left alone");

    let plan = ProductByCategory::sync_view_with(
        &db,
        SyncOptions::default()
            .recreate_views_on_drift(true)
            .dry_run(true),
    )
    .await
    .expect("dry run");
    assert_eq!(plan.outcome, ViewOutcome::Recreated);
    assert_eq!(
        plan.executed,
        [
            format!("DROP MATERIALIZED VIEW IF EXISTS {KS}.products_by_category"),
            ProductByCategory::create_view_cql(&db).expect("cql"),
        ]
    );

    let spanner = Product {
        id: Uuid::new_v4(),
        name: "Chrono Spanner".into(),
        category: "tools".into(),
        brand: "Dimension-7".into(),
        price: 12.5,
        description: None,
        created_at: Utc::now(),
    };
    spanner.save(&db).await.expect("save");

    let recreated = ProductByCategory::sync_view_with(
        &db,
        SyncOptions::default().recreate_views_on_drift(true),
    )
    .await
    .expect("recreate");
    assert_eq!(recreated.outcome, ViewOutcome::Recreated);
    assert_eq!(recreated.ran().len(), 2);
    assert_eq!(recreated.drift.len(), 3);

    let again = ProductByCategory::sync_view(&db)
        .await
        .expect("sync after recreate");
    assert_eq!(again.outcome, ViewOutcome::UpToDate, "{:?}", again.drift);

    // The recreated view is built from the rows already in the base table.
    assert!(
        ProductByCategory::wait_until_built(&db, Duration::from_secs(20))
            .await
            .expect("build status"),
        "the recreated view is built within 20 s"
    );
    let rows = eventually(Duration::from_secs(20), || async {
        let rows = ProductByCategory::find()
            .filter(|c| c.category.eq("tools"))
            .all(&db)
            .await
            .ok()?;
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the recreated view serves the base rows within 20 s");
    assert_eq!(
        rows,
        vec![ProductByCategory {
            category: "tools".into(),
            id: spanner.id,
            name: "Chrono Spanner".into(),
            brand: "Dimension-7".into(),
            price: 12.5,
        }]
    );
}

#[tokio::test]
async fn a_changed_filter_is_drift() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_readings(&db).await;
    NorthReading::drop_view(&db).await.expect("drop");
    db.execute_ddl(&format!(
        "CREATE MATERIALIZED VIEW {KS}.north_readings AS SELECT * FROM {KS}.readings \
         WHERE day IS NOT NULL AND at IS NOT NULL AND sensor IS NOT NULL AND sensor = 'south' \
         PRIMARY KEY (day, at, sensor)"
    ))
    .await
    .expect("hand-made view");

    let report = NorthReading::sync_view(&db).await.expect("sync");
    assert_eq!(report.outcome, ViewOutcome::Drifted);
    match report.drift.as_slice() {
        [Drift::WhereClause { expected, actual }] => {
            assert!(expected.ends_with("AND \"sensor\" = 'north'"), "{expected}");
            assert!(actual.contains("'south'"), "{actual}");
        }
        other => panic!("expected one WHERE clause drift, got {other:?}"),
    }

    let fixed =
        NorthReading::sync_view_with(&db, SyncOptions::default().recreate_views_on_drift(true))
            .await
            .expect("recreate");
    assert_eq!(fixed.outcome, ViewOutcome::Recreated);
    let again = NorthReading::sync_view(&db).await.expect("sync");
    assert!(again.is_in_sync(), "{:?}", again.drift);
}

#[tokio::test]
async fn descending_clustering_order_reaches_the_schema() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_readings(&db).await;
    LatestReading::drop_view(&db).await.expect("drop");
    let report = LatestReading::sync_view(&db).await.expect("sync");
    assert_eq!(report.outcome, ViewOutcome::Created);
    assert!(
        report.executed[0].ends_with(
            "PRIMARY KEY (\"sensor\", \"at\", \"day\") WITH CLUSTERING ORDER BY (\"at\" DESC, \"day\" ASC)"
        ),
        "{}",
        report.executed[0]
    );
    let keys: Vec<_> = columns_of(&db, "latest_readings")
        .await
        .into_iter()
        .filter(|c| c.1 != "regular")
        .collect();
    assert_eq!(
        keys,
        vec![
            ("at".into(), "clustering".into(), 0, "desc".into()),
            ("day".into(), "clustering".into(), 1, "asc".into()),
            ("sensor".into(), "partition_key".into(), 0, "none".into()),
        ]
    );
    assert!(
        LatestReading::sync_view(&db)
            .await
            .expect("sync")
            .is_in_sync()
    );
}

#[tokio::test]
async fn a_view_of_selected_columns_has_exactly_those_columns() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_readings(&db).await;
    SlimReading::drop_view(&db).await.expect("drop");
    let report = SlimReading::sync_view(&db).await.expect("sync");
    assert!(
        report.executed[0].contains(
            "SELECT \"day\", \"sensor\", \"at\", \"value\" FROM coodie_views_sync.readings"
        ),
        "{}",
        report.executed[0]
    );
    let columns: Vec<_> = columns_of(&db, "slim_readings")
        .await
        .into_iter()
        .map(|c| (c.0, c.1, c.2))
        .collect();
    assert_eq!(
        columns,
        vec![
            ("at".into(), "clustering".into(), 0),
            ("day".into(), "partition_key".into(), 0),
            ("sensor".into(), "partition_key".into(), 1),
            ("value".into(), "regular".into(), -1),
        ]
    );
    assert!(
        SlimReading::sync_view(&db)
            .await
            .expect("sync")
            .is_in_sync()
    );

    // The same name selecting `*` is drift: a `SELECT *` view has every base column.
    SlimReading::drop_view(&db).await.expect("drop");
    db.execute_ddl(&format!(
        "CREATE MATERIALIZED VIEW {KS}.slim_readings AS SELECT * FROM {KS}.readings \
         WHERE day IS NOT NULL AND sensor IS NOT NULL AND at IS NOT NULL \
         PRIMARY KEY ((day, sensor), at)"
    ))
    .await
    .expect("hand-made view");
    let drift = SlimReading::view_drift(&db)
        .await
        .expect("drift")
        .expect("exists");
    assert_eq!(
        drift,
        vec![Drift::SelectAll {
            expected: false,
            actual: true
        }]
    );
}

#[tokio::test]
async fn drop_view_removes_the_view_and_keeps_the_base() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_products(&db).await;
    ProductByBrand::sync_view(&db).await.expect("sync");
    assert!(view_exists(&db, "products_by_brand").await);
    ProductByBrand::drop_view(&db).await.expect("drop");
    assert!(!view_exists(&db, "products_by_brand").await);
    ProductByBrand::drop_view(&db)
        .await
        .expect("dropping a missing view is fine");
    assert!(
        !columns_of(&db, "products").await.is_empty(),
        "the base table stays"
    );
}

/// A base table pinned to its own keyspace: the view follows it there, whatever the
/// session's default keyspace.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "gadgets", keyspace = "coodie_views_pinned")]
pub struct Gadget {
    #[coodie(partition_key)]
    pub id: i32,
    pub kind: String,
}

#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "gadgets_by_kind", base = Gadget)]
pub struct GadgetByKind {
    #[coodie(partition_key)]
    pub kind: String,
    #[coodie(clustering_key)]
    pub id: i32,
}

#[tokio::test]
async fn a_view_lives_in_its_base_tables_keyspace() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    fresh_keyspace("coodie_views_pinned").await;
    let report = coodie::SchemaSync::new()
        .view::<GadgetByKind>()
        .run(&db)
        .await
        .expect("sync");
    assert_eq!(report.tables[0].table, "coodie_views_pinned.gadgets");
    assert_eq!(report.views[0].view, "coodie_views_pinned.gadgets_by_kind");
    assert_eq!(report.views[0].outcome, ViewOutcome::Created);
    assert!(
        !view_exists(&db, "gadgets_by_kind").await,
        "nothing in {KS}"
    );

    Gadget {
        id: 7,
        kind: "sprocket".into(),
    }
    .save(&db)
    .await
    .expect("save");
    let rows = eventually(Duration::from_secs(15), || async {
        let rows = GadgetByKind::find()
            .filter(|c| c.kind.eq("sprocket"))
            .all(&db)
            .await
            .ok()?;
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the view in the pinned keyspace serves the row");
    assert_eq!(
        rows,
        vec![GadgetByKind {
            kind: "sprocket".into(),
            id: 7
        }]
    );
    assert!(
        GadgetByKind::sync_view(&db)
            .await
            .expect("sync")
            .is_in_sync()
    );
    db.drop_keyspace("coodie_views_pinned").await.expect("drop");
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "widgets")]
pub struct Widget {
    #[coodie(partition_key)]
    pub id: i32,
    pub kind: String,
    pub color: Option<String>,
}

#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "widgets_by_kind", base = Widget)]
pub struct WidgetByKind {
    #[coodie(partition_key)]
    pub kind: String,
    #[coodie(clustering_key)]
    pub id: i32,
    pub color: Option<String>,
}

#[tokio::test]
async fn a_column_added_to_the_base_reaches_a_select_star_view() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    // An older schema: no `color` yet, in the base or the view.
    db.execute_ddl(&format!(
        "CREATE TABLE {KS}.widgets (id int PRIMARY KEY, kind text)"
    ))
    .await
    .expect("old table");
    db.execute_ddl(&format!(
        "CREATE MATERIALIZED VIEW {KS}.widgets_by_kind AS SELECT * FROM {KS}.widgets \
         WHERE kind IS NOT NULL AND id IS NOT NULL PRIMARY KEY (kind, id)"
    ))
    .await
    .expect("old view");
    assert_eq!(
        WidgetByKind::view_drift(&db).await.expect("drift"),
        Some(vec![Drift::MissingColumn {
            column: "color".into()
        }])
    );

    // Base first: the new base column appears in the `SELECT *` view by itself, so
    // the view needs no recreation.
    let report = coodie::SchemaSync::new()
        .view::<WidgetByKind>()
        .run(&db)
        .await
        .expect("sync");
    assert_eq!(
        report.executed().collect::<Vec<_>>(),
        [format!("ALTER TABLE {KS}.widgets ADD \"color\" text")]
    );
    assert_eq!(report.views[0].outcome, ViewOutcome::UpToDate, "{report:?}");
    assert!(!report.has_drift(), "{report:?}");

    Widget {
        id: 1,
        kind: "gear".into(),
        color: Some("teal".into()),
    }
    .save(&db)
    .await
    .expect("save");
    let rows = eventually(Duration::from_secs(15), || async {
        let rows = WidgetByKind::find()
            .filter(|c| c.kind.eq("gear"))
            .all(&db)
            .await
            .ok()?;
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the widget reaches the view");
    assert_eq!(rows[0].color.as_deref(), Some("teal"));
}

#[tokio::test]
async fn a_view_made_elsewhere_with_the_same_definition_is_up_to_date() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_readings(&db).await;
    LatestReading::drop_view(&db).await.expect("drop");
    NorthReading::drop_view(&db).await.expect("drop");
    // Spelled the way someone types it in cqlsh (or Python coodie writes it):
    // other quoting, case, spacing and restriction order.
    db.execute_ddl(&format!(
        "create materialized view {KS}.latest_readings as select * from {KS}.readings \
         where day is not null and sensor is not null and \"at\" IS NOT NULL \
         primary key (sensor, at, day) with clustering order by (at desc, day asc)"
    ))
    .await
    .expect("hand-made view");
    db.execute_ddl(&format!(
        "CREATE MATERIALIZED VIEW {KS}.north_readings AS SELECT * FROM {KS}.readings \
         WHERE sensor='north' AND day IS NOT NULL AND at IS NOT NULL AND sensor IS NOT NULL \
         PRIMARY KEY (day, at, sensor)"
    ))
    .await
    .expect("hand-made view");

    for report in [
        LatestReading::sync_view(&db).await.expect("sync"),
        NorthReading::sync_view(&db).await.expect("sync"),
    ] {
        assert_eq!(report.outcome, ViewOutcome::UpToDate, "{report:?}");
        assert!(report.is_in_sync(), "{report:?}");
    }
}

#[tokio::test]
async fn fail_on_drift_fails_before_running_anything() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_products(&db).await;
    ProductByCategory::drop_view(&db).await.expect("drop");
    ProductByBrand::drop_view(&db).await.expect("drop");
    // products_by_brand exists with another clustering order.
    db.execute_ddl(&format!(
        "CREATE MATERIALIZED VIEW {KS}.products_by_brand AS SELECT * FROM {KS}.products \
         WHERE brand IS NOT NULL AND id IS NOT NULL PRIMARY KEY (brand, id) \
         WITH CLUSTERING ORDER BY (id DESC)"
    ))
    .await
    .expect("hand-made view");

    let strict = SyncOptions::default()
        .fail_on_drift(true)
        .recreate_views_on_drift(true);
    match ProductByBrand::sync_view_with(&db, strict).await {
        Err(coodie::Error::ViewDrift { view, drift }) => {
            assert_eq!(view, format!("{KS}.products_by_brand"));
            assert_eq!(
                drift,
                vec![Drift::ClusteringOrder {
                    column: "id".into(),
                    expected: Order::Asc,
                    actual: Order::Desc,
                }]
            );
        }
        other => panic!("expected ViewDrift, got {other:?}"),
    }

    // The whole schema: the drifted view stops the sync before the missing view
    // (listed first) is created.
    let err = coodie::SchemaSync::new()
        .view::<ProductByCategory>()
        .view::<ProductByBrand>()
        .run_with(
            &db,
            SyncOptions::default()
                .recreate_views_on_drift(true)
                .fail_on_drift(true),
        )
        .await
        .expect_err("drift fails the sync");
    assert!(
        err.to_string().contains("products_by_brand") && err.to_string().contains("DESC"),
        "{err}"
    );
    assert!(
        !view_exists(&db, "products_by_category").await,
        "nothing ran"
    );
    assert_eq!(
        ProductByBrand::view_drift(&db)
            .await
            .expect("drift")
            .map(|d| d.len()),
        Some(1),
        "the drifted view was left alone"
    );
}

#[tokio::test]
async fn a_table_in_the_views_place_is_refused_even_on_a_dry_run() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_readings(&db).await;
    SlimReading::drop_view(&db).await.expect("drop");
    db.execute_ddl(&format!(
        "CREATE TABLE {KS}.slim_readings (day int PRIMARY KEY, value double)"
    ))
    .await
    .expect("a table with the view's name");
    let plan = SlimReading::sync_view_with(&db, SyncOptions::default().dry_run(true)).await;
    assert!(
        matches!(&plan, Err(coodie::Error::InvalidQuery(why)) if why.message.contains("is a table")),
        "{plan:?}"
    );
    let result = SlimReading::sync_view(&db).await;
    db.execute_ddl(&format!("DROP TABLE {KS}.slim_readings"))
        .await
        .expect("drop the table");
    match result {
        Err(coodie::Error::InvalidQuery(why)) => {
            assert!(why.is(coodie::InvalidQueryKind::Schema), "{why:?}");
            assert!(
                why.message.contains("is a table, not a materialized view"),
                "{why}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn racing_syncs_create_the_view_once_and_all_succeed() {
    let _own = KEYSPACE.lock().await;
    let db = session().await;
    create_products(&db).await;
    ProductByBrand::drop_view(&db).await.expect("drop");
    // Several instances of an application starting at once.
    let mut sessions = Vec::new();
    for _ in 0..4 {
        sessions.push(coodie_test_support::connect(KS).await);
    }
    let reports = futures::future::join_all(
        sessions
            .iter()
            .map(|s| coodie::SchemaSync::new().view::<ProductByBrand>().run(s)),
    )
    .await;
    for report in &reports {
        let report = report.as_ref().expect("every racing sync succeeds");
        assert!(!report.has_drift(), "{report:?}");
    }
    assert!(view_exists(&db, "products_by_brand").await);
    assert!(
        ProductByBrand::sync_view(&db)
            .await
            .expect("sync")
            .is_in_sync()
    );
}
