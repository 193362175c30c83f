//! A counter table is never written whole: no `save`. Change its counters with
//! `update_counters`.
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

async fn demo(db: &coodie::Session, row: PageViews) -> coodie::Result<()> {
    row.save(db).await
}

fn main() {}
