//! A user type in the primary key must be frozen: CQL keys hold whole values.
use coodie::prelude::*;

#[derive(UserType, Clone)]
pub struct GeoPoint {
    pub lat: f32,
    pub lon: f32,
}

#[derive(Document)]
pub struct Visit {
    #[coodie(partition_key)]
    pub place: GeoPoint,
    #[coodie(clustering_key)]
    pub at: GeoPoint,
    pub note: String,
}

fn main() {}
