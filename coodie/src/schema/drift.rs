//! Differences between the model and the database that sync reports, never repairs.

use std::fmt;

use crate::model::Order;

/// A primary key as a list of partition columns and ordered clustering columns.
///
/// ```
/// use coodie::model::Order;
/// use coodie::schema::KeyShape;
/// let key = KeyShape { partition: vec!["id".into()], clustering: vec![("at".into(), Order::Desc)] };
/// assert_eq!(key.to_string(), "((id), at DESC)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyShape {
    /// Partition key columns, in key order.
    pub partition: Vec<String>,
    /// Clustering columns with their order, in key order.
    pub clustering: Vec<(String, Order)>,
}

impl fmt::Display for KeyShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(({})", self.partition.join(", "))?;
        for (column, order) in &self.clustering {
            write!(f, ", {column} {}", order.as_cql())?;
        }
        f.write_str(")")
    }
}

/// One difference between a model and its table in the database.
///
/// Sync reports these and leaves the data alone: it never drops a column, changes
/// a type or rebuilds a key on its own.
///
/// ```
/// use coodie::schema::Drift;
/// let drift = Drift::TypeMismatch { column: "price".into(), model: "double".into(), database: "float".into() };
/// assert_eq!(
///     drift.to_string(),
///     "column `price` is `float` in the database but `double` in the model"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Drift {
    /// A column in the database that the model does not have (left in place).
    ExtraColumn {
        /// The column's name.
        column: String,
        /// Its CQL type in the database.
        cql_type: String,
    },
    /// A column whose CQL type differs between model and database.
    TypeMismatch {
        /// The column's name.
        column: String,
        /// The model's CQL type.
        model: String,
        /// The database's CQL type.
        database: String,
    },
    /// A column that is static in one and regular in the other.
    StaticMismatch {
        /// The column's name.
        column: String,
        /// Whether the model declares it static.
        model_static: bool,
    },
    /// The primary key differs (columns, their order, or clustering order).
    KeyMismatch {
        /// The model's key.
        model: KeyShape,
        /// The database's key.
        database: KeyShape,
    },
    /// The table's `default_time_to_live` differs (0: none).
    DefaultTtlMismatch {
        /// The model's default TTL in seconds.
        model: u32,
        /// The database's default TTL in seconds.
        database: i32,
    },
    /// The model's index exists in the database on another column, or the column is
    /// indexed under another name.
    IndexMismatch {
        /// The model's index name.
        name: String,
        /// The column the model indexes.
        column: String,
        /// What the database has instead, e.g. `index other_idx on "category"`.
        database: String,
    },
    /// An index in the database that the model does not declare (left in place).
    ExtraIndex {
        /// The index's name.
        name: String,
        /// Its target as the database reports it.
        target: String,
    },
}

impl Drift {
    /// The drift as one line, entries separated by `; `.
    ///
    /// ```
    /// use coodie::schema::Drift;
    /// let all = [
    ///     Drift::ExtraColumn { column: "a".into(), cql_type: "int".into() },
    ///     Drift::ExtraIndex { name: "t_b_idx".into(), target: "b".into() },
    /// ];
    /// assert_eq!(
    ///     Drift::list(&all),
    ///     "column `a` (int) is in the database but not in the model; \
    ///      index `t_b_idx` on `b` is in the database but not in the model"
    /// );
    /// ```
    pub fn list(drift: &[Drift]) -> String {
        one_line(drift)
    }
}

/// Drift entries (of a table or a view) as one line, separated by `; `.
pub(crate) fn one_line<T: fmt::Display>(entries: &[T]) -> String {
    entries
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::ExtraColumn { column, cql_type } => write!(
                f,
                "column `{column}` ({cql_type}) is in the database but not in the model"
            ),
            Drift::TypeMismatch {
                column,
                model,
                database,
            } => write!(
                f,
                "column `{column}` is `{database}` in the database but `{model}` in the model"
            ),
            Drift::StaticMismatch {
                column,
                model_static,
            } => {
                let (model, database) = if *model_static {
                    ("static", "regular")
                } else {
                    ("regular", "static")
                };
                write!(
                    f,
                    "column `{column}` is {database} in the database but {model} in the model"
                )
            }
            Drift::KeyMismatch { model, database } => write!(
                f,
                "primary key is {database} in the database but {model} in the model"
            ),
            Drift::DefaultTtlMismatch { model, database } => write!(
                f,
                "default TTL is {database} s in the database but {model} s in the model"
            ),
            Drift::IndexMismatch {
                name,
                column,
                database,
            } => write!(
                f,
                "index `{name}` on `{column}` in the model, but the database has {database}"
            ),
            Drift::ExtraIndex { name, target } => write!(
                f,
                "index `{name}` on `{target}` is in the database but not in the model"
            ),
        }
    }
}
