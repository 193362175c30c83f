//! The base-table list: its first page, and the rows of each next page.

use askama::Template;
use uuid::Uuid;

use crate::models::Product;

/// A base-table row as the list shows it.
#[derive(Debug, Clone)]
pub struct ListItem {
    /// Product id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Category badge.
    pub category: String,
    /// Brand.
    pub brand: String,
    /// `$1234.56`.
    pub price: String,
    /// Just added by this request.
    pub fresh: bool,
}

impl ListItem {
    fn of(p: Product, fresh: bool) -> ListItem {
        ListItem {
            price: p.price_label(),
            fresh,
            id: p.id,
            name: p.name,
            category: p.category,
            brand: p.brand,
        }
    }
}

/// The base-table list fragment: the first page, a "more" button when more follow.
#[derive(Template)]
#[template(path = "product_list.html")]
pub struct ProductList {
    /// The rows.
    pub products: Vec<ListItem>,
    /// The fragment URL of the next page.
    pub more: Option<String>,
}

impl ProductList {
    /// The first page `products`, with `fresh` (just stored) first and marked.
    pub fn new(
        products: Vec<Product>,
        more: Option<String>,
        fresh: Option<&Product>,
    ) -> ProductList {
        let mut items: Vec<ListItem> = fresh
            .map(|f| ListItem::of(f.clone(), true))
            .into_iter()
            .collect();
        items.extend(
            products
                .into_iter()
                .filter(|p| fresh.is_none_or(|f| f.id != p.id))
                .map(|p| ListItem::of(p, false)),
        );
        ProductList {
            products: items,
            more,
        }
    }
}

/// The rows of a next page, replacing the "more" button they were loaded by.
#[derive(Template)]
#[template(path = "product_rows.html")]
pub struct ProductRows {
    /// The rows.
    pub products: Vec<ListItem>,
    /// The fragment URL of the page after.
    pub more: Option<String>,
}

impl ProductRows {
    /// The rows of `products`.
    pub fn new(products: Vec<Product>, more: Option<String>) -> ProductRows {
        ProductRows {
            products: products
                .into_iter()
                .map(|p| ListItem::of(p, false))
                .collect(),
            more,
        }
    }
}
