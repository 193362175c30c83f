//! Settings from the environment, and the database connection with a bounded retry.

use std::net::SocketAddr;
use std::time::Duration;

use coodie::{Session, SessionBuilder};

/// The keyspace the demo uses when `SCYLLA_KEYSPACE` is not set.
pub const DEFAULT_KEYSPACE: &str = "viewdemo";

/// How long one database request may take before the HTTP request fails with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// What every 503 asks clients to wait before they try again (`Retry-After`).
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

/// The largest request body accepted, in bytes (a larger one is a 413).
pub const BODY_LIMIT: usize = 16 * 1024;

/// The longest a whole HTTP request may take, reading its body included (then it
/// is a 503); each database call is bounded separately by [`REQUEST_TIMEOUT`].
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(15);

/// Where the demo listens and which database it talks to.
///
/// ```
/// let config = materialized_views_demo::config::Config::default();
/// assert_eq!(config.keyspace, "viewdemo");
/// assert_eq!(config.port, 8000);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Interface to bind (`HOST`, default `127.0.0.1`).
    pub host: String,
    /// Port to bind (`PORT`, default `8000`).
    pub port: u16,
    /// Contact points (`SCYLLA_HOSTS`, comma-separated, default `127.0.0.1`).
    pub scylla_hosts: Vec<String>,
    /// Keyspace of the catalog (`SCYLLA_KEYSPACE`, default `viewdemo`).
    pub keyspace: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8000,
            scylla_hosts: vec!["127.0.0.1".into()],
            keyspace: DEFAULT_KEYSPACE.into(),
        }
    }
}

/// A setting in the environment that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{name}={value:?} is not usable: {why}")]
pub struct ConfigError {
    /// The environment variable.
    pub name: &'static str,
    /// Its value.
    pub value: String,
    /// What is wrong with it.
    pub why: String,
}

impl Config {
    /// Reads `HOST`, `PORT`, `SCYLLA_HOSTS` and `SCYLLA_KEYSPACE`; unset ones keep
    /// their defaults.
    ///
    /// ```
    /// let config = materialized_views_demo::config::Config::from_env().unwrap();
    /// assert!(!config.scylla_hosts.is_empty());
    /// ```
    pub fn from_env() -> Result<Config, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let mut config = Config::default();
        if let Some(host) = var("HOST") {
            config.host = host.trim().to_string();
        }
        if let Some(port) = var("PORT") {
            config.port = port.trim().parse().map_err(|e| ConfigError {
                name: "PORT",
                value: port.clone(),
                why: format!("{e}"),
            })?;
        }
        if let Some(hosts) = var("SCYLLA_HOSTS") {
            config.scylla_hosts = hosts
                .split(',')
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .map(String::from)
                .collect();
        }
        if let Some(keyspace) = var("SCYLLA_KEYSPACE") {
            config.keyspace = keyspace.trim().to_string();
        }
        Ok(config)
    }

    /// The address to listen on.
    ///
    /// ```
    /// let config = materialized_views_demo::config::Config::default();
    /// assert_eq!(config.listen_addr().unwrap().to_string(), "127.0.0.1:8000");
    /// ```
    pub fn listen_addr(&self) -> Result<SocketAddr, ConfigError> {
        let text = if self.host.contains(':') && !self.host.starts_with('[') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        };
        text.parse().map_err(|e| ConfigError {
            name: "HOST",
            value: self.host.clone(),
            why: format!("{e}"),
        })
    }

    /// A session builder for these contact points and keyspace, with the demo's
    /// timeouts: requests fail after [`REQUEST_TIMEOUT`] instead of hanging. The
    /// rest comes from the environment through [`SessionBuilder::from_env`]:
    /// `SCYLLA_LOCAL_DC`, `SCYLLA_USER`/`SCYLLA_PASSWORD` and `SCYLLA_TLS_CA` (the
    /// last with the demo's `tls` feature).
    pub fn session_builder(&self) -> SessionBuilder {
        SessionBuilder::from_env(&self.keyspace)
            .hosts(self.scylla_hosts.iter().cloned())
            .keyspace(self.keyspace.clone())
            .connect_timeout(Duration::from_secs(3))
            .request_timeout(REQUEST_TIMEOUT)
    }
}

/// Connects, trying `attempts` times with `pause` in between (the database may still
/// be starting); the last error is returned.
///
/// ```no_run
/// # async fn demo() -> coodie::Result<()> {
/// use materialized_views_demo::config::{connect_with_retry, Config};
/// let db = connect_with_retry(&Config::default(), 5, std::time::Duration::from_secs(2)).await?;
/// # Ok(()) }
/// ```
pub async fn connect_with_retry(
    config: &Config,
    attempts: u32,
    pause: Duration,
) -> coodie::Result<Session> {
    let attempts = attempts.max(1);
    let mut attempt = 1;
    loop {
        match config.session_builder().connect().await {
            Ok(db) => return Ok(db),
            Err(e) if attempt < attempts => {
                tracing::warn!(
                    attempt,
                    attempts,
                    hosts = %config.scylla_hosts.join(","),
                    "database not reachable yet, retrying in {pause:?}: {e}"
                );
                tokio::time::sleep(pause).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Connects as the demo's binaries do when they start: [`connect_with_retry`], 5
/// attempts 2 s apart. The error names the hosts and says how to get a database.
///
/// ```no_run
/// # async fn demo() -> Result<(), String> {
/// use materialized_views_demo::config::{connect_at_startup, Config};
/// let db = connect_at_startup(&Config::default()).await?;
/// # Ok(()) }
/// ```
pub async fn connect_at_startup(config: &Config) -> Result<Session, String> {
    connect_with_retry(config, 5, Duration::from_secs(2))
        .await
        .map_err(|e| {
            format!(
                "cannot reach the database at SCYLLA_HOSTS={}: {e}\n\
                 Start it with `make db-up`.\n(or point SCYLLA_HOSTS at a running node)",
                config.scylla_hosts.join(",")
            )
        })
}
