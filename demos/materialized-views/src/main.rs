//! The Oracle's Mirror server: `cargo run -p materialized-views-demo`.

use std::process::ExitCode;
use std::time::Duration;

use materialized_views_demo::config::{Config, connect_with_retry};
use materialized_views_demo::store::Catalog;
use materialized_views_demo::{AppState, app};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,scylla=warn,tower_http=info")),
        )
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let addr = config.listen_addr().map_err(|e| e.to_string())?;
    tracing::info!(
        hosts = %config.scylla_hosts.join(","),
        keyspace = %config.keyspace,
        "connecting to the database"
    );
    let db = connect_with_retry(&config, 5, Duration::from_secs(2))
        .await
        .map_err(|e| {
            format!(
                "cannot reach the database at SCYLLA_HOSTS={}: {e}\n\
                 Start it with `make db-up` (or point SCYLLA_HOSTS at a running node).",
                config.scylla_hosts.join(",")
            )
        })?;
    tracing::info!(server = ?db.server(), "connected");
    let catalog = Catalog::new(db);
    let report = catalog
        .ensure_schema()
        .await
        .map_err(|e| format!("schema sync failed: {e}"))?;
    for statement in &report.statements {
        tracing::info!("schema: {statement}");
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("🔮 The Oracle's Mirror at http://{addr}/  (API docs: http://{addr}/docs/)");
    axum::serve(listener, app(AppState::new(catalog)))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("server error: {e}"))
}
