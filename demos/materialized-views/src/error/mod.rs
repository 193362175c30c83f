//! How failures become HTTP responses: one [`AppError`] per failed request, answered
//! as the JSON [`ErrorBody`] by the API. Nothing a user or the database does makes the
//! server panic. (The page renders the same errors as HTML: see `routes::ui`.)

mod fallback;
mod rejection;

pub use fallback::json_errors;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

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
#[schema(description = "The JSON body of every error response")]
pub struct ErrorBody {
    /// What went wrong, readable.
    pub detail: String,
    /// The request field at fault, when one is (`body` when the body as a whole is
    /// refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Why one field of the body, path or query was refused.
///
/// ```
/// let e = materialized_views_demo::error::FieldError::new("price", "must not be negative");
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
            AppError::Database(coodie::Error::ColumnTypeMismatch(_)) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            AppError::Database(coodie::Error::ValueOutOfRange { .. }) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::Database(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The field at fault, if any (`body` when the body as a whole is refused).
    ///
    /// ```
    /// use materialized_views_demo::error::{AppError, FieldError};
    /// assert_eq!(AppError::from(FieldError::new("limit", "too big")).field(), Some("limit"));
    /// assert_eq!(AppError::BadRequest("not JSON".into()).field(), Some("body"));
    /// ```
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid(e) => Some(&e.field),
            AppError::BadRequest(_)
            | AppError::UnsupportedMediaType(_)
            | AppError::PayloadTooLarge(_) => Some("body"),
            AppError::Database(coodie::Error::ValueOutOfRange { column, .. }) => Some(column),
            AppError::NotFound(_) | AppError::Database(_) => None,
        }
    }

    /// A message for people: for a database failure, what to do about it. A
    /// schema that does not fit the models, or a value that does not fit its
    /// column, is said as such, never as "unavailable".
    ///
    /// ```
    /// use materialized_views_demo::error::AppError;
    /// let e = AppError::Database(coodie::Error::ValueOutOfRange {
    ///     column: "price".into(),
    ///     reason: "1e300 (a Rust `f64`) does not fit a CQL `float` column".into(),
    ///     cql: "INSERT ...".into(),
    /// });
    /// assert_eq!(e.status().as_u16(), 422);
    /// assert_eq!(e.field(), Some("price"));
    /// assert!(!e.detail().contains("unavailable"));
    /// ```
    pub fn detail(&self) -> String {
        match self {
            AppError::Database(coodie::Error::ColumnTypeMismatch(m)) => {
                format!("The database's schema does not fit this demo's models: {m}")
            }
            AppError::Database(coodie::Error::ValueOutOfRange { column, reason, .. }) => {
                format!("`{column}`: {reason}")
            }
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

    /// Logs what the operator should know about (database failures); a refused
    /// request is the client's business and is not logged as a warning.
    pub fn log(&self) {
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
