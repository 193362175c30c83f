//! View attributes belong to `#[derive(MaterializedView)]`.
use coodie::prelude::*;

#[derive(Document)]
#[coodie(view = "products_by_brand", base = Other)]
pub struct Product {
    #[coodie(partition_key)]
    pub id: i64,
}

fn main() {}
