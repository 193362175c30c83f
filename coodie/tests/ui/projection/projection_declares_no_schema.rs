//! A projection declares no table, keys or indexes: it reads columns declared on
//! the type it is `of`.
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
    pub price: f64,
    pub description: Option<String>,
}

#[derive(Projection, Debug, Clone)]
#[coodie(of = Product, table = "cards")]
pub struct ProductCard {
    #[coodie(partition_key)]
    pub id: Uuid,
    #[coodie(index)]
    pub name: String,
}

fn main() {}
