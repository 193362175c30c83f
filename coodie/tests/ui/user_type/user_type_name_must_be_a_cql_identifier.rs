//! The type's name and its fields' names are CQL identifiers.
use coodie::prelude::*;

#[derive(UserType)]
#[coodie(type_name = "geo-point")]
pub struct GeoPoint {
    #[coodie(rename = "1lat")]
    pub lat: f32,
}

fn main() {}
