//! A user type has one fixed CQL type per field: no generic parameters.
use coodie::prelude::*;

#[derive(UserType)]
pub struct Pair<T> {
    pub left: T,
    pub right: T,
}

fn main() {}
