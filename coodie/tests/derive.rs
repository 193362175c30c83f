//! What `#[derive(Document)]` and `#[derive(MaterializedView)]` generate: schema,
//! consts and key types. No database needed.

use chrono::{DateTime, Utc};
use coodie::model::{ColumnKind, ColumnSchema, IndexSchema, Table};
use coodie::prelude::*;
use uuid::Uuid;

/// The demo's base table.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "products")]
pub struct Product {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub name: String,
    #[coodie(index)]
    pub category: String,
    #[coodie(index)]
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

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
            IndexSchema {
                name: "products_category_idx".into(),
                column: "category"
            },
            IndexSchema {
                name: "products_brand_idx".into(),
                column: "brand"
            },
        ]
    );
    assert_eq!(schema.default_ttl, None);
    assert_eq!(schema.options, None);
    assert_eq!(schema.view, None);
    assert!(std::ptr::eq(schema, Product::schema()), "built once");
}
