//! Every field of a user type has a CQL type.
use coodie::prelude::*;

pub struct Money(i64);

#[derive(UserType)]
pub struct Price {
    pub amount: Money,
    pub currency: String,
}

fn main() {}
