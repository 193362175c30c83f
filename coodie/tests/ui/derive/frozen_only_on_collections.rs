//! `frozen` applies to collections (lists, sets, maps).
use coodie::prelude::*;

#[derive(Document)]
pub struct Event {
    #[coodie(partition_key)]
    pub id: i64,
    #[coodie(frozen)]
    pub name: String,
    #[coodie(frozen)]
    pub payload: Vec<u8>,
    #[coodie(frozen)]
    pub tags: Vec<String>,
}

fn main() {}
