//! `timeuuid` stores a `Uuid` as CQL `timeuuid`; other types cannot.
use coodie::prelude::*;

#[derive(Document)]
pub struct Event {
    #[coodie(partition_key)]
    pub id: i64,
    #[coodie(timeuuid)]
    pub at: String,
}

fn main() {}
