//! `[T; N]` fields stored in `vector<T, N>` columns (Cassandra 5).
//!
//! The driver binds slices and `Vec`s to vectors and reads vectors into `Vec`s,
//! but has no impls for arrays (and the orphan rule keeps coodie from adding
//! them), so the derive wraps array fields: [`VectorCell`] binds one, and
//! [`VectorCompat`] reads one, checking the dimension.

use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::frame::response::result::ColumnType;
use scylla::serialize::SerializationError;
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};

/// A dimension that does not match the column's.
#[derive(Debug, thiserror::Error)]
#[error("a `[_; {expected}]` field cannot hold a {what} of dimension {actual}")]
struct Dimension {
    expected: usize,
    actual: usize,
    what: &'static str,
}

/// Binds `Some(array)` as a vector and `None` as *unset* (an `Option` field that
/// is `None`: no tombstone).
#[derive(Debug, Clone, Copy)]
pub struct VectorCell<'a, A>(pub Option<&'a A>);

impl<T: SerializeValue, const N: usize> SerializeValue for VectorCell<'_, [T; N]> {
    fn serialize<'b>(
        &self,
        typ: &ColumnType,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        super::unset::unset_or(self.0.map(<[T; N]>::as_slice), typ, writer)
    }
}

/// Reads a vector into `[T; N]` or `Option<[T; N]>`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VectorCompat<A>(pub A);

fn check_dimension<const N: usize>(typ: &ColumnType) -> Result<(), TypeCheckError> {
    match typ {
        ColumnType::Vector { dimensions, .. } if usize::from(*dimensions) != N => {
            Err(TypeCheckError::new(Dimension {
                expected: N,
                actual: usize::from(*dimensions),
                what: "vector column",
            }))
        }
        _ => Ok(()),
    }
}

impl<'f, 'm, T, const N: usize> DeserializeValue<'f, 'm> for VectorCompat<[T; N]>
where
    T: DeserializeValue<'f, 'm>,
{
    fn type_check(typ: &ColumnType) -> Result<(), TypeCheckError> {
        <Vec<T> as DeserializeValue<'f, 'm>>::type_check(typ)?;
        check_dimension::<N>(typ)
    }

    fn deserialize(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        let items = <Vec<T> as DeserializeValue<'f, 'm>>::deserialize(typ, v)?;
        let actual = items.len();
        let array: [T; N] = items.try_into().map_err(|_| {
            DeserializationError::new(Dimension {
                expected: N,
                actual,
                what: "value",
            })
        })?;
        Ok(VectorCompat(array))
    }
}

impl<'f, 'm, T, const N: usize> DeserializeValue<'f, 'm> for VectorCompat<Option<[T; N]>>
where
    T: DeserializeValue<'f, 'm>,
{
    fn type_check(typ: &ColumnType) -> Result<(), TypeCheckError> {
        <VectorCompat<[T; N]> as DeserializeValue<'f, 'm>>::type_check(typ)
    }

    fn deserialize(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        match v {
            None => Ok(VectorCompat(None)),
            Some(_) => <VectorCompat<[T; N]> as DeserializeValue<'f, 'm>>::deserialize(typ, v)
                .map(|VectorCompat(array)| VectorCompat(Some(array))),
        }
    }
}
