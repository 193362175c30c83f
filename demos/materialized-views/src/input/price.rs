//! A price: a finite number of dollars from 0 to [`MAX_PRICE`].

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, de};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

/// Highest accepted price.
pub const MAX_PRICE: f64 = 1_000_000_000.0;

/// A checked price. JSON gives it as a number; the page's form as text, which may
/// start with `$`.
///
/// ```
/// use materialized_views_demo::input::Price;
/// assert_eq!(Price::new(12.5).unwrap().dollars(), 12.5);
/// assert_eq!(Price::new(-1.0).unwrap_err(), "must not be negative");
/// assert_eq!(Price::from_text("$2999.99").unwrap().dollars(), 2999.99);
/// assert!(Price::from_text("NaN").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Price(f64);

impl Price {
    /// Checks `dollars`.
    pub fn new(dollars: f64) -> Result<Price, Cow<'static, str>> {
        if !dollars.is_finite() {
            return Err("must be a finite number".into());
        }
        if dollars < 0.0 {
            return Err("must not be negative".into());
        }
        if dollars > MAX_PRICE {
            return Err(format!("must be at most {MAX_PRICE}").into());
        }
        Ok(Price(dollars))
    }

    /// Reads a price typed into a form: `2999.99` or `$2999.99`.
    pub fn from_text(text: &str) -> Result<Price, Cow<'static, str>> {
        let text = text.trim();
        if text.is_empty() {
            return Err("is required".into());
        }
        let dollars = text
            .strip_prefix('$')
            .unwrap_or(text)
            .parse::<f64>()
            .map_err(|_| "must be a number, like 2999.99")?;
        Price::new(dollars)
    }

    /// The amount.
    pub fn dollars(self) -> f64 {
        self.0
    }

    /// `#[serde(deserialize_with)]` for a form field: the price as text.
    pub fn deserialize_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Price, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        Price::from_text(&text).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Price::new(f64::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

impl PartialSchema for Price {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Number))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Double)))
            .minimum(Some(0.0))
            .maximum(Some(MAX_PRICE))
            .description(Some("Dollars, 0 to 1 000 000 000"))
            .into()
    }
}

impl ToSchema for Price {}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON numbers are read as the nearest double: the double just above the
    /// maximum is refused, not rounded down onto it.
    #[test]
    fn json_prices_are_read_exactly_at_the_bounds() {
        let read = |json: &str| serde_json::from_str::<Price>(json).map(Price::dollars);
        assert_eq!(read("1000000000").unwrap(), MAX_PRICE);
        assert_eq!(read("1e9").unwrap(), MAX_PRICE);
        assert_eq!(read("999999999.9999999").unwrap(), 999_999_999.999_999_9);
        assert_eq!(read("0").unwrap(), 0.0);
        for over in ["1000000000.0000001", "1.0000000000000002e9", "1e10"] {
            let error = read(over).unwrap_err().to_string();
            assert!(error.starts_with("must be at most"), "{over}: {error}");
        }
        assert!(read("-0.0000001").is_err());
    }
}
