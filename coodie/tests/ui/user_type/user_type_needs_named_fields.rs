//! A user type is a struct with named fields: CQL names every field.
use coodie::prelude::*;

#[derive(UserType)]
pub struct Point(f32, f32);

#[derive(UserType)]
pub enum Shape {
    Circle,
}

fn main() {}
