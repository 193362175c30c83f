//! A tuple relation `(a, b) > (?, ?)` compares clustering columns in key order; a
//! tuple with a partition key or a regular column does not compile.
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

fn demo(sensor: Uuid) {
    let _ = Reading::find().filter(|c| (c.sensor, c.day).gt((sensor, 1)));
    let _ = Reading::find().filter(|c| (c.seq, c.value).ge((1, 2.0)));
}

fn main() {}
