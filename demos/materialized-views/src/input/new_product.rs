//! A new product, as `POST /products` (JSON) and the page's form send it.

use serde::Deserialize;
use utoipa::openapi::schema::{OneOfBuilder, Schema, Type};
use utoipa::openapi::{ObjectBuilder, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::{Line, Notes, Price};
use crate::models::Product;

/// Longest accepted `name`, in characters.
pub const MAX_NAME: usize = 120;
/// Longest accepted `category` and `brand`, in characters.
pub const MAX_KEY: usize = 60;
/// Longest accepted `description`, in characters.
pub const MAX_DESCRIPTION: usize = 1000;

/// A product name.
pub type Name = Line<MAX_NAME>;
/// A category or brand: the partition key of a view.
pub type Key = Line<MAX_KEY>;
/// A product description.
pub type Description = Notes<MAX_DESCRIPTION>;

/// The JSON body of `POST /products`. Every field is checked while it is read: a
/// body that deserializes is a good product. Unknown fields are refused.
///
/// ```
/// use materialized_views_demo::input::NewProduct;
/// let body = r#"{"name": " Mouse ", "category": "computing", "brand": "Dimension-7", "price": 10}"#;
/// let product = serde_json::from_str::<NewProduct>(body).unwrap().into_product();
/// assert_eq!(product.name, "Mouse");
/// assert_eq!(product.description, None);
/// assert!(serde_json::from_str::<NewProduct>(r#"{"name": "x"}"#).is_err());
/// ```
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(description = "A new product; the server makes `id` and `created_at`")]
#[schema(example = json!({
    "name": "Quantum Entanglement Mouse",
    "category": "computing",
    "brand": "Dimension-7",
    "price": 2999.99
}))]
pub struct NewProduct {
    /// Display name.
    #[schema(schema_with = schema_of::<Name>)]
    pub name: Name,
    /// Category (the partition key of `products_by_category`).
    #[schema(schema_with = schema_of::<Key>)]
    pub category: Key,
    /// Brand (the partition key of `products_by_brand`).
    #[schema(schema_with = schema_of::<Key>)]
    pub brand: Key,
    /// Price in dollars.
    #[schema(schema_with = schema_of::<Price>)]
    pub price: Price,
    /// Optional free text; `null`, absent or blank means none.
    #[serde(default)]
    #[schema(schema_with = nullable::<Description>)]
    pub description: Option<Description>,
}

/// The schema of `T`, for `#[schema(schema_with)]` (inlined without the wrapper
/// utoipa puts around an inline schema with a description).
fn schema_of<T: PartialSchema>() -> RefOr<Schema> {
    T::schema()
}

/// The schema of `T` or `null`.
fn nullable<T: PartialSchema>() -> RefOr<Schema> {
    OneOfBuilder::new()
        .item(T::schema())
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// The page's form: the same fields, the price as text.
#[derive(Debug, Clone, Deserialize)]
pub struct ProductForm {
    /// Name field.
    pub name: Name,
    /// Category field.
    pub category: Key,
    /// Brand field.
    pub brand: Key,
    /// Price field, as typed (`2999.99` or `$2999.99`).
    #[serde(deserialize_with = "Price::deserialize_text")]
    pub price: Price,
    /// Description field (empty: none).
    #[serde(default)]
    pub description: Option<Description>,
}

impl From<ProductForm> for NewProduct {
    fn from(form: ProductForm) -> Self {
        NewProduct {
            name: form.name,
            category: form.category,
            brand: form.brand,
            price: form.price,
            description: form.description,
        }
    }
}

impl NewProduct {
    /// The product to store: a fresh random `id` and `created_at` of now
    /// (truncated to milliseconds, the precision of a CQL `timestamp`).
    pub fn into_product(self) -> Product {
        let now = chrono::Utc::now();
        let created_at =
            chrono::DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
        Product {
            id: uuid::Uuid::new_v4(),
            name: self.name.into_inner(),
            category: self.category.into_inner(),
            brand: self.brand.into_inner(),
            price: self.price.dollars(),
            description: self.description.and_then(Notes::into_text),
            created_at,
        }
    }
}
