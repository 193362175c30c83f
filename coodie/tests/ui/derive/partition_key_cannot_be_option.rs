//! Primary-key columns are never null, so they cannot be `Option`s.
use coodie::prelude::*;

#[derive(Document)]
pub struct Reading {
    #[coodie(partition_key)]
    pub sensor: Option<String>,
    #[coodie(clustering_key)]
    pub at: Option<i64>,
    pub value: f64,
}

fn main() {}
