//! How failures become HTTP responses: JSON for the API, an HTML message fragment
//! for the page. Nothing a user or the database does makes the server panic.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::validation::FieldError;

/// The JSON body of every error response.
///
/// ```
/// let body = materialized_views_demo::error::ErrorBody {
///     detail: "price: must not be negative".into(),
///     field: Some("price".into()),
/// };
/// assert_eq!(
///     serde_json::to_value(&body).unwrap(),
///     serde_json::json!({"detail": "price: must not be negative", "field": "price"})
/// );
/// ```
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, readable.
    pub detail: String,
    /// The request field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A field of the body, path or query was refused (422).
    #[error("{0}")]
    Invalid(#[from] FieldError),
    /// The body could not be read as JSON (400).
    #[error("{0}")]
    BadRequest(String),
    /// The body is not JSON (415).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The body is larger than the limit (413).
    #[error("{0}")]
    PayloadTooLarge(String),
    /// No such product (404).
    #[error("{0}")]
    NotFound(String),
    /// The database failed or did not answer in time (503).
    #[error("the database is unavailable: {0}")]
    Database(#[from] coodie::Error),
}

impl AppError {
    /// The HTTP status of this failure.
    ///
    /// ```
    /// use materialized_views_demo::error::AppError;
    /// assert_eq!(AppError::NotFound("x".into()).status().as_u16(), 404);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Database(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The field at fault, if any (`body` when the body as a whole is refused).
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid(e) => Some(&e.field),
            AppError::BadRequest(_)
            | AppError::UnsupportedMediaType(_)
            | AppError::PayloadTooLarge(_) => Some("body"),
            AppError::NotFound(_) | AppError::Database(_) => None,
        }
    }

    /// A message for people: for a database failure, what to do about it.
    pub fn detail(&self) -> String {
        match self {
            AppError::Database(e) => format!(
                "The database is unavailable right now; try again in a moment \
                 (if it is not running: `make db-up`). Cause: {e}"
            ),
            other => other.to_string(),
        }
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            detail: self.detail(),
            field: self.field().map(str::to_string),
        }
    }

    fn log(&self) {
        if let AppError::Database(e) = self {
            tracing::warn!("database failure: {e}");
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        (self.status(), axum::Json(self.body())).into_response()
    }
}

/// A failure of an HTML fragment request: rendered as a readable message that
/// htmx swaps in (the page configures htmx to swap 4xx/5xx answers). A refused
/// form field is retargeted to the form's status line, so the list stays.
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
        let status = error.status();
        let html = crate::templates::render_error(&error);
        let mut response = (status, axum::response::Html(html)).into_response();
        if matches!(error, AppError::Invalid(_)) {
            response
                .headers_mut()
                .insert("HX-Retarget", HeaderValue::from_static("#form-status"));
            response
                .headers_mut()
                .insert("HX-Reswap", HeaderValue::from_static("innerHTML"));
        }
        response
    }
}

/// Middleware: an error answer that is neither JSON nor HTML (axum's 404/405, the
/// body limit's 413, the timeout's 408) is turned into the JSON error body.
pub async fn json_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let typed = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json") || ct.starts_with("text/html"));
    if typed {
        return response;
    }
    let detail = match status {
        StatusCode::NOT_FOUND => "no such route".to_string(),
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed on this route".to_string(),
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!("request body too large (limit {} bytes)", crate::BODY_LIMIT)
        }
        StatusCode::REQUEST_TIMEOUT => "the request took too long".to_string(),
        other => other
            .canonical_reason()
            .unwrap_or("request failed")
            .to_string(),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = ErrorBody {
        field: (status == StatusCode::PAYLOAD_TOO_LARGE).then(|| "body".to_string()),
        detail,
    };
    let mut fresh = (status, axum::Json(body)).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE {
            fresh.headers_mut().insert(name.clone(), value.clone());
        }
    }
    fresh
}
