//! A counter table has no TTL: counters never expire, and Cassandra refuses
//! `default_time_to_live` on a counter table.
use coodie::prelude::*;

#[derive(Document, Debug, Clone)]
#[coodie(table = "page_view_counters", default_ttl = 3600)]
pub struct PageViews {
    #[coodie(partition_key)]
    pub url: String,
    pub view_count: Counter,
}

fn main() {}
