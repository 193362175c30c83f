//! The traits the derives implement.

use scylla::deserialize::row::DeserializeRow;
use scylla::serialize::row::SerializeRow;

use super::{TableSchema, UserTypeSchema};

/// Anything that can be read: a [`Document`]'s table or a [`MaterializedView`].
///
/// Implemented by `#[derive(Document)]` and `#[derive(MaterializedView)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table or a view: it derives neither `Document` nor `MaterializedView`",
    label = "not a table or a view",
    note = "a #[derive(Projection)] struct is read through its document (`Doc::find().project::<P>()`) and never written; save the document instead"
)]
pub trait Table:
    Sized + Send + Sync + Unpin + 'static + for<'f, 'm> DeserializeRow<'f, 'm>
{
    /// The document whose table holds the data: `Self` for a document, the base
    /// document for a materialized view.
    type Base: Document;

    /// The typed columns, for filters: a struct with one field per column.
    type Columns: Send + Sync + 'static;

    /// The values of the whole primary key (partition columns, then clustering
    /// columns): the column's type for a one-column key, else a tuple in key order.
    ///
    /// Bind it with [`Table::primary_key_values`]: a lone value (say a `Uuid`) is
    /// not a `SerializeRow`, so the key type itself carries no such bound.
    type PrimaryKey: Send + Sync;

    /// The values of the partition key: the column's type for a one-column key, else
    /// a tuple in key order. Bind it with [`Table::partition_key_values`].
    type PartitionKey: Send + Sync;

    /// A row of the partition-key columns, as `SELECT DISTINCT` returns it; made a
    /// [`Table::PartitionKey`] by [`Table::partition_key_from_row`].
    #[doc(hidden)]
    type PartitionKeyRow: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static;

    /// The typed columns.
    const COLUMNS: Self::Columns;

    /// The table's (or view's) name.
    const NAME: &'static str;

    /// The CQL names of the primary-key columns, partition columns first; usable in
    /// `const` checks.
    const PRIMARY_KEY: &'static [&'static str];

    /// The CQL names of the partition-key columns, in key order.
    const PARTITION_KEY: &'static [&'static str];

    /// The CQL names of every column, in declaration (and `SELECT`) order.
    const COLUMN_NAMES: &'static [&'static str];

    /// The Rust type of each column's field, as written (`Option<f64>`), in
    /// [`Table::COLUMN_NAMES`] order: for messages about a column whose CQL type
    /// does not fit its field ([`ColumnTypeMismatch`](super::ColumnTypeMismatch)).
    const RUST_TYPES: &'static [&'static str] = &[];

    /// The full schema, built once.
    fn schema() -> &'static TableSchema;

    /// The user-defined types the columns use, each once, nested types before the
    /// types that contain them: the order sync creates them in. Empty for a
    /// materialized view (its types are its base table's).
    fn user_types() -> Vec<&'static UserTypeSchema> {
        Vec::new()
    }

    /// `key` as bound values, in [`Table::PRIMARY_KEY`] order, for
    /// `WHERE "a" = ? AND "b" = ?`.
    fn primary_key_values(key: &Self::PrimaryKey) -> impl SerializeRow + Send + Sync + '_;

    /// `key` as bound values, in [`Table::PARTITION_KEY`] order.
    fn partition_key_values(key: &Self::PartitionKey) -> impl SerializeRow + Send + Sync + '_;

    /// The partition key a row of its columns holds.
    #[doc(hidden)]
    fn partition_key_from_row(row: Self::PartitionKeyRow) -> Self::PartitionKey;
}

/// A table you can write to. Implemented by `#[derive(Document)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table: it does not derive `Document`",
    label = "expected a #[derive(Document)] type",
    note = "a materialized view's `base` names the #[derive(Document)] struct of its base table; a view cannot be the base of another view"
)]
pub trait Document: Table<Base = Self> {
    /// The CQL names of the static columns; views must not include them.
    const STATIC_COLUMNS: &'static [&'static str];

    /// Every column's value in [`Table::COLUMN_NAMES`] order, for an `INSERT`;
    /// `None` is bound as *unset*, never as null, so no tombstone is written.
    fn values(&self) -> impl SerializeRow + Send + Sync + '_;

    /// This document's primary key.
    fn primary_key(&self) -> Self::PrimaryKey;
}

/// A read-only materialized view of a [`Document`]. Implemented by
/// `#[derive(MaterializedView)]`.
pub trait MaterializedView: Table {}
