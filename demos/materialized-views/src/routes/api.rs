//! The JSON API: the base table (read and write) and the two views (read only).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::AppState;
use crate::error::{AppError, ErrorBody};
use crate::extract::{JsonBody, Params, ProductId};
use crate::models::{Product, ProductByBrand, ProductByCategory};
use crate::validation::{NewProduct, ProductDraft, view_key};

/// Every product in the base table.
#[utoipa::path(
    get, path = "/products", tag = "base table",
    responses(
        (status = 200, description = "All products (no paging)", body = [Product]),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn list_products(State(state): State<AppState>) -> Result<Json<Vec<Product>>, AppError> {
    Ok(Json(state.catalog.list(None).await?))
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
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn create_product(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, Json<Product>), AppError> {
    let product = ProductDraft::from_json(body)?.into_product();
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
        (status = 503, description = "Database unavailable", body = ErrorBody),
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
        (status = 503, description = "Database unavailable", body = ErrorBody),
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
/// `products_by_category` (one partition, no `ALLOW FILTERING`).
#[utoipa::path(
    get, path = "/views/by-category", tag = "materialized views",
    params(("category" = String, Query, description = "The category (the view's partition key)")),
    responses(
        (status = 200, description = "Rows of the view; `[]` when none", body = [ProductByCategory]),
        (status = 422, description = "`category` missing or empty", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn by_category(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<Vec<ProductByCategory>>, AppError> {
    let category = view_key("category", params.get("category"))?;
    Ok(Json(state.catalog.by_category(&category).await?))
}

/// Products of one brand, read from the materialized view `products_by_brand`.
#[utoipa::path(
    get, path = "/views/by-brand", tag = "materialized views",
    params(("brand" = String, Query, description = "The brand (the view's partition key)")),
    responses(
        (status = 200, description = "Rows of the view; `[]` when none", body = [ProductByBrand]),
        (status = 422, description = "`brand` missing or empty", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn by_brand(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<Vec<ProductByBrand>>, AppError> {
    let brand = view_key("brand", params.get("brand"))?;
    Ok(Json(state.catalog.by_brand(&brand).await?))
}
