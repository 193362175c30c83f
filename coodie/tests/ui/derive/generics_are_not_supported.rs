//! Each column has one CQL type, so a table struct cannot be generic.
use coodie::prelude::*;

#[derive(Document)]
pub struct Tagged<T> {
    #[coodie(partition_key)]
    pub id: i64,
    pub value: T,
}

fn main() {}
