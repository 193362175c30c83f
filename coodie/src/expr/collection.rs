//! Which Rust types are CQL collections (`list`, `set`, `map`) and what they
//! hold, and the collection operators: what an `UPDATE` can do to a collection
//! column besides replacing it. Each operator (and each collection filter,
//! `contains`/`contains_key` in `contains.rs`) exists only on columns of its
//! collection kind, so `c.name.add(["x"])` on a `text` column does not compile.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

use scylla::serialize::value::SerializeValue;

use super::Column;
use super::assignment::{Assignment, Operation, Values};
use super::value::BoundValue;
use crate::model::ListElement;

mod sealed {
    pub trait Sealed {}
}

/// A value that can be bound: what every element, key and map value is.
pub trait Bindable: SerializeValue + Send + Sync + 'static {}
impl<V: SerializeValue + Send + Sync + 'static> Bindable for V {}

/// The Rust type of a CQL `list` column: `Vec<E>` (but not `Vec<u8>`, a `blob`).
/// Implemented for lists only, so the list operators do not compile on other
/// columns.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list: this operator needs a `Vec<_>` column (a CQL `list`)",
    label = "not a list column",
    note = "list operators (`append`, `prepend`, `set_at`) apply to `Vec<T>` fields; sets have `add`/`remove`, maps `put`/`put_all`/`remove`"
)]
pub trait ListValue: sealed::Sealed {
    /// The element type.
    type Element: Bindable;
}

/// The Rust type of a CQL `set` column: `HashSet<E>` or `BTreeSet<E>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a set: this operator needs a `HashSet<_>` or `BTreeSet<_>` column (a CQL `set`)",
    label = "not a set column",
    note = "`add` applies to set fields; lists have `append`/`prepend`, maps `put`/`put_all`"
)]
pub trait SetValue: sealed::Sealed {
    /// The element type.
    type Element: Bindable;
}

/// The Rust type of a CQL `map` column: `HashMap<K, V>` or `BTreeMap<K, V>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a map: this operator needs a `HashMap<_, _>` or `BTreeMap<_, _>` column (a CQL `map`)",
    label = "not a map column",
    note = "`put`, `put_all` and `contains_key` apply to map fields; lists have `append`/`set_at`, sets `add`"
)]
pub trait MapValue: sealed::Sealed + Bindable + FromIterator<(Self::Key, Self::Value)> {
    /// The key type.
    type Key: Bindable;
    /// The value type.
    type Value: Bindable;
}

/// A collection column's type (a list, set or map), with what `remove` takes
/// (elements for lists and sets, keys for maps) and what `contains` compares
/// with (elements for lists and sets, values for maps).
///
/// ```
/// use coodie::query::CollectionValue;
/// fn contained<C: CollectionValue>() -> &'static str { std::any::type_name::<C::Contained>() }
/// assert_eq!(contained::<Vec<i32>>(), "i32");
/// assert_eq!(contained::<std::collections::HashMap<String, i64>>(), "i64");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a collection: `contains` and `remove` need a list, set or map column",
    label = "not a collection column",
    note = "collection columns are `Vec<T>` (a list, except `Vec<u8>`, a blob), `HashSet<T>`/`BTreeSet<T>` (a set) and `HashMap<K, V>`/`BTreeMap<K, V>` (a map); compare other columns with `eq`, and delete a whole cell with `Update::clear` or `Delete::column`"
)]
pub trait CollectionValue: sealed::Sealed {
    /// What `remove` removes: an element of a list or set, a key of a map.
    type Item: Bindable;
    /// What `CONTAINS` compares with: an element of a list or set, a value of a
    /// map.
    type Contained: Bindable;
}

impl<E: ListElement + Bindable> sealed::Sealed for Vec<E> {}
impl<E: ListElement + Bindable> ListValue for Vec<E> {
    type Element = E;
}
impl<E: ListElement + Bindable> CollectionValue for Vec<E> {
    type Item = E;
    type Contained = E;
}

impl<E: Bindable, S> sealed::Sealed for HashSet<E, S> {}
impl<E: Bindable, S> SetValue for HashSet<E, S> {
    type Element = E;
}
impl<E: Bindable, S> CollectionValue for HashSet<E, S> {
    type Item = E;
    type Contained = E;
}

impl<E: Bindable> sealed::Sealed for BTreeSet<E> {}
impl<E: Bindable> SetValue for BTreeSet<E> {
    type Element = E;
}
impl<E: Bindable> CollectionValue for BTreeSet<E> {
    type Item = E;
    type Contained = E;
}

impl<K: Bindable, V: Bindable, S> sealed::Sealed for HashMap<K, V, S> {}
impl<K, V, S> MapValue for HashMap<K, V, S>
where
    K: Bindable + Eq + Hash,
    V: Bindable,
    S: BuildHasher + Default + Send + Sync + 'static,
{
    type Key = K;
    type Value = V;
}
impl<K: Bindable, V: Bindable, S> CollectionValue for HashMap<K, V, S> {
    type Item = K;
    type Contained = V;
}

impl<K: Bindable, V: Bindable> sealed::Sealed for BTreeMap<K, V> {}
impl<K: Bindable + Ord, V: Bindable> MapValue for BTreeMap<K, V> {
    type Key = K;
    type Value = V;
}
impl<K: Bindable, V: Bindable> CollectionValue for BTreeMap<K, V> {
    type Item = K;
    type Contained = V;
}

/// The items as one bound list (a `Vec` binds to a `list` or a `set` marker).
fn bound_items<X: Bindable>(items: impl IntoIterator<Item = impl Into<X>>) -> BoundValue {
    BoundValue::new(items.into_iter().map(Into::into).collect::<Vec<X>>())
}

impl<T, V> Column<T, V> {
    /// Appends elements to a list: `"tags" = "tags" + ?`. Not idempotent: a retry
    /// appends them again, so the driver never retries it on its own.
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const LOG: Column<(), Vec<String>> = Column::new("log", ColumnKind::Regular);
    /// assert_eq!(LOG.append(["started"]).to_cql(), "\"log\" = \"log\" + ?");
    /// ```
    pub fn append(self, elements: impl IntoIterator<Item = impl Into<V::Element>>) -> Assignment<T>
    where
        V: ListValue,
    {
        self.assignment(Operation::ListAppend, Values::One([bound_items(elements)]))
    }

    /// Prepends elements to a list: `"log" = ? + "log"` (the elements keep
    /// their order, before the list's). Not idempotent.
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const LOG: Column<(), Vec<String>> = Column::new("log", ColumnKind::Regular);
    /// assert_eq!(LOG.prepend(["first"]).to_cql(), "\"log\" = ? + \"log\"");
    /// ```
    pub fn prepend(self, elements: impl IntoIterator<Item = impl Into<V::Element>>) -> Assignment<T>
    where
        V: ListValue,
    {
        self.assignment(Operation::ListPrepend, Values::One([bound_items(elements)]))
    }

    /// Replaces the list element at `index` (0-based): `"log"[?] = ?`. The
    /// element must exist (the server refuses an index past the end). Not
    /// idempotent: the index is read against whatever the list holds then.
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const LOG: Column<(), Vec<String>> = Column::new("log", ColumnKind::Regular);
    /// assert_eq!(LOG.set_at(0, "rewritten").to_cql(), "\"log\"[?] = ?");
    /// ```
    pub fn set_at(self, index: i32, element: impl Into<V::Element>) -> Assignment<T>
    where
        V: ListValue,
    {
        self.assignment(
            Operation::ListSetAt,
            Values::Two([BoundValue::new(index), BoundValue::new(element.into())]),
        )
    }

    /// Adds elements to a set: `"tags" = "tags" + ?` (already present ones stay
    /// once).
    ///
    /// ```
    /// use std::collections::BTreeSet;
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const TAGS: Column<(), BTreeSet<String>> = Column::new("tags", ColumnKind::Regular);
    /// assert_eq!(TAGS.add(["new", "sale"]).to_cql(), "\"tags\" = \"tags\" + ?");
    /// ```
    // CQL's name for a set union; `Column` is no number, so no `std::ops::Add`.
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, elements: impl IntoIterator<Item = impl Into<V::Element>>) -> Assignment<T>
    where
        V: SetValue,
    {
        self.assignment(Operation::Add, Values::One([bound_items(elements)]))
    }

    /// Removes from a collection: every occurrence of these elements from a list
    /// or a set, or the entries with these keys from a map: `"c" = "c" - ?`.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const ATTRS: Column<(), HashMap<String, String>> = Column::new("attrs", ColumnKind::Regular);
    /// assert_eq!(ATTRS.remove(["color"]).to_cql(), "\"attrs\" = \"attrs\" - ?");
    /// ```
    pub fn remove(self, items: impl IntoIterator<Item = impl Into<V::Item>>) -> Assignment<T>
    where
        V: CollectionValue,
    {
        self.assignment(Operation::Remove, Values::One([bound_items(items)]))
    }

    /// Puts one map entry (adding or replacing it): `"attrs"[?] = ?`.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const ATTRS: Column<(), HashMap<String, String>> = Column::new("attrs", ColumnKind::Regular);
    /// assert_eq!(ATTRS.put("color", "red").to_cql(), "\"attrs\"[?] = ?");
    /// ```
    pub fn put(self, key: impl Into<V::Key>, value: impl Into<V::Value>) -> Assignment<T>
    where
        V: MapValue,
    {
        self.assignment(
            Operation::MapPut,
            Values::Two([BoundValue::new(key.into()), BoundValue::new(value.into())]),
        )
    }

    /// Puts several map entries (adding or replacing them): `"attrs" = "attrs" + ?`.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const ATTRS: Column<(), BTreeMap<String, i32>> = Column::new("attrs", ColumnKind::Regular);
    /// assert_eq!(ATTRS.put_all([("size", 42)]).to_cql(), "\"attrs\" = \"attrs\" + ?");
    /// ```
    pub fn put_all<K, X>(self, entries: impl IntoIterator<Item = (K, X)>) -> Assignment<T>
    where
        V: MapValue,
        K: Into<V::Key>,
        X: Into<V::Value>,
    {
        let map: V = entries
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.assignment(Operation::Add, Values::One([BoundValue::new(map)]))
    }
}
