//! The page at `/`.

use askama::Template;

use crate::models::{ProductByBrand, ProductByCategory, ProductView};
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

impl Panel {
    /// The card of view `V`, names taken from the model.
    pub fn of<V: ProductView>(
        url: &'static str,
        placeholder: &'static str,
        datalist: &'static str,
    ) -> Panel {
        Panel {
            view: V::NAME,
            key: V::KEY,
            url,
            placeholder,
            datalist,
        }
    }
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
                Panel::of::<ProductByCategory>(
                    "/ui/views/by-category",
                    "weapons, computing, temporal…",
                    "categories",
                ),
                Panel::of::<ProductByBrand>(
                    "/ui/views/by-brand",
                    "Dimension-7, Void-Rift…",
                    "brands",
                ),
            ],
            categories: CATEGORIES,
            brands: BRANDS,
        }
    }
}
