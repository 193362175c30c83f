//! axum's extractor rejections as [`AppError`]s: a value that does not deserialize is
//! a 422 naming its field (read from the `serde_path_to_error` error that axum keeps
//! as the rejection's source), an unreadable body a 400, 413 or 415 naming `body`.

use std::error::Error as StdError;

use axum::extract::rejection::{BytesRejection, FormRejection, JsonRejection, QueryRejection};
use axum::http::StatusCode;

use super::{AppError, FieldError};
use crate::config::BODY_LIMIT;

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(e) => field_error(&e).into(),
            JsonRejection::JsonSyntaxError(e) => AppError::BadRequest(format!(
                "the body is not valid JSON: {}",
                source_message(&e).unwrap_or_else(|| e.body_text())
            )),
            JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType(
                "expected a JSON body with `Content-Type: application/json`".into(),
            ),
            JsonRejection::BytesRejection(e) => unreadable(e),
            other => AppError::BadRequest(other.body_text()),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        match rejection {
            QueryRejection::FailedToDeserializeQueryString(e) => field_error(&e).into(),
            other => AppError::BadRequest(other.body_text()),
        }
    }
}

impl From<FormRejection> for AppError {
    fn from(rejection: FormRejection) -> Self {
        match rejection {
            FormRejection::FailedToDeserializeForm(e) => field_error(&e).into(),
            FormRejection::FailedToDeserializeFormBody(e) => field_error(&e).into(),
            FormRejection::InvalidFormContentType(_) => AppError::UnsupportedMediaType(
                "expected a form with `Content-Type: application/x-www-form-urlencoded`".into(),
            ),
            FormRejection::BytesRejection(e) => unreadable(e),
            other => AppError::BadRequest(other.body_text()),
        }
    }
}

fn unreadable(rejection: BytesRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge(format!("request body too large (limit {BODY_LIMIT} bytes)"))
    } else {
        AppError::BadRequest(format!(
            "could not read the body: {}",
            rejection.body_text()
        ))
    }
}

/// The field a deserialization error is about, and what is wrong with it.
fn field_error(rejection: &(dyn StdError + 'static)) -> FieldError {
    let Some((path, message)) = path_and_message(rejection) else {
        return FieldError::new("body", rejection.to_string());
    };
    // serde names a missing, unknown or repeated field in the message itself.
    let named = |prefix: &str| {
        let rest = message.strip_prefix(prefix)?;
        let end = rest
            .find("`, expected ")
            .or_else(|| rest.find("`, there are no fields"))
            .or_else(|| rest.rfind('`'))?;
        Some((
            rest[..end].to_string(),
            rest[end + 1..].trim_start_matches(", "),
        ))
    };
    let (field, message) = if let Some((field, _)) = named("missing field `") {
        (field, "is required".to_string())
    } else if let Some((field, expected)) = named("unknown field `") {
        (field, format!("unknown field; {expected}"))
    } else if let Some((field, _)) = named("duplicate field `") {
        (field, "is given more than once".to_string())
    } else {
        (String::new(), message.clone())
    };
    let field = match path.as_str() {
        "." if field.is_empty() => "body".to_string(),
        "." => field,
        _ => path,
    };
    FieldError::new(field, message)
}

/// The `serde_path_to_error` error behind a rejection: its path (`.` for the top
/// level) and the message without serde_json's " at line L column C".
fn path_and_message(rejection: &(dyn StdError + 'static)) -> Option<(String, String)> {
    let mut source = rejection.source();
    while let Some(error) = source {
        if let Some(e) = error.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>() {
            return Some((e.path().to_string(), json_message(e.inner())));
        }
        if let Some(e) = error.downcast_ref::<serde_path_to_error::Error<serde::de::value::Error>>()
        {
            return Some((e.path().to_string(), e.inner().to_string()));
        }
        source = error.source();
    }
    None
}

/// The message of the first serde_json error behind a rejection.
fn source_message(rejection: &(dyn StdError + 'static)) -> Option<String> {
    path_and_message(rejection)
        .map(|(_, message)| message)
        .or_else(|| {
            let mut source = rejection.source();
            while let Some(error) = source {
                if let Some(e) = error.downcast_ref::<serde_json::Error>() {
                    return Some(json_message(e));
                }
                source = error.source();
            }
            None
        })
}

fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&position).unwrap_or(&text).to_string()
}

#[cfg(test)]
mod tests {
    use axum::extract::FromRequest;
    use axum::http::{Request, header};
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        price: f64,
    }

    use crate::input::Object;

    async fn refusal(json: &str) -> FieldError {
        let request = Request::post("/")
            .header(header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from(json.to_string()))
            .unwrap();
        match axum::Json::<Object<Body>>::from_request(request, &()).await {
            Ok(_) => panic!("{json} was accepted"),
            Err(rejection) => match AppError::from(rejection) {
                AppError::Invalid(e) => e,
                other => panic!("{json}: {other:?}"),
            },
        }
    }

    #[tokio::test]
    async fn each_refusal_names_its_field() {
        let cases = [
            (
                r#"{"name": 5, "price": 1}"#,
                "name",
                "invalid type: integer `5`, expected a string",
            ),
            (r#"{"name": "a"}"#, "price", "is required"),
            (
                r#"{"name": "a", "price": 1, "id": 2}"#,
                "id",
                "unknown field; expected `name` or `price`",
            ),
            (
                r#"{"name": "a", "name": "b", "price": 1}"#,
                "name",
                "is given more than once",
            ),
            (
                "[1]",
                "body",
                "invalid type: sequence, expected a JSON object",
            ),
        ];
        for (json, field, message) in cases {
            assert_eq!(
                refusal(json).await,
                FieldError::new(field, message),
                "{json}"
            );
        }
    }

    #[tokio::test]
    async fn a_syntax_error_is_a_bad_request_without_position_noise() {
        let request = Request::post("/")
            .header(header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from("{\"name\": "))
            .unwrap();
        let rejection = axum::Json::<Body>::from_request(request, &())
            .await
            .unwrap_err();
        let error = AppError::from(rejection);
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert!(
            error
                .to_string()
                .starts_with("the body is not valid JSON: "),
            "{error}"
        );
    }
}
