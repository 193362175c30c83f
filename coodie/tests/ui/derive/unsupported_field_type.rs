//! Every field needs a CQL type; a type without one is an error on that field.
//! The first errors name the problem (no CQL type); the driver's own bounds
//! (`DeserializeValue`, `SerializeValue`) on the same fields follow.
use coodie::prelude::*;

pub struct Money {
    pub cents: i64,
}

#[derive(Document)]
pub struct Order {
    #[coodie(partition_key)]
    pub id: i64,
    pub total: Money,
    pub lines: Vec<u32>,
}

fn main() {}
