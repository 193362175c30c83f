//! A similarity function measures vectors: only on `[f32; N]` fields.
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "signals")]
pub struct Signal {
    #[coodie(partition_key)]
    pub signal_id: Uuid,
    #[coodie(index(sai, similarity = "cosine"))]
    pub label: String,
}

fn main() {}
