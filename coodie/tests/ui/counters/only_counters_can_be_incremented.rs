//! `incr`/`decr` take counter columns only.
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

async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    PageViews::update_counters(("/".to_string(), "d".to_string()))
        .incr(|c| c.date, 1)
        .execute(db)
        .await
}

fn main() {}
