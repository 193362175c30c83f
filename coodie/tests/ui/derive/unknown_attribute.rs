//! An unknown `#[coodie(...)]` key is an error that lists the valid keys; a typo is
//! never silently ignored. Every error is reported at once.
use coodie::prelude::*;

#[derive(Document)]
#[coodie(tabel = "products", default_ttl = 60)]
pub struct Product {
    #[coodie(partition_key, primary_key)]
    pub id: i64,
    #[coodie(clustering)]
    pub name: String,
    #[coodie(table = "x")]
    pub brand: String,
}

fn main() {}
