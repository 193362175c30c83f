//! `add` (set union) exists only on set columns: adding to `name`, a `text`
//! column, does not compile.
use std::collections::{BTreeSet, HashMap};

use coodie::prelude::*;
use uuid::Uuid;

#[derive(Document, Debug, Clone)]
#[coodie(table = "carts")]
pub struct Cart {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub name: String,
    pub count: i32,
    pub photo: Vec<u8>,
    pub log: Vec<String>,
    pub tags: BTreeSet<String>,
    pub qty: HashMap<String, i32>,
}

fn demo(id: Uuid) {
    let _ = Cart::update(id).set(|c| c.name.add(["x"]));
}

fn main() {}
