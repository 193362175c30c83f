//! The JSON API: the base table (read and write) and the two views (read only).
//! The list endpoints answer one page at a time (see [`super::listing`]).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};

use super::listing::{self, Listed};
use crate::AppState;
use crate::error::{AppError, ErrorBody};
use crate::extract::{JsonBody, ProductId, QueryParams};
use crate::input::{BrandQuery, CategoryQuery, NewProduct, Object, PageQuery};
use crate::models::{Product, ProductByBrand, ProductByCategory, ProductView};

/// Products of the base table, one page at a time in token order.
#[utoipa::path(
    get, path = "/products", tag = "base table",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of products", body = [Product],
         headers(("link" = String, description = "Present when more rows may follow: `<URL of the next page>; rel=\"next\"` (RFC 8288); the last page may be empty"))),
        (status = 422, description = "`limit` or `page` refused; `field` names it", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody, headers(
            ("retry-after" = u64, description = "Seconds to wait before trying again")
        )),
    )
)]
pub async fn list_products(
    State(state): State<AppState>,
    uri: Uri,
    QueryParams(page): QueryParams<PageQuery>,
) -> Result<Listed<Product>, AppError> {
    let found = listing::products(&state, &page).await?;
    Ok(Listed {
        next: found.next_url(uri.path(), &[], page.limit),
        rows: found.rows,
    })
}

/// Inserts a product into the base table; the server makes `id` and `created_at`.
/// Both views pick it up by themselves.
#[utoipa::path(
    post, path = "/products", tag = "base table",
    request_body = NewProduct,
    responses(
        (status = 201, description = "The stored product", body = Product),
        (status = 400, description = "The body is not valid JSON", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "A field was refused; `field` names it", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody, headers(
            ("retry-after" = u64, description = "Seconds to wait before trying again")
        )),
    )
)]
pub async fn create_product(
    State(state): State<AppState>,
    JsonBody(Object(body)): JsonBody<Object<NewProduct>>,
) -> Result<(StatusCode, Json<Product>), AppError> {
    let product = body.into_product();
    state.catalog.insert(&product).await?;
    tracing::info!(id = %product.id, category = %product.category, brand = %product.brand, "product inserted");
    Ok((StatusCode::CREATED, Json(product)))
}

/// One product of the base table.
#[utoipa::path(
    get, path = "/products/{id}", tag = "base table",
    params(("id" = uuid::Uuid, Path, description = "Product id")),
    responses(
        (status = 200, description = "The product", body = Product),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 422, description = "`id` is not a UUID", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody, headers(
            ("retry-after" = u64, description = "Seconds to wait before trying again")
        )),
    )
)]
pub async fn get_product(
    State(state): State<AppState>,
    ProductId(id): ProductId,
) -> Result<Json<Product>, AppError> {
    state
        .catalog
        .get(id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("product {id} not found")))
}

/// Deletes a product from the base table; both views drop it by themselves.
#[utoipa::path(
    delete, path = "/products/{id}", tag = "base table",
    params(("id" = uuid::Uuid, Path, description = "Product id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 422, description = "`id` is not a UUID", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody, headers(
            ("retry-after" = u64, description = "Seconds to wait before trying again")
        )),
    )
)]
pub async fn delete_product(
    State(state): State<AppState>,
    ProductId(id): ProductId,
) -> Result<StatusCode, AppError> {
    if state.catalog.delete(id).await? {
        tracing::info!(%id, "product deleted");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound(format!("product {id} not found")))
    }
}

/// Products of one category, read from the materialized view
/// `products_by_category` (one partition, no `ALLOW FILTERING`), a page at a time.
#[utoipa::path(
    get, path = "/views/by-category", tag = "materialized views",
    params(CategoryQuery, PageQuery),
    responses(
        (status = 200, description = "A page of rows of the view; `[]` when none", body = [ProductByCategory],
         headers(("link" = String, description = "Present when more rows may follow: `<URL of the next page>; rel=\"next\"` (RFC 8288); the last page may be empty"))),
        (status = 422, description = "`category`, `limit` or `page` refused; `field` names it", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody, headers(
            ("retry-after" = u64, description = "Seconds to wait before trying again")
        )),
    )
)]
pub async fn by_category(
    State(state): State<AppState>,
    uri: Uri,
    QueryParams(key): QueryParams<CategoryQuery>,
    QueryParams(page): QueryParams<PageQuery>,
) -> Result<Listed<ProductByCategory>, AppError> {
    view_page(&state, &uri, key.category.as_str(), page).await
}

/// Products of one brand, read from the materialized view `products_by_brand`, a
/// page at a time.
#[utoipa::path(
    get, path = "/views/by-brand", tag = "materialized views",
    params(BrandQuery, PageQuery),
    responses(
        (status = 200, description = "A page of rows of the view; `[]` when none", body = [ProductByBrand],
         headers(("link" = String, description = "Present when more rows may follow: `<URL of the next page>; rel=\"next\"` (RFC 8288); the last page may be empty"))),
        (status = 422, description = "`brand`, `limit` or `page` refused; `field` names it", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody, headers(
            ("retry-after" = u64, description = "Seconds to wait before trying again")
        )),
    )
)]
pub async fn by_brand(
    State(state): State<AppState>,
    uri: Uri,
    QueryParams(key): QueryParams<BrandQuery>,
    QueryParams(page): QueryParams<PageQuery>,
) -> Result<Listed<ProductByBrand>, AppError> {
    view_page(&state, &uri, key.brand.as_str(), page).await
}

async fn view_page<V: ProductView>(
    state: &AppState,
    uri: &Uri,
    key: &str,
    page: PageQuery,
) -> Result<Listed<V>, AppError> {
    let found = listing::view::<V>(state, key, &page).await?;
    Ok(Listed {
        next: found.next_url(uri.path(), &[(V::KEY, key)], page.limit),
        rows: found.rows,
    })
}
