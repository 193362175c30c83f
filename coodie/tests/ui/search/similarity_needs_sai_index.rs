//! `similarity` is an option of a storage-attached (vector) index, not of a
//! secondary index.
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "signals")]
pub struct Signal {
    #[coodie(partition_key)]
    pub signal_id: Uuid,
    #[coodie(index(similarity = "cosine"))]
    pub embedding: [f32; 4],
}

fn main() {}
