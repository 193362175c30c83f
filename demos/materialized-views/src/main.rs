//! The Oracle's Mirror: coodie's materialized views demo (placeholder until the demo lands).

#[tokio::main]
async fn main() {
    let addr = "127.0.0.1:8000";
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "coodie demo" }));
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
