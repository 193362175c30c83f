//! A DELETE of chosen cells removes regular and static columns; a primary-key
//! column addresses the row and is never a cell to delete: `Cell` is made from
//! columns outside the key only (delete the row instead).
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

fn demo(sensor: Uuid) {
    let _ = Reading::find()
        .filter(|c| c.sensor.eq(sensor) & c.day.eq(1))
        .delete()
        .column(|c| c.day);
}

fn main() {}
