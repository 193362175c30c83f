//! The page and its fragments, as compiled askama templates (everything they show is
//! HTML-escaped), and [`HtmlTemplate`], the one way a template becomes a response.

mod error_fragment;
mod index;
mod product_list;
mod view_results;

pub use error_fragment::ErrorFragment;
pub use index::{IndexPage, Panel};
pub use product_list::{ListItem, ProductList, ProductRows};
pub use view_results::{ViewResults, ViewRow, ViewRows, ViewState};

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// A template as an HTML response. A rendering failure (a bug, not user input)
/// becomes a short message with status 500 instead of a panic.
///
/// ```
/// use axum::response::IntoResponse;
/// use materialized_views_demo::templates::{HtmlTemplate, ViewResults};
/// use materialized_views_demo::models::ProductByBrand;
/// let response = HtmlTemplate(ViewResults::idle::<ProductByBrand>()).into_response();
/// assert_eq!(response.status(), 200);
/// ```
#[derive(Debug, Clone)]
pub struct HtmlTemplate<T>(pub T);

impl<T: Template> IntoResponse for HtmlTemplate<T> {
    fn into_response(self) -> Response {
        match self.0.render() {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                tracing::error!("template rendering failed: {e}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(
                        "<div class=\"alert\" role=\"alert\">The page could not be rendered.</div>",
                    ),
                )
                    .into_response()
            }
        }
    }
}
