//! A projection names the document or view it reads with `of`.
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
pub struct ProductCard {
    pub id: Uuid,
}

fn main() {}
