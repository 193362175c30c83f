//! The value of CONTAINS has the type of the collection's elements (of a map's
//! values; CONTAINS KEY: of its keys).
use coodie::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "readings")]
pub struct Reading {
    #[coodie(partition_key)]
    pub sensor: Uuid,
    #[coodie(clustering_key)]
    pub day: i32,
    #[coodie(clustering_key)]
    pub seq: i32,
    pub value: f64,
    pub unit: String,
    #[coodie(index)]
    pub tags: BTreeSet<String>,
    pub counts: BTreeMap<String, i32>,
}

fn demo() {
    let _ = Reading::find().filter(|c| c.tags.contains(5));
    let _ = Reading::find().filter(|c| c.counts.contains("five"));
    let _ = Reading::find().filter(|c| c.counts.contains_key(5));
}

fn main() {}
