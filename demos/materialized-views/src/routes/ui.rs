//! The HTMX page and its HTML fragments.

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::HeaderValue;
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;
use crate::error::{AppError, UiError};
use crate::extract::{Params, ProductId};
use crate::templates::{IndexPage, ProductList, ViewResults, render};
use crate::validation::{ProductDraft, ProductForm, view_key};

/// How many base-table rows the page lists.
pub const LIST_LIMIT: usize = 100;

/// The event the page listens for to refresh the view cards after a write.
pub const CHANGED_EVENT: &str = "catalog-changed";

/// `GET /`: the page.
pub async fn index(State(state): State<AppState>) -> Html<String> {
    Html(render(&IndexPage::new(state.catalog.session().keyspace())))
}

/// `GET /ui/products`: the base-table list.
pub async fn list(State(state): State<AppState>) -> Result<Html<String>, UiError> {
    let products = state.catalog.list(Some(LIST_LIMIT as u32 + 1)).await?;
    Ok(Html(render(&ProductList::new(products, LIST_LIMIT, None))))
}

/// `POST /ui/products`: inserts from the form, answers with the list (the new row
/// first) and tells the view cards to refresh.
pub async fn create(
    State(state): State<AppState>,
    form: Result<Form<ProductForm>, FormRejection>,
) -> Result<Response, UiError> {
    let Form(form) =
        form.map_err(|e| AppError::BadRequest(format!("bad form: {}", e.body_text())))?;
    let product = ProductDraft::from_form(form)?.into_product();
    state.catalog.insert(&product).await?;
    tracing::info!(id = %product.id, "product inserted from the page");
    let products = state.catalog.list(Some(LIST_LIMIT as u32 + 1)).await?;
    Ok(changed(Html(render(&ProductList::new(
        products,
        LIST_LIMIT,
        Some(&product),
    )))))
}

/// `DELETE /ui/products/{id}`: deletes, answers with the list, refreshes the views.
pub async fn delete(
    State(state): State<AppState>,
    ProductId(id): ProductId,
) -> Result<Response, UiError> {
    if !state.catalog.delete(id).await? {
        return Err(AppError::NotFound(format!("product {id} is already gone")).into());
    }
    tracing::info!(%id, "product deleted from the page");
    let products = state.catalog.list(Some(LIST_LIMIT as u32 + 1)).await?;
    Ok(changed(Html(render(&ProductList::new(
        products, LIST_LIMIT, None,
    )))))
}

/// `GET /ui/views/by-category?category=`: the card's results (an empty value skips
/// the query).
pub async fn by_category(
    State(state): State<AppState>,
    params: Params,
) -> Result<Html<String>, UiError> {
    let Some(category) = card_key(&params, "category")? else {
        return Ok(Html(render(&ViewResults::idle(
            "products_by_category",
            "category",
        ))));
    };
    let rows = state.catalog.by_category(&category).await?;
    Ok(Html(render(&ViewResults::by_category(category, rows))))
}

/// `GET /ui/views/by-brand?brand=`: the card's results.
pub async fn by_brand(
    State(state): State<AppState>,
    params: Params,
) -> Result<Html<String>, UiError> {
    let Some(brand) = card_key(&params, "brand")? else {
        return Ok(Html(render(&ViewResults::idle(
            "products_by_brand",
            "brand",
        ))));
    };
    let rows = state.catalog.by_brand(&brand).await?;
    Ok(Html(render(&ViewResults::by_brand(brand, rows))))
}

/// The key typed into a view card, validated; `None` when the box is blank (the
/// card then shows its idle state and runs no query).
fn card_key(params: &Params, key: &str) -> Result<Option<String>, UiError> {
    let raw = params.get(key).unwrap_or_default();
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(view_key(key, Some(raw))?))
}

fn changed(html: Html<String>) -> Response {
    let mut response = html.into_response();
    response
        .headers_mut()
        .insert("HX-Trigger", HeaderValue::from_static(CHANGED_EVENT));
    response
}
