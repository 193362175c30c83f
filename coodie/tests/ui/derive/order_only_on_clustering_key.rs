//! `order` sorts a clustering column; it means nothing anywhere else.
use coodie::prelude::*;

#[derive(Document)]
pub struct Post {
    #[coodie(partition_key, order = "desc")]
    pub blog: String,
    #[coodie(order = "desc")]
    pub published: i64,
}

fn main() {}
