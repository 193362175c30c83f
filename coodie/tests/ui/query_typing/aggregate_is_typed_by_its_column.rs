//! The sum of an `int` column is an `i32`, as Cassandra returns it; reading it
//! as another type does not compile.
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

async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    let total: i64 = Reading::find().sum(db, |c| c.day).await?;
    Ok(())
}

fn main() {}
