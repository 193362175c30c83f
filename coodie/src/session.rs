//! The connection handle: contact points, a default keyspace, and a cache of
//! prepared statements.
//!
//! # Routing
//!
//! Every statement goes to a replica of its partition first: the session uses the
//! driver's [`DefaultPolicy`], which is token-aware (coodie prepares every
//! statement, so the driver knows each one's partition key). With
//! [`SessionBuilder::local_datacenter`] it sends statements only to the nodes of
//! that datacenter (token-aware within it), as a multi-datacenter deployment wants
//! together with `LOCAL_QUORUM` (the driver's default consistency) and a keyspace
//! replicated with [`Replication::NetworkTopology`](crate::Replication).
//!
//! The driver learns the other nodes from `system.peers` of the node it connected to
//! and reaches each of them on the *contact point's* port (it does not read the
//! per-node `native_port` of `system.peers_v2`): every node of a cluster must serve
//! CQL on the same port.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use scylla::client::caching_session::CachingSession;
use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session_builder::SessionBuilder as DriverSessionBuilder;
use scylla::policies::load_balancing::DefaultPolicy;
use scylla::policies::retry::RetryPolicy;
use scylla::response::query_result::QueryResult;
use scylla::serialize::row::SerializeRow;
use scylla::statement::Statement;

use crate::cql::ShapeBuf;
use crate::{Error, Result};

mod in_sync;
mod statements;

pub(crate) use in_sync::InSync;
use statements::KeyRef;
use statements::Statements;
pub(crate) use statements::{Lookup, LookupKey, Prepared, StatementKey, StatementKind};

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
    /// coodie's own statements, by what they are rather than by their text.
    statements: Statements,
    /// What each table's sync last found in sync.
    in_sync: InSync,
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

    /// What each table's sync last found in sync (schema sync's shortcut).
    pub(crate) fn in_sync(&self) -> &InSync {
        &self.inner.in_sync
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

    /// The prepared statement `key` names: from the session's cache, or rendered
    /// by `render`, prepared (within the request timeout) and kept, on the first
    /// call of each key. The text is built on a miss only. A statement is kept
    /// with the idempotence flag of its first call (`idempotent`), so that calls
    /// with the same settings use it as it is, without a copy.
    pub(crate) async fn prepared(
        &self,
        key: StatementKey,
        idempotent: bool,
        render: impl FnOnce() -> String,
    ) -> Result<Arc<Prepared>> {
        self.resolve(self.look_up(key, idempotent, render)).await
    }

    /// The first half of [`prepared`](Self::prepared), without waiting: the cached
    /// statement, or the key and text to prepare (for callers that must not hold
    /// on to what `render` borrows, like a `'static` stream). `key` is a
    /// [`StatementKey`] or a borrowed [`KeyRef`], with which a hit allocates
    /// nothing (a miss makes the owned key).
    pub(crate) fn look_up(
        &self,
        key: impl LookupKey,
        idempotent: bool,
        render: impl FnOnce() -> String,
    ) -> Lookup {
        match self.inner.statements.get(&key) {
            Some(prepared) => Lookup::Cached(prepared),
            None => Lookup::Missing {
                key: key.into_key(),
                cql: render(),
                idempotent,
            },
        }
    }

    /// [`look_up`](Self::look_up) by the shape `shape` writes into a buffer on the
    /// stack, for the statement `kind` of model `T`: a hit allocates nothing.
    pub(crate) fn look_up_shaped<T: 'static>(
        &self,
        kind: StatementKind,
        shape: impl FnOnce(&mut ShapeBuf),
        idempotent: bool,
        render: impl FnOnce() -> String,
    ) -> Lookup {
        let mut parts = ShapeBuf::default();
        shape(&mut parts);
        self.look_up(
            KeyRef::shaped::<T>(kind, parts.as_slice()),
            idempotent,
            render,
        )
    }

    /// The second half of [`prepared`](Self::prepared): prepares a missing
    /// statement. A cached one is returned at once, with no future of its own to
    /// poll or drop (the usual call).
    pub(crate) async fn resolve(&self, lookup: Lookup) -> Result<Arc<Prepared>> {
        match lookup {
            Lookup::Cached(prepared) => Ok(prepared),
            // Boxed: the preparation's future is large and awaited once per shape;
            // inline it would be carried (and moved) by every call's future.
            Lookup::Missing {
                key,
                cql,
                idempotent,
            } => {
                let prepare: BoxFuture<'_, Result<Arc<Prepared>>> =
                    Box::pin(self.prepare_and_keep(key, cql, idempotent));
                prepare.await
            }
        }
    }

    /// Prepares `cql` once for all callers that missed the cache together: they
    /// take turns at the shape's gate, and each looks in the cache again first.
    /// The wait and the preparation together are bounded by the request timeout.
    /// The statement is kept with the idempotence flag `idempotent`.
    async fn prepare_and_keep(
        &self,
        key: StatementKey,
        cql: String,
        idempotent: bool,
    ) -> Result<Arc<Prepared>> {
        let statements = &self.inner.statements;
        let gate = statements.gate(&key);
        let once = async {
            let _turn = gate.lock().await;
            if let Some(prepared) = statements.get(&key) {
                return Ok::<_, scylla::errors::PrepareError>(prepared);
            }
            let mut statement = self
                .inner
                .driver
                .add_prepared_statement(&Statement::new(cql.as_str()))
                .await?;
            statement.set_is_idempotent(idempotent);
            let prepared = Arc::new(Prepared::new(cql.clone(), statement));
            statements.insert(key.clone(), Arc::clone(&prepared));
            statements.drop_gate(&key);
            Ok(prepared)
        };
        self.bounded(&cql, once).await
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

#[cfg(feature = "tls")]
mod tls;

/// Builds a [`Session`]: contact points, default keyspace, timeouts, routing,
/// authentication and (with the `tls` feature) TLS.
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
    local_datacenter: Option<String>,
    datacenter_failover: bool,
    credentials: Option<Credentials>,
    retry_policy: Option<Arc<dyn RetryPolicy>>,
    #[cfg(feature = "tls")]
    tls: Option<tls::Tls>,
    /// A setting from the environment that cannot be used; [`SessionBuilder::connect`]
    /// returns it as [`Error::Config`], so that `from_env` itself cannot fail.
    unusable_env: Option<String>,
}

/// A username and password for the server's `PasswordAuthenticator`; the password
/// never shows in `Debug` output.
#[derive(Clone)]
struct Credentials {
    username: String,
    password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl Default for SessionBuilder {
    fn default() -> Self {
        SessionBuilder {
            hosts: vec!["127.0.0.1:9042".into()],
            keyspace: "coodie".into(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            statement_cache: DEFAULT_STATEMENT_CACHE,
            local_datacenter: None,
            datacenter_failover: false,
            credentials: None,
            retry_policy: None,
            #[cfg(feature = "tls")]
            tls: None,
            unusable_env: None,
        }
    }
}

impl SessionBuilder {
    /// Reads the environment; unset (or empty) variables keep the defaults:
    ///
    /// | Variable | Meaning |
    /// |---|---|
    /// | `SCYLLA_HOSTS` | comma-separated contact points, `host` or `host:port` (default `127.0.0.1`) |
    /// | `SCYLLA_KEYSPACE` | the default keyspace (default `default_keyspace`) |
    /// | `SCYLLA_LOCAL_DC` | [`local_datacenter`](Self::local_datacenter) |
    /// | `SCYLLA_USER`, `SCYLLA_PASSWORD` | [`user`](Self::user) (both or neither) |
    /// | `SCYLLA_TLS_CA` | a PEM file of CA certificates: `tls_ca_file` (needs the `tls` feature) |
    ///
    /// A setting that cannot be used (a user without a password, `SCYLLA_TLS_CA`
    /// without the `tls` feature) makes [`connect`](Self::connect) fail with
    /// [`Error::Config`] naming the variable; it never falls back to plaintext.
    ///
    /// ```
    /// let builder = coodie::SessionBuilder::from_env("viewdemo");
    /// ```
    pub fn from_env(default_keyspace: &str) -> SessionBuilder {
        SessionBuilder::from_vars(default_keyspace, |name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) with the variables looked up by `lookup`.
    fn from_vars(
        default_keyspace: &str,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> SessionBuilder {
        let var = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let hosts = var("SCYLLA_HOSTS").unwrap_or_else(|| "127.0.0.1".into());
        let keyspace = var("SCYLLA_KEYSPACE").unwrap_or_else(|| default_keyspace.to_string());
        let mut builder = SessionBuilder::default()
            .hosts(hosts.split(',').map(str::trim).filter(|h| !h.is_empty()))
            .keyspace(keyspace);
        if let Some(dc) = var("SCYLLA_LOCAL_DC") {
            builder = builder.local_datacenter(dc);
        }
        match (var("SCYLLA_USER"), lookup("SCYLLA_PASSWORD")) {
            (Some(user), Some(password)) => builder = builder.user(user, password),
            (None, None) => {}
            (Some(_), None) => {
                builder.unusable_env = Some("SCYLLA_USER is set but SCYLLA_PASSWORD is not".into())
            }
            (None, Some(_)) => {
                builder.unusable_env = Some("SCYLLA_PASSWORD is set but SCYLLA_USER is not".into())
            }
        }
        if let Some(ca) = var("SCYLLA_TLS_CA") {
            #[cfg(feature = "tls")]
            {
                builder = builder.tls_ca_file(ca);
            }
            #[cfg(not(feature = "tls"))]
            {
                builder.unusable_env = Some(format!(
                    "SCYLLA_TLS_CA={ca} is set, but coodie was built without its `tls` feature"
                ));
            }
        }
        builder
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

    /// The driver's retry policy (default: the driver's `DefaultRetryPolicy`).
    ///
    /// Whatever the policy, the driver offers it a retry of a failed statement
    /// with the statement's idempotence flag, and coodie sets that flag on every
    /// statement it sends (the rules are under "Idempotence" in the `coodie::write` docs): the default
    /// policy never retries a write that may have been applied (a timeout, a
    /// broken connection) unless the statement is idempotent.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use coodie::scylla::policies::retry::FallthroughRetryPolicy;
    /// // Never retry anything.
    /// let builder = coodie::Session::builder().retry_policy(Arc::new(FallthroughRetryPolicy::new()));
    /// ```
    pub fn retry_policy(mut self, policy: Arc<dyn RetryPolicy>) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// How many prepared statements to keep (default 512).
    pub fn statement_cache(mut self, size: usize) -> Self {
        self.statement_cache = size;
        self
    }

    /// Sends statements only to the nodes of datacenter `dc` (token-aware within
    /// it), never to another datacenter unless
    /// [`datacenter_failover`](Self::datacenter_failover) allows it. Without it every
    /// node of the cluster counts as local. Read from `SCYLLA_LOCAL_DC` by
    /// [`from_env`](Self::from_env).
    ///
    /// ```no_run
    /// # async fn demo() -> coodie::Result<()> {
    /// use coodie::Replication;
    /// let db = coodie::Session::builder()
    ///     .hosts(["10.0.1.1", "10.0.1.2"]) // nodes of eu-west; the driver finds the rest
    ///     .local_datacenter("eu-west")
    ///     .keyspace("shop")
    ///     .connect()
    ///     .await?;
    /// db.create_keyspace(
    ///     "shop",
    ///     &Replication::network_topology([("eu-west", 3), ("us-east", 3)]),
    /// )
    /// .await?;
    /// # Ok(()) }
    /// ```
    pub fn local_datacenter(mut self, dc: impl Into<String>) -> Self {
        self.local_datacenter = Some(dc.into());
        self
    }

    /// With a [`local_datacenter`](Self::local_datacenter): whether a statement may
    /// go to another datacenter when no node of the local one can take it (default
    /// `false`: statements stay in the local datacenter and fail instead).
    ///
    /// ```
    /// let builder = coodie::Session::builder()
    ///     .local_datacenter("eu-west")
    ///     .datacenter_failover(true);
    /// ```
    pub fn datacenter_failover(mut self, allowed: bool) -> Self {
        self.datacenter_failover = allowed;
        self
    }

    /// Authenticates with a username and password (the server's
    /// `PasswordAuthenticator`). Read from `SCYLLA_USER` and `SCYLLA_PASSWORD` by
    /// [`from_env`](Self::from_env). A wrong password makes
    /// [`connect`](Self::connect) fail with [`Error::Connect`] whose message
    /// carries the server's reason. The password never appears in `Debug` output.
    ///
    /// ```no_run
    /// # async fn demo() -> coodie::Result<()> {
    /// let db = coodie::Session::builder()
    ///     .hosts(["db.example.com"])
    ///     .user("shop_app", std::env::var("SHOP_DB_PASSWORD").unwrap_or_default())
    ///     .connect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn user(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some(Credentials {
            username: username.into(),
            password: password.into(),
        });
        self
    }

    /// The load balancing policy: the driver's token-aware [`DefaultPolicy`], kept
    /// to the local datacenter when one is set.
    fn load_balancing(
        &self,
    ) -> std::sync::Arc<dyn scylla::policies::load_balancing::LoadBalancingPolicy> {
        let policy = DefaultPolicy::builder().token_aware(true);
        match &self.local_datacenter {
            Some(dc) => policy
                .prefer_datacenter(dc.clone())
                .permit_dc_failover(self.datacenter_failover),
            None => policy,
        }
        .build()
    }

    /// Connects, and finds out which server answers.
    pub async fn connect(self) -> Result<Session> {
        if let Some(why) = &self.unusable_env {
            return Err(Error::Config(why.clone()));
        }
        if self.hosts.is_empty() {
            return Err(Error::Config("no contact points given".into()));
        }
        crate::ident::check_keyspace_name(&self.keyspace)
            .map_err(|why| Error::Config(format!("keyspace `{}`: {why}", self.keyspace)))?;
        let mut profile = ExecutionProfile::builder()
            .request_timeout(Some(self.request_timeout))
            .load_balancing_policy(self.load_balancing());
        if let Some(policy) = &self.retry_policy {
            profile = profile.retry_policy(policy.clone());
        }
        let profile = profile.build();
        let mut driver = DriverSessionBuilder::new()
            .known_nodes(&self.hosts)
            .connection_timeout(self.connect_timeout)
            .default_execution_profile_handle(profile.into_handle());
        if let Some(credentials) = &self.credentials {
            driver = driver.user(&credentials.username, &credentials.password);
        }
        #[cfg(feature = "tls")]
        if let Some(tls) = &self.tls {
            driver = driver.tls_context(Some(tls.client_config()?));
        }
        let driver = driver.build().await.map_err(|e| Error::Connect {
            hosts: self.hosts.join(","),
            source: Box::new(e),
        })?;
        let driver = CachingSession::from(driver, self.statement_cache);
        let server = detect_server(&driver).await?;
        Ok(Session {
            inner: Arc::new(Inner {
                driver,
                statements: Statements::new(self.statement_cache),
                in_sync: InSync::default(),
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
    } else if host.contains(':') && !host.starts_with('[') {
        // A bare IPv6 address: the port goes after brackets.
        format!("[{host}]:9042")
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
    use super::{SessionBuilder, with_default_port};

    fn from(vars: &[(&str, &str)]) -> SessionBuilder {
        let vars: std::collections::HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        SessionBuilder::from_vars("fallback", |name| vars.get(name).cloned())
    }

    #[test]
    fn from_env_reads_several_contact_points_each_with_its_port_or_9042() {
        let builder = from(&[(
            "SCYLLA_HOSTS",
            " 127.0.0.1:9043, 127.0.0.2 ,,127.0.0.3:9043 ",
        )]);
        assert_eq!(
            builder.hosts,
            ["127.0.0.1:9043", "127.0.0.2:9042", "127.0.0.3:9043"]
        );
        assert_eq!(builder.keyspace, "fallback");
    }

    #[test]
    fn from_env_defaults_to_the_local_node_without_credentials_or_datacenter() {
        let builder = from(&[]);
        assert_eq!(builder.hosts, ["127.0.0.1:9042"]);
        assert!(builder.credentials.is_none());
        assert!(builder.local_datacenter.is_none());
        assert!(builder.unusable_env.is_none());
    }

    #[test]
    fn from_env_reads_the_local_datacenter_and_credentials() {
        let builder = from(&[
            ("SCYLLA_LOCAL_DC", "eu-west"),
            ("SCYLLA_USER", "app"),
            ("SCYLLA_PASSWORD", " spaces kept "),
        ]);
        assert_eq!(builder.local_datacenter.as_deref(), Some("eu-west"));
        let credentials = builder.credentials.as_ref().expect("credentials");
        assert_eq!(credentials.username, "app");
        assert_eq!(credentials.password, " spaces kept ");
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let builder = SessionBuilder::default().user("app", "s3cret-value");
        let shown = format!("{builder:?}");
        assert!(shown.contains("app"), "{shown}");
        assert!(!shown.contains("s3cret-value"), "{shown}");
    }

    #[tokio::test]
    async fn a_user_without_a_password_is_a_config_error_before_connecting() {
        for vars in [
            &[("SCYLLA_USER", "app")][..],
            &[("SCYLLA_PASSWORD", "pw")][..],
        ] {
            let err = from(vars)
                .hosts(["127.0.0.1:1"])
                .connect()
                .await
                .expect_err("half the credentials");
            assert!(matches!(err, crate::Error::Config(_)), "{err:?}");
            assert!(err.to_string().contains("SCYLLA_"), "{err}");
        }
    }

    #[cfg(not(feature = "tls"))]
    #[tokio::test]
    async fn a_tls_ca_without_the_tls_feature_is_a_config_error_not_plaintext() {
        let err = from(&[("SCYLLA_TLS_CA", "/etc/ca.pem")])
            .connect()
            .await
            .expect_err("TLS asked for, feature missing");
        assert!(err.to_string().contains("`tls` feature"), "{err}");
    }

    #[cfg(feature = "tls")]
    #[test]
    fn from_env_reads_the_tls_ca_file() {
        let builder = from(&[("SCYLLA_TLS_CA", "/etc/ca.pem")]);
        assert!(
            matches!(&builder.tls, Some(super::tls::Tls::CaFile(p)) if p.as_os_str() == "/etc/ca.pem"),
            "{:?}",
            builder.tls
        );
    }

    #[test]
    fn a_host_without_port_gets_9042() {
        assert_eq!(with_default_port("127.0.0.1".into()), "127.0.0.1:9042");
        assert_eq!(with_default_port("db:9043".into()), "db:9043");
        assert_eq!(with_default_port("[::1]:9042".into()), "[::1]:9042");
        assert_eq!(with_default_port("::1".into()), "[::1]:9042");
        assert_eq!(with_default_port("[::1]".into()), "[::1]:9042");
    }
}
