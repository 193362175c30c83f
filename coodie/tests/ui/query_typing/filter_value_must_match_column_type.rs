//! A filter value has the column's Rust type: comparing `price` (an `f64`) with a
//! string does not compile.
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
}

async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    let _ = Product::find().filter(|c| c.price.gt("cheap")).all(db).await?;
    Ok(())
}

fn main() {}
