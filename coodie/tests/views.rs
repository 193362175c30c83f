//! Materialized views on the real database, through coodie's own API: the base
//! table is written, the views follow (asynchronously, so reads retry within a
//! bound), and the views are read by their own keys without `ALLOW FILTERING`.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use coodie::prelude::*;
use coodie::schema::ViewOutcome;
use coodie::{InvalidQueryKind, SchemaSync, Session};
use coodie_test_support::models::{Product, ProductByBrand, ProductByCategory, product};
use coodie_test_support::{eventually, fresh_keyspace};
use futures::TryStreamExt;
use uuid::Uuid;

const KS: &str = "coodie_views";
const PROPAGATION: Duration = Duration::from_secs(15);

/// A composite base key: partition (sensor, day), clustering at.
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

/// Newest first per sensor, across days: the composite key reshuffled, a
/// descending clustering column.
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

/// Only its own columns, only sensor `north`, partitioned by day.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(
    view = "north_readings",
    base = Reading,
    select = "columns",
    filter = "\"sensor\" = 'north'"
)]
pub struct NorthReading {
    #[coodie(partition_key)]
    pub day: i32,
    #[coodie(clustering_key)]
    pub at: DateTime<Utc>,
    #[coodie(clustering_key)]
    pub sensor: String,
    pub value: f64,
}

/// The tests of this file share one keyspace; each builds its own rows (distinct
/// categories and brands), so they run in parallel.
async fn session() -> Session {
    static READY: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    READY
        .get_or_init(|| async {
            let db = fresh_keyspace(KS).await;
            let report = SchemaSync::new()
                .view::<ProductByCategory>()
                .view::<ProductByBrand>()
                .view::<LatestReading>()
                .view::<NorthReading>()
                .run(&db)
                .await
                .expect("schema sync");
            assert!(!report.has_drift(), "{report:?}");
        })
        .await;
    coodie_test_support::connect(KS).await
}

async fn in_category(db: &Session, category: &str) -> Vec<ProductByCategory> {
    ProductByCategory::find()
        .filter(|c| c.category.eq(category))
        .all(db)
        .await
        .expect("read the category view")
}

async fn of_brand(db: &Session, brand: &str) -> Vec<ProductByBrand> {
    ProductByBrand::find()
        .filter(|c| c.brand.eq(brand))
        .all(db)
        .await
        .expect("read the brand view")
}

#[tokio::test]
async fn a_base_insert_appears_in_every_view() {
    let db = session().await;
    let boots = product(
        "Gravity Inversion Boots",
        "insert-cat",
        "insert-brand",
        199.5,
    );
    boots.save(&db).await.expect("save");

    let by_category = eventually(PROPAGATION, || async {
        let rows = in_category(&db, "insert-cat").await;
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the product reaches products_by_category");
    assert_eq!(
        by_category,
        vec![ProductByCategory {
            category: "insert-cat".into(),
            id: boots.id,
            name: boots.name.clone(),
            brand: "insert-brand".into(),
            price: 199.5,
        }]
    );
    let by_brand = eventually(PROPAGATION, || async {
        let rows = of_brand(&db, "insert-brand").await;
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the product reaches products_by_brand");
    assert_eq!(by_brand.len(), 1);
    assert_eq!(by_brand[0].id, boots.id);
    assert_eq!(by_brand[0].category, "insert-cat");
}

#[tokio::test]
async fn a_base_delete_leaves_every_view() {
    let db = session().await;
    let lamp = product("Entropy Lamp", "delete-cat", "delete-brand", 5.0);
    lamp.save(&db).await.expect("save");
    eventually(PROPAGATION, || async {
        (in_category(&db, "delete-cat").await.len() == 1
            && of_brand(&db, "delete-brand").await.len() == 1)
            .then_some(())
    })
    .await
    .expect("the product reaches both views");

    lamp.delete(&db).await.expect("delete");
    let gone = eventually(PROPAGATION, || async {
        (in_category(&db, "delete-cat").await.is_empty()
            && of_brand(&db, "delete-brand").await.is_empty())
        .then_some(())
    })
    .await;
    assert!(gone.is_some(), "the product leaves both views");
    assert_eq!(Product::get(&db, lamp.id).await.expect("get"), None);
}

#[tokio::test]
async fn changing_a_view_key_column_moves_the_row_to_the_new_partition() {
    let db = session().await;
    let mut cube = product("Tesseract Cube", "move-from", "move-brand", 42.0);
    cube.save(&db).await.expect("save");
    eventually(PROPAGATION, || async {
        (in_category(&db, "move-from").await.len() == 1).then_some(())
    })
    .await
    .expect("the product reaches its first category");

    cube.category = "move-to".into();
    cube.save(&db).await.expect("save the new category");
    let moved = eventually(PROPAGATION, || async {
        let old = in_category(&db, "move-from").await;
        let new = in_category(&db, "move-to").await;
        (old.is_empty() && new.len() == 1).then_some(new)
    })
    .await
    .expect("the row moves to the new category partition");
    assert_eq!(moved[0].id, cube.id);
    assert_eq!(moved[0].category, "move-to");
    // The other view keeps it in the same partition, with the new category.
    let by_brand = eventually(PROPAGATION, || async {
        let rows = of_brand(&db, "move-brand").await;
        (rows.len() == 1 && rows[0].category == "move-to").then_some(rows)
    })
    .await;
    assert!(
        by_brand.is_some(),
        "products_by_brand shows the new category"
    );
}

#[tokio::test]
async fn a_view_is_read_by_its_own_keys_without_allow_filtering() {
    let db = session().await;
    let mut saved = Vec::new();
    for (i, name) in ["Flux Capacitor", "Ion Broom", "Quark Spoon"]
        .iter()
        .enumerate()
    {
        let p = product(
            name,
            "read-cat",
            &format!("read-brand-{i}"),
            10.0 + i as f64,
        );
        p.save(&db).await.expect("save");
        saved.push(p);
    }
    let query = ProductByCategory::find().filter(|c| c.category.eq("read-cat"));
    let cql = query.to_cql(KS);
    assert_eq!(
        cql,
        format!(
            "SELECT \"category\", \"id\", \"name\", \"brand\", \"price\" \
             FROM {KS}.products_by_category WHERE \"category\" = ?"
        )
    );
    assert!(!cql.contains("ALLOW FILTERING"));
    let rows = eventually(PROPAGATION, || async {
        let rows = query.all(&db).await.ok()?;
        (rows.len() == 3).then_some(rows)
    })
    .await
    .expect("three rows in the category partition");
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    ids.sort();
    let mut expected: Vec<Uuid> = saved.iter().map(|p| p.id).collect();
    expected.sort();
    assert_eq!(ids, expected, "clustered by id within the partition");

    // count, stream, pages, get by the view's full key.
    assert_eq!(query.count(&db).await.expect("count"), 3);
    let streamed: Vec<ProductByCategory> = query
        .clone()
        .page_size(1)
        .stream(&db)
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(streamed, rows);
    // Paging through the view partition, one row per page.
    let paged_query = query.clone().page_size(1);
    let mut paged = Vec::new();
    let mut state = None;
    loop {
        let page = paged_query.page(&db, state).await.expect("page");
        assert!(page.rows.len() <= 1);
        paged.extend(page.rows);
        match page.next {
            Some(next) => state = Some(next),
            None => break,
        }
    }
    assert_eq!(paged, rows);
    let one = &saved[1];
    let got = ProductByCategory::get(&db, ("read-cat".to_string(), one.id))
        .await
        .expect("get by view key")
        .expect("found");
    assert_eq!(got.name, "Ion Broom");
    let none = ProductByCategory::get(&db, ("read-cat".to_string(), Uuid::new_v4()))
        .await
        .expect("get a missing key");
    assert_eq!(none, None);

    // A filter on a view's non-key column alone would need ALLOW FILTERING: refused
    // before anything is sent.
    let refused = ProductByCategory::find()
        .filter(|c| c.brand.eq("read-brand-0"))
        .all(&db)
        .await;
    match refused {
        Err(coodie::Error::InvalidQuery(why)) => {
            assert!(why.is(InvalidQueryKind::NeedsAllowFiltering), "{why:?}");
            assert!(why.message.contains("ALLOW FILTERING"), "{why}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_view_over_a_composite_key_honours_descending_order() {
    let db = session().await;
    let at = |h| Utc.with_ymd_and_hms(2026, 11, 24, h, 0, 0).unwrap();
    let readings = [
        (1, at(9), 1.0),
        (1, at(11), 2.0),
        (2, at(10), 3.0),
        (2, at(12), 4.0),
    ];
    for (day, at, value) in readings {
        Reading {
            sensor: "desc-sensor".into(),
            day,
            at,
            value,
            note: None,
        }
        .save(&db)
        .await
        .expect("save");
    }
    let rows = eventually(PROPAGATION, || async {
        let rows = LatestReading::find()
            .filter(|c| c.sensor.eq("desc-sensor"))
            .all(&db)
            .await
            .ok()?;
        (rows.len() == 4).then_some(rows)
    })
    .await
    .expect("four readings in the view");
    let order: Vec<(i32, f64)> = rows.iter().map(|r| (r.day, r.value)).collect();
    assert_eq!(
        order,
        vec![(2, 4.0), (1, 2.0), (2, 3.0), (1, 1.0)],
        "newest first across both base partitions"
    );
    let newest_two = LatestReading::find()
        .filter(|c| c.sensor.eq("desc-sensor"))
        .limit(2)
        .all(&db)
        .await
        .expect("limit");
    assert_eq!(newest_two, rows[..2].to_vec());
    let oldest_first = LatestReading::find()
        .filter(|c| c.sensor.eq("desc-sensor"))
        .order_by(|c| c.at.asc())
        .all(&db)
        .await
        .expect("reversed order");
    let reversed: Vec<LatestReading> = rows.iter().rev().cloned().collect();
    assert_eq!(
        oldest_first, reversed,
        "ORDER BY reverses the view's clustering"
    );
    let got = LatestReading::get(&db, ("desc-sensor".to_string(), at(10), 2))
        .await
        .expect("get")
        .expect("found");
    assert_eq!(got.value, 3.0);
}

#[tokio::test]
async fn a_filtered_view_of_selected_columns_holds_only_matching_rows() {
    let db = session().await;
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    for (sensor, value) in [("north", 7.5), ("south", 9.5)] {
        Reading {
            sensor: sensor.into(),
            day: 77,
            at,
            value,
            note: Some("kept out of the view".into()),
        }
        .save(&db)
        .await
        .expect("save");
    }
    let rows = eventually(PROPAGATION, || async {
        let rows = NorthReading::find()
            .filter(|c| c.day.eq(77))
            .all(&db)
            .await
            .ok()?;
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the north reading reaches the view");
    assert_eq!(
        rows,
        vec![NorthReading {
            day: 77,
            at,
            sensor: "north".into(),
            value: 7.5,
        }]
    );
    // Give a south row the same time to arrive, were it (wrongly) let in.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        NorthReading::find()
            .filter(|c| c.day.eq(77))
            .count(&db)
            .await
            .expect("count"),
        1
    );
}

/// `(table, column)` of every column in the keyspace, sorted.
async fn keyspace_columns(db: &Session) -> Vec<(String, String)> {
    let mut columns: Vec<(String, String)> = db
        .execute(
            "SELECT table_name, column_name FROM system_schema.columns WHERE keyspace_name = ?",
            (KS,),
        )
        .await
        .expect("columns")
        .into_rows_result()
        .expect("rows")
        .rows::<(String, String)>()
        .expect("typed")
        .collect::<Result<_, _>>()
        .expect("row");
    columns.sort();
    columns
}

async fn names(db: &Session, keyspace: &str, cql: &str) -> Vec<String> {
    let mut names: Vec<String> = db
        .execute(cql, (keyspace,))
        .await
        .expect("schema query")
        .into_rows_result()
        .expect("rows")
        .rows::<(String,)>()
        .expect("typed")
        .map(|r| r.map(|(n,)| n))
        .collect::<Result<_, _>>()
        .expect("row");
    names.sort();
    names
}

#[tokio::test]
async fn the_demo_schema_is_the_one_python_coodie_creates() {
    let db = session().await;
    let tables = names(
        &db,
        KS,
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?",
    )
    .await;
    assert!(tables.contains(&"products".to_string()), "{tables:?}");
    let views = names(
        &db,
        KS,
        "SELECT view_name FROM system_schema.views WHERE keyspace_name = ?",
    )
    .await;
    for view in ["products_by_brand", "products_by_category"] {
        assert!(views.contains(&view.to_string()), "{views:?}");
    }
    let indexes = names(
        &db,
        KS,
        "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ?",
    )
    .await;
    assert_eq!(indexes, ["products_brand_idx", "products_category_idx"]);

    // `SELECT *` views: every base column, with the same names, in each of the three.
    let columns = keyspace_columns(&db).await;
    let python_columns = [
        "brand",
        "category",
        "created_at",
        "description",
        "id",
        "name",
        "price",
    ];
    for table in ["products", "products_by_brand", "products_by_category"] {
        let of_table: Vec<&str> = columns
            .iter()
            .filter(|(t, _)| t == table)
            .map(|(_, c)| c.as_str())
            .collect();
        assert_eq!(of_table, python_columns, "columns of {table}");
    }
    // Python coodie's view DDL, as its demo runs it.
    assert_eq!(
        ProductByCategory::create_view_cql(&db).expect("cql"),
        format!(
            "CREATE MATERIALIZED VIEW IF NOT EXISTS {KS}.products_by_category AS \
             SELECT * FROM {KS}.products WHERE \"category\" IS NOT NULL AND \"id\" IS NOT NULL \
             PRIMARY KEY (\"category\", \"id\")"
        )
    );
    assert_eq!(
        ProductByBrand::create_view_cql(&db).expect("cql"),
        format!(
            "CREATE MATERIALIZED VIEW IF NOT EXISTS {KS}.products_by_brand AS \
             SELECT * FROM {KS}.products WHERE \"brand\" IS NOT NULL AND \"id\" IS NOT NULL \
             PRIMARY KEY (\"brand\", \"id\")"
        )
    );

    // A second sync of the whole schema runs nothing.
    let again = SchemaSync::new()
        .table::<Product>()
        .view::<ProductByCategory>()
        .view::<ProductByBrand>()
        .run(&db)
        .await
        .expect("second sync");
    assert!(again.is_in_sync(), "{again:?}");
    assert_eq!(again.executed().count(), 0);
    assert!(
        again
            .views
            .iter()
            .all(|v| v.outcome == ViewOutcome::UpToDate)
    );
    assert_eq!(again.tables.len(), 1, "Product is synced once");
}

#[tokio::test]
async fn schema_sync_creates_base_then_views_and_plans_on_a_dry_run() {
    let db = fresh_keyspace("coodie_views_plan").await;
    let plan = SchemaSync::new()
        .view::<ProductByBrand>()
        .view::<ProductByCategory>()
        .run_with(&db, SyncOptions::default().dry_run(true))
        .await
        .expect("dry run");
    let statements: Vec<&str> = plan.executed().collect();
    assert!(
        statements[0].starts_with("CREATE TABLE IF NOT EXISTS coodie_views_plan.products"),
        "{statements:?}"
    );
    assert!(statements[1].starts_with("CREATE INDEX"), "{statements:?}");
    assert!(statements[2].starts_with("CREATE INDEX"), "{statements:?}");
    assert!(
        statements[3].contains("coodie_views_plan.products_by_brand AS"),
        "{statements:?}"
    );
    assert!(
        statements[4].contains("coodie_views_plan.products_by_category AS"),
        "{statements:?}"
    );
    assert_eq!(statements.len(), 5);
    let tables_after_plan = names(
        &db,
        "coodie_views_plan",
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?",
    )
    .await;
    assert!(
        tables_after_plan.is_empty(),
        "a dry run created {tables_after_plan:?}"
    );

    let done = SchemaSync::new()
        .view::<ProductByBrand>()
        .view::<ProductByCategory>()
        .run(&db)
        .await
        .expect("sync");
    assert_eq!(done.executed().collect::<Vec<_>>(), statements);
    assert!(done.views.iter().all(|v| v.outcome == ViewOutcome::Created));
    let again = SchemaSync::new()
        .view::<ProductByBrand>()
        .view::<ProductByCategory>()
        .run(&db)
        .await
        .expect("sync again");
    assert!(again.is_in_sync(), "{again:?}");
    db.drop_keyspace("coodie_views_plan").await.expect("drop");
}
