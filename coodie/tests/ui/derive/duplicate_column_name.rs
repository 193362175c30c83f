//! Two fields cannot map to the same column (after `rename`).
use coodie::prelude::*;

#[derive(Document)]
pub struct User {
    #[coodie(partition_key)]
    pub id: i64,
    pub email: String,
    #[coodie(rename = "email")]
    pub contact: String,
}

fn main() {}
