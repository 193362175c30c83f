//! What the workspace's database tests share: a session on the real database, a
//! fresh keyspace, a bounded retry for what materialized views show
//! asynchronously, free ports, the models of Python coodie's demo and of its
//! counter and vector models.
//!
//! Every helper that needs the database fails, never skips, when it cannot reach
//! it, and says to run `make db-up`.
//!
//! ```no_run
//! # async fn demo() {
//! let db = coodie_test_support::fresh_keyspace("my_test").await;
//! # }
//! ```

pub mod interop_models;
pub mod models;

use std::future::Future;
use std::time::{Duration, Instant};

use coodie::{Replication, Session, SessionBuilder};

/// The contact points of `SCYLLA_HOSTS` (default `127.0.0.1`), for messages.
pub fn hosts() -> String {
    std::env::var("SCYLLA_HOSTS").unwrap_or_else(|_| "127.0.0.1".into())
}

/// How long a test's request may take: longer than the library's default, because
/// schema changes (`CREATE`/`DROP KEYSPACE`) on a node busy with parallel test
/// binaries can take more than 10 s.
pub const TEST_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Connects to `SCYLLA_HOSTS` with `keyspace` as the default keyspace (which need
/// not exist), with [`TEST_REQUEST_TIMEOUT`]. Panics, saying to run `make db-up`,
/// when the database cannot be reached.
pub async fn connect(keyspace: &str) -> Session {
    let builder = SessionBuilder::from_env(keyspace)
        .keyspace(keyspace)
        .request_timeout(TEST_REQUEST_TIMEOUT);
    match builder.connect().await {
        Ok(db) => db,
        Err(e) => panic!(
            "cannot reach the database at SCYLLA_HOSTS={}: {e}\nrun `make db-up` to start it",
            hosts()
        ),
    }
}

/// Connects (as [`connect`]) and creates `keyspace` afresh: dropped first if a
/// previous run left it, then created with SimpleStrategy, RF 1.
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

/// How often [`eventually`] checks again.
pub const RETRY_EVERY: Duration = Duration::from_millis(50);

/// Runs `check` until it returns `Some` or `timeout` passes (then `None`):
/// materialized views are updated asynchronously.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use std::time::Duration;
/// let mut tries = 0;
/// let found = coodie_test_support::eventually(Duration::from_secs(1), || {
///     tries += 1;
///     let ready = tries >= 3;
///     async move { ready.then_some("row") }
/// })
/// .await;
/// assert_eq!(found, Some("row"));
/// # }
/// ```
pub async fn eventually<T, F, Fut>(timeout: Duration, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return Some(value);
        }
        if started.elapsed() > timeout {
            return None;
        }
        tokio::time::sleep(RETRY_EVERY).await;
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
///
/// ```
/// let port = coodie_test_support::free_port();
/// assert!(std::net::TcpListener::bind(("127.0.0.1", port)).is_ok());
/// ```
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// A value no other test uses, `prefix-` and 12 hex digits: tests that share a
/// keyspace (and its views) keep their rows apart with it.
///
/// ```
/// let a = coodie_test_support::unique("cat");
/// assert!(a.starts_with("cat-") && a.len() == 16);
/// assert_ne!(a, coodie_test_support::unique("cat"));
/// ```
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}
