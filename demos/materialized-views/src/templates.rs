//! The page and its fragments, as compiled askama templates (HTML-escaped).

use askama::Template;
use uuid::Uuid;

use crate::error::AppError;
use crate::models::{Product, ProductByBrand, ProductByCategory, price_label};
use crate::seed_data::{BRANDS, CATEGORIES};

/// One view card of the page.
#[derive(Debug, Clone)]
pub struct Panel {
    /// The view's table name.
    pub view: &'static str,
    /// Its partition key column (also the query parameter).
    pub key: &'static str,
    /// The fragment URL.
    pub url: &'static str,
    /// Input placeholder.
    pub placeholder: &'static str,
    /// Suggestions list id.
    pub datalist: &'static str,
}

/// The page at `/`.
#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    /// The keyspace shown in hints.
    pub keyspace: String,
    /// The two view cards.
    pub panels: Vec<Panel>,
    /// Category suggestions.
    pub categories: &'static [&'static str],
    /// Brand suggestions.
    pub brands: &'static [&'static str],
}

impl IndexPage {
    /// The page for this keyspace.
    pub fn new(keyspace: &str) -> IndexPage {
        IndexPage {
            keyspace: keyspace.to_string(),
            panels: vec![
                Panel {
                    view: "products_by_category",
                    key: "category",
                    url: "/ui/views/by-category",
                    placeholder: "weapons, computing, temporal…",
                    datalist: "categories",
                },
                Panel {
                    view: "products_by_brand",
                    key: "brand",
                    url: "/ui/views/by-brand",
                    placeholder: "Dimension-7, Void-Rift…",
                    datalist: "brands",
                },
            ],
            categories: CATEGORIES,
            brands: BRANDS,
        }
    }
}

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

/// The base-table list fragment.
#[derive(Template)]
#[template(path = "product_list.html")]
pub struct ProductList {
    /// The rows.
    pub products: Vec<ListItem>,
    /// More rows exist than are shown.
    pub truncated: bool,
    /// The cap on rows.
    pub limit: usize,
}

impl ProductList {
    /// The list of `products` (at most `limit` shown), with `fresh` first and marked.
    pub fn new(mut products: Vec<Product>, limit: usize, fresh: Option<&Product>) -> ProductList {
        if let Some(f) = fresh {
            products.retain(|p| p.id != f.id);
            products.insert(0, f.clone());
        }
        let truncated = products.len() > limit;
        products.truncate(limit);
        ProductList {
            products: products
                .into_iter()
                .map(|p| ListItem {
                    fresh: fresh.is_some_and(|f| f.id == p.id),
                    price: p.price_label(),
                    id: p.id,
                    name: p.name,
                    category: p.category,
                    brand: p.brand,
                })
                .collect(),
            truncated,
            limit,
        }
    }
}

/// What a view card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewState {
    /// Nothing typed yet.
    Idle,
    /// Queried for this value.
    Found(String),
}

/// A view row as a card shows it.
#[derive(Debug, Clone)]
pub struct ViewRow {
    /// Name.
    pub name: String,
    /// The other attribute (brand in the category view, category in the brand view).
    pub other: String,
    /// `$1234.56`.
    pub price: String,
}

/// A view card's results fragment.
#[derive(Template)]
#[template(path = "view_results.html")]
pub struct ViewResults {
    /// The view's table name.
    pub view: &'static str,
    /// Its partition key column.
    pub key: &'static str,
    /// Idle or queried.
    pub state: ViewState,
    /// The rows found.
    pub rows: Vec<ViewRow>,
}

impl ViewResults {
    /// The empty state before anything is typed.
    pub fn idle(view: &'static str, key: &'static str) -> ViewResults {
        ViewResults {
            view,
            key,
            state: ViewState::Idle,
            rows: Vec::new(),
        }
    }

    /// Rows of `products_by_category` for `category`.
    pub fn by_category(category: String, rows: Vec<ProductByCategory>) -> ViewResults {
        ViewResults {
            view: "products_by_category",
            key: "category",
            state: ViewState::Found(category),
            rows: rows
                .into_iter()
                .map(|r| ViewRow {
                    price: price_label(r.price),
                    name: r.name,
                    other: r.brand,
                })
                .collect(),
        }
    }

    /// Rows of `products_by_brand` for `brand`.
    pub fn by_brand(brand: String, rows: Vec<ProductByBrand>) -> ViewResults {
        ViewResults {
            view: "products_by_brand",
            key: "brand",
            state: ViewState::Found(brand),
            rows: rows
                .into_iter()
                .map(|r| ViewRow {
                    price: price_label(r.price),
                    name: r.name,
                    other: r.category,
                })
                .collect(),
        }
    }
}

/// An error message fragment.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorFragment {
    /// Headline.
    pub title: String,
    /// Explanation.
    pub detail: String,
    /// The technical cause, folded away.
    pub cause: Option<String>,
}

/// Renders `error` as a message fragment.
pub fn render_error(error: &AppError) -> String {
    let title = match error {
        AppError::Invalid(e) => format!("Check the {} field", e.field),
        AppError::Database(_) => "The Oracle is silent (database unavailable)".to_string(),
        AppError::NotFound(_) => "Not found".to_string(),
        _ => "The request was refused".to_string(),
    };
    let (detail, cause) = match error {
        AppError::Invalid(e) => (format!("{}: {}", e.field, e.message), None),
        AppError::Database(e) => (
            "The database did not answer; try again in a moment \
             (if it is not running: make db-up)."
                .to_string(),
            Some(e.to_string()),
        ),
        other => (other.detail(), None),
    };
    render(&ErrorFragment {
        title,
        detail,
        cause,
    })
}

/// Renders a template; a rendering failure (a bug, not user input) becomes a short
/// message instead of a panic.
pub fn render<T: Template>(template: &T) -> String {
    template.render().unwrap_or_else(|e| {
        tracing::error!("template rendering failed: {e}");
        "<div class=\"alert\" role=\"alert\">The page could not be rendered.</div>".to_string()
    })
}
