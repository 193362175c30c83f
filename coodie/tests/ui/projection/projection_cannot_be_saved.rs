//! A projection holds some columns of a row: it is never written, so a row read
//! in part cannot be saved over the whole one (Python coodie allows that with
//! `.only(...)` and loses the other columns). Save, insert or batch the document.
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
    pub name: String,
}

async fn demo(db: &coodie::Session, card: ProductCard) -> coodie::Result<()> {
    card.save(db).await?;
    card.insert(db).await?;
    Ok(())
}

fn main() {}
