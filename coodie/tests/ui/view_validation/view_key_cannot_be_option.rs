//! View key columns are never null either.
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "products")]
pub struct Product {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub name: String,
    #[coodie(index)]
    pub category: String,
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
}

#[derive(MaterializedView)]
#[coodie(view = "products_by_description", base = Product)]
pub struct ByDescription {
    #[coodie(partition_key)]
    pub description: Option<String>,
    #[coodie(clustering_key)]
    pub id: Uuid,
}

fn main() {}
