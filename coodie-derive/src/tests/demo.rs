//! The demo's three models (`demos/materialized-views/src/models.rs`, without
//! their serde and utoipa derives): the base table and its two views.

use super::assert_expansion;
use crate::expand::{derive_document, derive_materialized_view};

#[test]
fn product() {
    assert_expansion!(
        "product",
        derive_document,
        #[derive(Document, Debug, Clone, PartialEq)]
        #[coodie(table = "products")]
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
            pub created_at: DateTime<Utc>,
        }
    );
}

#[test]
fn product_by_category() {
    assert_expansion!(
        "product_by_category",
        derive_materialized_view,
        #[derive(MaterializedView, Debug, Clone, PartialEq)]
        #[coodie(view = "products_by_category", base = Product)]
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
            pub created_at: DateTime<Utc>,
        }
    );
}

#[test]
fn product_by_brand() {
    assert_expansion!(
        "product_by_brand",
        derive_materialized_view,
        #[derive(MaterializedView, Debug, Clone, PartialEq)]
        #[coodie(view = "products_by_brand", base = Product)]
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
            pub created_at: DateTime<Utc>,
        }
    );
}
