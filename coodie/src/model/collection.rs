//! Which Rust types are CQL collections, and what they hold: the bounds of the
//! collection operators of a filter (`CONTAINS`, `CONTAINS KEY`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::cql_type::ListElement;

/// A `list`, `set` or `map` column's Rust type, and the type of the values it
/// holds (a map's values): what `CONTAINS` compares with.
///
/// ```
/// use coodie::model::Collection;
/// fn element<C: Collection>() -> &'static str { std::any::type_name::<C::Element>() }
/// assert_eq!(element::<Vec<i32>>(), "i32");
/// assert_eq!(element::<std::collections::HashMap<String, i64>>(), "i64");
/// ```
#[diagnostic::on_unimplemented(
    message = "`CONTAINS` applies to list, set and map columns, and `{Self}` is not one",
    label = "not a collection column",
    note = "collection columns are `Vec<T>` (a list, except `Vec<u8>`, a blob), `HashSet<T>`/`BTreeSet<T>` (a set) and `HashMap<K, V>`/`BTreeMap<K, V>` (a map); compare other columns with `eq`"
)]
pub trait Collection {
    /// The element type (for a map, the value type).
    type Element;
}

/// A `map` column's Rust type, and the type of its keys: what `CONTAINS KEY`
/// compares with.
///
/// ```
/// use coodie::model::MapCollection;
/// fn key<M: MapCollection>() -> &'static str { std::any::type_name::<M::Key>() }
/// assert_eq!(key::<std::collections::BTreeMap<String, i64>>(), "alloc::string::String");
/// ```
#[diagnostic::on_unimplemented(
    message = "`CONTAINS KEY` applies to map columns, and `{Self}` is not one",
    label = "not a map column",
    note = "map columns are `HashMap<K, V>` and `BTreeMap<K, V>`; for a list or a set, use `contains`"
)]
pub trait MapCollection: Collection {
    /// The key type.
    type Key;
}

impl<T: ListElement> Collection for Vec<T> {
    type Element = T;
}

impl<T, S> Collection for HashSet<T, S> {
    type Element = T;
}

impl<T> Collection for BTreeSet<T> {
    type Element = T;
}

impl<K, V, S> Collection for HashMap<K, V, S> {
    type Element = V;
}

impl<K, V> Collection for BTreeMap<K, V> {
    type Element = V;
}

impl<K, V, S> MapCollection for HashMap<K, V, S> {
    type Key = K;
}

impl<K, V> MapCollection for BTreeMap<K, V> {
    type Key = K;
}
