//! Table, keyspace, column and index names are CQL identifiers: a letter, then
//! letters, digits and `_`, at most 48 characters.
use coodie::prelude::*;

#[derive(Document)]
#[coodie(table = "my-products", keyspace = "9shop")]
pub struct Product {
    #[coodie(partition_key)]
    pub id: i64,
    #[coodie(rename = "display name")]
    pub name: String,
    #[coodie(index = "")]
    pub brand: String,
}

fn main() {}
