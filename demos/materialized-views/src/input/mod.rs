//! What requests carry, as typed values checked while they are deserialized: a
//! request that deserializes is a good request, and a refusal names its field
//! (see [`crate::error`]).

mod listing;
mod new_product;
mod object;
mod price;
mod text;

pub use listing::{
    BrandQuery, CategoryQuery, DEFAULT_LIMIT, Limit, MAX_LIMIT, MAX_TOKEN, PageQuery, PageToken,
    TOKEN_PATTERN,
};
pub use new_product::{
    Description, Key, MAX_DESCRIPTION, MAX_KEY, MAX_NAME, Name, NewProduct, ProductForm,
};
pub use object::Object;
pub use price::{MAX_PRICE, Price};
pub use text::{LINE_PATTERN, Line, Notes, blank_as_none};
