//! Counter columns cannot be indexed; read them through the table's key.
use coodie::prelude::*;

#[derive(Document, Debug, Clone)]
#[coodie(table = "page_view_counters")]
pub struct PageViews {
    #[coodie(partition_key)]
    pub url: String,
    #[coodie(index)]
    pub view_count: Counter,
}

fn main() {}
