//! A JSON object, and only an object: serde's derived structs also accept an array
//! of their field values in order, which the OpenAPI document does not promise.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// `T` read from a JSON object; anything else is refused as "invalid type".
///
/// ```
/// use materialized_views_demo::input::{NewProduct, Object};
/// let fields = r#"["Mouse", "computing", "Dimension-7", 10, null]"#;
/// assert!(serde_json::from_str::<NewProduct>(fields).is_ok(), "serde's own derive takes it");
/// let err = serde_json::from_str::<Object<NewProduct>>(fields).unwrap_err();
/// assert!(err.to_string().starts_with("invalid type: sequence, expected a JSON object"));
/// ```
#[derive(Debug, Clone)]
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectOnly<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOnly<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }

        deserializer
            .deserialize_map(ObjectOnly(PhantomData))
            .map(Object)
    }
}
