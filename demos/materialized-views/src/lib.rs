//! # The Oracle's Mirror
//!
//! coodie's materialized views demo: a product catalog on axum + HTMX. Products are
//! written to the base table `products`; the materialized views
//! `products_by_category` and `products_by_brand` re-partition them so that a lookup
//! by category or brand reads one partition. The views are read-only.
//!
//! The crate is a library (the router, so tests drive it in-process) plus two
//! binaries: the server (`materialized-views-demo`) and `seed`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use materialized_views_demo::{AppState, app, config::Config, store::Catalog};
//! let config = Config::from_env()?;
//! let db = config.session_builder().connect().await?;
//! let catalog = Catalog::new(db);
//! catalog.ensure_schema().await?;
//! let router = app(AppState::new(catalog));
//! let listener = tokio::net::TcpListener::bind(config.listen_addr()?).await?;
//! axum::serve(listener, router).await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod config;
pub mod error;
pub mod extract;
pub mod input;
pub mod json;
pub mod models;
pub mod paging;
pub mod routes;
pub mod seed_data;
pub mod store;
pub mod templates;

pub use config::{BODY_LIMIT, HTTP_TIMEOUT};

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::paging::PageKey;
use crate::routes::{api, assets, docs, ui};
use crate::store::Catalog;

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The data layer.
    pub catalog: Catalog,
    /// Signs and checks the page tokens of the list endpoints.
    pub pages: PageKey,
}

impl AppState {
    /// State around a catalog, with a fresh page-token key.
    pub fn new(catalog: Catalog) -> AppState {
        AppState {
            catalog,
            pages: PageKey::random(),
        }
    }
}

/// The whole application: JSON API, HTMX page and fragments, docs, assets; with the
/// request body limit ([`BODY_LIMIT`], else 413) and the request time limit
/// ([`HTTP_TIMEOUT`], else 503) around every route.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/products",
            get(api::list_products).post(api::create_product),
        )
        .route(
            "/products/{id}",
            get(api::get_product).delete(api::delete_product),
        )
        .route("/views/by-category", get(api::by_category))
        .route("/views/by-brand", get(api::by_brand));
    let ui = Router::new()
        .route("/", get(ui::index))
        .route("/ui/products", get(ui::list).post(ui::create))
        .route("/ui/products/{id}", delete(ui::delete))
        .route("/ui/views/by-category", get(ui::by_category))
        .route("/ui/views/by-brand", get(ui::by_brand))
        .route("/static/htmx.min.js", get(assets::htmx))
        .route("/static/style.css", get(assets::style));
    let routes = Router::new()
        .merge(api)
        .merge(ui)
        .merge(docs::swagger())
        .with_state(state);
    // The layers wrap the router once, as one service: `Router::layer` would wrap
    // every route in each of them, a boxed service per layer and route that every
    // request clones (and a boxed future per layer it awaits).
    let layered = tower::ServiceBuilder::new()
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(error::json_errors))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            HTTP_TIMEOUT,
        ))
        .map_response(IntoResponse::into_response)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .service(routes);
    Router::new().fallback_service(layered)
}
