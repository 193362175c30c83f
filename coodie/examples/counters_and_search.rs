//! Counters, storage-attached indexes and vector search, end to end, on Cassandra 5:
//!
//! ```text
//! make db-up
//! cargo run -p coodie --example counters_and_search
//! ```
//!
//! The README's "Counters", "Storage-attached indexes (SAI)" and "Vector search"
//! sections show this code.

use coodie::prelude::*;
use uuid::Uuid;

/// A counter table: key columns and `Counter` columns only.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "page_view_counters")]
pub struct PageViews {
    #[coodie(partition_key)]
    pub url: String,
    #[coodie(clustering_key)]
    pub date: String,
    pub view_count: Counter,
    pub unique_visitors: Counter,
}

/// Storage-attached indexes on a text and an int column, and a vector index.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "signals")]
pub struct Signal {
    #[coodie(partition_key)]
    pub signal_id: Uuid,
    #[coodie(index(sai))]
    pub label: String,
    #[coodie(index(sai))]
    pub strength: i32,
    #[coodie(index(sai, similarity = "cosine"))]
    pub embedding: [f32; 4],
}

#[tokio::main]
async fn main() -> coodie::Result<()> {
    let db = Session::from_env("coodie_example_search").await?;
    db.create_keyspace(db.keyspace(), &coodie::Replication::Simple(1))
        .await?;

    // Counters.
    PageViews::sync_table(&db).await?;
    let today = ("/home".to_string(), "2026-12-01".to_string());
    PageViews::update_counters(today.clone()) // UPDATE … SET "view_count" = "view_count" + ? …
        .incr(|c| c.view_count, 1)
        .incr(|c| c.unique_visitors, 1)
        .execute(&db)
        .await?;
    PageViews::update_counters(today.clone())
        .decr(|c| c.unique_visitors, 1)
        .execute(&db)
        .await?;
    let mut batch = CounterBatch::new(); // BEGIN COUNTER BATCH: counter updates only
    for url in ["/about", "/contact"] {
        batch.add(
            PageViews::update_counters((url.to_string(), today.1.clone()))
                .incr(|c| c.view_count, 1),
        )?;
    }
    batch.execute(&db).await?;
    let home = PageViews::get(&db, today).await?.expect("counted");
    println!(
        "/home: {} views, {} unique",
        home.view_count, home.unique_visitors
    );

    // Storage-attached indexes: ranges and several indexed columns, no ALLOW FILTERING.
    Signal::sync_table(&db).await?;
    for (label, strength, embedding) in [
        ("north", 9, [1.0, 0.0, 0.0, 0.0]),
        ("north-ish", 7, [0.9, 0.1, 0.0, 0.0]),
        ("east", 4, [0.0, 1.0, 0.0, 0.0]),
        ("south", 2, [-1.0, 0.0, 0.0, 0.0]),
    ] {
        let signal = Signal {
            signal_id: Uuid::new_v4(),
            label: label.into(),
            strength,
            embedding,
        };
        signal.save(&db).await?;
    }
    let strong: Vec<Signal> = Signal::find()
        .filter(|c| c.strength.ge(5) & c.label.eq("north"))
        .all(&db)
        .await?;
    println!("strong north signals: {}", strong.len());

    // Vector search: the two rows nearest to a query vector, nearest first.
    let nearest: Vec<Signal> = Signal::find()
        .order_by_ann(|c| c.embedding, [1.0, 0.05, 0.0, 0.0])
        .limit(2)
        .all(&db)
        .await?;
    let labels: Vec<&str> = nearest.iter().map(|s| s.label.as_str()).collect();
    println!("nearest: {labels:?}"); // ["north", "north-ish"]
    Ok(())
}
