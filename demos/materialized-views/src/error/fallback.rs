//! JSON for the answers that no handler wrote: axum's own 404 and 405, the body
//! limit's 413, the time limit's 503; and `Retry-After` on every 503.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::ErrorBody;
use crate::config::{BODY_LIMIT, HTTP_TIMEOUT, RETRY_AFTER};

/// Middleware: an error answer that is neither JSON nor HTML is turned into the JSON
/// [`ErrorBody`], keeping its status and headers (such as a 405's `Allow`). Every
/// 503 says when to try again (`Retry-After`, [`RETRY_AFTER`] seconds), so that
/// clients that honour it do not hammer a database that is coming back.
pub async fn json_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut response = next.run(request).await;
    let status = response.status();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .entry(header::RETRY_AFTER)
            .or_insert_with(|| header::HeaderValue::from(RETRY_AFTER.as_secs()));
    }
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
            format!("request body too large (limit {BODY_LIMIT} bytes)")
        }
        // Every handler answers its own 503 in JSON: an untyped one is the time limit's.
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => format!(
            "the request took too long (limit {} s)",
            HTTP_TIMEOUT.as_secs()
        ),
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
