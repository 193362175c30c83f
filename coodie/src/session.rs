//! The connection handle: contact points, a default keyspace, and a cache of
//! prepared statements.

use std::sync::Arc;
use std::time::Duration;

use scylla::client::caching_session::CachingSession;
use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session_builder::SessionBuilder as DriverSessionBuilder;
use scylla::response::query_result::QueryResult;
use scylla::serialize::row::SerializeRow;

use crate::{Error, Result};

/// How many prepared statements a [`Session`] keeps by default.
const DEFAULT_STATEMENT_CACHE: usize = 512;

/// Which server answers on the other end; a few CQL details differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// Apache Cassandra.
    Cassandra,
    /// ScyllaDB.
    Scylla,
}

/// A cheap-to-clone handle to the cluster: the driver session with its cache of
/// prepared statements, the default keyspace and the kind of server.
///
/// Every statement coodie runs is prepared once per session and reused.
///
/// ```no_run
/// # async fn demo() -> coodie::Result<()> {
/// let db = coodie::Session::builder()
///     .hosts(["127.0.0.1:9042"])
///     .keyspace("viewdemo")
///     .connect()
///     .await?;
/// let same = db.clone(); // shares the connections and the statement cache
/// assert_eq!(same.keyspace(), "viewdemo");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    driver: CachingSession,
    keyspace: String,
    server: Server,
    request_timeout: Duration,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("keyspace", &self.inner.keyspace)
            .field("server", &self.inner.server)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Starts a [`SessionBuilder`] with the defaults: host `127.0.0.1:9042`, keyspace
    /// `coodie`.
    ///
    /// ```
    /// let builder = coodie::Session::builder().keyspace("shop");
    /// ```
    pub fn builder() -> SessionBuilder {
        SessionBuilder::default()
    }

    /// Connects with the environment's settings: `SCYLLA_HOSTS` (comma-separated
    /// contact points, default `127.0.0.1`) and `SCYLLA_KEYSPACE` (default
    /// `default_keyspace`).
    ///
    /// ```no_run
    /// # async fn demo() -> coodie::Result<()> {
    /// let db = coodie::Session::from_env("viewdemo").await?;
    /// # Ok(()) }
    /// ```
    pub async fn from_env(default_keyspace: &str) -> Result<Session> {
        SessionBuilder::from_env(default_keyspace).connect().await
    }

    /// The default keyspace: where documents without a keyspace of their own live.
    pub fn keyspace(&self) -> &str {
        &self.inner.keyspace
    }

    /// The kind of server this session talks to.
    pub fn server(&self) -> Server {
        self.inner.server
    }

    /// The driver's caching session, for what coodie does not cover.
    ///
    /// ```no_run
    /// # async fn demo(db: coodie::Session) -> Result<(), Box<dyn std::error::Error>> {
    /// let rows = db.driver().get_session().query_unpaged("SELECT now() FROM system.local", &[]).await?;
    /// # Ok(()) }
    /// ```
    pub fn driver(&self) -> &CachingSession {
        &self.inner.driver
    }

    /// Runs one statement, prepared once and cached, with bound values; a failure
    /// carries the CQL text.
    ///
    /// ```no_run
    /// # async fn demo(db: coodie::Session) -> coodie::Result<()> {
    /// db.execute("SELECT release_version FROM system.local WHERE key = ?", ("local",)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute(&self, cql: &str, values: impl SerializeRow) -> Result<QueryResult> {
        self.bounded(cql, self.inner.driver.execute_unpaged(cql, values))
            .await
    }

    /// The request timeout every statement is bounded by.
    pub fn request_timeout(&self) -> Duration {
        self.inner.request_timeout
    }

    /// Awaits one driver call for `cql`, preparation included, for at most the
    /// request timeout: the driver bounds the execution, but not the preparation
    /// that a cache miss runs first, which would otherwise hang on a database
    /// that accepts connections and never answers.
    pub(crate) async fn bounded<T, E>(
        &self,
        cql: &str,
        call: impl std::future::Future<Output = std::result::Result<T, E>>,
    ) -> Result<T>
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        let after = self.inner.request_timeout;
        match tokio::time::timeout(after, call).await {
            Ok(outcome) => outcome.map_err(|e| Error::driver(cql, e)),
            Err(_) => Err(Error::Timeout {
                cql: cql.to_string(),
                after,
            }),
        }
    }

    /// Runs one schema statement (DDL) unprepared and waits for schema agreement.
    ///
    /// ```no_run
    /// # async fn demo(db: coodie::Session) -> coodie::Result<()> {
    /// db.execute_ddl("CREATE TABLE IF NOT EXISTS shop.t (id int PRIMARY KEY)").await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute_ddl(&self, cql: &str) -> Result<QueryResult> {
        let session = self.inner.driver.get_session();
        let result = session
            .query_unpaged(cql, &[])
            .await
            .map_err(|e| Error::driver(cql, e))?;
        session
            .await_schema_agreement()
            .await
            .map_err(|e| Error::driver(cql, e))?;
        Ok(result)
    }
}

/// Builds a [`Session`]: contact points, default keyspace and timeouts.
///
/// ```no_run
/// # async fn demo() -> coodie::Result<()> {
/// use std::time::Duration;
/// let db = coodie::Session::builder()
///     .hosts(["10.0.0.1", "10.0.0.2:9043"])
///     .keyspace("shop")
///     .request_timeout(Duration::from_secs(5))
///     .connect()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SessionBuilder {
    hosts: Vec<String>,
    keyspace: String,
    connect_timeout: Duration,
    request_timeout: Duration,
    statement_cache: usize,
}

impl Default for SessionBuilder {
    fn default() -> Self {
        SessionBuilder {
            hosts: vec!["127.0.0.1:9042".into()],
            keyspace: "coodie".into(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            statement_cache: DEFAULT_STATEMENT_CACHE,
        }
    }
}

impl SessionBuilder {
    /// Reads `SCYLLA_HOSTS` (comma-separated, default `127.0.0.1`) and
    /// `SCYLLA_KEYSPACE` (default `default_keyspace`).
    ///
    /// ```
    /// let builder = coodie::SessionBuilder::from_env("viewdemo");
    /// ```
    pub fn from_env(default_keyspace: &str) -> SessionBuilder {
        let hosts = std::env::var("SCYLLA_HOSTS").unwrap_or_else(|_| "127.0.0.1".into());
        let keyspace =
            std::env::var("SCYLLA_KEYSPACE").unwrap_or_else(|_| default_keyspace.to_string());
        SessionBuilder::default()
            .hosts(hosts.split(',').map(str::trim).filter(|h| !h.is_empty()))
            .keyspace(keyspace)
    }

    /// Sets the contact points; a host without a port gets 9042.
    pub fn hosts<I, S>(mut self, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.hosts = hosts
            .into_iter()
            .map(|h| with_default_port(h.into()))
            .collect();
        self
    }

    /// Sets the default keyspace (it need not exist yet).
    pub fn keyspace(mut self, keyspace: impl Into<String>) -> Self {
        self.keyspace = keyspace.into();
        self
    }

    /// How long to wait for the first connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take before it fails (default 10 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How many prepared statements to keep (default 512).
    pub fn statement_cache(mut self, size: usize) -> Self {
        self.statement_cache = size;
        self
    }

    /// Connects, and finds out which server answers.
    pub async fn connect(self) -> Result<Session> {
        if self.hosts.is_empty() {
            return Err(Error::Config("no contact points given".into()));
        }
        crate::ident::check_keyspace_name(&self.keyspace)
            .map_err(|why| Error::Config(format!("keyspace `{}`: {why}", self.keyspace)))?;
        let profile = ExecutionProfile::builder()
            .request_timeout(Some(self.request_timeout))
            .build();
        let driver = DriverSessionBuilder::new()
            .known_nodes(&self.hosts)
            .connection_timeout(self.connect_timeout)
            .default_execution_profile_handle(profile.into_handle())
            .build()
            .await
            .map_err(|e| Error::Connect {
                hosts: self.hosts.join(","),
                source: Box::new(e),
            })?;
        let driver = CachingSession::from(driver, self.statement_cache);
        let server = detect_server(&driver).await?;
        Ok(Session {
            inner: Arc::new(Inner {
                driver,
                keyspace: self.keyspace,
                server,
                request_timeout: self.request_timeout,
            }),
        })
    }
}

fn with_default_port(host: String) -> String {
    let has_port = match host.rsplit_once(':') {
        Some((head, port)) => {
            port.parse::<u16>().is_ok() && (!head.contains(':') || head.ends_with(']'))
        }
        None => false,
    };
    if has_port {
        host
    } else {
        format!("{host}:9042")
    }
}

/// ScyllaDB keeps its own schema tables beside the standard ones.
async fn detect_server(driver: &CachingSession) -> Result<Server> {
    const CQL: &str = "SELECT table_name FROM system_schema.tables \
                       WHERE keyspace_name = 'system_schema' AND table_name = 'scylla_tables'";
    let rows = driver
        .get_session()
        .query_unpaged(CQL, &[])
        .await
        .map_err(|e| Error::driver(CQL, e))?
        .into_rows_result()
        .map_err(|e| Error::driver(CQL, e))?;
    Ok(if rows.rows_num() > 0 {
        Server::Scylla
    } else {
        Server::Cassandra
    })
}

#[cfg(test)]
mod tests {
    use super::with_default_port;

    #[test]
    fn a_host_without_port_gets_9042() {
        assert_eq!(with_default_port("127.0.0.1".into()), "127.0.0.1:9042");
        assert_eq!(with_default_port("db:9043".into()), "db:9043");
        assert_eq!(with_default_port("[::1]:9042".into()), "[::1]:9042");
        assert_eq!(with_default_port("::1".into()), "::1:9042");
    }
}
