//! The one error type of coodie.

pub use crate::model::ColumnTypeMismatch;
use crate::model::drift::Drift;
use crate::model::{NarrowError, cql_text};

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
    /// A column of the database has a CQL type that the model's Rust type can
    /// neither read nor write (`text` in the database, `i32` in the model). Schema
    /// sync returns it before anything runs, and a read or write that meets such a
    /// column returns it instead of the driver's type error. Compatible types are
    /// not this error: coodie adapts `float`/`double`, `int`/`bigint` and
    /// `timeuuid`/`uuid` by itself (and sync reports them as drift).
    ///
    /// ```
    /// use coodie::error::ColumnTypeMismatch;
    /// let err = coodie::Error::ColumnTypeMismatch(ColumnTypeMismatch {
    ///     table: "shop.products".into(),
    ///     column: "price".into(),
    ///     database_type: "text".into(),
    ///     rust_type: "f64".into(),
    ///     model_type: Some("double".into()),
    /// });
    /// assert!(err.to_string().starts_with(
    ///     "column `price` of `shop.products` is `text` in the database, which the model's Rust type `f64` (CQL `double`) cannot read or write"
    /// ));
    /// ```
    #[error("{0}")]
    ColumnTypeMismatch(ColumnTypeMismatch),
    /// A value does not fit the (narrower, compatible) type of its column in the
    /// database: an `f64` beyond `f32::MAX` for a `float` column, an `i64` outside
    /// `i32` for an `int` column. Nothing was written.
    ///
    /// ```
    /// let err = coodie::Error::ValueOutOfRange {
    ///     column: "price".into(),
    ///     reason: "1e300 (a Rust `f64`) does not fit a CQL `float` column".into(),
    ///     cql: "INSERT INTO shop.products ...".into(),
    /// };
    /// assert!(err.to_string().starts_with("column `price`: 1e300"));
    /// ```
    #[error("column `{column}`: {reason} (while running `{cql}`)")]
    ValueOutOfRange {
        /// The column's CQL name.
        column: String,
        /// Which value, and the column's type.
        reason: String,
        /// The statement that was not sent.
        cql: String,
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
    ///
    /// A driver error that is really a model/schema type mismatch, or a value that
    /// does not fit its column, becomes [`Error::ColumnTypeMismatch`] or
    /// [`Error::ValueOutOfRange`] instead (see [`crate::private::compat`]).
    pub fn driver(
        cql: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        let cql = cql.into();
        match classify(&cql, &source) {
            Some(error) => error,
            None => Error::Driver {
                cql,
                source: Box::new(source),
            },
        }
    }
}

/// The typed error hidden in a driver error, if any: a [`ColumnTypeMismatch`] the
/// derived row type check put into a `TypeCheckError`, a value that did not fit
/// its narrower column, or a value the driver refused for its column's type.
fn classify(cql: &str, source: &(dyn std::error::Error + 'static)) -> Option<Error> {
    use scylla::deserialize::TypeCheckError;
    use scylla::serialize::SerializationError;
    use scylla::serialize::row::{BuiltinSerializationError, BuiltinSerializationErrorKind};

    let mut level = Some(source);
    while let Some(err) = level {
        if let Some(mismatch) = err
            .downcast_ref::<TypeCheckError>()
            .and_then(|e| e.downcast_ref::<ColumnTypeMismatch>())
        {
            return Some(Error::ColumnTypeMismatch(mismatch.clone()));
        }
        if let Some(BuiltinSerializationError {
            kind: BuiltinSerializationErrorKind::ColumnSerializationFailed { name, err },
            ..
        }) = err
            .downcast_ref::<SerializationError>()
            .and_then(|e| e.downcast_ref::<BuiltinSerializationError>())
        {
            if let Some(narrow) = err.downcast_ref::<NarrowError>() {
                return Some(Error::ValueOutOfRange {
                    column: name.clone(),
                    reason: narrow.to_string(),
                    cql: cql.to_string(),
                });
            }
            // A user type value that does not fit the type's definition (a field
            // the prepared definition lacks, say) keeps the driver's error, which
            // names the field.
            if let Some(typed) = err
                .downcast_ref::<scylla::serialize::value::BuiltinTypeCheckError>()
                .filter(|t| {
                    !matches!(
                        t.kind,
                        scylla::serialize::value::BuiltinTypeCheckErrorKind::UdtError(_)
                    )
                })
            {
                return Some(Error::ColumnTypeMismatch(ColumnTypeMismatch {
                    table: table_of(cql),
                    column: name.clone(),
                    database_type: cql_text(&typed.got),
                    rust_type: short_type_name(typed.rust_name),
                    model_type: None,
                }));
            }
        }
        level = err.source();
    }
    None
}

/// The `keyspace.table` a statement names (after `INTO`, `UPDATE` or `FROM`).
fn table_of(cql: &str) -> String {
    let mut words = cql.split_whitespace();
    while let Some(word) = words.next() {
        if ["INTO", "UPDATE", "FROM"]
            .iter()
            .any(|k| word.eq_ignore_ascii_case(k))
        {
            if let Some(table) = words.next() {
                return table.trim_end_matches(['(', ';']).to_string();
            }
        }
    }
    "?".to_string()
}

/// `alloc::string::String` → `String`, `core::option::Option<f64>` → `Option<f64>`.
pub(crate) fn short_type_name(name: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in name.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(&word));
            word.clear();
            if c != ' ' || !out.is_empty() {
                out.push(c);
            }
        }
    }
    out.trim_end().to_string()
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
    /// The `IF` condition of a write cannot be checked: it compares a primary
    /// key column (the key already chooses the row).
    Condition,
    /// An operator where CQL does not take it: `!=` in a `WHERE` (it belongs in
    /// a write's `IF` condition).
    Operator,
    /// A `DELETE` of chosen columns that CQL refuses: without the full primary
    /// key (unless every column deleted is static), or of a primary key column.
    DeleteColumns,
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
    /// `WRITETIME` or `TTL` of a column that has no single cell: a primary-key
    /// column, or a collection that is not frozen.
    CellMetadata,
}

/// `Result` with [`Error`] as its error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_lose_their_paths() {
        assert_eq!(short_type_name("core::option::Option<f64>"), "Option<f64>");
        assert_eq!(
            short_type_name("std::collections::hash::map::HashMap<alloc::string::String, i32>"),
            "HashMap<String, i32>"
        );
    }

    #[test]
    fn statements_name_their_table() {
        assert_eq!(
            table_of("INSERT INTO ks.products (\"id\") VALUES (?)"),
            "ks.products"
        );
        assert_eq!(table_of("UPDATE ks.t SET a = ?"), "ks.t");
        assert_eq!(table_of("SELECT * FROM ks.v WHERE a = ?"), "ks.v");
    }
}
