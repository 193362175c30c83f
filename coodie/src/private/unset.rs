//! `None` written as *unset*, never as null.

use scylla::cluster::metadata::ColumnType;
use scylla::serialize::SerializationError;
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};

/// Binds `Some(v)` as `v` and `None` as *unset*, so that saving a document with an
/// empty optional field leaves the column alone instead of writing a tombstone.
#[derive(Debug, Clone, Copy)]
pub struct UnsetIfNone<'a, T>(pub &'a Option<T>);

impl<T: SerializeValue> SerializeValue for UnsetIfNone<'_, T> {
    fn serialize<'b>(
        &self,
        typ: &ColumnType,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        unset_or(self.0.as_ref(), typ, writer)
    }
}

/// Writes `value`, or *unset* when there is none: the one place where an absent
/// optional value becomes "leave the column alone".
pub(crate) fn unset_or<'b, V: SerializeValue + ?Sized>(
    value: Option<&V>,
    typ: &ColumnType,
    writer: CellWriter<'b>,
) -> Result<WrittenCellProof<'b>, SerializationError> {
    match value {
        Some(value) => value.serialize(typ, writer),
        None => Ok(writer.set_unset()),
    }
}
