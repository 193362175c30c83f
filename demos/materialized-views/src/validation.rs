//! Checks a new product before anything is written: trimmed, non-empty,
//! length-bounded strings and a finite, non-negative price. Every rejection names
//! the field.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::models::Product;

/// Longest accepted `name`, in characters.
pub const MAX_NAME: usize = 120;
/// Longest accepted `category` and `brand`, in characters.
pub const MAX_KEY: usize = 60;
/// Longest accepted `description`, in characters.
pub const MAX_DESCRIPTION: usize = 1000;
/// Highest accepted price.
pub const MAX_PRICE: f64 = 1_000_000_000.0;

/// The JSON body of `POST /products` (what the OpenAPI document shows).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "name": "Quantum Entanglement Mouse",
    "category": "computing",
    "brand": "Dimension-7",
    "price": 2999.99
}))]
pub struct NewProduct {
    /// 1 to 120 characters after trimming.
    pub name: String,
    /// 1 to 60 characters after trimming.
    pub category: String,
    /// 1 to 60 characters after trimming.
    pub brand: String,
    /// Finite, 0 to 1 000 000 000.
    pub price: f64,
    /// Up to 1000 characters; empty means none.
    pub description: Option<String>,
}

/// The HTML form of the page: every field arrives as text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProductForm {
    /// Name field.
    #[serde(default)]
    pub name: String,
    /// Category field.
    #[serde(default)]
    pub category: String,
    /// Brand field.
    #[serde(default)]
    pub brand: String,
    /// Price field, as typed.
    #[serde(default)]
    pub price: String,
    /// Description field.
    #[serde(default)]
    pub description: String,
}

/// Why one field was refused.
///
/// ```
/// let e = materialized_views_demo::validation::FieldError::new("price", "must not be negative");
/// assert_eq!(e.to_string(), "price: must not be negative");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field, as named in the request.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    /// A refusal of `field` for `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A new product that passed every check, ready to be stored.
///
/// ```
/// use materialized_views_demo::validation::ProductDraft;
/// let body = serde_json::json!({"name": " Mouse ", "category": "computing",
///                               "brand": "Dimension-7", "price": 10});
/// let draft = ProductDraft::from_json(body).unwrap();
/// assert_eq!(draft.name, "Mouse");
/// let err = ProductDraft::from_json(serde_json::json!({"name": "x"})).unwrap_err();
/// assert_eq!(err.field, "category");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ProductDraft {
    /// Trimmed name.
    pub name: String,
    /// Trimmed category.
    pub category: String,
    /// Trimmed brand.
    pub brand: String,
    /// Checked price.
    pub price: f64,
    /// Trimmed description; `None` when absent or blank.
    pub description: Option<String>,
}

const FIELDS: [&str; 5] = ["name", "category", "brand", "price", "description"];

impl ProductDraft {
    /// Checks a JSON body: an object with `name`, `category`, `brand` (strings),
    /// `price` (number) and optionally `description` (string or null); no other keys.
    pub fn from_json(body: Value) -> Result<ProductDraft, FieldError> {
        let Value::Object(map) = body else {
            return Err(FieldError::new(
                "body",
                "must be a JSON object with name, category, brand, price and optional description",
            ));
        };
        if let Some(unknown) = map.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(FieldError::new(
                unknown.as_str(),
                format!("unknown field; expected {}", FIELDS.join(", ")),
            ));
        }
        let name = text(&map, "name", MAX_NAME)?;
        let category = text(&map, "category", MAX_KEY)?;
        let brand = text(&map, "brand", MAX_KEY)?;
        let price = match map.get("price") {
            None | Some(Value::Null) => return Err(FieldError::new("price", "is required")),
            Some(Value::Number(n)) => n
                .as_f64()
                .ok_or_else(|| FieldError::new("price", "must be a number"))?,
            Some(_) => return Err(FieldError::new("price", "must be a number")),
        };
        Ok(ProductDraft {
            name,
            category,
            brand,
            price: check_price(price)?,
            description: optional_text(&map, "description", MAX_DESCRIPTION)?,
        })
    }

    /// Checks the page's form, where the price arrives as text.
    ///
    /// ```
    /// use materialized_views_demo::validation::{ProductDraft, ProductForm};
    /// let form = ProductForm { name: "Boots".into(), category: "temporal".into(),
    ///     brand: "Void-Rift".into(), price: "abc".into(), description: "".into() };
    /// assert_eq!(ProductDraft::from_form(form).unwrap_err().field, "price");
    /// ```
    pub fn from_form(form: ProductForm) -> Result<ProductDraft, FieldError> {
        let name = check_text("name", &form.name, MAX_NAME)?;
        let category = check_text("category", &form.category, MAX_KEY)?;
        let brand = check_text("brand", &form.brand, MAX_KEY)?;
        let price_text = form.price.trim();
        if price_text.is_empty() {
            return Err(FieldError::new("price", "is required"));
        }
        let price = price_text
            .trim_start_matches('$')
            .parse::<f64>()
            .map_err(|_| FieldError::new("price", "must be a number, like 2999.99"))?;
        let description = form.description.trim();
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(too_long("description", MAX_DESCRIPTION));
        }
        Ok(ProductDraft {
            name,
            category,
            brand,
            price: check_price(price)?,
            description: (!description.is_empty()).then(|| description.to_string()),
        })
    }

    /// The product to store: a fresh random `id` and `created_at` of now
    /// (truncated to milliseconds, the precision of a CQL `timestamp`).
    pub fn into_product(self) -> Product {
        let now = chrono::Utc::now();
        let created_at =
            chrono::DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
        Product {
            id: uuid::Uuid::new_v4(),
            name: self.name,
            category: self.category,
            brand: self.brand,
            price: self.price,
            description: self.description,
            created_at,
        }
    }
}

/// Checks a query parameter that selects a view partition: present, and non-empty
/// and short enough after trimming.
///
/// ```
/// use materialized_views_demo::validation::view_key;
/// assert_eq!(view_key("brand", Some(" Void-Rift ")).unwrap(), "Void-Rift");
/// assert_eq!(view_key("brand", None).unwrap_err().field, "brand");
/// ```
pub fn view_key(field: &str, value: Option<&str>) -> Result<String, FieldError> {
    match value {
        None => Err(FieldError::new(
            field,
            format!("query parameter `{field}` is required"),
        )),
        Some(v) => check_text(field, v, MAX_KEY),
    }
}

fn text(map: &Map<String, Value>, field: &str, max: usize) -> Result<String, FieldError> {
    match map.get(field) {
        None | Some(Value::Null) => Err(FieldError::new(field, "is required")),
        Some(Value::String(s)) => check_text(field, s, max),
        Some(_) => Err(FieldError::new(field, "must be a string")),
    }
}

fn optional_text(
    map: &Map<String, Value>,
    field: &str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.chars().count() > max {
                Err(too_long(field, max))
            } else {
                Ok((!s.is_empty()).then(|| s.to_string()))
            }
        }
        Some(_) => Err(FieldError::new(field, "must be a string or null")),
    }
}

fn check_text(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(too_long(field, max));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(value.to_string())
}

fn too_long(field: &str, max: usize) -> FieldError {
    FieldError::new(field, format!("must be at most {max} characters"))
}

fn check_price(price: f64) -> Result<f64, FieldError> {
    if !price.is_finite() {
        return Err(FieldError::new("price", "must be a finite number"));
    }
    if price < 0.0 {
        return Err(FieldError::new("price", "must not be negative"));
    }
    if price > MAX_PRICE {
        return Err(FieldError::new(
            "price",
            format!("must be at most {MAX_PRICE}"),
        ));
    }
    Ok(price)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({"name": "Mouse", "category": "computing", "brand": "Dimension-7", "price": 1.5})
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            ("name", json!("")),
            ("name", json!("   ")),
            ("name", json!("x".repeat(MAX_NAME + 1))),
            ("name", json!(5)),
            ("category", json!(null)),
            ("brand", json!(["a"])),
            ("price", json!(-1)),
            ("price", json!("12")),
            ("price", json!(2e9)),
            ("description", json!(7)),
            ("description", json!("d".repeat(MAX_DESCRIPTION + 1))),
        ];
        for (field, value) in cases {
            let mut body = good();
            body[field] = value.clone();
            let err = ProductDraft::from_json(body).unwrap_err();
            assert_eq!(err.field, field, "{field} = {value}");
        }
    }

    #[test]
    fn unknown_fields_and_non_objects_are_refused() {
        let mut body = good();
        body["id"] = json!("x");
        assert_eq!(ProductDraft::from_json(body).unwrap_err().field, "id");
        assert_eq!(
            ProductDraft::from_json(json!([1])).unwrap_err().field,
            "body"
        );
    }

    #[test]
    fn form_prices_must_be_finite() {
        for bad in ["inf", "NaN", "-0.5", "", "12abc"] {
            let form = ProductForm {
                name: "a".into(),
                category: "b".into(),
                brand: "c".into(),
                price: bad.into(),
                description: String::new(),
            };
            assert_eq!(
                ProductDraft::from_form(form).unwrap_err().field,
                "price",
                "{bad}"
            );
        }
    }

    #[test]
    fn blank_description_is_none() {
        let mut body = good();
        body["description"] = json!("  ");
        assert_eq!(ProductDraft::from_json(body).unwrap().description, None);
    }
}
