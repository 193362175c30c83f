//! `Delete::column(|c| c.x.element(i))` names a list element: `qty` is a map
//! (its entries are deleted by key with `entry`).
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
        .column(|c| c.qty.element(0));
}

fn main() {}
