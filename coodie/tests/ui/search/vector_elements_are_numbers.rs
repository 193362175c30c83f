//! A `vector<T, N>` holds numbers: `[f32; N]` (the one vector search takes),
//! `[f64; N]`, `[i32; N]`, `[i64; N]`.
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "signals")]
pub struct Signal {
    #[coodie(partition_key)]
    pub signal_id: Uuid,
    pub words: [String; 3],
}

fn main() {}
