//! How a table, a materialized view or a user type in the database differs from its model: one
//! vocabulary for every schema object sync compares.

use std::fmt;

use super::Order;

/// One difference between a model and its table or materialized view in the
/// database. Every variant names what the model declares `expected` and what the
/// database holds `actual`.
///
/// Sync reports these and leaves the data alone: it never drops a column, changes
/// a type or rebuilds a key on its own (a drifted view is recreated only when
/// asked, with `SyncOptions::recreate_views_on_drift`).
///
/// ```
/// use coodie::schema::Drift;
/// let drift = Drift::ColumnType {
///     column: "price".into(),
///     expected: "double".into(),
///     actual: "float".into(),
/// };
/// assert_eq!(
///     drift.to_string(),
///     "column `price` is `float` in the database but `double` in the model \
///      (compatible: coodie reads and writes it with the model's Rust type)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Drift {
    /// A column of the model that the database lacks. A table gets it added
    /// (`ALTER TABLE … ADD`), so this is reported for views, and for a table's key
    /// columns only through [`Drift::PartitionKey`] / [`Drift::ClusteringKey`].
    MissingColumn {
        /// The column's CQL name.
        column: String,
    },
    /// A column in the database that the model does not have (left in place; on a
    /// view that selects `*`, every base column is expected and none is extra).
    ExtraColumn {
        /// The column's CQL name.
        column: String,
        /// Its CQL type in the database.
        cql_type: String,
    },
    /// A column whose CQL type differs.
    ColumnType {
        /// The column's CQL name.
        column: String,
        /// The model's CQL type.
        expected: String,
        /// The database's CQL type.
        actual: String,
    },
    /// A column that is static in one and regular in the other.
    StaticColumn {
        /// The column's CQL name.
        column: String,
        /// Whether the model declares it static.
        expected: bool,
        /// Whether it is static in the database.
        actual: bool,
    },
    /// The partition key has other columns, or its columns in another order.
    PartitionKey {
        /// The model's partition key, in order.
        expected: Vec<String>,
        /// The database's partition key, in order.
        actual: Vec<String>,
    },
    /// The clustering columns differ (names, or their order in the key).
    ClusteringKey {
        /// The model's clustering columns, in order.
        expected: Vec<String>,
        /// The database's clustering columns, in order.
        actual: Vec<String>,
    },
    /// A clustering column sorts the other way.
    ClusteringOrder {
        /// The column's CQL name.
        column: String,
        /// The model's order.
        expected: Order,
        /// The database's order.
        actual: Order,
    },
    /// The table's `default_time_to_live` differs (0: none).
    DefaultTtl {
        /// The model's default TTL in seconds.
        expected: u32,
        /// The database's default TTL in seconds.
        actual: u32,
    },
    /// The model's index exists under another name or on another column, or as
    /// another kind of index.
    Index {
        /// The model's index name.
        name: String,
        /// The column the model indexes.
        column: String,
        /// What the database has instead, e.g. ``index `other_idx` on `category` ``.
        actual: String,
    },
    /// An index in the database that the model does not declare (left in place).
    ExtraIndex {
        /// The index's name.
        name: String,
        /// Its target as the database reports it.
        target: String,
    },
    /// A materialized view reads from another base table.
    BaseTable {
        /// The base table the model names.
        expected: String,
        /// The base table in the database.
        actual: String,
    },
    /// A materialized view selects `*` where the model selects only its columns, or
    /// the other way round.
    SelectAll {
        /// Whether the model selects `*`.
        expected: bool,
        /// Whether the view in the database selects `*`.
        actual: bool,
    },
    /// A materialized view's `WHERE` clause restricts other columns or restricts
    /// them otherwise (the comparison ignores spelling: quotes, spacing, case of
    /// keywords, order).
    WhereClause {
        /// The model's clause, as coodie writes it.
        expected: String,
        /// The clause the database stores.
        actual: String,
    },
    /// A field of a user-defined type whose CQL type differs (never altered:
    /// values already written would be read with another type).
    UserTypeField {
        /// The type's name.
        user_type: String,
        /// The field's CQL name.
        field: String,
        /// The model's CQL type.
        expected: String,
        /// The database's CQL type.
        actual: String,
    },
    /// A field of a user-defined type in the database that the model does not
    /// have (left in place; written as null by coodie).
    ExtraUserTypeField {
        /// The type's name.
        user_type: String,
        /// The field's CQL name.
        field: String,
        /// Its CQL type in the database.
        cql_type: String,
    },
}

impl Drift {
    /// Every difference as one line, separated by `; `, for messages.
    ///
    /// ```
    /// use coodie::schema::Drift;
    /// let all = [
    ///     Drift::ExtraColumn { column: "a".into(), cql_type: "int".into() },
    ///     Drift::MissingColumn { column: "price".into() },
    /// ];
    /// assert_eq!(
    ///     Drift::list(&all),
    ///     "column `a` (int) is in the database but not in the model; \
    ///      column `price` is in the model but not in the database"
    /// );
    /// ```
    pub fn list(drift: &[Drift]) -> String {
        drift
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn select(all: bool) -> &'static str {
    if all { "*" } else { "only its columns" }
}

fn static_or_regular(is_static: bool) -> &'static str {
    if is_static { "static" } else { "regular" }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::MissingColumn { column } => write!(
                f,
                "column `{column}` is in the model but not in the database"
            ),
            Drift::ExtraColumn { column, cql_type } => write!(
                f,
                "column `{column}` ({cql_type}) is in the database but not in the model"
            ),
            Drift::ColumnType {
                column,
                expected,
                actual,
            } => {
                write!(
                    f,
                    "column `{column}` is `{actual}` in the database but `{expected}` in the model"
                )?;
                match super::compatibility(expected, actual) {
                    super::Compatibility::Incompatible => Ok(()),
                    _ => f.write_str(
                        " (compatible: coodie reads and writes it with the model's Rust type)",
                    ),
                }
            }
            Drift::StaticColumn {
                column,
                expected,
                actual,
            } => write!(
                f,
                "column `{column}` is {} in the database but {} in the model",
                static_or_regular(*actual),
                static_or_regular(*expected)
            ),
            Drift::PartitionKey { expected, actual } => write!(
                f,
                "partition key is ({}) in the database but ({}) in the model",
                actual.join(", "),
                expected.join(", ")
            ),
            Drift::ClusteringKey { expected, actual } => write!(
                f,
                "clustering columns are ({}) in the database but ({}) in the model",
                actual.join(", "),
                expected.join(", ")
            ),
            Drift::ClusteringOrder {
                column,
                expected,
                actual,
            } => write!(
                f,
                "clustering column `{column}` is {} in the database but {} in the model",
                actual.as_cql(),
                expected.as_cql()
            ),
            Drift::DefaultTtl { expected, actual } => write!(
                f,
                "default TTL is {actual} s in the database but {expected} s in the model"
            ),
            Drift::Index {
                name,
                column,
                actual,
            } => write!(
                f,
                "index `{name}` on `{column}` in the model, but the database has {actual}"
            ),
            Drift::ExtraIndex { name, target } => write!(
                f,
                "index `{name}` on `{target}` is in the database but not in the model"
            ),
            Drift::BaseTable { expected, actual } => write!(
                f,
                "base table is `{actual}` in the database but `{expected}` in the model"
            ),
            Drift::SelectAll { expected, actual } => write!(
                f,
                "the view selects {} in the database but {} in the model",
                select(*actual),
                select(*expected)
            ),
            Drift::WhereClause { expected, actual } => write!(
                f,
                "WHERE clause is `{actual}` in the database but `{expected}` in the model"
            ),
            Drift::UserTypeField {
                user_type,
                field,
                expected,
                actual,
            } => write!(
                f,
                "field `{field}` of type `{user_type}` is `{actual}` in the database but `{expected}` in the model"
            ),
            Drift::ExtraUserTypeField {
                user_type,
                field,
                cql_type,
            } => write!(
                f,
                "field `{field}` ({cql_type}) of type `{user_type}` is in the database but not in the model"
            ),
        }
    }
}
