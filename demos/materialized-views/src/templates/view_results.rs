//! A view card's results: the first page for a key, and the rows of each next page.

use askama::Template;

use crate::models::{ProductView, price_label};

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

fn rows_of<V: ProductView>(rows: &[V]) -> Vec<ViewRow> {
    rows.iter()
        .map(|r| ViewRow {
            name: r.name().to_string(),
            other: r.other().to_string(),
            price: price_label(r.price()),
        })
        .collect()
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
    /// The fragment URL of the next page.
    pub more: Option<String>,
}

impl ViewResults {
    /// The empty state of `V`'s card before anything is typed.
    pub fn idle<V: ProductView>() -> ViewResults {
        ViewResults {
            view: V::NAME,
            key: V::KEY,
            state: ViewState::Idle,
            rows: Vec::new(),
            more: None,
        }
    }

    /// The first page of rows of `V` for `value`.
    pub fn found<V: ProductView>(value: &str, rows: &[V], more: Option<String>) -> ViewResults {
        ViewResults {
            view: V::NAME,
            key: V::KEY,
            state: ViewState::Found(value.to_string()),
            rows: rows_of(rows),
            more,
        }
    }
}

/// The rows of a next page, replacing the "more" button they were loaded by.
#[derive(Template)]
#[template(path = "view_rows.html")]
pub struct ViewRows {
    /// The rows.
    pub rows: Vec<ViewRow>,
    /// The fragment URL of the page after.
    pub more: Option<String>,
}

impl ViewRows {
    /// The rows of `rows`.
    pub fn new<V: ProductView>(rows: &[V], more: Option<String>) -> ViewRows {
        ViewRows {
            rows: rows_of(rows),
            more,
        }
    }
}
