//! A batch holds writes, so no view row can be saved, inserted or deleted in one.
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

#[derive(MaterializedView, Debug, Clone)]
#[coodie(view = "products_by_category", base = Product)]
pub struct ProductByCategory {
    #[coodie(partition_key)]
    pub category: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub name: String,
    pub price: f64,
}

fn demo(row: &ProductByCategory) -> coodie::Result<()> {
    let mut batch = coodie::write::Batch::logged();
    batch.save(row)?;
    batch.insert(row)?;
    batch.delete(row)?;
    batch.delete_by_key::<ProductByCategory>(("weapons".to_string(), row.id))?;
    Ok(())
}

fn main() {}
