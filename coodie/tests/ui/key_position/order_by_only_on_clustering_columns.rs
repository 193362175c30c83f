//! ORDER BY takes clustering columns only: ordering by a regular or a partition
//! key column does not compile (sort those in Rust after reading).
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
    let _ = Reading::find()
        .filter(|c| c.sensor.eq(sensor))
        .order_by(|c| c.value.desc());
    let _ = Reading::find().order_by(|c| c.sensor.asc());
}

fn main() {}
