//! The mapping of Rust types to CQL column types.

use super::UserTypes;

/// A Rust type that can be stored in a column, and the CQL type it is stored as.
///
/// ```
/// use coodie::model::CqlType;
/// assert_eq!(<Vec<String>>::cql_type(), "list<text>");
/// assert_eq!(<Option<i64>>::cql_type(), "bigint");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be stored in a Cassandra column",
    label = "no CQL type for this field",
    note = "supported: String, coodie::types::Ascii, i8, i16, i32, i64, f32, f64, bool, Uuid, CqlTimeuuid, DateTime<Utc>, NaiveDate, NaiveTime, CqlDuration, CqlDecimal, CqlVarint, BigDecimal (feature `bigdecimal`), BigInt (feature `num-bigint`), Vec<u8>, IpAddr, tuples, Vec<T>, HashSet<T>, BTreeSet<T>, HashMap<K, V>, BTreeMap<K, V>, Option<T>, Counter, [f32; N] (vector)"
)]
pub trait CqlType {
    /// The CQL type, e.g. `text` or `map<text, int>`.
    fn cql_type() -> String;

    /// Whether this is a user-defined type (`Option<T>` when `T` is one), which
    /// CQL freezes inside collections and in keys.
    const IS_USER_TYPE: bool = false;

    /// Adds the user-defined types this type uses, nested ones first, to `out`
    /// (none for the built-in types; collections and `Option` forward to their
    /// elements).
    fn user_types(out: &mut UserTypes) {
        let _ = out;
    }
}

macro_rules! simple {
    ($($t:ty => $cql:literal),* $(,)?) => {
        $(impl CqlType for $t {
            fn cql_type() -> String { $cql.to_string() }
        })*
    };
}

simple! {
    String => "text",
    i8 => "tinyint",
    i16 => "smallint",
    i32 => "int",
    i64 => "bigint",
    f32 => "float",
    f64 => "double",
    bool => "boolean",
    uuid::Uuid => "uuid",
    chrono::DateTime<chrono::Utc> => "timestamp",
    chrono::NaiveDate => "date",
    chrono::NaiveTime => "time",
    Vec<u8> => "blob",
    std::net::IpAddr => "inet",
    crate::types::Ascii => "ascii",
    scylla::value::CqlTimeuuid => "timeuuid",
    scylla::value::CqlDuration => "duration",
    scylla::value::CqlDecimal => "decimal",
    scylla::value::CqlVarint => "varint",
    scylla::value::CqlDate => "date",
    scylla::value::CqlTime => "time",
    scylla::value::CqlTimestamp => "timestamp",
}

#[cfg(feature = "bigdecimal")]
simple! { bigdecimal::BigDecimal => "decimal" }

#[cfg(feature = "num-bigint")]
simple! { num_bigint::BigInt => "varint" }

/// A Rust tuple is a CQL `tuple`, which Cassandra always stores frozen
/// (`system_schema` lists `(i32, String)` as `frozen<tuple<int, text>>`).
macro_rules! tuple {
    ($($t:ident),+) => {
        impl<$($t: CqlType),+> CqlType for ($($t,)+) {
            fn cql_type() -> String {
                let elements: Vec<String> = vec![$(frozen_if_collection::<$t>()),+];
                format!("frozen<tuple<{}>>", elements.join(", "))
            }
            fn user_types(out: &mut UserTypes) {
                $($t::user_types(out);)+
            }
        }
        impl<$($t: CqlType),+> ListElement for ($($t,)+) {}
    };
}
tuple!(A);
tuple!(A, B);
tuple!(A, B, C);
tuple!(A, B, C, D);
tuple!(A, B, C, D, E);
tuple!(A, B, C, D, E, F);
tuple!(A, B, C, D, E, F, G);
tuple!(A, B, C, D, E, F, G, H);

impl<T: CqlType> CqlType for Option<T> {
    fn cql_type() -> String {
        T::cql_type()
    }
    const IS_USER_TYPE: bool = T::IS_USER_TYPE;
    fn user_types(out: &mut UserTypes) {
        T::user_types(out);
    }
}

/// `Vec<T>` is a `list<T>`, except `Vec<u8>`, which is a `blob`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be stored in a Cassandra list",
    label = "no CQL type for the elements of this list",
    note = "list elements: every column type except `u8` (which makes `Vec<u8>` a blob) and `Option` (a CQL list holds no nulls)"
)]
pub trait ListElement: CqlType {}
macro_rules! list_element {
    ($($t:ty),*) => { $(impl ListElement for $t {})* };
}
list_element!(
    String,
    i8,
    i16,
    i32,
    i64,
    f32,
    f64,
    bool,
    uuid::Uuid,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
    chrono::NaiveTime,
    std::net::IpAddr,
    Vec<u8>,
    crate::types::Ascii,
    scylla::value::CqlTimeuuid,
    scylla::value::CqlDuration,
    scylla::value::CqlDecimal,
    scylla::value::CqlVarint,
    scylla::value::CqlDate,
    scylla::value::CqlTime,
    scylla::value::CqlTimestamp
);
#[cfg(feature = "bigdecimal")]
list_element!(bigdecimal::BigDecimal);
#[cfg(feature = "num-bigint")]
list_element!(num_bigint::BigInt);
impl<T: ListElement> ListElement for Vec<T> {}
impl<T: CqlType, S> ListElement for std::collections::HashSet<T, S> {}
impl<T: CqlType> ListElement for std::collections::BTreeSet<T> {}
impl<K: CqlType, V: CqlType, S> ListElement for std::collections::HashMap<K, V, S> {}
impl<K: CqlType, V: CqlType> ListElement for std::collections::BTreeMap<K, V> {}

impl<T: ListElement> CqlType for Vec<T> {
    fn cql_type() -> String {
        format!("list<{}>", frozen_if_collection::<T>())
    }
    fn user_types(out: &mut UserTypes) {
        T::user_types(out);
    }
}

impl<T: CqlType, S> CqlType for std::collections::HashSet<T, S> {
    fn cql_type() -> String {
        format!("set<{}>", frozen_if_collection::<T>())
    }
    fn user_types(out: &mut UserTypes) {
        T::user_types(out);
    }
}

impl<T: CqlType> CqlType for std::collections::BTreeSet<T> {
    fn cql_type() -> String {
        format!("set<{}>", frozen_if_collection::<T>())
    }
    fn user_types(out: &mut UserTypes) {
        T::user_types(out);
    }
}

impl<K: CqlType, V: CqlType, S> CqlType for std::collections::HashMap<K, V, S> {
    fn cql_type() -> String {
        format!(
            "map<{}, {}>",
            frozen_if_collection::<K>(),
            frozen_if_collection::<V>()
        )
    }
    fn user_types(out: &mut UserTypes) {
        K::user_types(out);
        V::user_types(out);
    }
}

impl<K: CqlType, V: CqlType> CqlType for std::collections::BTreeMap<K, V> {
    fn cql_type() -> String {
        format!(
            "map<{}, {}>",
            frozen_if_collection::<K>(),
            frozen_if_collection::<V>()
        )
    }
    fn user_types(out: &mut UserTypes) {
        K::user_types(out);
        V::user_types(out);
    }
}

/// The element types of a `vector<T, N>` column (`[T; N]`, Cassandra 5).
/// Vector search (`ANN OF`) works on `[f32; N]`, a `vector<float, N>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the element of a Cassandra vector",
    label = "no vector<…> for arrays of this type",
    note = "vector elements: f32 (vector<float, N>, the one vector search takes), f64, i32, i64"
)]
pub trait VectorElement: CqlType {}
impl VectorElement for f32 {}
impl VectorElement for f64 {}
impl VectorElement for i32 {}
impl VectorElement for i64 {}

/// `[f32; N]` is a `vector<float, N>` (Cassandra 5), the column vector search
/// orders by.
///
/// ```
/// use coodie::model::CqlType;
/// assert_eq!(<[f32; 768]>::cql_type(), "vector<float, 768>");
/// ```
impl<T: VectorElement, const N: usize> CqlType for [T; N] {
    fn cql_type() -> String {
        format!("vector<{}, {N}>", T::cql_type())
    }
}

/// Collections and user-defined types nested in collections (or in the fields of
/// a user type) must be frozen in CQL: `T`'s type, frozen when it is one of them.
///
/// ```
/// assert_eq!(coodie::model::frozen_if_collection::<Vec<i32>>(), "frozen<list<int>>");
/// assert_eq!(coodie::model::frozen_if_collection::<i32>(), "int");
/// ```
pub fn frozen_if_collection<T: CqlType>() -> String {
    let inner = T::cql_type();
    let is_collection = ["list<", "set<", "map<"]
        .iter()
        .any(|prefix| inner.starts_with(prefix));
    if (is_collection || T::IS_USER_TYPE) && !inner.starts_with("frozen<") {
        format!("frozen<{inner}>")
    } else {
        inner
    }
}

#[cfg(test)]
mod tests {
    use super::CqlType;
    use std::collections::{BTreeMap, HashSet};

    #[test]
    fn nested_collections_are_frozen() {
        assert_eq!(<Vec<Vec<i32>>>::cql_type(), "list<frozen<list<int>>>");
        assert_eq!(
            <BTreeMap<String, HashSet<i64>>>::cql_type(),
            "map<text, frozen<set<bigint>>>"
        );
        assert_eq!(<Vec<u8>>::cql_type(), "blob");
        assert_eq!(<Vec<Vec<u8>>>::cql_type(), "list<blob>");
        assert_eq!(
            <Vec<HashSet<String>>>::cql_type(),
            "list<frozen<set<text>>>"
        );
    }

    #[test]
    fn tuples_are_frozen_and_freeze_their_collections() {
        assert_eq!(<(i32, String)>::cql_type(), "frozen<tuple<int, text>>");
        assert_eq!(
            <(i64, Vec<i32>, Option<bool>)>::cql_type(),
            "frozen<tuple<bigint, frozen<list<int>>, boolean>>"
        );
        assert_eq!(
            <Vec<(i32, f64)>>::cql_type(),
            "list<frozen<tuple<int, double>>>"
        );
    }

    #[test]
    fn the_driver_value_types() {
        use scylla::value::{CqlDecimal, CqlDuration, CqlTimeuuid, CqlVarint};
        assert_eq!(CqlTimeuuid::cql_type(), "timeuuid");
        assert_eq!(<Vec<CqlDuration>>::cql_type(), "list<duration>");
        assert_eq!(
            <BTreeMap<String, CqlDecimal>>::cql_type(),
            "map<text, decimal>"
        );
        assert_eq!(<Option<CqlVarint>>::cql_type(), "varint");
        assert_eq!(crate::types::Ascii::cql_type(), "ascii");
    }

    #[test]
    fn arrays_are_vectors() {
        assert_eq!(<[f32; 4]>::cql_type(), "vector<float, 4>");
        assert_eq!(<Option<[f64; 2]>>::cql_type(), "vector<double, 2>");
    }
}
