//! The reads of the README's "Filters, projections and aggregates" section, run
//! against the database of `SCYLLA_HOSTS` (default 127.0.0.1) in keyspace
//! `coodie_example_reads`, which it creates afresh:
//!
//! ```text
//! cargo run -p coodie --example reads
//! ```

use std::collections::{BTreeMap, BTreeSet};

use coodie::prelude::*;
use coodie::{Replication, Session};

#[derive(Document, Debug, Clone)]
#[coodie(table = "readings")]
pub struct Reading {
    #[coodie(partition_key)]
    pub sensor: String,
    #[coodie(clustering_key)]
    pub day: i32,
    #[coodie(clustering_key)]
    pub seq: i32,
    pub value: f64,
    #[coodie(index)]
    pub tags: BTreeSet<String>,
    pub labels: BTreeMap<String, String>,
    pub raw: Vec<u8>,
}

/// A list page's row: no `raw` blob, no labels.
#[derive(Projection, Debug)]
#[coodie(of = Reading)]
pub struct ReadingRow {
    pub day: i32,
    pub seq: i32,
    pub value: f64,
}

const KS: &str = "coodie_example_reads";

#[tokio::main]
async fn main() -> coodie::Result<()> {
    let db = Session::from_env(KS).await?;
    db.drop_keyspace(KS).await?;
    db.create_keyspace(KS, &Replication::Simple(1)).await?;
    Reading::sync_table(&db).await?;
    for sensor in ["a", "b"] {
        for day in 1..=3 {
            for seq in 1..=4 {
                Reading {
                    sensor: sensor.into(),
                    day,
                    seq,
                    value: f64::from(day * 10 + seq),
                    tags: BTreeSet::from([if seq == 4 { "peak" } else { "normal" }.to_string()]),
                    labels: BTreeMap::from([("unit".to_string(), "celsius".to_string())]),
                    raw: vec![0; 512],
                }
                .save(&db)
                .await?;
            }
        }
    }
    run(&db).await
}

async fn run(db: &Session) -> coodie::Result<()> {
    // CONTAINS on an indexed set: no ALLOW FILTERING needed.
    let peaks = Reading::find()
        .filter(|c| c.tags.contains("peak"))
        .all(db)
        .await?;
    println!("{} peaks", peaks.len());

    // CONTAINS KEY on a map (its index, if any, holds values): opt in to scanning.
    let with_unit = Reading::find()
        .filter(|c| c.sensor.eq("a") & c.labels.contains_key("unit"))
        .allow_filtering()
        .count(db)
        .await?;
    println!("{with_unit} readings of `a` with a unit");

    // IN on clustering columns, and a slice across two of them:
    // everything after (day 2, seq 3), up to the end of day 3.
    let picked = Reading::find()
        .filter(|c| c.sensor.eq("a") & c.day.in_([1, 3]) & c.seq.in_([1, 2]))
        .count(db)
        .await?;
    let after = Reading::find()
        .filter(|c| c.sensor.eq("a") & (c.day, c.seq).gt((2, 3)) & (c.day, c.seq).le((3, 4)))
        .project::<ReadingRow>()
        .all(db)
        .await?;
    println!("{picked} picked; after (2, 3): {after:?}");

    // Aggregates, typed by the column: a `double` sums to an f64, an `int` to an i32.
    let a = || Reading::find().filter(|c| c.sensor.eq("a"));
    let total: f64 = a().sum(db, |c| c.value).await?;
    let mean: f64 = a().avg(db, |c| c.value).await?;
    let last_day: Option<i32> = a().max(db, |c| c.day).await?;
    let days: i32 = a().sum(db, |c| c.day).await?;
    println!("sum {total}, avg {mean}, last day {last_day:?}, sum of days {days}");

    // Every partition key once.
    let sensors: Vec<String> = Reading::find().partition_keys(db).await?;
    println!("sensors: {sensors:?}");
    Ok(())
}
