//! The elements added have the collection's element type: an integer does not
//! go into a `set<text>`.
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
    let _ = Cart::update(id).set(|c| c.tags.add([1]));
}

fn main() {}
