//! Each field of a user type has its own CQL name, after `rename`.
use coodie::prelude::*;

#[derive(UserType)]
pub struct Address {
    pub city: String,
    #[coodie(rename = "city")]
    pub town: String,
}

fn main() {}
