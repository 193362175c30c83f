//! What a `DELETE` of chosen columns removes: a whole column, one map entry or
//! one list element.

use std::marker::PhantomData;

use super::Column;
use super::collection::{ListValue, MapValue};
use super::value::BoundValue;
use crate::ident;
use crate::model::ColumnKind;

/// Which part of a column a selection names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// `"column"`
    Whole,
    /// `"column"[?]`: a map entry by key.
    Entry,
    /// `"column"[?]`: a list element by index.
    Element,
}

/// A cell (or part of one) of table `T` for `Delete::column`: a whole column
/// (`c.description`), one map entry (`c.attrs.entry("color")`) or one list
/// element (`c.log.element(0)`).
///
/// ```
/// use std::collections::HashMap;
/// use coodie::model::ColumnKind;
/// use coodie::query::{Cell, Column};
/// const ATTRS: Column<(), HashMap<String, String>> = Column::new("attrs", ColumnKind::Regular);
/// assert_eq!(Cell::from(ATTRS).to_cql(), "\"attrs\"");
/// assert_eq!(ATTRS.entry("color").to_cql(), "\"attrs\"[?]");
/// ```
pub struct Cell<T> {
    pub(crate) column: &'static str,
    pub(crate) kind: ColumnKind,
    part: Part,
    pub(crate) value: Option<BoundValue>,
    _table: PhantomData<fn() -> T>,
}

impl<T> Cell<T> {
    /// The selection as CQL: `"column"` or `"column"[?]`.
    pub fn to_cql(&self) -> String {
        match self.part {
            Part::Whole => ident::quote(self.column),
            Part::Entry | Part::Element => format!("{}[?]", ident::quote(self.column)),
        }
    }

    /// Whether deleting it twice has the effect of deleting it once: not for a
    /// list element, where the second delete removes the element that moved
    /// into its place.
    pub fn is_idempotent(&self) -> bool {
        self.part != Part::Element
    }
}

impl<T, V> From<Column<T, V>> for Cell<T> {
    fn from(column: Column<T, V>) -> Self {
        Cell {
            column: column.name(),
            kind: column.kind(),
            part: Part::Whole,
            value: None,
            _table: PhantomData,
        }
    }
}

/// What `Delete::column` takes: a [`Cell`], or a
/// column outside the primary key (its whole cell). A key column addresses the
/// row and is no cell to delete: that is a compile error.
///
/// ```
/// use coodie::model::ColumnKind;
/// use coodie::query::{Column, IntoCell};
/// const NOTE: Column<(), String> = Column::new("note", ColumnKind::Regular);
/// assert_eq!(NOTE.into_cell().to_cql(), "\"note\"");
/// ```
#[diagnostic::on_unimplemented(
    message = "only columns outside the primary key can be deleted as cells, and this is a `{Self}`",
    label = "a primary-key column, not a cell",
    note = "a DELETE of chosen columns keeps the row, which its key columns address; to remove the row, leave out `.column(…)`"
)]
pub trait IntoCell<T> {
    /// The cell.
    fn into_cell(self) -> Cell<T>;
}

impl<T> IntoCell<T> for Cell<T> {
    fn into_cell(self) -> Cell<T> {
        self
    }
}

impl<T, V> IntoCell<T> for Column<T, V> {
    fn into_cell(self) -> Cell<T> {
        self.into()
    }
}

impl<T> Clone for Cell<T> {
    fn clone(&self) -> Self {
        Cell {
            column: self.column,
            kind: self.kind,
            part: self.part,
            value: self.value.clone(),
            _table: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Cell<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_cql())
    }
}

impl<T, V> Column<T, V> {
    fn part(self, part: Part, value: BoundValue) -> Cell<T> {
        Cell {
            column: self.name(),
            kind: self.kind(),
            part,
            value: Some(value),
            _table: PhantomData,
        }
    }

    /// The map entry with `key`, for `Delete::column`: `"attrs"[?]`.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const ATTRS: Column<(), BTreeMap<String, i32>> = Column::new("attrs", ColumnKind::Regular);
    /// let color = ATTRS.entry("color");
    /// ```
    pub fn entry(self, key: impl Into<V::Key>) -> Cell<T>
    where
        V: MapValue,
    {
        self.part(Part::Entry, BoundValue::new(key.into()))
    }

    /// The list element at `index` (0-based), for `Delete::column`: `"log"[?]`.
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const LOG: Column<(), Vec<String>> = Column::new("log", ColumnKind::Regular);
    /// assert!(!LOG.element(0).is_idempotent());
    /// ```
    pub fn element(self, index: i32) -> Cell<T>
    where
        V: ListValue,
    {
        self.part(Part::Element, BoundValue::new(index))
    }
}
