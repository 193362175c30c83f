//! Python coodie's counter and vector models (its realtime-counters and
//! vector-search demos, as `tools/python/interop_models.py` declares them), in
//! coodie: the tests of counters, vector search and interop share them.

use coodie::prelude::*;
use uuid::Uuid;

/// Python coodie's `PageViewCounter`: page views per URL and date.
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

/// Python coodie's vector-search `Signal` shape: 4 dimensions, a COSINE index.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "signals")]
pub struct Signal {
    #[coodie(partition_key)]
    pub signal_id: Uuid,
    pub label: String,
    #[coodie(index(sai, similarity = "cosine"))]
    pub embedding: [f32; 4],
}
