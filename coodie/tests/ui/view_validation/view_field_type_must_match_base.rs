//! A view field has the Rust type of the base field it mirrors. (A view key field
//! may drop the base field's `Option`: the view holds only rows where it is set.)
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
#[coodie(view = "products_by_category", base = Product)]
pub struct ProductByCategory {
    #[coodie(partition_key)]
    pub category: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub price: f32,
    pub description: String,
}

fn main() {}
