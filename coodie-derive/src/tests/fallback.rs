//! After an error, the expansion is the error and the stub impls that keep uses of
//! the type from failing too.

use super::assert_expansion;
use crate::expand::{derive_document, derive_materialized_view, derive_projection};

#[test]
fn document_with_errors() {
    assert_expansion!(
        "document_with_errors",
        derive_document,
        #[derive(Document)]
        #[coodie(table = "products", base = Product)]
        pub struct Product {
            #[coodie(partition_key)]
            pub id: Uuid,
            #[coodie(clustering_key)]
            pub at: i64,
            #[coodie(idx)]
            pub category: String,
            #[coodie(static_column)]
            pub label: Option<String>,
        }
    );
}

#[test]
fn view_with_errors() {
    assert_expansion!(
        "view_with_errors",
        derive_materialized_view,
        #[derive(MaterializedView)]
        #[coodie(view = "products_by_category", base = Product, table = "x")]
        pub struct ProductByCategory {
            #[coodie(partition_key, index)]
            pub category: String,
            #[coodie(clustering_key)]
            pub id: Uuid,
        }
    );
}

#[test]
fn view_without_base_has_no_stubs() {
    assert_expansion!(
        "view_without_base",
        derive_materialized_view,
        #[derive(MaterializedView)]
        pub struct ProductByCategory {
            #[coodie(partition_key)]
            pub category: String,
        }
    );
}

#[test]
fn enum_has_no_stubs() {
    assert_expansion!(
        "enum",
        derive_document,
        #[derive(Document)]
        pub enum Product {
            A,
        }
    );
}

#[test]
fn projection_with_errors() {
    assert_expansion!(
        "projection_with_errors",
        derive_projection,
        #[derive(Projection)]
        #[coodie(of = Product, table = "cards")]
        pub struct ProductCard {
            #[coodie(partition_key)]
            pub id: Uuid,
        }
    );
}
