//! Key columns are queried through the key, not through a secondary index.
use coodie::prelude::*;

#[derive(Document)]
pub struct Post {
    #[coodie(partition_key, index)]
    pub blog: String,
    #[coodie(clustering_key, index = "posts_by_slug")]
    pub slug: String,
}

fn main() {}
