//! CONTAINS looks inside a list, set or map column; on any other column it does
//! not compile.
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
    let _ = Reading::find().filter(|c| c.unit.contains("celsius"));
}

fn main() {}
