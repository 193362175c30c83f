//! The one error type of coodie.

use crate::model::drift::Drift;

/// Everything that can go wrong in coodie, as a value.
///
/// Driver errors carry the CQL text that failed, so a log line says what was sent.
///
/// ```
/// use coodie::{Error, InvalidQuery, InvalidQueryKind};
/// let err = Error::InvalidQuery(InvalidQuery::new(InvalidQueryKind::Limit, "limit must be at least 1"));
/// assert_eq!(err.to_string(), "invalid query: limit must be at least 1");
/// assert!(matches!(err, Error::InvalidQuery(q) if q.kind == InvalidQueryKind::Limit));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No contact point answered; the message says which hosts were tried.
    #[error("cannot connect to {hosts}: {source} (is the database running?)")]
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
    /// The query was refused before it was sent; [`InvalidQuery::kind`] says why,
    /// as a value to match on.
    #[error("invalid query: {0}")]
    InvalidQuery(InvalidQuery),
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
    /// its own (returned by [`sync_table`](crate::Model::sync_table_with) and
    /// [`SchemaSync`](crate::SchemaSync) only when `SyncOptions::fail_on_drift` is
    /// set; otherwise drift is reported in the sync report).
    ///
    /// ```
    /// use coodie::schema::Drift;
    /// let err = coodie::Error::SchemaDrift {
    ///     table: "shop.products".into(),
    ///     drift: vec![Drift::ExtraColumn { column: "legacy".into(), cql_type: "text".into() }],
    /// };
    /// assert!(err.to_string().contains("legacy"));
    /// ```
    #[error("schema of `{table}` drifted from the model: {}", Drift::list(.drift))]
    SchemaDrift {
        /// `keyspace.table`.
        table: String,
        /// Every difference found.
        drift: Vec<Drift>,
    },
    /// A materialized view's definition in the database differs from its model
    /// (returned by `sync_view_with` and [`SchemaSync`](crate::SchemaSync) only
    /// when `SyncOptions::fail_on_drift` is set; otherwise drift is reported in the
    /// sync report).
    ///
    /// ```
    /// use coodie::schema::Drift;
    /// let err = coodie::Error::ViewDrift {
    ///     view: "shop.products_by_category".into(),
    ///     drift: vec![Drift::MissingColumn { column: "price".into() }],
    /// };
    /// assert!(err.to_string().contains("`price`"));
    /// ```
    #[error("materialized view `{view}` drifted from the model: {}", Drift::list(.drift))]
    ViewDrift {
        /// `keyspace.view`.
        view: String,
        /// Every difference found.
        drift: Vec<Drift>,
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

/// Why a query was refused before it was sent: [`kind`](InvalidQuery::kind) to
/// match on, [`message`](InvalidQuery::message) to show (it names the table or
/// column and the fix).
///
/// ```
/// use coodie::{InvalidQuery, InvalidQueryKind};
/// let why = InvalidQuery::new(InvalidQueryKind::PagingToken, "`zz` is not a paging token");
/// assert_eq!(why.kind, InvalidQueryKind::PagingToken);
/// assert_eq!(why.to_string(), "`zz` is not a paging token");
/// assert!(why.message.contains("paging token"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidQuery {
    /// The kind of mistake.
    pub kind: InvalidQueryKind,
    /// What is wrong and how to fix it, for people.
    pub message: String,
}

impl InvalidQuery {
    /// A refusal of `kind`, explained by `message`.
    ///
    /// ```
    /// use coodie::{InvalidQuery, InvalidQueryKind};
    /// let why = InvalidQuery::new(InvalidQueryKind::Limit, "limit must be at least 1");
    /// ```
    pub fn new(kind: InvalidQueryKind, message: impl Into<String>) -> Self {
        InvalidQuery {
            kind,
            message: message.into(),
        }
    }

    /// Whether this is a mistake of `kind`.
    ///
    /// ```
    /// use coodie::{InvalidQuery, InvalidQueryKind};
    /// let why = InvalidQuery::new(InvalidQueryKind::Ttl, "TTL too long");
    /// assert!(why.is(InvalidQueryKind::Ttl));
    /// ```
    pub fn is(&self, kind: InvalidQueryKind) -> bool {
        self.kind == kind
    }
}

impl std::fmt::Display for InvalidQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<InvalidQuery> for Error {
    fn from(why: InvalidQuery) -> Self {
        Error::InvalidQuery(why)
    }
}

/// The kinds of [`InvalidQuery`]: what a caller can tell apart and react to.
///
/// ```
/// # use coodie::prelude::*;
/// # #[derive(Document, Debug, Clone)]
/// # #[coodie(table = "readings")]
/// # pub struct Reading { #[coodie(partition_key)] pub sensor: String, pub value: f64 }
/// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
/// use coodie::{Error, InvalidQueryKind};
/// match Reading::find().filter(|c| c.value.gt(10.0)).all(db).await {
///     Err(Error::InvalidQuery(why)) if why.is(InvalidQueryKind::NeedsAllowFiltering) => {
///         // ask again with `.allow_filtering()`, or query by key
///     }
///     other => { other?; }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InvalidQueryKind {
    /// A `SELECT` the server would run only with `ALLOW FILTERING` (a restriction
    /// on a column that is neither a key column nor indexed, a clustering column
    /// without the full partition key, …); opt in with `.allow_filtering()`.
    NeedsAllowFiltering,
    /// An `ORDER BY` the server refuses: not on clustering columns in key order,
    /// without the partition key, with `IN` on the partition key, or with an index.
    OrderBy,
    /// The `WHERE` of an `UPDATE` or `DELETE` does not address rows by their key
    /// as CQL requires (a non-key column, a missing key column, a range where `=`
    /// is needed).
    WriteTarget,
    /// The `SET` of an `UPDATE` cannot be written: no column set, a primary-key
    /// column set, static and regular columns mixed with the wrong key.
    Assignment,
    /// A `LIMIT` or `PER PARTITION LIMIT` of 0, or larger than CQL takes.
    Limit,
    /// A TTL longer than CQL allows (20 years), or a TTL on a `DELETE`.
    Ttl,
    /// A paging token that is not one.
    PagingToken,
    /// A restriction the server refuses even with `ALLOW FILTERING`: a tuple
    /// relation on clustering columns that are not consecutive in key order, `=`
    /// or a range on a non-frozen collection column.
    Relation,
    /// An aggregate or `DISTINCT` the server refuses: `DISTINCT` restricted by
    /// other columns than the partition key.
    Selection,
    /// A keyspace name CQL does not accept.
    Name,
    /// A schema the server would refuse or that the database contradicts: a view
    /// without a partition key or with a TTL, a view name held by a table.
    Schema,
}

/// `Result` with [`Error`] as its error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
