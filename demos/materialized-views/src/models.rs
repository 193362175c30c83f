//! The catalog's base table and its two materialized views, as in the Python demo:
//! same table, view and column names, so either library reads what the other wrote.

use chrono::{DateTime, Utc};
use coodie::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A product in the base table `products`, partitioned by `id`, with secondary
/// indexes on `category` and `brand`.
///
/// ```
/// use materialized_views_demo::models::Product;
/// let p = Product {
///     id: uuid::Uuid::new_v4(),
///     name: "Quantum Entanglement Mouse".into(),
///     category: "computing".into(),
///     brand: "Dimension-7".into(),
///     price: 2999.99,
///     description: None,
///     created_at: chrono::Utc::now(),
/// };
/// assert_eq!(p.price_label(), "$2999.99");
/// ```
#[derive(Document, Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[coodie(table = "products")]
#[schema(description = "A product of the base table `products`")]
pub struct Product {
    /// Partition key, made by the server.
    #[coodie(partition_key)]
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Category (secondary index; partition key of `products_by_category`).
    #[coodie(index)]
    pub category: String,
    /// Brand (secondary index; partition key of `products_by_brand`).
    #[coodie(index)]
    pub brand: String,
    /// Price in dollars.
    pub price: f64,
    /// Optional free text.
    pub description: Option<String>,
    /// When the server stored the product.
    #[serde(serialize_with = "crate::json::timestamp")]
    pub created_at: DateTime<Utc>,
}

/// A row of the materialized view `products_by_category`: the base table
/// re-partitioned by `category`, clustered by `id`. Read-only: it has coodie's reads
/// (`get`, `find`, `count`, `stream`) and no writes. This does not compile
/// ("`ProductByCategory` is a materialized view of `Product`; write to `Product` instead"):
///
/// ```compile_fail
/// use coodie::prelude::*;
/// use materialized_views_demo::models::ProductByCategory;
/// async fn write_to_the_view(db: &coodie::Session, row: &ProductByCategory) -> coodie::Result<()> {
///     row.save(db).await
/// }
/// ```
#[derive(MaterializedView, Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[coodie(view = "products_by_category", base = Product)]
#[schema(description = "A row of the materialized view `products_by_category` (read-only)")]
pub struct ProductByCategory {
    /// Partition key of the view.
    #[coodie(partition_key)]
    pub category: String,
    /// Clustering key of the view (the base table's key).
    #[coodie(clustering_key)]
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Brand.
    pub brand: String,
    /// Price in dollars.
    pub price: f64,
    /// Optional free text.
    pub description: Option<String>,
    /// When the product was stored.
    #[serde(serialize_with = "crate::json::timestamp")]
    pub created_at: DateTime<Utc>,
}

/// A row of the materialized view `products_by_brand`: the base table
/// re-partitioned by `brand`, clustered by `id`. Read-only: it has coodie's reads
/// (`get`, `find`, `count`, `stream`) and no writes. This does not compile
/// ("`ProductByBrand` is a materialized view of `Product`; write to `Product` instead"):
///
/// ```compile_fail
/// use coodie::prelude::*;
/// use materialized_views_demo::models::ProductByBrand;
/// async fn write_to_the_view(db: &coodie::Session, row: &ProductByBrand) -> coodie::Result<()> {
///     row.save(db).await
/// }
/// ```
#[derive(MaterializedView, Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[coodie(view = "products_by_brand", base = Product)]
#[schema(description = "A row of the materialized view `products_by_brand` (read-only)")]
pub struct ProductByBrand {
    /// Partition key of the view.
    #[coodie(partition_key)]
    pub brand: String,
    /// Clustering key of the view (the base table's key).
    #[coodie(clustering_key)]
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Category.
    pub category: String,
    /// Price in dollars.
    pub price: f64,
    /// Optional free text.
    pub description: Option<String>,
    /// When the product was stored.
    #[serde(serialize_with = "crate::json::timestamp")]
    pub created_at: DateTime<Utc>,
}

/// A view of `products` partitioned by one text column, as the demo reads it: by
/// that key, a page at a time. Names (of the view and of its key, which is also the
/// query parameter) come from the model, not from string literals.
///
/// ```
/// use materialized_views_demo::models::{ProductByBrand, ProductByCategory, ProductView};
/// assert_eq!(ProductByCategory::KEY, "category");
/// assert_eq!(<ProductByBrand as coodie::prelude::Table>::NAME, "products_by_brand");
/// ```
pub trait ProductView: MaterializedView {
    /// The partition key column, also the name of the query parameter.
    const KEY: &'static str = Self::PARTITION_KEY[0];

    /// The rows of one partition: `WHERE <key> = ?`, the value bound.
    fn by_key(key: &str) -> Select<Self>;

    /// The product's name.
    fn name(&self) -> &str;

    /// The attribute the view is not partitioned by (brand or category).
    fn other(&self) -> &str;

    /// The price in dollars.
    fn price(&self) -> f64;
}

impl ProductView for ProductByCategory {
    fn by_key(key: &str) -> Select<Self> {
        ProductByCategory::find().filter(|c| c.category.eq(key))
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn other(&self) -> &str {
        &self.brand
    }
    fn price(&self) -> f64 {
        self.price
    }
}

impl ProductView for ProductByBrand {
    fn by_key(key: &str) -> Select<Self> {
        ProductByBrand::find().filter(|c| c.brand.eq(key))
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn other(&self) -> &str {
        &self.category
    }
    fn price(&self) -> f64 {
        self.price
    }
}

/// Formats a price as `$1234.56`.
///
/// ```
/// assert_eq!(materialized_views_demo::models::price_label(5.0), "$5.00");
/// ```
pub fn price_label(price: f64) -> String {
    format!("${price:.2}")
}

impl Product {
    /// The price as `$1234.56`.
    pub fn price_label(&self) -> String {
        price_label(self.price)
    }
}
