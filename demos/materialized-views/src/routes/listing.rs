//! Listings a page at a time, for the API and the page alike: the rows of one page
//! and the signed token of the next ([`crate::paging`]). The API answers a page as a
//! JSON array (the body of the original demo, so its clients keep working) with the
//! next page in a `Link: <…>; rel="next"` header (RFC 8288).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use coodie::prelude::Table;
use serde::Serialize;

use crate::AppState;
use crate::error::AppError;
use crate::input::{Limit, PageQuery};
use crate::models::{Product, ProductView};

/// The rows of one page and the token of the next (`None` on the last page).
#[derive(Debug)]
pub struct PageOf<T> {
    /// The rows of this page.
    pub rows: Vec<T>,
    /// The `page` parameter of the next page.
    pub next: Option<String>,
}

/// The page of the base table that `page` asks for.
pub async fn products(state: &AppState, page: &PageQuery) -> Result<PageOf<Product>, AppError> {
    let listing = Product::NAME;
    let from = state.pages.resume(listing, page.page.as_ref())?;
    let rows = state.catalog.products_page(page.limit.get(), from).await?;
    Ok(PageOf {
        next: state.pages.next_token(listing, &rows),
        rows: rows.rows,
    })
}

/// The page of partition `key` of the view `V` that `page` asks for.
pub async fn view<V: ProductView>(
    state: &AppState,
    key: &str,
    page: &PageQuery,
) -> Result<PageOf<V>, AppError> {
    // A token is signed for one view and one key: it cannot be replayed elsewhere.
    let listing = format!("{}\0{key}", V::NAME);
    let from = state.pages.resume(&listing, page.page.as_ref())?;
    let rows = state
        .catalog
        .view_page::<V>(key, page.limit.get(), from)
        .await?;
    Ok(PageOf {
        next: state.pages.next_token(&listing, &rows),
        rows: rows.rows,
    })
}

impl<T> PageOf<T> {
    /// The URL of the next page at `path` (with the listing's own `params`), if any.
    pub fn next_url(&self, path: &str, params: &[(&str, &str)], limit: Limit) -> Option<String> {
        Some(next_url(path, params, limit, self.next.as_deref()?))
    }
}

/// `path` with the listing's own parameters, `limit` and `page`, form-encoded.
///
/// ```
/// use materialized_views_demo::input::Limit;
/// use materialized_views_demo::routes::listing::next_url;
/// assert_eq!(
///     next_url("/views/by-brand", &[("brand", "Void Rift")], Limit::default(), "ab12"),
///     "/views/by-brand?brand=Void+Rift&limit=100&page=ab12"
/// );
/// ```
pub fn next_url(path: &str, params: &[(&str, &str)], limit: Limit, token: &str) -> String {
    let limit = limit.get().to_string();
    let mut pairs: Vec<(&str, &str)> = params.to_vec();
    pairs.push(("limit", &limit));
    pairs.push(("page", token));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("{path}?{query}")
}

/// A page as the API answers it: the rows as a JSON array, and a `Link` header to
/// the next page when there is one.
#[derive(Debug)]
pub struct Listed<T> {
    /// The rows of this page.
    pub rows: Vec<T>,
    /// The URL of the next page.
    pub next: Option<String>,
}

impl<T: Serialize> IntoResponse for Listed<T> {
    fn into_response(self) -> Response {
        let mut response = crate::json::rows(&self.rows);
        let link = self
            .next
            .and_then(|url| HeaderValue::try_from(format!("<{url}>; rel=\"next\"")).ok());
        if let Some(link) = link {
            response.headers_mut().insert(header::LINK, link);
        }
        response
    }
}
