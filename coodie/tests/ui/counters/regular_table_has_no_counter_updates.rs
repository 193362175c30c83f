//! Only a counter table takes counter updates.
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "products")]
pub struct Product {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub name: String,
    pub price: f64,
}

fn demo(id: Uuid) {
    let _ = Product::update_counters(id);
}

fn main() {}
