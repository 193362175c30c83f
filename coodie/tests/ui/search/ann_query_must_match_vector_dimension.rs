//! The query vector of `order_by_ann` has the column's dimension.
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "signals")]
pub struct Signal {
    #[coodie(partition_key)]
    pub signal_id: Uuid,
    pub label: String,
    #[coodie(index(sai, similarity = "cosine"))]
    pub embedding: [f32; 4],
}

fn demo() {
    let _ = Signal::find().order_by_ann(|c| c.embedding, [0.5, 0.5, 0.5]).limit(3);
}

fn main() {}
