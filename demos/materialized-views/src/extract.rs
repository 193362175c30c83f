//! Request extractors whose rejections are the demo's JSON errors (axum's own
//! rejections answer in plain text).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::{StatusCode, header, request::Parts};
use uuid::Uuid;

use crate::error::AppError;
use crate::validation::FieldError;

/// A JSON body, parsed but not yet checked: `Content-Type: application/json`,
/// within the body limit, valid JSON.
#[derive(Debug)]
pub struct JsonBody(pub serde_json::Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            });
        if !is_json {
            return Err(AppError::UnsupportedMediaType(
                "expected a JSON body with `Content-Type: application/json`".into(),
            ));
        }
        let bytes =
            Bytes::from_request(req, state)
                .await
                .map_err(|rejection: BytesRejection| {
                    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        AppError::PayloadTooLarge(format!(
                            "request body too large (limit {} bytes)",
                            crate::BODY_LIMIT
                        ))
                    } else {
                        AppError::BadRequest(format!("could not read the body: {rejection}"))
                    }
                })?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| AppError::BadRequest(format!("the body is not valid JSON: {e}")))
    }
}

/// The `{id}` path segment as a UUID; anything else is a 422 naming `id`.
#[derive(Debug, Clone, Copy)]
pub struct ProductId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for ProductId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::Invalid(FieldError::new("id", e.body_text())))?;
        Uuid::parse_str(raw.trim()).map(ProductId).map_err(|_| {
            AppError::Invalid(FieldError::new(
                "id",
                format!("`{raw}` is not a UUID (like 1b4e28ba-2fa1-11d2-883f-0016d3cca427)"),
            ))
        })
    }
}

/// The query string as name → value; a missing parameter is the handler's to
/// report (with [`crate::validation::view_key`]).
#[derive(Debug, Default)]
pub struct Params(pub HashMap<String, String>);

impl Params {
    /// The value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|Query(map)| Params(map))
            .map_err(|e| AppError::BadRequest(format!("bad query string: {}", e.body_text())))
    }
}
