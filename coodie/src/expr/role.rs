//! A column's place in the primary key, carried in its type: the third parameter
//! of [`Column`](super::Column), so that what only some columns allow (ordering,
//! tuple relations, `SET`) is a compile error on the others.
//!
//! The derives pick the role from the field's attributes: `partition_key` gives
//! [`PartitionKey`], `clustering_key` gives [`Clustering`], every other field
//! (regular and static columns) [`Regular`], the default.
//!
//! ```
//! use coodie::model::{ColumnKind, Order};
//! use coodie::query::{Column, role};
//! const AT: Column<(), i64, role::Clustering> =
//!     Column::new("at", ColumnKind::Clustering(Order::Asc));
//! let newest_first = AT.desc(); // `asc`/`desc` exist only on clustering columns
//! ```

/// A partition key column: restricted with `=` and `IN`, never ordered by.
#[derive(Debug, Clone, Copy)]
pub struct PartitionKey;

/// A clustering column: ordered by, ranged, and part of tuple relations
/// (`("a", "b") > ?`).
#[derive(Debug, Clone, Copy)]
pub struct Clustering;

/// A regular or static column, outside the primary key: the only kind an
/// `UPDATE` sets.
#[derive(Debug, Clone, Copy)]
pub struct Regular;

/// One of the three roles (sealed).
pub trait Role: sealed::Sealed + Send + Sync + 'static {}
impl Role for PartitionKey {}
impl Role for Clustering {}
impl Role for Regular {}

/// The role of a clustering column: what `ORDER BY` and tuple relations take.
#[diagnostic::on_unimplemented(
    message = "only clustering columns can be ordered by or compared as a tuple, and this is a `{Self}` column",
    label = "not a clustering column",
    note = "ORDER BY and `(a, b) > (?, ?)` apply to the clustering columns of the primary key, in key order; sort other columns in Rust after reading"
)]
pub trait ClusteringRole: Role {}
impl ClusteringRole for Clustering {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::PartitionKey {}
    impl Sealed for super::Clustering {}
    impl Sealed for super::Regular {}
}
