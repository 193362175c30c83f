//! An UPDATE sets regular and static columns; a primary-key column addresses the
//! row and is never set: `.to(...)` exists only on columns outside the key.
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
    let _ = Reading::update((sensor, 1, 1)).set(|c| c.day.to(2));
}

fn main() {}
