//! A counter is never set to a value, only incremented or decremented:
//! `update(key).set(...)` does not take a counter column.
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
    PageViews::update(("/".to_string(), "d".to_string()))
        .set(|c| c.view_count.to(Counter(0)))
        .execute(db)
        .await?;
    Ok(())
}

fn main() {}
