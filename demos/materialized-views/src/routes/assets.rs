//! Static assets compiled into the binary: the stylesheet and htmx.

use axum::http::header;
use axum::response::IntoResponse;

/// htmx 2.0.11, `dist/htmx.min.js` of the npm package `htmx.org` (licence 0BSD),
/// vendored byte for byte in `static/vendor/` (see its README).
pub const HTMX_JS: &str = include_str!("../../static/vendor/htmx.min.js");

/// The page's stylesheet.
pub const STYLE_CSS: &str = include_str!("../../static/style.css");

/// `GET /static/htmx.min.js`.
pub async fn htmx() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        HTMX_JS,
    )
}

/// `GET /static/style.css`.
pub async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        STYLE_CSS,
    )
}
