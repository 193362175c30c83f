//! `CONTAINS` and `CONTAINS KEY`: filters on collection columns, which exist only
//! on columns whose type is a collection (a map, for `CONTAINS KEY`): the bounds
//! are the collection traits of the update operators (`collection.rs`).

use super::Column;
use super::collection::{CollectionValue, MapValue};
use super::filter::{Filter, Op};
use super::value::BoundValue;

impl<T, V, R> Column<T, V, R> {
    /// `column CONTAINS value`: a list or set column holds `value`, or a map column
    /// holds it as one of its values. Answered without `ALLOW FILTERING` when the
    /// column has a secondary index (`#[coodie(index)]` indexes a collection's
    /// values).
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// use std::collections::BTreeSet;
    /// const TAGS: Column<(), BTreeSet<String>> = Column::new("tags", ColumnKind::Regular);
    /// assert_eq!(TAGS.contains("sale").to_cql(), "\"tags\" CONTAINS ?");
    /// ```
    pub fn contains<E>(self, value: E) -> Filter<T>
    where
        V: CollectionValue,
        E: Into<V::Contained>,
    {
        let value: V::Contained = value.into();
        Filter::of_column(
            self.name(),
            self.kind(),
            Op::Contains,
            BoundValue::new(value),
        )
    }

    /// `column CONTAINS KEY key`: a map column has `key` among its keys. Needs
    /// `ALLOW FILTERING` (a `#[coodie(index)]` on a map indexes its values, not its
    /// keys).
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// use std::collections::HashMap;
    /// const ATTRS: Column<(), HashMap<String, String>> = Column::new("attrs", ColumnKind::Regular);
    /// assert_eq!(ATTRS.contains_key("color").to_cql(), "\"attrs\" CONTAINS KEY ?");
    /// ```
    pub fn contains_key<K>(self, key: K) -> Filter<T>
    where
        V: MapValue,
        K: Into<V::Key>,
    {
        let key: V::Key = key.into();
        Filter::of_column(
            self.name(),
            self.kind(),
            Op::ContainsKey,
            BoundValue::new(key),
        )
    }
}
