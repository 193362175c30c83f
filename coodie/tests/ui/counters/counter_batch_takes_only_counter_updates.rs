//! A `CounterBatch` takes counter updates only: a regular update does not
//! compile there (Cassandra refuses to mix them in one batch).
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

fn demo(id: Uuid) -> coodie::Result<()> {
    let mut batch = CounterBatch::new();
    batch.add(Product::update(id).set(|c| c.price.to(1.0)))?;
    Ok(())
}

fn main() {}
