//! Materialized views are read-only: no `delete` of a row, nor of the rows a
//! query selects; delete the base document and the view follows.
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

async fn demo(db: &coodie::Session, row: ProductByCategory) -> coodie::Result<()> {
    row.delete(db).await?;
    ProductByCategory::find()
        .filter(|c| c.category.eq("weapons"))
        .delete()
        .if_exists()
        .execute(db)
        .await?;
    Ok(())
}

fn main() {}
