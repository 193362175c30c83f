//! A projection field has the type its column has in the document (an optional
//! column stays `Option<...>`).
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
#[coodie(of = Product)]
pub struct ProductCard {
    pub id: Uuid,
    pub price: f32,
    pub description: String,
}

fn main() {}
