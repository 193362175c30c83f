//! Every table needs a partition key.
use coodie::prelude::*;

#[derive(Document)]
pub struct Note {
    pub id: i64,
    pub text: String,
}

fn main() {}
