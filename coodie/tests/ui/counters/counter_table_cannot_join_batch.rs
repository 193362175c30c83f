//! A (logged or unlogged) `Batch` takes no counter table: Cassandra refuses
//! counter and regular writes in one batch. Use a `CounterBatch`.
use coodie::prelude::*;

#[derive(Document, Debug, Clone)]
#[coodie(table = "page_view_counters")]
pub struct PageViews {
    #[coodie(partition_key)]
    pub url: String,
    #[coodie(clustering_key)]
    pub date: String,
    pub view_count: Counter,
    pub unique_visitors: Counter,
}

fn demo(row: &PageViews) -> coodie::Result<()> {
    let mut batch = Batch::logged();
    batch.save(row)?;
    Ok(())
}

fn main() {}
