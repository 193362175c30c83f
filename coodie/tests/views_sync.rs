//! `sync_view` against the real database: create, no-op, dry run, typed drift,
//! recreate on request, drop, descending order, selected columns and filters.

mod common;

use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::{eventually, fresh_keyspace};
use coodie::Session;
use coodie::model::{
    ColumnKind, ColumnSchema, Document, MaterializedView, Order, Table, TableSchema, ViewSchema,
};
use coodie::schema::view::{ViewDrift, ViewExt, ViewOutcome, ViewSyncOptions};
use coodie::scylla::DeserializeRow;
use uuid::Uuid;

const KS: &str = "coodie_views_sync";

fn col(name: &'static str, cql_type: &str, kind: ColumnKind) -> ColumnSchema {
    ColumnSchema {
        name,
        field: name,
        cql_type: cql_type.into(),
        kind,
    }
}

/// The columns of a hand-written model, until `#[derive(MaterializedView)]` writes
/// them.
macro_rules! hand_table {
    (
        $ty:ident, base = $base:ty, name = $name:literal,
        key = $key:ty, key_values = |$k:ident| $kv:expr,
        partition = $part:ty, partition_values = |$p:ident| $pv:expr,
        pk = [$($pk:literal),*], part = [$($pn:literal),*],
        view = $view:expr,
        columns = [$(($c:literal, $t:literal, $kind:expr)),* $(,)?]
    ) => {
        impl Table for $ty {
            type Base = $base;
            type Columns = ();
            type PrimaryKey = $key;
            type PartitionKey = $part;
            const COLUMNS: () = ();
            const NAME: &'static str = $name;
            const PRIMARY_KEY: &'static [&'static str] = &[$($pk),*];
            const PARTITION_KEY: &'static [&'static str] = &[$($pn),*];
            const COLUMN_NAMES: &'static [&'static str] = &[$($c),*];
            fn schema() -> &'static TableSchema {
                static SCHEMA: OnceLock<TableSchema> = OnceLock::new();
                SCHEMA.get_or_init(|| TableSchema {
                    keyspace: None,
                    name: $name,
                    columns: vec![$(col($c, $t, $kind)),*],
                    indexes: vec![],
                    default_ttl: None,
                    options: None,
                    view: $view,
                })
            }
            fn primary_key_values($k: &$key) -> impl coodie::scylla::serialize::row::SerializeRow + Send + Sync + '_ {
                $kv
            }
            fn partition_key_values($p: &$part) -> impl coodie::scylla::serialize::row::SerializeRow + Send + Sync + '_ {
                $pv
            }
        }
    };
}

fn view_of(
    base: &'static str,
    select_all: bool,
    filter: Option<&'static str>,
) -> Option<ViewSchema> {
    Some(ViewSchema {
        base_table: base,
        select_all,
        filter,
    })
}

const PK: ColumnKind = ColumnKind::PartitionKey;
const ASC: ColumnKind = ColumnKind::Clustering(Order::Asc);
const DESC: ColumnKind = ColumnKind::Clustering(Order::Desc);
const REG: ColumnKind = ColumnKind::Regular;

// ---- products, as in Python coodie's demo -------------------------------------

#[derive(Debug, Clone, PartialEq, DeserializeRow)]
#[scylla(crate = coodie::scylla)]
struct Product {
    id: Uuid,
    name: String,
    category: String,
    brand: String,
    price: f64,
    description: Option<String>,
    created_at: DateTime<Utc>,
}

hand_table!(
    Product,
    base = Product,
    name = "products",
    key = Uuid,
    key_values = |k| (k,),
    partition = Uuid,
    partition_values = |k| (k,),
    pk = ["id"],
    part = ["id"],
    view = None,
    columns = [
        ("id", "uuid", PK),
        ("name", "text", REG),
        ("category", "text", REG),
        ("brand", "text", REG),
        ("price", "double", REG),
        ("description", "text", REG),
        ("created_at", "timestamp", REG),
    ]
);

impl Document for Product {
    const STATIC_COLUMNS: &'static [&'static str] = &[];
    fn values(&self) -> impl coodie::scylla::serialize::row::SerializeRow + Send + Sync + '_ {
        (
            &self.id,
            &self.name,
            &self.category,
            &self.brand,
            &self.price,
            coodie::private::UnsetIfNone(&self.description),
            &self.created_at,
        )
    }
    fn primary_key(&self) -> Uuid {
        self.id
    }
}

#[derive(Debug, Clone, PartialEq, DeserializeRow)]
#[scylla(crate = coodie::scylla)]
struct ProductByCategory {
    category: String,
    id: Uuid,
    name: String,
    brand: String,
    price: f64,
}

hand_table!(
    ProductByCategory,
    base = Product,
    name = "products_by_category",
    key = (String, Uuid),
    key_values = |k| (&k.0, &k.1),
    partition = String,
    partition_values = |k| (k,),
    pk = ["category", "id"],
    part = ["category"],
    view = view_of("products", true, None),
    columns = [
        ("category", "text", PK),
        ("id", "uuid", ASC),
        ("name", "text", REG),
        ("brand", "text", REG),
        ("price", "double", REG),
    ]
);
impl MaterializedView for ProductByCategory {}

#[derive(Debug, Clone, PartialEq, DeserializeRow)]
#[scylla(crate = coodie::scylla)]
struct ProductByBrand {
    brand: String,
    id: Uuid,
    name: String,
    category: String,
    price: f64,
}

hand_table!(
    ProductByBrand,
    base = Product,
    name = "products_by_brand",
    key = (String, Uuid),
    key_values = |k| (&k.0, &k.1),
    partition = String,
    partition_values = |k| (k,),
    pk = ["brand", "id"],
    part = ["brand"],
    view = view_of("products", true, None),
    columns = [
        ("brand", "text", PK),
        ("id", "uuid", ASC),
        ("name", "text", REG),
        ("category", "text", REG),
        ("price", "double", REG),
    ]
);
impl MaterializedView for ProductByBrand {}

async fn create_products(db: &Session) {
    db.execute_ddl(&format!(
        "CREATE TABLE IF NOT EXISTS {KS}.products (id uuid PRIMARY KEY, name text, \
         category text, brand text, price double, description text, created_at timestamp)"
    ))
    .await
    .expect("create products");
}

// ---- readings: a composite base key ---------------------------------------------

#[derive(Debug, Clone, PartialEq, DeserializeRow)]
#[scylla(crate = coodie::scylla)]
struct Reading {
    sensor: String,
    day: i32,
    at: DateTime<Utc>,
    value: f64,
    note: Option<String>,
}

hand_table!(
    Reading, base = Reading, name = "readings",
    key = (String, i32, DateTime<Utc>), key_values = |k| (&k.0, &k.1, &k.2),
    partition = (String, i32), partition_values = |k| (&k.0, &k.1),
    pk = ["sensor", "day", "at"], part = ["sensor", "day"],
    view = None,
    columns = [
        ("sensor", "text", PK), ("day", "int", PK), ("at", "timestamp", ASC),
        ("value", "double", REG), ("note", "text", REG),
    ]
);

impl Document for Reading {
    const STATIC_COLUMNS: &'static [&'static str] = &[];
    fn values(&self) -> impl coodie::scylla::serialize::row::SerializeRow + Send + Sync + '_ {
        (
            &self.sensor,
            &self.day,
            &self.at,
            &self.value,
            coodie::private::UnsetIfNone(&self.note),
        )
    }
    fn primary_key(&self) -> (String, i32, DateTime<Utc>) {
        (self.sensor.clone(), self.day, self.at)
    }
}

/// Newest first, per sensor: the base key reshuffled, a descending clustering column.
#[derive(Debug, Clone, PartialEq, DeserializeRow)]
#[scylla(crate = coodie::scylla)]
struct LatestReading {
    sensor: String,
    at: DateTime<Utc>,
    day: i32,
    value: f64,
}

hand_table!(
    LatestReading, base = Reading, name = "latest_readings",
    key = (String, DateTime<Utc>, i32), key_values = |k| (&k.0, &k.1, &k.2),
    partition = String, partition_values = |k| (k,),
    pk = ["sensor", "at", "day"], part = ["sensor"],
    view = view_of("readings", true, None),
    columns = [
        ("sensor", "text", PK), ("at", "timestamp", DESC), ("day", "int", ASC),
        ("value", "double", REG),
    ]
);
impl MaterializedView for LatestReading {}

/// Only its own columns (`select = "columns"`), a composite partition key.
#[derive(Debug, Clone, PartialEq, DeserializeRow)]
#[scylla(crate = coodie::scylla)]
struct SlimReading {
    day: i32,
    sensor: String,
    at: DateTime<Utc>,
    value: f64,
}

hand_table!(
    SlimReading, base = Reading, name = "slim_readings",
    key = (i32, String, DateTime<Utc>), key_values = |k| (&k.0, &k.1, &k.2),
    partition = (i32, String), partition_values = |k| (&k.0, &k.1),
    pk = ["day", "sensor", "at"], part = ["day", "sensor"],
    view = view_of("readings", false, None),
    columns = [
        ("day", "int", PK), ("sensor", "text", PK), ("at", "timestamp", ASC),
        ("value", "double", REG),
    ]
);
impl MaterializedView for SlimReading {}

/// Only sensor `north`, by day (a filter on a base key column works on Cassandra and
/// ScyllaDB alike).
#[derive(Debug, Clone, PartialEq, DeserializeRow)]
#[scylla(crate = coodie::scylla)]
struct NorthReading {
    day: i32,
    at: DateTime<Utc>,
    sensor: String,
    value: f64,
}

hand_table!(
    NorthReading, base = Reading, name = "north_readings",
    key = (i32, DateTime<Utc>, String), key_values = |k| (&k.0, &k.1, &k.2),
    partition = i32, partition_values = |k| (k,),
    pk = ["day", "at", "sensor"], part = ["day"],
    view = view_of("readings", true, Some("\"sensor\" = 'north'")),
    columns = [
        ("day", "int", PK), ("at", "timestamp", ASC), ("sensor", "text", ASC),
        ("value", "double", REG),
    ]
);
impl MaterializedView for NorthReading {}

async fn create_readings(db: &Session) {
    db.execute_ddl(&format!(
        "CREATE TABLE IF NOT EXISTS {KS}.readings (sensor text, day int, at timestamp, \
         value double, note text, PRIMARY KEY ((sensor, day), at))"
    ))
    .await
    .expect("create readings");
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
    common::connect(KS).await
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

    let plan = ProductByBrand::sync_view_with(&db, ViewSyncOptions::default().dry_run(true))
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
            ViewDrift::PartitionKey {
                expected: vec!["category".into()],
                actual: vec!["brand".into()],
            },
            ViewDrift::ClusteringOrder {
                column: "id".into(),
                expected: Order::Asc,
                actual: Order::Desc,
            },
            ViewDrift::WhereClause {
                expected: "\"category\" IS NOT NULL AND \"id\" IS NOT NULL".into(),
                actual: "brand IS NOT NULL AND id IS NOT NULL".into(),
            },
        ],
        "{}",
        ViewDrift::list(&report.drift)
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
        ViewSyncOptions::default()
            .recreate_on_drift(true)
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

    let id = Uuid::new_v4();
    db.execute(
        &format!(
            "INSERT INTO {KS}.products (id, name, category, brand, price) VALUES (?, ?, ?, ?, ?)"
        ),
        (id, "Chrono Spanner", "tools", "Dimension-7", 12.5),
    )
    .await
    .expect("insert");

    let recreated =
        ProductByCategory::sync_view_with(&db, ViewSyncOptions::default().recreate_on_drift(true))
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
    let cql = format!("SELECT id, name FROM {KS}.products_by_category WHERE category = ?");
    let rows = eventually(Duration::from_secs(20), || async {
        let rows: Vec<(Uuid, String)> = db
            .execute(&cql, ("tools",))
            .await
            .ok()?
            .into_rows_result()
            .ok()?
            .rows::<(Uuid, String)>()
            .ok()?
            .collect::<Result<_, _>>()
            .ok()?;
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the recreated view serves the base rows within 20 s");
    assert_eq!(rows, vec![(id, "Chrono Spanner".to_string())]);
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
        [ViewDrift::WhereClause { expected, actual }] => {
            assert!(expected.ends_with("AND \"sensor\" = 'north'"), "{expected}");
            assert!(actual.contains("'south'"), "{actual}");
        }
        other => panic!("expected one WHERE clause drift, got {other:?}"),
    }

    let fixed =
        NorthReading::sync_view_with(&db, ViewSyncOptions::default().recreate_on_drift(true))
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
        vec![ViewDrift::SelectAll {
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
