//! Attribute values are checked where they are written.
use coodie::prelude::*;

#[derive(Document)]
#[coodie(default_ttl = -5)]
pub struct Session {
    #[coodie(partition_key)]
    pub id: i64,
    #[coodie(clustering_key, order = "newest_first")]
    pub at: i64,
}

#[derive(Document)]
#[coodie(table = "a", table = "b")]
pub struct Twice {
    #[coodie(partition_key, partition_key)]
    pub id: i64,
}

fn main() {}
