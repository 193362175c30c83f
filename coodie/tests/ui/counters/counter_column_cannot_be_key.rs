//! A counter column is never part of the primary key.
use coodie::prelude::*;

#[derive(Document, Debug, Clone)]
#[coodie(table = "page_view_counters")]
pub struct PageViews {
    #[coodie(partition_key)]
    pub url: String,
    #[coodie(clustering_key)]
    pub bucket: Counter,
    pub view_count: Counter,
}

fn main() {}
