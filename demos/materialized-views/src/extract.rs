//! Extractors whose rejections are the demo's JSON errors: axum's own `Json` and
//! `Query`, with [`AppError`] as their rejection (axum's answer in plain text), and
//! the `{id}` path segment as a UUID.

use axum::extract::{FromRequest, FromRequestParts, Path};
use axum::http::request::Parts;
use uuid::Uuid;

use crate::error::{AppError, FieldError};

/// A JSON body deserialized into `T`: `Content-Type: application/json` (else 415),
/// within the body limit (else 413), valid JSON (else 400), and a valid `T` (else
/// 422 naming the field).
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct JsonBody<T>(pub T);

/// The query string deserialized into `T` (else 422 naming the parameter). Unknown
/// parameters are ignored, so one request can be read by several `QueryParams`.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct QueryParams<T>(pub T);

/// The `{id}` path segment as a UUID in its hyphenated form (`format: uuid` of the
/// OpenAPI document, any case); anything else is a 422 naming `id`.
#[derive(Debug, Clone, Copy)]
pub struct ProductId(pub Uuid);

/// Length of the hyphenated form, the only one the API accepts (the `uuid` crate
/// also reads the simple, braced and URN forms, which `format: uuid` does not allow).
const HYPHENATED_LEN: usize = 36;

/// `text` as a UUID if it is one in the hyphenated form.
///
/// ```
/// use materialized_views_demo::extract::hyphenated_uuid;
/// assert!(hyphenated_uuid("1b4e28ba-2fa1-11d2-883f-0016d3cca427").is_some());
/// assert!(hyphenated_uuid("1B4E28BA-2FA1-11D2-883F-0016D3CCA427").is_some());
/// assert!(hyphenated_uuid("1b4e28ba2fa111d2883f0016d3cca427").is_none());
/// assert!(hyphenated_uuid("{1b4e28ba-2fa1-11d2-883f-0016d3cca427}").is_none());
/// assert!(hyphenated_uuid("urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427").is_none());
/// ```
pub fn hyphenated_uuid(text: &str) -> Option<Uuid> {
    if text.len() != HYPHENATED_LEN {
        return None;
    }
    Uuid::try_parse(text).ok()
}

impl<S: Send + Sync> FromRequestParts<S> for ProductId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::Invalid(FieldError::new("id", e.body_text())))?;
        hyphenated_uuid(&raw).map(ProductId).ok_or_else(|| {
            AppError::Invalid(FieldError::new(
                "id",
                format!("`{raw}` is not a UUID (like 1b4e28ba-2fa1-11d2-883f-0016d3cca427)"),
            ))
        })
    }
}
