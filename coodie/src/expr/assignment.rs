//! Assignments of an `UPDATE`: what `SET` writes to one column.

use std::marker::PhantomData;

use scylla::serialize::value::SerializeValue;

use super::Column;
use super::value::BoundValue;
use crate::ident;
use crate::model::ColumnKind;

/// How an assignment changes its column: one variant per CQL form. The collection
/// operators are made in `collection.rs`; counter increments add theirs here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    /// `"column" = ?`
    Set,
    /// `"column" = "column" + ?` on a list: appends.
    ListAppend,
    /// `"column" = ? + "column"` on a list: prepends.
    ListPrepend,
    /// `"column"[?] = ?` on a list: replaces the element at an index.
    ListSetAt,
    /// `"column" = "column" + ?` on a set or a map: adds elements or entries.
    Add,
    /// `"column" = "column" - ?`: removes list or set elements, or map keys.
    Remove,
    /// `"column"[?] = ?` on a map: puts one entry.
    MapPut,
}

impl Operation {
    /// Whether applying the operation twice has the effect of applying it once.
    /// Appending and prepending to a list add the elements again; setting a list
    /// element by index reads the list's current order, which another write may
    /// have changed in between. Everything else converges.
    fn is_idempotent(self) -> bool {
        !matches!(
            self,
            Operation::ListAppend | Operation::ListPrepend | Operation::ListSetAt
        )
    }
}

/// One assignment of an `UPDATE` on table `T`, made from a typed column:
/// `c.price.to(9.99)` (`"price" = ?`), or a collection operator such as
/// `c.tags.add(["new"])` (`"tags" = "tags" + ?`). Passed to `Update::set` as
/// `.set(|c| c.price.to(9.99))`.
///
/// ```
/// use coodie::model::ColumnKind;
/// use coodie::query::Column;
/// const PRICE: Column<(), f64> = Column::new("price", ColumnKind::Regular);
/// assert_eq!(PRICE.to(9.99).to_cql(), "\"price\" = ?");
/// assert!(PRICE.to(9.99).is_idempotent());
/// ```
pub struct Assignment<T> {
    pub(crate) column: &'static str,
    pub(crate) kind: ColumnKind,
    operation: Operation,
    /// The values of the assignment's markers, in order.
    pub(crate) values: Values,
    _table: PhantomData<fn() -> T>,
}

impl<T> Assignment<T> {
    /// What the assignment does, as part of its statement's cache key (its column
    /// comes separately): assignments with equal columns and codes render one
    /// `SET` term.
    pub(crate) fn shape_code(&self) -> u8 {
        self.operation as u8
    }

    /// The assignment as CQL, e.g. `"price" = ?`; the values are bound.
    pub fn to_cql(&self) -> String {
        let column = ident::quote(self.column);
        match self.operation {
            Operation::Set => format!("{column} = ?"),
            Operation::ListAppend | Operation::Add => format!("{column} = {column} + ?"),
            Operation::ListPrepend => format!("{column} = ? + {column}"),
            Operation::Remove => format!("{column} = {column} - ?"),
            Operation::ListSetAt | Operation::MapPut => format!("{column}[?] = ?"),
        }
    }

    /// Whether the assignment may be applied twice with the effect of once (list
    /// appends, prepends and set-by-index may not); an `UPDATE` is sent as
    /// idempotent only if all of its assignments are.
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const TAGS: Column<(), Vec<String>> = Column::new("tags", ColumnKind::Regular);
    /// assert!(!TAGS.append(["new"]).is_idempotent());
    /// assert!(TAGS.remove(["old"]).is_idempotent());
    /// ```
    pub fn is_idempotent(&self) -> bool {
        self.operation.is_idempotent()
    }
}

/// The values of an assignment's markers: one (`"c" = ?`) or two (`"c"[?] = ?`),
/// held inline, so an assignment allocates nothing of its own.
#[derive(Clone)]
pub(crate) enum Values {
    One([BoundValue; 1]),
    Two([BoundValue; 2]),
}

impl Values {
    /// The values in marker order.
    pub(crate) fn as_slice(&self) -> &[BoundValue] {
        match self {
            Values::One(values) => values,
            Values::Two(values) => values,
        }
    }
}

impl<T> Clone for Assignment<T> {
    fn clone(&self) -> Self {
        Assignment {
            column: self.column,
            kind: self.kind,
            operation: self.operation,
            values: self.values.clone(),
            _table: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Assignment<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_cql())
    }
}

impl<T, V> Column<T, V> {
    /// An assignment of `operation` to this column with these marker values.
    pub(crate) fn assignment(self, operation: Operation, values: Values) -> Assignment<T> {
        Assignment {
            column: self.name(),
            kind: self.kind(),
            operation,
            values,
            _table: PhantomData,
        }
    }
}

impl<T, V> Column<T, V>
where
    V: SerializeValue + Send + Sync + 'static,
{
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
        self.assignment(Operation::Set, Values::One([BoundValue::new(value.into())]))
    }

    /// The assignment `column = null`: deletes the cell (`Update::clear`).
    pub(crate) fn to_null(self) -> Assignment<T> {
        self.assignment(Operation::Set, Values::One([BoundValue::new(None::<V>)]))
    }
}
