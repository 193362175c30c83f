//! `f64` fields in `float` columns and `i64` fields in `int` columns: read widened,
//! written narrowed, chosen per statement by the live column type.
//!
//! A database made by Python coodie stores a Python `float` as CQL `float` and an
//! `int` as `int`; coodie maps `f64` to `double` and `i64` to `bigint`. The values
//! of the narrower column fit the wider Rust type, so a model can use such a
//! database as it is:
//!
//! - read: `f32` → the `f64` with the same shortest decimal text (`2999.99f32`,
//!   stored as 2999.989990234375, reads as `2999.99`), `i32` → `i64` exactly;
//! - written: `f64` → the nearest `f32` (a finite value beyond `f32::MAX` is a
//!   [`NarrowError`]), `i64` → `i32` when it fits, else a [`NarrowError`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::frame::response::result::{ColumnType, NativeType};
use scylla::serialize::SerializationError;
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};

pub use crate::model::NarrowError;

/// A value whose column may be of a narrower CQL type than the one its Rust type
/// maps to; [`Widen::Narrow`] is the Rust type of that narrower column.
pub trait Widen: Sized {
    /// The value as the narrower column holds it (`f32` for `f64`); `Self` for
    /// types that have no narrower column.
    type Narrow;
    /// The value read from the narrower column.
    fn widen(narrow: Self::Narrow) -> Self;
    /// The value for the narrower column, or why it does not fit.
    fn narrow(&self) -> Result<Self::Narrow, NarrowError>;
    /// Whether a column of type `typ`, one that `Self` or `Self::Narrow` reads
    /// (the driver checked which per page), holds `Self` itself: known without a
    /// type check for scalars (per row, this is the cheap test), `None` for
    /// containers, which leave it to one.
    #[inline]
    fn holds_wide(typ: &ColumnType<'_>) -> Option<bool> {
        let _ = typ;
        None
    }
}

/// The `f64` whose shortest decimal text is that of `narrow`: what a person who
/// wrote `2999.99` into a `float` column meant.
pub fn widen_f32(narrow: f32) -> f64 {
    if !narrow.is_finite() {
        return f64::from(narrow);
    }
    format!("{narrow:e}")
        .parse()
        .unwrap_or_else(|_| f64::from(narrow))
}

impl Widen for f64 {
    type Narrow = f32;
    fn widen(narrow: f32) -> f64 {
        widen_f32(narrow)
    }
    #[inline]
    fn holds_wide(typ: &ColumnType<'_>) -> Option<bool> {
        Some(!matches!(typ, ColumnType::Native(NativeType::Float)))
    }
    fn narrow(&self) -> Result<f32, NarrowError> {
        let narrow = *self as f32;
        if self.is_finite() && narrow.is_infinite() {
            return Err(NarrowError {
                value: format!("{self:e}"),
                rust_type: "f64",
                cql_type: "float",
            });
        }
        Ok(narrow)
    }
}

impl Widen for i64 {
    type Narrow = i32;
    fn widen(narrow: i32) -> i64 {
        i64::from(narrow)
    }
    #[inline]
    fn holds_wide(typ: &ColumnType<'_>) -> Option<bool> {
        Some(!matches!(typ, ColumnType::Native(NativeType::Int)))
    }
    fn narrow(&self) -> Result<i32, NarrowError> {
        i32::try_from(*self).map_err(|_| NarrowError {
            value: self.to_string(),
            rust_type: "i64",
            cql_type: "int",
        })
    }
}

/// Types without a narrower column: read and written as they are.
macro_rules! as_is {
    ($($t:ty),* $(,)?) => {$(
        impl Widen for $t {
            type Narrow = $t;
            fn widen(narrow: $t) -> $t { narrow }
            fn narrow(&self) -> Result<$t, NarrowError> { Ok(self.clone()) }
            #[inline]
            fn holds_wide(_: &ColumnType<'_>) -> Option<bool> { Some(true) }
        }
    )*};
}
as_is!(
    String,
    crate::types::Ascii,
    u8,
    i8,
    i16,
    i32,
    f32,
    bool,
    uuid::Uuid,
    scylla::value::CqlTimeuuid,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
    chrono::NaiveTime,
    std::net::IpAddr,
    scylla::value::CqlDuration,
    scylla::value::CqlDecimal,
    scylla::value::CqlVarint,
    scylla::value::CqlDate,
    scylla::value::CqlTime,
    scylla::value::CqlTimestamp,
);
#[cfg(feature = "bigdecimal")]
as_is!(bigdecimal::BigDecimal);
#[cfg(feature = "num-bigint")]
as_is!(num_bigint::BigInt);

impl<T: Widen> Widen for Option<T> {
    type Narrow = Option<T::Narrow>;
    fn widen(narrow: Self::Narrow) -> Self {
        narrow.map(T::widen)
    }
    fn narrow(&self) -> Result<Self::Narrow, NarrowError> {
        self.as_ref().map(T::narrow).transpose()
    }
    #[inline]
    fn holds_wide(typ: &ColumnType<'_>) -> Option<bool> {
        T::holds_wide(typ)
    }
}

impl<T: Widen> Widen for Vec<T> {
    type Narrow = Vec<T::Narrow>;
    fn widen(narrow: Self::Narrow) -> Self {
        narrow.into_iter().map(T::widen).collect()
    }
    fn narrow(&self) -> Result<Self::Narrow, NarrowError> {
        self.iter().map(T::narrow).collect()
    }
}

/// Sets and maps widen and narrow element by element; `$key` are the bounds a
/// key (or set element) needs in that collection.
macro_rules! collections {
    ($set:ident, $map:ident, [$($key:tt)+] $(, $s:ident: $hasher:path)?) => {
        impl<T: Widen + $($key)+ $(, $s: $hasher + Default)?> Widen for $set<T $(, $s)?>
        where
            T::Narrow: $($key)+,
        {
            type Narrow = $set<T::Narrow>;
            fn widen(narrow: Self::Narrow) -> Self {
                narrow.into_iter().map(T::widen).collect()
            }
            fn narrow(&self) -> Result<Self::Narrow, NarrowError> {
                self.iter().map(T::narrow).collect()
            }
        }

        impl<K: Widen + $($key)+, V: Widen $(, $s: $hasher + Default)?> Widen for $map<K, V $(, $s)?>
        where
            K::Narrow: $($key)+,
        {
            type Narrow = $map<K::Narrow, V::Narrow>;
            fn widen(narrow: Self::Narrow) -> Self {
                narrow
                    .into_iter()
                    .map(|(k, v)| (K::widen(k), V::widen(v)))
                    .collect()
            }
            fn narrow(&self) -> Result<Self::Narrow, NarrowError> {
                self.iter().map(|(k, v)| Ok((k.narrow()?, v.narrow()?))).collect()
            }
        }
    };
}
collections!(BTreeSet, BTreeMap, [Ord]);
collections!(HashSet, HashMap, [Eq + Hash], S: BuildHasher);

macro_rules! tuple {
    ($($t:ident $i:tt),+) => {
        impl<$($t: Widen),+> Widen for ($($t,)+) {
            type Narrow = ($($t::Narrow,)+);
            fn widen(narrow: Self::Narrow) -> Self {
                ($($t::widen(narrow.$i),)+)
            }
            fn narrow(&self) -> Result<Self::Narrow, NarrowError> {
                Ok(($(self.$i.narrow()?,)+))
            }
        }
    };
}
tuple!(A 0);
tuple!(A 0, B 1);
tuple!(A 0, B 1, C 2);
tuple!(A 0, B 1, C 2, D 3);
tuple!(A 0, B 1, C 2, D 3, E 4);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// Whether a `T` goes into a column of type `typ` through [`Widen::Narrow`]: `T`
/// itself does not fit it, the narrower type does.
fn through_narrow<T>(typ: &ColumnType<'_>) -> bool
where
    T: Widen + for<'f, 'm> DeserializeValue<'f, 'm>,
    T::Narrow: for<'f, 'm> DeserializeValue<'f, 'm>,
{
    !Widened::<T>::reads_wide(typ) && <T::Narrow as DeserializeValue>::type_check(typ).is_ok()
}

/// Reads a `T` from its own CQL type or from the narrower one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Widened<T>(pub T);

impl<'f, 'm, T> Widened<T>
where
    T: Widen + DeserializeValue<'f, 'm>,
{
    /// Whether a column of type `typ` holds a `T` as it is: [`Widen::holds_wide`]
    /// for scalars (no type check), else `T`'s type check.
    #[inline]
    fn reads_wide(typ: &ColumnType<'_>) -> bool {
        T::holds_wide(typ).unwrap_or_else(|| T::type_check(typ).is_ok())
    }
}

impl<'f, 'm, T> DeserializeValue<'f, 'm> for Widened<T>
where
    T: Widen + DeserializeValue<'f, 'm>,
    T::Narrow: DeserializeValue<'f, 'm>,
{
    fn type_check(typ: &ColumnType) -> Result<(), TypeCheckError> {
        match T::type_check(typ) {
            Ok(()) => Ok(()),
            Err(err) => T::Narrow::type_check(typ).map_err(|_| err),
        }
    }

    #[inline]
    fn deserialize(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        if Self::reads_wide(typ) {
            T::deserialize(typ, v).map(Widened)
        } else {
            T::Narrow::deserialize(typ, v).map(|n| Widened(T::widen(n)))
        }
    }
}

/// A [`Widen`] type that is written through [`WidenRef`]: it and its narrower
/// type both serialize and deserialize.
pub trait WidenValue:
    Widen<Narrow: SerializeValue + for<'f, 'm> DeserializeValue<'f, 'm>>
    + SerializeValue
    + for<'f, 'm> DeserializeValue<'f, 'm>
{
}

impl<T> WidenValue for T
where
    T: Widen + SerializeValue + for<'f, 'm> DeserializeValue<'f, 'm>,
    T::Narrow: SerializeValue + for<'f, 'm> DeserializeValue<'f, 'm>,
{
}

/// Writes a `T` into its own CQL type or, narrowed, into the narrower one.
#[derive(Debug, Clone, Copy)]
pub struct WidenRef<'a, T>(pub &'a T);

impl<T: WidenValue> SerializeValue for WidenRef<'_, T> {
    fn serialize<'b>(
        &self,
        typ: &ColumnType,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        if through_narrow::<T>(typ) {
            let narrow = self.0.narrow().map_err(SerializationError::new)?;
            narrow.serialize(typ, writer)
        } else {
            self.0.serialize(typ, writer)
        }
    }
}

/// [`WidenRef`] for an optional field: `None` is bound as *unset*, never null.
#[derive(Debug, Clone, Copy)]
pub struct WidenUnset<'a, T>(pub &'a Option<T>);

impl<T: WidenValue> SerializeValue for WidenUnset<'_, T> {
    fn serialize<'b>(
        &self,
        typ: &ColumnType,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        crate::private::unset::unset_or(self.0.as_ref().map(WidenRef).as_ref(), typ, writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_widen_to_the_same_shortest_text() {
        assert_eq!(widen_f32(2999.99f32), 2999.99f64);
        assert_eq!(f64::from(2999.99f32), 2999.989990234375);
        assert_eq!(widen_f32(0.1), 0.1);
        assert_eq!(widen_f32(f32::MAX), 3.4028235e38);
        assert!(widen_f32(f32::NAN).is_nan());
        assert_eq!(widen_f32(f32::NEG_INFINITY), f64::NEG_INFINITY);
        assert_eq!(2999.99f64.narrow(), Ok(2999.99f32));
        assert_eq!(f64::INFINITY.narrow(), Ok(f32::INFINITY));
        assert_eq!(1e300f64.narrow().unwrap_err().cql_type, "float");
    }

    #[test]
    fn integers_narrow_when_they_fit() {
        assert_eq!(i64::widen(i32::MIN), -2_147_483_648);
        assert_eq!(2_147_483_647i64.narrow(), Ok(i32::MAX));
        assert_eq!(
            (1i64 << 31).narrow().unwrap_err().to_string(),
            "2147483648 (a Rust `i64`) does not fit a CQL `int` column"
        );
    }

    #[test]
    fn containers_widen_and_narrow_their_elements() {
        let map: BTreeMap<String, Vec<f64>> = [("a".to_string(), vec![0.1, 2999.99])].into();
        let narrow = map.narrow().unwrap();
        assert_eq!(narrow["a"], [0.1f32, 2999.99f32]);
        assert_eq!(BTreeMap::<String, Vec<f64>>::widen(narrow), map);
        assert_eq!(
            <(i64, Option<f64>)>::widen((7, Some(0.5))),
            (7i64, Some(0.5f64))
        );
        assert!(vec![1i64 << 40].narrow().is_err());
    }

    /// `holds_wide`, where it answers, says what the type check says, for every
    /// native column type either side reads.
    #[test]
    fn holds_wide_agrees_with_the_type_check() {
        fn agrees<T>()
        where
            T: Widen + for<'f, 'm> DeserializeValue<'f, 'm>,
            T::Narrow: for<'f, 'm> DeserializeValue<'f, 'm>,
        {
            use NativeType::*;
            for native in [
                Ascii, Boolean, Blob, Counter, Date, Decimal, Double, Duration, Float, Int, BigInt,
                Text, Timestamp, Inet, SmallInt, TinyInt, Time, Timeuuid, Uuid, Varint,
            ] {
                let typ = ColumnType::Native(native);
                if <Widened<T> as DeserializeValue>::type_check(&typ).is_err() {
                    continue;
                }
                let checked = <T as DeserializeValue>::type_check(&typ).is_ok();
                assert_eq!(T::holds_wide(&typ), Some(checked), "{typ:?}");
            }
        }
        agrees::<f64>();
        agrees::<i64>();
        agrees::<Option<f64>>();
        agrees::<Option<i64>>();
        agrees::<String>();
        agrees::<i32>();
        agrees::<f32>();
        agrees::<uuid::Uuid>();
        agrees::<chrono::DateTime<chrono::Utc>>();
        assert_eq!(
            Vec::<f64>::holds_wide(&ColumnType::Native(NativeType::Double)),
            None
        );
    }

    #[test]
    fn the_live_type_decides() {
        assert!(through_narrow::<f64>(&ColumnType::Native(
            NativeType::Float
        )));
        assert!(!through_narrow::<f64>(&ColumnType::Native(
            NativeType::Double
        )));
        assert!(!through_narrow::<f64>(&ColumnType::Native(
            NativeType::Text
        )));
        assert!(through_narrow::<Option<i64>>(&ColumnType::Native(
            NativeType::Int
        )));
    }
}
