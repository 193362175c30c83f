//! A materialized view names the document it selects from.
use coodie::prelude::*;

#[derive(MaterializedView)]
#[coodie(view = "products_by_brand")]
pub struct ByBrand {
    #[coodie(partition_key)]
    pub brand: String,
}

fn main() {}
