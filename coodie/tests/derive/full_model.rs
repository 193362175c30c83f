//! A complete model compiles: a document with every attribute, and views over it
//! that pass every compile-time check, used through reads only. (It was the
//! `pass` case of `tests/ui.rs`; as a module of this test it compiles once with
//! the others.) Its fields are read by the derives only, hence the allow.
#![allow(dead_code)]
use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(
    table = "products",
    default_ttl = 31536000,
    options = "comment = 'catalog'"
)]
pub struct Product {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub name: String,
    #[coodie(index)]
    pub category: String,
    #[coodie(index = "products_by_brand_idx")]
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub tags: HashSet<String>,
    #[coodie(frozen)]
    pub dimensions: Vec<f32>,
    pub attributes: BTreeMap<String, String>,
}

#[derive(MaterializedView, Debug, Clone)]
#[coodie(view = "products_by_category", base = Product)]
pub struct ProductByCategory {
    #[coodie(partition_key)]
    pub category: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub name: String,
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A view keyed by a nullable base column (the view keeps only rows where it is
/// set), selecting only its own columns, with a filter.
#[derive(MaterializedView, Debug, Clone)]
#[coodie(
    view = "products_by_description",
    base = Product,
    select = "columns",
    filter = "\"price\" > 0"
)]
pub struct ProductByDescription {
    #[coodie(partition_key)]
    pub description: String,
    #[coodie(clustering_key, order = "desc")]
    pub id: Uuid,
    #[coodie(rename = "name")]
    pub title: String,
}

#[derive(Document, Debug, Clone)]
#[coodie(table = "readings", keyspace = "telemetry")]
pub struct Reading {
    #[coodie(partition_key)]
    pub sensor: String,
    #[coodie(partition_key)]
    pub day: NaiveDate,
    #[coodie(clustering_key, order = "desc")]
    pub at: DateTime<Utc>,
    #[coodie(clustering_key, timeuuid)]
    pub seq: Uuid,
    #[coodie(static_column)]
    pub sensor_label: Option<String>,
    #[coodie(rename = "value")]
    pub reading: f64,
}

#[derive(MaterializedView, Debug, Clone)]
#[coodie(view = "readings_by_value", base = Reading, select = "columns")]
pub struct ReadingByValue {
    #[coodie(partition_key)]
    pub sensor: String,
    #[coodie(clustering_key)]
    pub day: NaiveDate,
    #[coodie(clustering_key)]
    pub value: f64,
    #[coodie(clustering_key)]
    pub at: DateTime<Utc>,
    #[coodie(clustering_key)]
    pub seq: Uuid,
}

async fn reads_and_writes(db: &coodie::Session, product: Product) -> coodie::Result<()> {
    product.save(db).await?;
    let _: Option<Product> = Product::get(db, product.id).await?;
    let _: Vec<ProductByCategory> = ProductByCategory::find()
        .filter(|c| c.category.eq("weapons"))
        .all(db)
        .await?;
    let _: Option<ProductByCategory> =
        ProductByCategory::get(db, ("weapons".to_string(), product.id)).await?;
    let _: u64 = ProductByDescription::count(db).await?;
    Product::update(product.id)
        .set(|c| c.price.to(9.99))
        .clear(|c| c.description)
        .execute(db)
        .await?;
    Product::find()
        .filter(|c| c.id.eq(product.id))
        .delete()
        .if_exists()
        .execute(db)
        .await?;
    product.delete(db).await?;
    Ok(())
}

#[test]
fn the_full_model_declares_what_its_attributes_say() {
    let product = Product::schema();
    assert_eq!(product.default_ttl, Some(31536000));
    assert_eq!(product.indexes.len(), 2, "category and brand");
    let by_description = ProductByDescription::schema();
    let view = by_description.view.as_ref().expect("a view");
    assert_eq!(view.base_table, "products");
    assert!(!view.select_all, "select = \"columns\"");
    assert_eq!(view.filter, Some("\"price\" > 0"));
    let names: Vec<&str> = by_description.columns.iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        ["description", "id", "name"],
        "title is renamed to name"
    );
    assert_eq!(
        ReadingByValue::schema().keyspace,
        Some("telemetry"),
        "the base's keyspace"
    );
}
