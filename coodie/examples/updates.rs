//! Collection operators, conditional writes and deletes of chosen cells, on the
//! database of `SCYLLA_HOSTS` (run `make db-up` first):
//!
//! ```text
//! cargo run -p coodie --example updates
//! ```
//!
//! It creates the keyspace `coodie_example_updates`, writes one cart and prints
//! it after every step.

use std::collections::{BTreeMap, BTreeSet};

use coodie::prelude::*;
use coodie::{Replication, SessionBuilder};
use uuid::Uuid;

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "carts")]
pub struct Cart {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub owner: String,
    pub total: i64,
    pub log: Vec<String>,             // list<text>
    pub tags: BTreeSet<String>,       // set<text>
    pub items: BTreeMap<String, i32>, // map<text, int>
    pub note: Option<String>,
}

#[tokio::main]
async fn main() -> coodie::Result<()> {
    let keyspace = "coodie_example_updates";
    let db = SessionBuilder::from_env(keyspace).connect().await?;
    db.create_keyspace(keyspace, &Replication::Simple(1))
        .await?;
    Cart::sync_table(&db).await?;

    let id = Uuid::new_v4();
    Cart {
        id,
        owner: "ann".into(),
        total: 0,
        log: vec!["created".into()],
        tags: BTreeSet::new(),
        items: BTreeMap::new(),
        note: Some("gift".into()),
    }
    .save(&db)
    .await?;

    // Collection operators: each on a column of its kind only, every value bound.
    Cart::update(id)
        .set(|c| c.log.append(["item added"])) // "log" = "log" + ?
        .set(|c| c.tags.add(["gift", "express"])) // "tags" = "tags" + ?
        .set(|c| c.items.put("socks", 2)) // "items"[?] = ?
        .set(|c| c.items.put_all([("boots", 1), ("hat", 1)])) // "items" = "items" + ?
        .execute(&db)
        .await?;
    Cart::update(id)
        .set(|c| c.log.prepend(["opened"])) // "log" = ? + "log"
        .set(|c| c.log.set_at(1, "created (web)")) // "log"[?] = ?
        .set(|c| c.tags.remove(["express"])) // "tags" = "tags" - ?
        .set(|c| c.items.remove(["hat"])) // "items" = "items" - ?
        .execute(&db)
        .await?;
    println!("after the operators: {:?}", Cart::get(&db, id).await?);

    // Conditional writes: the applied flag, and the cells that decided it, typed.
    let outcome = Cart::update(id)
        .set(|c| c.total.to(120))
        .if_(|c| c.total.eq(0) & c.owner.ne("bob"))
        .execute(&db)
        .await?;
    println!("first compare-and-set applied: {}", outcome.applied);
    let outcome = Cart::update(id)
        .set(|c| c.total.to(999))
        .if_(|c| c.total.lt(100))
        .execute(&db)
        .await?;
    let total: Option<i64> = outcome.current(|c| c.total)?;
    println!(
        "second applied: {} (the total is {total:?})",
        outcome.applied
    );

    // Delete chosen cells only; everything else stays.
    Cart::find()
        .filter(|c| c.id.eq(id))
        .delete()
        .column(|c| c.note) // DELETE "note", …
        .column(|c| c.items.entry("socks")) // "items"[?]
        .column(|c| c.log.element(0)) // "log"[?]
        .execute(&db)
        .await?;
    println!("after the delete: {:?}", Cart::get(&db, id).await?);
    Ok(())
}
