//! What `#[derive(Document)]` and `#[derive(MaterializedView)]` generate: schema,
//! consts and key types. No database needed.

use chrono::{DateTime, Utc};
use coodie::model::{ColumnKind, ColumnSchema, IndexSchema, Order, Table};
use coodie::prelude::*;
use coodie_test_support::models::Product;
use uuid::Uuid;

#[path = "derive/full_model.rs"]
mod full_model;

/// The demo's base table, `coodie_test_support::models::Product`, as the derive
/// describes it.
fn col(name: &'static str, cql_type: &str, kind: ColumnKind) -> ColumnSchema {
    ColumnSchema {
        name,
        field: name,
        cql_type: cql_type.to_string(),
        kind,
    }
}

#[test]
fn product_schema_matches_the_demo_table() {
    let schema = Product::schema();
    assert_eq!(schema.name, "products");
    assert_eq!(schema.keyspace, None);
    assert_eq!(
        schema.columns,
        vec![
            col("id", "uuid", ColumnKind::PartitionKey),
            col("name", "text", ColumnKind::Regular),
            col("category", "text", ColumnKind::Regular),
            col("brand", "text", ColumnKind::Regular),
            col("price", "double", ColumnKind::Regular),
            col("description", "text", ColumnKind::Regular),
            col("created_at", "timestamp", ColumnKind::Regular),
        ]
    );
    assert_eq!(
        schema.indexes,
        vec![
            IndexSchema::secondary("products_category_idx", "category"),
            IndexSchema::secondary("products_brand_idx", "brand"),
        ]
    );
    assert_eq!(schema.default_ttl, None);
    assert_eq!(schema.options, None);
    assert_eq!(schema.view, None);
    assert!(std::ptr::eq(schema, Product::schema()), "built once");
}

#[test]
fn product_consts_and_keys() {
    assert_eq!(Product::NAME, "products");
    assert_eq!(Product::PRIMARY_KEY, &["id"]);
    assert_eq!(Product::PARTITION_KEY, &["id"]);
    assert_eq!(
        Product::COLUMN_NAMES,
        &[
            "id",
            "name",
            "category",
            "brand",
            "price",
            "description",
            "created_at"
        ]
    );
    assert!(Product::STATIC_COLUMNS.is_empty());

    // A one-column key is the column's own type.
    let product = sample_product();
    let key: <Product as Table>::PrimaryKey = product.primary_key();
    let _: Uuid = key;
    assert_eq!(key, product.id);
    let _: <Product as Table>::PartitionKey = Uuid::nil();
}

#[test]
fn product_columns_are_typed() {
    let c = Product::COLUMNS;
    assert_eq!(c.id.name(), "id");
    assert_eq!(c.id.kind(), ColumnKind::PartitionKey);
    assert_eq!(c.category.name(), "category");
    assert_eq!(c.category.kind(), ColumnKind::Regular);
    // An `Option<String>` field compares with `String` values.
    let _: coodie::query::Column<Product, String> = c.description;
    let _: coodie::query::Column<Product, DateTime<Utc>> = c.created_at;
}

fn sample_product() -> Product {
    Product {
        id: Uuid::new_v4(),
        name: "Quantum Entanglement Mouse".into(),
        category: "computing".into(),
        brand: "Dimension-7".into(),
        price: 2999.99,
        description: None,
        created_at: Utc::now(),
    }
}

/// A composite partition key, DESC clustering, a static column, a renamed column,
/// collections (one frozen), a timeuuid, a fixed keyspace, TTL and options.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(
    table = "sensor_events",
    keyspace = "telemetry",
    default_ttl = 86400,
    options = "comment = 'raw events' AND gc_grace_seconds = 3600"
)]
pub struct SensorEvent {
    #[coodie(partition_key)]
    pub site: String,
    #[coodie(partition_key)]
    pub day: chrono::NaiveDate,
    #[coodie(clustering_key, order = "desc")]
    pub at: DateTime<Utc>,
    #[coodie(clustering_key, timeuuid)]
    pub event_id: Uuid,
    #[coodie(static_column)]
    pub site_label: Option<String>,
    #[coodie(rename = "value")]
    pub reading: f64,
    pub tags: std::collections::BTreeSet<String>,
    #[coodie(frozen)]
    pub samples: Vec<i32>,
    pub attributes: std::collections::HashMap<String, Vec<i64>>,
    pub raw: Option<Vec<u8>>,
    pub source: Option<std::net::IpAddr>,
    #[coodie(index = "events_by_kind")]
    pub kind: i16,
    #[coodie(timeuuid)]
    pub trace: Option<Uuid>,
    pub small: i8,
    pub count: i32,
    pub big: i64,
    pub ratio: f32,
    pub ok: bool,
    pub time_of_day: chrono::NaiveTime,
    pub r#type: String,
}

#[test]
fn composite_model_schema() {
    let schema = SensorEvent::schema();
    assert_eq!(schema.name, "sensor_events");
    assert_eq!(schema.keyspace, Some("telemetry"));
    assert_eq!(schema.default_ttl, Some(86400));
    assert_eq!(
        schema.options,
        Some("comment = 'raw events' AND gc_grace_seconds = 3600")
    );
    let got: Vec<(&str, &str, &str, ColumnKind)> = schema
        .columns
        .iter()
        .map(|c| (c.name, c.field, c.cql_type.as_str(), c.kind))
        .collect();
    use ColumnKind::*;
    assert_eq!(
        got,
        vec![
            ("site", "site", "text", PartitionKey),
            ("day", "day", "date", PartitionKey),
            ("at", "at", "timestamp", Clustering(Order::Desc)),
            ("event_id", "event_id", "timeuuid", Clustering(Order::Asc)),
            ("site_label", "site_label", "text", Static),
            ("value", "reading", "double", Regular),
            ("tags", "tags", "set<text>", Regular),
            ("samples", "samples", "frozen<list<int>>", Regular),
            (
                "attributes",
                "attributes",
                "map<text, frozen<list<bigint>>>",
                Regular
            ),
            ("raw", "raw", "blob", Regular),
            ("source", "source", "inet", Regular),
            ("kind", "kind", "smallint", Regular),
            ("trace", "trace", "timeuuid", Regular),
            ("small", "small", "tinyint", Regular),
            ("count", "count", "int", Regular),
            ("big", "big", "bigint", Regular),
            ("ratio", "ratio", "float", Regular),
            ("ok", "ok", "boolean", Regular),
            ("time_of_day", "time_of_day", "time", Regular),
            ("type", "type", "text", Regular),
        ]
    );
    assert_eq!(
        schema.indexes,
        vec![IndexSchema::secondary("events_by_kind", "kind")]
    );
    assert_eq!(
        schema.partition_key().map(|c| c.name).collect::<Vec<_>>(),
        ["site", "day"]
    );
    assert_eq!(
        schema
            .clustering_key()
            .map(|(c, o)| (c.name, o))
            .collect::<Vec<_>>(),
        [("at", Order::Desc), ("event_id", Order::Asc)]
    );
    assert_eq!(schema.view, None);
}

#[test]
fn composite_model_consts_and_keys() {
    assert_eq!(SensorEvent::NAME, "sensor_events");
    assert_eq!(SensorEvent::PARTITION_KEY, &["site", "day"]);
    assert_eq!(SensorEvent::PRIMARY_KEY, &["site", "day", "at", "event_id"]);
    assert_eq!(SensorEvent::STATIC_COLUMNS, &["site_label"]);
    assert_eq!(SensorEvent::COLUMN_NAMES.len(), 20);
    assert_eq!(SensorEvent::COLUMN_NAMES[5], "value");
    assert_eq!(SensorEvent::COLUMNS.reading.name(), "value");
    assert_eq!(
        SensorEvent::COLUMNS.at.kind(),
        ColumnKind::Clustering(Order::Desc)
    );
    assert_eq!(SensorEvent::COLUMNS.site_label.kind(), ColumnKind::Static);

    let event = sample_event();
    // A composite key is a tuple in key order: partition columns, then clustering.
    let key: (String, chrono::NaiveDate, DateTime<Utc>, Uuid) = event.primary_key();
    assert_eq!(
        key,
        (event.site.clone(), event.day, event.at, event.event_id)
    );
    let _: <SensorEvent as Table>::PartitionKey = (String::new(), event.day);
}

fn sample_event() -> SensorEvent {
    SensorEvent {
        site: "north".into(),
        day: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date"),
        at: Utc::now(),
        event_id: Uuid::new_v4(),
        site_label: Some("North pole".into()),
        reading: 1.5,
        tags: ["a".to_string()].into(),
        samples: vec![1, 2],
        attributes: Default::default(),
        raw: None,
        source: None,
        kind: 3,
        trace: None,
        small: 1,
        count: 2,
        big: 3,
        ratio: 0.5,
        ok: true,
        time_of_day: chrono::NaiveTime::from_hms_opt(12, 0, 0).expect("valid time"),
        r#type: "reading".into(),
    }
}

/// Without `table`, the name is the struct's name in snake_case.
#[derive(Document)]
struct HTTPRequestLog {
    #[coodie(partition_key)]
    id: i64,
}

#[test]
fn default_table_name_is_snake_case() {
    assert_eq!(HTTPRequestLog::NAME, "http_request_log");
    assert_eq!(HTTPRequestLog::schema().name, "http_request_log");
    let log = HTTPRequestLog { id: 7 };
    assert_eq!(log.primary_key(), 7);
}

/// The cells `values()` writes, in order: `None` for *unset*, else the bytes.
fn serialized_cells<D: Document>(
    doc: &D,
    types: &[coodie::scylla::frame::response::result::NativeType],
) -> Vec<Option<Vec<u8>>> {
    use coodie::scylla::frame::response::result::{ColumnSpec, ColumnType, TableSpec};
    use coodie::scylla::serialize::row::{RowSerializationContext, SerializeRow};
    use coodie::scylla::serialize::writers::RowWriter;

    let specs: Vec<ColumnSpec> = D::COLUMN_NAMES
        .iter()
        .zip(types)
        .map(|(name, typ)| {
            ColumnSpec::borrowed(
                name,
                ColumnType::Native(typ.clone()),
                TableSpec::borrowed("ks", D::NAME),
            )
        })
        .collect();
    let ctx = RowSerializationContext::from_specs(&specs);
    let mut buf = Vec::new();
    let mut writer = RowWriter::new(&mut buf);
    doc.values()
        .serialize(&ctx, &mut writer)
        .expect("serializes");
    assert_eq!(writer.value_count(), D::COLUMN_NAMES.len());

    let mut cells = Vec::new();
    let mut rest = buf.as_slice();
    while !rest.is_empty() {
        let len = i32::from_be_bytes(rest[..4].try_into().expect("4 bytes"));
        rest = &rest[4..];
        if len == -2 {
            cells.push(None);
        } else {
            let len = usize::try_from(len).expect("no nulls are written");
            cells.push(Some(rest[..len].to_vec()));
            rest = &rest[len..];
        }
    }
    cells
}

#[test]
fn values_are_in_column_order_and_none_is_unset() {
    use coodie::scylla::frame::response::result::NativeType::*;
    let types = [Uuid, Text, Text, Text, Double, Text, Timestamp];

    let mut product = sample_product();
    let cells = serialized_cells(&product, &types);
    assert_eq!(cells.len(), 7);
    assert_eq!(cells[0].as_deref(), Some(product.id.as_bytes().as_slice()));
    assert_eq!(cells[1].as_deref(), Some(product.name.as_bytes()));
    assert_eq!(cells[2].as_deref(), Some(b"computing".as_slice()));
    assert_eq!(
        cells[4].as_deref(),
        Some(2999.99f64.to_be_bytes().as_slice())
    );
    assert_eq!(cells[5], None, "None is written as unset, not null");

    product.description = Some("fast".into());
    let cells = serialized_cells(&product, &types);
    assert_eq!(cells[5].as_deref(), Some(b"fast".as_slice()));
}

/// The demo's view: the base re-partitioned by `category`.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "products_by_category", base = Product)]
pub struct ProductByCategory {
    #[coodie(partition_key)]
    pub category: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub name: String,
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[test]
fn view_schema_points_at_its_base() {
    use coodie::model::ViewSchema;
    let schema = ProductByCategory::schema();
    assert_eq!(schema.name, "products_by_category");
    assert_eq!(schema.keyspace, None, "follows the base");
    assert_eq!(
        schema.view,
        Some(ViewSchema {
            base_table: "products",
            select_all: true,
            filter: None
        })
    );
    assert!(schema.indexes.is_empty());
    assert_eq!(schema.default_ttl, None);
    let got: Vec<(&str, &str, ColumnKind)> = schema
        .columns
        .iter()
        .map(|c| (c.name, c.cql_type.as_str(), c.kind))
        .collect();
    assert_eq!(
        got,
        vec![
            ("category", "text", ColumnKind::PartitionKey),
            ("id", "uuid", ColumnKind::Clustering(Order::Asc)),
            ("name", "text", ColumnKind::Regular),
            ("brand", "text", ColumnKind::Regular),
            ("price", "double", ColumnKind::Regular),
            ("description", "text", ColumnKind::Regular),
            ("created_at", "timestamp", ColumnKind::Regular),
        ]
    );
}

#[test]
fn view_consts_and_keys() {
    fn base_of<V: Table<Base = Product>>() {}
    base_of::<ProductByCategory>();
    assert_eq!(ProductByCategory::NAME, "products_by_category");
    assert_eq!(ProductByCategory::PRIMARY_KEY, &["category", "id"]);
    assert_eq!(ProductByCategory::PARTITION_KEY, &["category"]);
    let _: <ProductByCategory as Table>::PrimaryKey = (String::new(), Uuid::nil());
    let _: <ProductByCategory as Table>::PartitionKey = String::new();
    let _: coodie::query::Column<ProductByCategory, String, coodie::query::role::PartitionKey> =
        ProductByCategory::COLUMNS.category;
}

/// A view of the composite model: selected columns only, DESC clustering, a
/// filter, a timeuuid key column, a renamed field, and a fixed base keyspace.
#[derive(MaterializedView, Debug)]
#[coodie(
    view = "events_by_kind",
    base = SensorEvent,
    select = "columns",
    filter = "\"kind\" > 0"
)]
pub struct EventsByKind {
    #[coodie(partition_key)]
    pub kind: i16,
    #[coodie(clustering_key, order = "desc")]
    pub at: DateTime<Utc>,
    #[coodie(clustering_key)]
    pub site: String,
    #[coodie(clustering_key)]
    pub day: chrono::NaiveDate,
    #[coodie(clustering_key)]
    pub event_id: Uuid,
    #[coodie(rename = "value")]
    pub measured: f64,
    pub samples: Vec<i32>,
}

#[test]
fn composite_view_schema() {
    let schema = EventsByKind::schema();
    assert_eq!(schema.keyspace, Some("telemetry"), "the base's keyspace");
    let view = schema.view.as_ref().expect("a view");
    assert_eq!(view.base_table, "sensor_events");
    assert!(!view.select_all);
    assert_eq!(view.filter, Some("\"kind\" > 0"));
    let got: Vec<(&str, &str, &str, ColumnKind)> = schema
        .columns
        .iter()
        .map(|c| (c.name, c.field, c.cql_type.as_str(), c.kind))
        .collect();
    use ColumnKind::*;
    assert_eq!(
        got,
        vec![
            ("kind", "kind", "smallint", PartitionKey),
            ("at", "at", "timestamp", Clustering(Order::Desc)),
            ("site", "site", "text", Clustering(Order::Asc)),
            ("day", "day", "date", Clustering(Order::Asc)),
            // The base's CQL type carries over: `timeuuid`, `frozen<...>`.
            ("event_id", "event_id", "timeuuid", Clustering(Order::Asc)),
            ("value", "measured", "double", Regular),
            ("samples", "samples", "frozen<list<int>>", Regular),
        ]
    );
    assert_eq!(
        EventsByKind::PRIMARY_KEY,
        &["kind", "at", "site", "day", "event_id"]
    );
    let _: <EventsByKind as Table>::PrimaryKey = (
        3i16,
        Utc::now(),
        String::new(),
        chrono::NaiveDate::MIN,
        Uuid::nil(),
    );
}

#[test]
fn row_type_errors_name_the_users_type() {
    use coodie::scylla::deserialize::row::DeserializeRow;
    use coodie::scylla::frame::response::result::{ColumnSpec, ColumnType, NativeType, TableSpec};

    // `products` read with a column missing: the error names `Product`, not the
    // hidden helper the derive reads rows through.
    let specs: Vec<ColumnSpec> = Product::COLUMN_NAMES[..3]
        .iter()
        .map(|name| {
            ColumnSpec::borrowed(
                name,
                ColumnType::Native(NativeType::Text),
                TableSpec::borrowed("ks", "products"),
            )
        })
        .collect();
    let err = <Product as DeserializeRow>::type_check(&specs).expect_err("wrong column count");
    let message = err.to_string();
    assert!(message.contains("models::Product"), "{message}");
    assert!(!message.contains("__ProductRow"), "{message}");
}
