//! A counter table holds only key columns and counter columns: Cassandra keeps
//! counters apart from other data. Put `title` in another table.
use coodie::prelude::*;

#[derive(Document, Debug, Clone)]
#[coodie(table = "page_view_counters")]
pub struct PageViews {
    #[coodie(partition_key)]
    pub url: String,
    pub view_count: Counter,
    pub title: String,
    pub last_seen: Option<i64>,
}

fn main() {}
