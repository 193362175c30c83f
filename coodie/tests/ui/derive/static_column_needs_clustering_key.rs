//! A static column holds one value shared by all rows of a partition; without a
//! clustering key a partition has one row, so it needs a clustering key.
use coodie::prelude::*;

#[derive(Document)]
pub struct Account {
    #[coodie(partition_key)]
    pub id: i64,
    #[coodie(static_column)]
    pub owner: String,
}

fn main() {}
