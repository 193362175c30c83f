//! After a derive error, the type still gets stub impls: the error above is the
//! only one, not a cascade at every place the type is used.
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "products")]
pub struct Product {
    #[coodie(partition_key)]
    pub id: Uuid,
    #[coodie(idx)]
    pub category: String,
}

#[derive(MaterializedView, Debug, Clone)]
#[coodie(view = "products_by_category", base = Product)]
pub struct ProductByCategory {
    #[coodie(partition_key)]
    pub category: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
}

async fn demo(db: &coodie::Session, product: Product) -> coodie::Result<()> {
    product.save(db).await?;
    let _ = Product::find().filter(|c| c.category.eq("tools")).all(db).await?;
    let _ = ProductByCategory::find().filter(|c| c.category.eq("tools")).all(db).await?;
    Ok(())
}

fn main() {}
