//! The Oracle's Mirror server: `cargo run -p materialized-views-demo`.

use std::process::ExitCode;

use coodie::prelude::Table;
use materialized_views_demo::config::{Config, connect_at_startup};
use materialized_views_demo::models::{Product, ProductByBrand, ProductByCategory};
use materialized_views_demo::store::Catalog;
use materialized_views_demo::{AppState, app};
use tracing_subscriber::EnvFilter;

/// Feature `mimalloc` (on by default): see the demo's `Cargo.toml`.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,coodie=warn,scylla=warn")),
        )
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
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
    let db = connect_at_startup(&config).await?;
    tracing::info!(server = ?db.server(), "connected");
    let catalog = Catalog::new(db);
    let report = catalog.ensure_schema().await.map_err(|e| match e {
        coodie::Error::ColumnTypeMismatch(mismatch) => format!(
            "the keyspace `{ks}` holds a schema this demo cannot use: {mismatch}\n\
             The demo did not start, and changed nothing. To run it, point SCYLLA_KEYSPACE at \
             another (or a new) keyspace, or migrate the column as said above.",
            ks = catalog.session().keyspace()
        ),
        other => format!("schema sync failed: {other}"),
    })?;
    tracing::info!(
        "keyspace {} ready (created if missing: SimpleStrategy, replication_factor 1)",
        catalog.session().keyspace()
    );
    if report.statements.is_empty() {
        tracing::info!(
            "schema: {}, {} and {} are in place",
            Product::NAME,
            ProductByCategory::NAME,
            ProductByBrand::NAME
        );
    }
    for statement in &report.statements {
        tracing::info!("schema: {statement}");
    }
    for drift in &report.drift {
        tracing::warn!("schema drift (left alone): {drift}");
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("🔮 The Oracle's Mirror at http://{addr}/  (API docs: http://{addr}/docs/)");
    axum::serve(listener, app(AppState::new(catalog)))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))
}

/// Ctrl-C, or SIGTERM (as sent by `docker stop` and process managers).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
