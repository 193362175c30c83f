//! `project::<P>()` reads a projection declared `of` the queried type; one of
//! another type does not compile.
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

#[derive(Document, Debug, Clone)]
#[coodie(table = "brands")]
pub struct Brand {
    #[coodie(partition_key)]
    pub name: String,
}

#[derive(Projection, Debug, Clone)]
#[coodie(of = Brand)]
pub struct BrandName {
    pub name: String,
}

fn demo() {
    let _ = Product::find().project::<BrandName>();
}

fn main() {}
