//! HTTP routes: the JSON API, the HTMX page and fragments, docs and assets.

pub mod api;
pub mod assets;
pub mod docs;
pub mod listing;
pub mod ui;
