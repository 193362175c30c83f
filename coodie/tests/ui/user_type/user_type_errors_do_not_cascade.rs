//! A user type that fails to derive still counts as one for the tables that use
//! it: its error is reported once, and the table adds none.
use coodie::prelude::*;

#[derive(UserType)]
pub struct Address {
    #[coodie(partition_key)]
    pub street: String,
}

#[derive(Document)]
pub struct Customer {
    #[coodie(partition_key)]
    pub id: i64,
    #[coodie(frozen)]
    pub address: Address,
    pub previous: Vec<Address>,
}

fn main() {}
