//! CQL keys a collection only when it is frozen (stored whole).
use coodie::prelude::*;

#[derive(Document)]
pub struct Route {
    #[coodie(partition_key)]
    pub stops: Vec<String>,
    #[coodie(clustering_key, frozen)]
    pub legs: Vec<i32>,
}

fn main() {}
