//! The OpenAPI document and the interactive docs (Swagger UI, compiled into the
//! binary from the `utoipa-swagger-ui-vendored` crate: nothing is fetched online).

use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::ErrorBody;
use crate::input::NewProduct;
use crate::models::{Product, ProductByBrand, ProductByCategory};

/// The API description served at `/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "The Oracle's Mirror — Materialized Views",
        version = "0.1.0",
        description = "coodie's materialized views demo: write to the base table `products`; \
                       read by category or brand from the read-only views \
                       `products_by_category` and `products_by_brand`."
    ),
    paths(
        super::api::list_products,
        super::api::create_product,
        super::api::get_product,
        super::api::delete_product,
        super::api::by_category,
        super::api::by_brand,
    ),
    components(schemas(Product, ProductByCategory, ProductByBrand, NewProduct, ErrorBody)),
    tags(
        (name = "base table", description = "The `products` table: read and write"),
        (name = "materialized views", description = "Read-only views of `products`"),
    )
)]
pub struct ApiDoc;

/// `/docs` (Swagger UI) and `/openapi.json`.
pub fn swagger() -> SwaggerUi {
    SwaggerUi::new("/docs").url("/openapi.json", ApiDoc::openapi())
}
