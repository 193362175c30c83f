//! A typed handle to one column of one table.

use std::marker::PhantomData;

use super::role::Regular;
use crate::model::ColumnKind;

/// The types a column stands for, without owning values of them (`Send` and
/// `Sync` whatever they are).
type Marker<T, V, R> = PhantomData<fn() -> (T, V, R)>;

/// One column of table `T` holding values of type `V`, in role `R` (its place in
/// the primary key, see [`role`](super::role)); the derives generate one per field
/// (in `T::COLUMNS`), and filters, orderings and assignments are built from it, so
/// a misspelled column, a value of the wrong type, or an ordering on a column that
/// is not a clustering column does not compile.
///
/// ```
/// use coodie::model::ColumnKind;
/// use coodie::query::Column;
/// const PRICE: Column<(), f64> = Column::new("price", ColumnKind::Regular);
/// assert_eq!(PRICE.name(), "price");
/// assert_eq!(PRICE.lt(10.0).to_cql(), "\"price\" < ?");
/// ```
pub struct Column<T, V, R = Regular> {
    name: &'static str,
    kind: ColumnKind,
    _marker: Marker<T, V, R>,
}

impl<T, V, R> Column<T, V, R> {
    /// A handle to the column called `name` (its CQL name).
    #[doc(hidden)]
    pub const fn new(name: &'static str, kind: ColumnKind) -> Self {
        Column {
            name,
            kind,
            _marker: PhantomData,
        }
    }

    /// The column's CQL name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The column's role in the primary key.
    pub const fn kind(&self) -> ColumnKind {
        self.kind
    }
}

impl<T, V, R> Clone for Column<T, V, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, V, R> Copy for Column<T, V, R> {}

impl<T, V, R> std::fmt::Debug for Column<T, V, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Column")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish()
    }
}
