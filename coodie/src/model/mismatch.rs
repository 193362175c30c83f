//! What a model and the live schema cannot agree on, as values: a column whose
//! type the model's field cannot use, a value that does not fit its column. The
//! runtime's error type carries them (`coodie::Error::ColumnTypeMismatch`,
//! `coodie::Error::ValueOutOfRange`).

/// A model and the live schema that cannot work together on one column: which
/// table and column, the CQL type the database holds, and the Rust type of the
/// model's field (with the CQL type that Rust type maps to, when known).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "column `{column}` of `{table}` is `{database_type}` in the database, which the model's Rust type `{rust_type}`{} cannot read or write. \
     Fix: give the field a Rust type that maps to `{database_type}` (see the type table in coodie's README), \
     or migrate the column (add one of the model's type, copy the values over, drop the old one)",
    model_type.as_deref().map(|t| format!(" (CQL `{t}`)")).unwrap_or_default()
)]
pub struct ColumnTypeMismatch {
    /// `keyspace.table` (or the view).
    pub table: String,
    /// The column's CQL name.
    pub column: String,
    /// The column's CQL type in the database.
    pub database_type: String,
    /// The Rust type of the model's field.
    pub rust_type: String,
    /// The CQL type the model maps its field to, when known.
    pub model_type: Option<String>,
}

/// A value that does not fit the narrower column it is written to.
///
/// ```
/// let err = coodie::model::NarrowError { value: "1e300".into(), rust_type: "f64", cql_type: "float" };
/// assert_eq!(err.to_string(), "1e300 (a Rust `f64`) does not fit a CQL `float` column");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value} (a Rust `{rust_type}`) does not fit a CQL `{cql_type}` column")]
pub struct NarrowError {
    /// The value, as Rust prints it.
    pub value: String,
    /// Its Rust type.
    pub rust_type: &'static str,
    /// The narrower CQL type of the column.
    pub cql_type: &'static str,
}
