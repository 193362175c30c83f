//! The documents every library writes and reads: the demo's `products` table,
//! as plain data that each library turns into its own type outside the timed part.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The view partition `mv_partition` reads (`products_by_category`).
pub const MV_CATEGORY: &str = "bench-mv";
/// The view partition `stream` reads.
pub const STREAM_CATEGORY: &str = "bench-stream";
/// The description every product carries (the same text as `tools/python/bench.py`).
pub const DESCRIPTION: &str =
    "Emits faint purple pulses when near a dimensional rift. Handle with insulated gloves.";

/// One product, library-neutral.
#[derive(Debug, Clone)]
pub struct ProductData {
    pub id: Uuid,
    pub name: String,
    pub category: String,
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl ProductData {
    /// The `i`-th product of `category` (new inserts spread over 100 categories
    /// `bench-ins-N` when `category` is `None`, as Python's bench does).
    pub fn new(i: usize, category: Option<&str>) -> ProductData {
        ProductData {
            id: Uuid::new_v4(),
            name: format!("Bench Artifact {i}"),
            category: category.map_or_else(|| format!("bench-ins-{}", i % 100), str::to_string),
            brand: format!("bench-brand-{}", i % 14),
            price: 10.0 + (i % 100_000) as f64 / 100.0,
            description: Some(DESCRIPTION.to_string()),
            created_at: Utc::now(),
        }
    }

    /// `n` new products.
    pub fn many(n: usize, category: Option<&str>) -> Vec<ProductData> {
        (0..n).map(|i| ProductData::new(i, category)).collect()
    }
}

/// The price `update` writes on its `i`-th call.
pub fn updated_price(i: usize) -> f64 {
    1.0 + (i % 10_000) as f64 / 100.0
}

/// Implements `From<&ProductData>` for a library's product type, which has the
/// same seven fields: one definition of the copy for every library.
macro_rules! from_product_data {
    ($product:ty) => {
        impl From<&$crate::product::ProductData> for $product {
            fn from(d: &$crate::product::ProductData) -> Self {
                Self {
                    id: d.id,
                    name: d.name.clone(),
                    category: d.category.clone(),
                    brand: d.brand.clone(),
                    price: d.price,
                    description: d.description.clone(),
                    created_at: d.created_at,
                }
            }
        }
    };
}

pub(crate) use from_product_data;
