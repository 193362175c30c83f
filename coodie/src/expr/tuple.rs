//! Tuple relations on clustering columns: `("day", "seq") > ?`, the slices and
//! `IN` lists across several clustering columns that one-column filters cannot
//! say ("after day 2, reading 3").
//!
//! A tuple of columns gets the methods of [`ColumnTuple`]:
//! `(c.day, c.seq).gt((2, 3))`. Only clustering columns of one table form a
//! tuple (a compile error otherwise); that they are consecutive clustering
//! columns in key order is checked when the query runs.

use scylla::serialize::value::SerializeValue;

use super::Column;
use super::filter::{Filter, Op, Restriction};
use super::role::{ClusteringRole, Role};
use super::value::BoundValue;
use crate::model::ColumnKind;

/// A tuple of clustering columns of table `T`, compared as one value with the
/// tuple of their values, `Self::Values`: `(c.day, c.seq).ge((2, 3))` is
/// `("day", "seq") >= ?`, bound as a CQL tuple.
///
/// Brought into scope by `use coodie::prelude::*`.
///
/// ```
/// use coodie::model::{ColumnKind, Order};
/// use coodie::query::{Column, ColumnTuple, role};
/// const DAY: Column<(), i32, role::Clustering> = Column::new("day", ColumnKind::Clustering(Order::Asc));
/// const SEQ: Column<(), i32, role::Clustering> = Column::new("seq", ColumnKind::Clustering(Order::Asc));
/// assert_eq!((DAY, SEQ).gt((2, 3)).to_cql(), "(\"day\", \"seq\") > ?");
/// assert_eq!((DAY, SEQ).in_([(1, 1), (3, 4)]).to_cql(), "(\"day\", \"seq\") IN ?");
/// ```
pub trait ColumnTuple<T>: Sized + sealed::Sealed {
    /// The tuple of the columns' value types.
    type Values: SerializeValue + Send + Sync + 'static;

    /// The columns, in order, with their roles in the key.
    #[doc(hidden)]
    fn columns(&self) -> Vec<(&'static str, ColumnKind)>;

    /// `(a, b) = (?, ?)`.
    fn eq(self, values: Self::Values) -> Filter<T>
    where
        Self: ClusteringTuple,
    {
        relation(self.columns(), Op::Eq, BoundValue::new(values))
    }

    /// `(a, b) IN ((?, ?), …)`, bound as one list of tuples.
    fn in_(self, values: impl IntoIterator<Item = Self::Values>) -> Filter<T>
    where
        Self: ClusteringTuple,
    {
        let list: Vec<Self::Values> = values.into_iter().collect();
        relation(self.columns(), Op::In, BoundValue::new(list))
    }

    /// `(a, b) > (?, ?)`: after these values in clustering order.
    fn gt(self, values: Self::Values) -> Filter<T>
    where
        Self: ClusteringTuple,
    {
        relation(self.columns(), Op::Gt, BoundValue::new(values))
    }

    /// `(a, b) >= (?, ?)`.
    fn ge(self, values: Self::Values) -> Filter<T>
    where
        Self: ClusteringTuple,
    {
        relation(self.columns(), Op::Ge, BoundValue::new(values))
    }

    /// `(a, b) < (?, ?)`.
    fn lt(self, values: Self::Values) -> Filter<T>
    where
        Self: ClusteringTuple,
    {
        relation(self.columns(), Op::Lt, BoundValue::new(values))
    }

    /// `(a, b) <= (?, ?)`.
    fn le(self, values: Self::Values) -> Filter<T>
    where
        Self: ClusteringTuple,
    {
        relation(self.columns(), Op::Le, BoundValue::new(values))
    }
}

/// A tuple of columns that are all clustering columns: what a tuple relation
/// takes. (A column of another role in the tuple is reported by
/// [`ClusteringRole`]'s message.)
pub trait ClusteringTuple: sealed::Sealed {}

fn relation<T>(columns: Vec<(&'static str, ColumnKind)>, op: Op, value: BoundValue) -> Filter<T> {
    let (column, kind) = columns[0];
    Filter::of(Restriction {
        column,
        kind,
        op,
        value,
        tuple: columns.into_iter().map(|(c, _)| c).collect(),
    })
}

macro_rules! column_tuple {
    ($(($V:ident, $R:ident, $i:tt)),+) => {
        impl<T, $($V, $R: Role),+> ColumnTuple<T> for ($(Column<T, $V, $R>,)+)
        where
            $($V: SerializeValue + Send + Sync + 'static,)+
        {
            type Values = ($($V,)+);

            fn columns(&self) -> Vec<(&'static str, ColumnKind)> {
                vec![$((self.$i.name(), self.$i.kind())),+]
            }
        }

        impl<T, $($V, $R: ClusteringRole),+> ClusteringTuple for ($(Column<T, $V, $R>,)+) {}

        impl<T, $($V, $R: Role),+> sealed::Sealed for ($(Column<T, $V, $R>,)+) {}
    };
}

column_tuple!((A, RA, 0), (B, RB, 1));
column_tuple!((A, RA, 0), (B, RB, 1), (C, RC, 2));
column_tuple!((A, RA, 0), (B, RB, 1), (C, RC, 2), (D, RD, 3));

mod sealed {
    pub trait Sealed {}
}
