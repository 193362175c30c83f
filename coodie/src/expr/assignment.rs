//! Assignments of an `UPDATE`: what `SET` writes to one column.

use std::marker::PhantomData;

use scylla::serialize::value::SerializeValue;

use super::Column;
use super::value::BoundValue;
use crate::ident;
use crate::model::ColumnKind;

/// How an assignment changes its column. One variant per CQL form: collection
/// operators and counter increments (`"c" = "c" + ?`) add theirs here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    /// `"column" = ?`
    Set,
}

/// One assignment of an `UPDATE` on table `T`, made from a typed column:
/// `c.price.to(9.99)` (`"price" = ?`). Passed to `Update::set` as
/// `.set(|c| c.price.to(9.99))`.
///
/// ```
/// use coodie::model::ColumnKind;
/// use coodie::query::Column;
/// const PRICE: Column<(), f64> = Column::new("price", ColumnKind::Regular);
/// assert_eq!(PRICE.to(9.99).to_cql(), "\"price\" = ?");
/// ```
pub struct Assignment<T> {
    pub(crate) column: &'static str,
    pub(crate) kind: ColumnKind,
    operation: Operation,
    pub(crate) value: BoundValue,
    _table: PhantomData<fn() -> T>,
}

impl<T> Assignment<T> {
    /// What the assignment does, as part of its statement's cache key (its column
    /// comes separately): assignments with equal columns and codes render one
    /// `SET` term.
    pub(crate) fn shape_code(&self) -> u8 {
        self.operation as u8
    }

    /// The assignment as CQL, e.g. `"price" = ?`; the value is bound.
    pub fn to_cql(&self) -> String {
        match self.operation {
            Operation::Set => format!("{} = ?", ident::quote(self.column)),
        }
    }
}

impl<T> Clone for Assignment<T> {
    fn clone(&self) -> Self {
        Assignment {
            column: self.column,
            kind: self.kind,
            operation: self.operation,
            value: self.value.clone(),
            _table: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Assignment<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_cql())
    }
}

impl<T, V> Column<T, V>
where
    V: SerializeValue + Send + Sync + 'static,
{
    fn assignment(self, operation: Operation, value: BoundValue) -> Assignment<T> {
        Assignment {
            column: self.name(),
            kind: self.kind(),
            operation,
            value,
            _table: PhantomData,
        }
    }

    /// The assignment `column = value`, for `Update::set`:
    /// `.set(|c| c.price.to(9.99))`.
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const PRICE: Column<(), f64> = Column::new("price", ColumnKind::Regular);
    /// let set_price = PRICE.to(9.99);
    /// ```
    pub fn to(self, value: impl Into<V>) -> Assignment<T> {
        self.assignment(Operation::Set, BoundValue::new(value.into()))
    }

    /// The assignment `column = null`: deletes the cell (`Update::clear`).
    pub(crate) fn to_null(self) -> Assignment<T> {
        self.assignment(Operation::Set, BoundValue::new(None::<V>))
    }
}
