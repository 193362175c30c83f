//! The base table and the two views of Python coodie's materialized-views demo,
//! with the same table, view and column names, as the tests use them.

use chrono::{DateTime, TimeZone, Utc};
use coodie::prelude::*;
use uuid::Uuid;

/// The demo's base table, with its two secondary indexes.
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

/// Products by category.
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
}

/// Products by brand.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "products_by_brand", base = Product)]
pub struct ProductByBrand {
    #[coodie(partition_key)]
    pub brand: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub name: String,
    pub category: String,
    pub price: f64,
}

/// A product with a new id, no description, created at a fixed time.
///
/// ```
/// let p = coodie_test_support::models::product("Boots", "apparel", "Dimension-7", 49.5);
/// assert_eq!(p.category, "apparel");
/// assert!(p.description.is_none());
/// ```
pub fn product(name: &str, category: &str, brand: &str, price: f64) -> Product {
    Product {
        id: Uuid::new_v4(),
        name: name.into(),
        category: category.into(),
        brand: brand.into(),
        price,
        description: None,
        created_at: Utc
            .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
            .single()
            .expect("a valid date"),
    }
}
