//! The HTMX page and its HTML fragments. Lists show their first page and a "Show
//! more" button that loads the next one in place.

mod error;

pub use error::{FormBody, UiError, UiQuery};

use axum::extract::State;
use axum::http::{HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::listing;
use crate::AppState;
use crate::error::AppError;
use crate::extract::ProductId;
use crate::input::{Key, NewProduct, PageQuery, ProductForm, blank_as_none};
use crate::models::{Product, ProductByBrand, ProductByCategory, ProductView};
use crate::templates::{HtmlTemplate, IndexPage, ProductList, ProductRows, ViewResults, ViewRows};

/// The URL of the base-table list fragment.
pub const LIST_URL: &str = "/ui/products";

/// The event the page listens for to refresh the view cards after a write.
pub const CHANGED_EVENT: &str = "catalog-changed";

/// `GET /`: the page.
pub async fn index(State(state): State<AppState>) -> HtmlTemplate<IndexPage> {
    HtmlTemplate(IndexPage::new(state.catalog.session().keyspace()))
}

/// `GET /ui/products`: the base-table list; with `page`, the rows of that page.
pub async fn list(
    State(state): State<AppState>,
    UiQuery(page): UiQuery<PageQuery>,
) -> Result<Response, UiError> {
    let found = listing::products(&state, &page).await?;
    let more = found.next_url(LIST_URL, &[], page.limit);
    Ok(if page.page.is_some() {
        HtmlTemplate(ProductRows::new(found.rows, more)).into_response()
    } else {
        HtmlTemplate(ProductList::new(found.rows, more, None)).into_response()
    })
}

/// The first page of the list, with `fresh` (just stored) first.
async fn first_page(state: &AppState, fresh: Option<&Product>) -> Result<Response, UiError> {
    let page = PageQuery::default();
    let found = listing::products(state, &page).await?;
    let more = found.next_url(LIST_URL, &[], page.limit);
    let mut response = HtmlTemplate(ProductList::new(found.rows, more, fresh)).into_response();
    response
        .headers_mut()
        .insert("HX-Trigger", HeaderValue::from_static(CHANGED_EVENT));
    Ok(response)
}

/// `POST /ui/products`: inserts from the form, answers with the list (the new row
/// first) and tells the view cards to refresh.
pub async fn create(
    State(state): State<AppState>,
    FormBody(form): FormBody<ProductForm>,
) -> Result<Response, UiError> {
    let product = NewProduct::from(form).into_product();
    state.catalog.insert(&product).await?;
    tracing::info!(id = %product.id, "product inserted from the page");
    first_page(&state, Some(&product)).await
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
    first_page(&state, None).await
}

/// `?category=` of a view card: blank means nothing typed yet.
#[derive(Debug, Deserialize)]
pub struct CategoryCard {
    #[serde(default, deserialize_with = "blank_as_none")]
    category: Option<Key>,
}

/// `?brand=` of a view card.
#[derive(Debug, Deserialize)]
pub struct BrandCard {
    #[serde(default, deserialize_with = "blank_as_none")]
    brand: Option<Key>,
}

/// `GET /ui/views/by-category?category=`: the card's results (a blank value skips
/// the query); with `page`, the rows of that page.
pub async fn by_category(
    State(state): State<AppState>,
    uri: Uri,
    UiQuery(card): UiQuery<CategoryCard>,
    UiQuery(page): UiQuery<PageQuery>,
) -> Result<Response, UiError> {
    card_page::<ProductByCategory>(&state, &uri, card.category, page).await
}

/// `GET /ui/views/by-brand?brand=`: the card's results.
pub async fn by_brand(
    State(state): State<AppState>,
    uri: Uri,
    UiQuery(card): UiQuery<BrandCard>,
    UiQuery(page): UiQuery<PageQuery>,
) -> Result<Response, UiError> {
    card_page::<ProductByBrand>(&state, &uri, card.brand, page).await
}

async fn card_page<V: ProductView>(
    state: &AppState,
    uri: &Uri,
    key: Option<Key>,
    page: PageQuery,
) -> Result<Response, UiError> {
    let Some(key) = key else {
        return Ok(HtmlTemplate(ViewResults::idle::<V>()).into_response());
    };
    let found = listing::view::<V>(state, key.as_str(), &page).await?;
    let more = found.next_url(uri.path(), &[(V::KEY, key.as_str())], page.limit);
    Ok(if page.page.is_some() {
        HtmlTemplate(ViewRows::new(&found.rows, more)).into_response()
    } else {
        HtmlTemplate(ViewResults::found(key.as_str(), &found.rows, more)).into_response()
    })
}
