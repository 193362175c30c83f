//! `frozen` applies to collections and user types; a type the macro cannot place
//! (an alias) is checked at compile time too.
use coodie::prelude::*;

pub type Label = String;

#[derive(Document)]
pub struct Event {
    #[coodie(partition_key)]
    pub id: i64,
    #[coodie(frozen)]
    pub label: Label,
}

fn main() {}
