//! The values of a tuple relation are a tuple of the columns' types.
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
    let _ = Reading::find().filter(|c| c.sensor.eq(sensor) & (c.day, c.seq).gt((1, "two")));
}

fn main() {}
