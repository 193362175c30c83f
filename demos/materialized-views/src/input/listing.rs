//! The query parameters of the list endpoints: which partition of a view, how many
//! rows per page, and where the page starts.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, de};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use super::Key;

/// Rows per page when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 100;
/// The largest accepted `limit`.
pub const MAX_LIMIT: u32 = 1000;
/// The longest accepted page token, in characters.
pub const MAX_TOKEN: usize = 2048;

/// `?limit=`: rows per page, 1 to [`MAX_LIMIT`], [`DEFAULT_LIMIT`] when absent.
///
/// ```
/// use materialized_views_demo::input::Limit;
/// assert_eq!(Limit::parse("250").unwrap().get(), 250);
/// assert!(Limit::parse("0").is_err() && Limit::parse("1001").is_err() && Limit::parse("+5").is_err());
/// assert_eq!(Limit::default().get(), 100);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(u32);

impl Default for Limit {
    fn default() -> Self {
        Limit(DEFAULT_LIMIT)
    }
}

impl Limit {
    /// Reads a limit written in decimal digits.
    pub fn parse(text: &str) -> Result<Limit, Cow<'static, str>> {
        let refused = || format!("must be a whole number from 1 to {MAX_LIMIT}").into();
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(refused());
        }
        match text.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(Limit(n)),
            _ => Err(refused()),
        }
    }

    /// The number of rows.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Limit::parse(&Cow::<str>::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

impl PartialSchema for Limit {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Integer))
            .minimum(Some(1))
            .maximum(Some(MAX_LIMIT))
            .default(Some(DEFAULT_LIMIT.into()))
            .into()
    }
}

impl ToSchema for Limit {}

/// `?page=`: the token of a `Link: <…>; rel="next"` header, as sent (lowercase hex).
/// Whether it belongs to the listing is checked by `paging::PageKey`.
///
/// ```
/// use materialized_views_demo::input::PageToken;
/// assert!(PageToken::parse("0a1b").is_ok());
/// assert!(PageToken::parse("0A1B").is_err() && PageToken::parse("abc").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageToken(String);

/// What a page token looks like.
pub const TOKEN_PATTERN: &str = "^([0-9a-f]{2})+$";

impl PageToken {
    /// Checks the shape of a token.
    pub fn parse(text: &str) -> Result<PageToken, Cow<'static, str>> {
        let hex = text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if text.is_empty() || !hex || !text.len().is_multiple_of(2) || text.len() > MAX_TOKEN {
            return Err(
                "is not a page token (copy it from the `Link` header of the previous page)".into(),
            );
        }
        Ok(PageToken(text.to_string()))
    }

    /// The token text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for PageToken {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PageToken::parse(&Cow::<str>::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

impl PartialSchema for PageToken {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .min_length(Some(2))
            .max_length(Some(MAX_TOKEN))
            .pattern(Some(TOKEN_PATTERN))
            .into()
    }
}

impl ToSchema for PageToken {}

/// `?limit=&page=` of every list endpoint.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Rows per page, 1 to 1000 (default 100).
    #[serde(default)]
    #[param(inline)]
    pub limit: Limit,
    /// Where the page starts: the `page` of the previous answer's
    /// `Link: <…>; rel="next"` header (absent: the first page). Tokens are signed by
    /// the server for one listing; any other value is refused with a 422.
    #[param(inline)]
    pub page: Option<PageToken>,
}

/// `?category=` of `/views/by-category`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CategoryQuery {
    /// The category (the view's partition key).
    #[param(inline)]
    pub category: Key,
}

/// `?brand=` of `/views/by-brand`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BrandQuery {
    /// The brand (the view's partition key).
    #[param(inline)]
    pub brand: Key,
}
