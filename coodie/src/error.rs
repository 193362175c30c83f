//! The one error type of coodie.

/// Everything that can go wrong in coodie, as a value.
///
/// Driver errors carry the CQL text that failed, so a log line says what was sent.
///
/// ```
/// let err = coodie::Error::InvalidQuery("limit must be positive".into());
/// assert_eq!(err.to_string(), "invalid query: limit must be positive");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No contact point answered; the message says which hosts were tried.
    #[error("cannot connect to {hosts}: {source} (is the database running? run `make db-up`)")]
    Connect {
        /// The contact points that were tried, comma-separated.
        hosts: String,
        /// The driver's reason.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A statement failed in the driver or on the server.
    #[error("{source} (while running `{cql}`)")]
    Driver {
        /// The CQL text that failed.
        cql: String,
        /// The driver's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The query was refused before it was sent, for the reason given.
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// The configuration (environment, builder arguments) is not usable.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A query that had to find exactly one row found none.
    ///
    /// ```
    /// let err = coodie::Error::NotFound { table: "products".into() };
    /// assert_eq!(err.to_string(), "no row found in `products`");
    /// ```
    #[error("no row found in `{table}`")]
    NotFound {
        /// The table (or view) that was queried.
        table: String,
    },
    /// A query that had to find at most one row found several.
    ///
    /// ```
    /// let err = coodie::Error::MultipleFound { table: "products".into() };
    /// assert_eq!(err.to_string(), "more than one row found in `products` where one was expected");
    /// ```
    #[error("more than one row found in `{table}` where one was expected")]
    MultipleFound {
        /// The table (or view) that was queried.
        table: String,
    },
    /// The database schema differs from the model in ways sync does not repair on
    /// its own (returned by [`sync_table`](crate::Model::sync_table) only when
    /// [`SyncOptions::fail_on_drift`](crate::schema::SyncOptions::fail_on_drift) is set).
    ///
    /// ```
    /// use coodie::schema::Drift;
    /// let err = coodie::Error::SchemaDrift {
    ///     table: "shop.products".into(),
    ///     drift: vec![Drift::ExtraColumn { column: "legacy".into(), cql_type: "text".into() }],
    /// };
    /// assert!(err.to_string().contains("legacy"));
    /// ```
    #[error("schema of `{table}` drifted from the model: {}", crate::schema::Drift::list(.drift))]
    SchemaDrift {
        /// `keyspace.table`.
        table: String,
        /// Every difference found.
        drift: Vec<crate::schema::Drift>,
    },
    /// A materialized view's definition in the database differs from its model
    /// (returned by [`sync_view`](crate::schema::view::ViewExt::sync_view_with) only
    /// when [`ViewSyncOptions::fail_on_drift`](crate::schema::view::ViewSyncOptions::fail_on_drift)
    /// is set; otherwise drift is reported in the sync report).
    ///
    /// ```
    /// use coodie::schema::view::ViewDrift;
    /// let err = coodie::Error::ViewDrift {
    ///     view: "shop.products_by_category".into(),
    ///     drift: vec![ViewDrift::MissingColumn { column: "price".into() }],
    /// };
    /// assert!(err.to_string().contains("`price`"));
    /// ```
    #[error("materialized view `{view}` drifted from the model: {}", crate::schema::view::ViewDrift::list(.drift))]
    ViewDrift {
        /// `keyspace.view`.
        view: String,
        /// Every difference found.
        drift: Vec<crate::schema::view::ViewDrift>,
    },
    /// A statement (its preparation included) took longer than the session's
    /// [request timeout](crate::SessionBuilder::request_timeout); the database may
    /// be down or overloaded.
    ///
    /// ```
    /// use std::time::Duration;
    /// let err = coodie::Error::Timeout { cql: "SELECT 1".into(), after: Duration::from_secs(5) };
    /// assert_eq!(err.to_string(), "no answer within 5s (while running `SELECT 1`)");
    /// ```
    #[error("no answer within {after:?} (while running `{cql}`)")]
    Timeout {
        /// The CQL text that was sent.
        cql: String,
        /// The request timeout that ran out.
        after: std::time::Duration,
    },
}

impl Error {
    /// Wraps a driver error with the CQL text that failed.
    ///
    /// ```
    /// let io = std::io::Error::other("boom");
    /// let err = coodie::Error::driver("SELECT 1", io);
    /// assert!(err.to_string().contains("SELECT 1"));
    /// ```
    pub fn driver(
        cql: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Driver {
            cql: cql.into(),
            source: Box::new(source),
        }
    }
}

/// `Result` with [`Error`] as its error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
