//! A view has no table name, keyspace or TTL of its own, and its fields cannot be
//! indexed, static, `timeuuid` or `frozen` (they follow the base table).
use coodie::prelude::*;

#[derive(Document)]
pub struct Product {
    #[coodie(partition_key)]
    pub id: i64,
    pub brand: String,
}

#[derive(MaterializedView)]
#[coodie(table = "by_brand", keyspace = "shop", default_ttl = 60, base = Product)]
pub struct ByBrand {
    #[coodie(partition_key, index)]
    pub brand: String,
    #[coodie(clustering_key, static_column)]
    pub id: i64,
}

fn main() {}
