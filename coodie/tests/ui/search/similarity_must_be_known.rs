//! The similarity functions are cosine, dot_product and euclidean; the items of
//! `index(...)` are `sai`, `name` and `similarity`.
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "signals")]
pub struct Signal {
    #[coodie(partition_key)]
    pub signal_id: Uuid,
    #[coodie(index(sai, similarity = "manhattan"))]
    pub embedding: [f32; 4],
    #[coodie(index(sai, kind = "hnsw"))]
    pub other: [f32; 4],
}

fn main() {}
