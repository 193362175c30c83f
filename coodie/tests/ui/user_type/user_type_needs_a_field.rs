//! A user type has at least one field: CQL has no empty types.
use coodie::prelude::*;

#[derive(UserType)]
pub struct Nothing {}

fn main() {}
