//! Cassandra allows at most one column outside the base table's primary key in a
//! view's primary key.
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
#[coodie(view = "products_by_category_brand", base = Product)]
pub struct ByCategoryAndBrand {
    #[coodie(partition_key)]
    pub category: String,
    #[coodie(clustering_key)]
    pub brand: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
}

fn main() {}
