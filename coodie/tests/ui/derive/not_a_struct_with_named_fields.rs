//! A table row is a struct with named fields: the field names are the columns.
use coodie::prelude::*;

#[derive(Document)]
pub struct Pair(i64, String);

#[derive(Document)]
pub enum Shape {
    Circle,
    Square,
}

fn main() {}
