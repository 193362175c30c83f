//! WRITETIME and TTL read the cell of a regular or static column; a primary-key
//! column has no cell of its own, so asking for its write time does not compile.
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "readings")]
pub struct Reading {
    #[coodie(partition_key)]
    pub sensor: Uuid,
    #[coodie(clustering_key)]
    pub day: i32,
    pub value: f64,
}

fn demo() {
    let _ = Reading::find().write_time(|c| c.day);
    let _ = Reading::find().ttl(|c| c.sensor);
}

fn main() {}
