//! A user type has fields, not columns: no keys, indexes or `frozen` on its
//! fields, no table attributes on it.
use coodie::prelude::*;

#[derive(UserType)]
#[coodie(table = "addresses", keyspace = "shop")]
pub struct Address {
    #[coodie(partition_key)]
    pub street: String,
    #[coodie(index)]
    pub city: String,
    #[coodie(frozen)]
    pub lines: Vec<String>,
}

fn main() {}
