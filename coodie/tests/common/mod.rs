//! Shared by the database tests: a session on the real database and a fresh
//! keyspace per test binary.
#![allow(dead_code)]

use coodie::{Replication, Session};

/// Connects to `SCYLLA_HOSTS` (default 127.0.0.1) and creates `keyspace` afresh
/// (dropped first if a previous run left it). Fails, never skips, when the database
/// cannot be reached.
pub async fn fresh_keyspace(keyspace: &str) -> Session {
    let db = connect(keyspace).await;
    db.drop_keyspace(keyspace)
        .await
        .unwrap_or_else(|e| panic!("dropping keyspace {keyspace}: {e}"));
    db.create_keyspace(keyspace, &Replication::Simple(1))
        .await
        .unwrap_or_else(|e| panic!("creating keyspace {keyspace}: {e}"));
    db
}

/// Connects to `SCYLLA_HOSTS` with `keyspace` as the default keyspace.
pub async fn connect(keyspace: &str) -> Session {
    let builder = coodie::SessionBuilder::from_env(keyspace).keyspace(keyspace);
    match builder.connect().await {
        Ok(db) => db,
        Err(e) => panic!(
            "cannot reach the database at SCYLLA_HOSTS={}: {e}\n\
             run `make db-up` to start it",
            std::env::var("SCYLLA_HOSTS").unwrap_or_else(|_| "127.0.0.1".into())
        ),
    }
}

/// Retries `check` until it returns `Some` or `timeout` passes: materialized views
/// are updated asynchronously.
pub async fn eventually<T, F, Fut>(timeout: std::time::Duration, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = std::time::Instant::now();
    loop {
        if let Some(value) = check().await {
            return Some(value);
        }
        if started.elapsed() > timeout {
            return None;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
