//! `Delete::column(|c| c.x.entry(key))` names a map entry: `log` is a list
//! (its elements are deleted by index with `element`).
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
    let _ = Cart::find()
        .filter(|c| c.id.eq(id))
        .delete()
        .column(|c| c.log.entry("x"));
}

fn main() {}
