//! Each field of a projection reads a column of the type it is `of`: a field that
//! names no column of it does not compile.
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
    pub title: String,
    #[coodie(rename = "cost")]
    pub price: f64,
}

fn main() {}
