//! `ORDER BY` terms.

use std::marker::PhantomData;

use super::Column;
use super::role::ClusteringRole;
use crate::ident;
use crate::model::{ColumnKind, Order};

/// An `ORDER BY` term as statement text and the checks see it: a column, its role
/// in the key, and a direction.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrderTerm {
    pub(crate) column: &'static str,
    pub(crate) kind: ColumnKind,
    pub(crate) order: Order,
}

impl OrderTerm {
    /// `"column" ASC|DESC`
    pub(crate) fn to_cql(self) -> String {
        format!("{} {}", ident::quote(self.column), self.order.as_cql())
    }
}

/// An `ORDER BY` term of table `T`: a clustering column and a direction, made by
/// [`Column::asc`] or [`Column::desc`].
pub struct Ordering<T> {
    pub(crate) term: OrderTerm,
    _table: PhantomData<fn() -> T>,
}

impl<T> Clone for Ordering<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Ordering<T> {}

impl<T> std::fmt::Debug for Ordering<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.term.to_cql())
    }
}

// The bound is on each method, not on the impl, so that ordering by another
// column reports `ClusteringRole`'s message.
impl<T, V, R> Column<T, V, R> {
    /// `ORDER BY column ASC` (clustering columns only).
    ///
    /// ```
    /// use coodie::model::{ColumnKind, Order};
    /// use coodie::query::{Column, role};
    /// const AT: Column<(), i64, role::Clustering> = Column::new("at", ColumnKind::Clustering(Order::Asc));
    /// assert_eq!(format!("{:?}", AT.asc()), "\"at\" ASC");
    /// ```
    pub fn asc(self) -> Ordering<T>
    where
        R: ClusteringRole,
    {
        self.ordering(Order::Asc)
    }

    /// `ORDER BY column DESC` (clustering columns only).
    ///
    /// ```
    /// use coodie::model::{ColumnKind, Order};
    /// use coodie::query::{Column, role};
    /// const AT: Column<(), i64, role::Clustering> = Column::new("at", ColumnKind::Clustering(Order::Asc));
    /// assert_eq!(format!("{:?}", AT.desc()), "\"at\" DESC");
    /// ```
    pub fn desc(self) -> Ordering<T>
    where
        R: ClusteringRole,
    {
        self.ordering(Order::Desc)
    }

    fn ordering(self, order: Order) -> Ordering<T> {
        Ordering {
            term: OrderTerm {
                column: self.name(),
                kind: self.kind(),
                order,
            },
            _table: PhantomData,
        }
    }
}
