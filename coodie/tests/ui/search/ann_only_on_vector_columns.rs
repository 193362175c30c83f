//! `order_by_ann` orders by a vector column (`[f32; N]`), and no other.
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
    let _ = Signal::find().order_by_ann(|c| c.label, [0.0; 4]).limit(3);
}

fn main() {}
