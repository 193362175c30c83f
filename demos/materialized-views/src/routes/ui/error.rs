//! Failures of HTML fragment requests, and the extractors whose rejections are such
//! failures: a readable message fragment that htmx swaps in (the page configures
//! htmx to swap 4xx/5xx answers). A refused form field is retargeted to the form's
//! status line, so the list stays.

use axum::extract::{FromRequest, FromRequestParts};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::templates::{ErrorFragment, HtmlTemplate};

/// A failed fragment request.
#[derive(Debug)]
pub struct UiError(pub AppError);

impl<E: Into<AppError>> From<E> for UiError {
    fn from(e: E) -> Self {
        UiError(e.into())
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let error = self.0;
        error.log();
        let mut response =
            (error.status(), HtmlTemplate(ErrorFragment::from(&error))).into_response();
        if matches!(error, AppError::Invalid(_)) {
            let headers = response.headers_mut();
            headers.insert("HX-Retarget", HeaderValue::from_static("#form-status"));
            headers.insert("HX-Reswap", HeaderValue::from_static("innerHTML"));
        }
        response
    }
}

/// A form body deserialized into `T`; a refusal is an HTML message naming the field.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Form), rejection(UiError))]
pub struct FormBody<T>(pub T);

/// The query string deserialized into `T`; a refusal is an HTML message.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(UiError))]
pub struct UiQuery<T>(pub T);
