//! A primary-key column cannot also be static.
use coodie::prelude::*;

#[derive(Document)]
pub struct Ledger {
    #[coodie(partition_key)]
    pub account: i64,
    #[coodie(clustering_key, static_column)]
    pub entry: i64,
    #[coodie(static_column)]
    pub owner: String,
}

fn main() {}
